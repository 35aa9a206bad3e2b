"""Generated views, layouts and modals, on tidecord and on discord.py 2.7.1.

A seeded generator writes specifications (plain data: which items, with which
labels, styles, emoji, rows, options, limits, ids), valid and not; each is built
with either library the same way, and what each built must match: the components
it renders (random custom ids compared as "<random>", snowflakes as strings, nulls
as left out), the errors raised on the way (class and message), and what the view
says of itself (children, walk, persistence, v2, content length, find_item).
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import re
from typing import Any

import discord as dpy
import pytest

import tidecord
from tidecord.models import Component, convert, to_builtins, walk_components
from tidecord.sandbox import RateLimits, Sandbox, StateError

from ..proof.harness import components
from .parity import parity_world, running
from .test_parity_views_life import answered

pytestmark = pytest.mark.timeout(60)

LIBS = (tidecord, dpy)
_RANDOM_ID = re.compile(r"^[0-9a-f]{32}$")
_STYLES = ("primary", "secondary", "success", "danger", "link", "premium")
_SELECTS = ("select", "user", "role", "mentionable", "channel")
_EMOJI = (None, None, "😀", "<:party:123456789012345678>", "<a:dance:223456789012345678>",
          ("wave", 323456789012345678), ("🔥", None), "party")
_MEDIA = ("https://example.com/a.png", "https://example.com/b.jpg", "attachment://pic.png")


# -- the generator: plain data, the same for both libraries ------------------------------

def _text(rng: random.Random, longest: int) -> str:
    return "".join(rng.choice("abcdefgh ") for _ in range(rng.randint(1, longest))).strip() or "x"


def _button(rng: random.Random) -> dict[str, Any]:
    spec: dict[str, Any] = {"k": "button", "style": rng.choice(_STYLES)}
    if rng.random() < .8:
        spec["label"] = _text(rng, 90 if rng.random() < .2 else 20)  # over 80: Discord's limit
    emoji = rng.choice(_EMOJI)
    if emoji is not None:
        spec["emoji"] = emoji
    if rng.random() < .2:
        spec["disabled"] = True
    if rng.random() < .5:
        spec["row"] = rng.choice([-1, 5]) if rng.random() < .05 else rng.randint(0, 4)
    if spec["style"] == "link":
        spec["url"] = f"https://example.com/{rng.randint(1, 99)}"
    elif spec["style"] == "premium":
        spec["sku_id"] = 1234567890123
    elif rng.random() < .5:
        spec["custom_id"] = ("same" if rng.random() < .05 else "c" * 101
                             if rng.random() < .03 else f"b{rng.randint(0, 999)}")
    if rng.random() < .1:
        spec["id"] = rng.randint(1, 50)
    return spec


def _select(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(_SELECTS)
    spec: dict[str, Any] = {"k": kind}
    if rng.random() < .6:
        spec["placeholder"] = _text(rng, 160 if rng.random() < .15 else 30)
    if rng.random() < .5:
        spec["min_values"] = rng.choice([-1, 26]) if rng.random() < .1 else rng.randint(0, 3)
    if rng.random() < .5:
        spec["max_values"] = rng.choice([0, 26]) if rng.random() < .1 else rng.randint(1, 5)
    if rng.random() < .2:
        spec["disabled"] = True
    if rng.random() < .5:
        spec["row"] = rng.randint(0, 4)
    if rng.random() < .5:
        spec["custom_id"] = "same" if rng.random() < .05 else f"s{rng.randint(0, 999)}"
    if kind == "select":
        count = rng.choice([0, 25, 26]) if rng.random() < .15 else rng.randint(1, 5)
        spec["options"] = [_option(rng, n) for n in range(count)]
    else:
        if rng.random() < .4:
            of = {"mentionable": rng.choice(["user", "role"])}.get(kind, kind)
            spec["default_values"] = [(of, 1000 + n) for n in range(rng.randint(1, 3))]
        if kind == "channel" and rng.random() < .5:
            spec["channel_types"] = rng.sample(["text", "voice", "category", "news", "forum"],
                                               rng.randint(1, 3))
    if rng.random() < .1:
        spec["id"] = rng.randint(1, 50)
    return spec


def _option(rng: random.Random, n: int) -> dict[str, Any]:
    option: dict[str, Any] = {"label": _text(rng, 110 if rng.random() < .05 else 12)}
    if rng.random() < .5:
        option["value"] = "same" if rng.random() < .05 else f"v{n}"
    if rng.random() < .3:
        option["description"] = _text(rng, 30)
    if rng.random() < .2:
        option["default"] = True
    if rng.random() < .2:
        option["emoji"] = rng.choice(["😀", "<:party:123456789012345678>"])
    return option


def classic_view(seed: int) -> dict[str, Any]:
    """A View of buttons and selects, now and then too many, or with a layout piece."""
    rng = random.Random(seed)
    count = rng.choice([1, 5, 12, 26]) if rng.random() < .3 else rng.randint(1, 6)
    items = [_button(rng) if rng.random() < .65 else _select(rng) for _ in range(count)]
    if rng.random() < .05:
        items.insert(rng.randint(0, len(items)), {"k": "text", "content": "not here"})
    return {"timeout": rng.choice([None, 180.0]), "items": items}


def _piece(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    if roll < .3:
        return {"k": "text", "content": "x" * 4001 if rng.random() < .05 else _text(rng, 60)}
    if roll < .4:
        return {"k": "separator", "visible": rng.random() < .7,
                "spacing": rng.choice(["small", "large"])}
    if roll < .5:
        count = rng.choice([1, 11]) if rng.random() < .2 else rng.randint(1, 4)
        return {"k": "gallery", "items": [
            {"media": rng.choice(_MEDIA), **({"description": _text(rng, 20)}
                                             if rng.random() < .5 else {}),
             **({"spoiler": True} if rng.random() < .2 else {})} for _ in range(count)]}
    if roll < .55:
        return {"k": "file", "media": "attachment://notes.txt", "spoiler": rng.random() < .3}
    if roll < .75:
        accessory = ({"k": "thumbnail", "media": rng.choice(_MEDIA), "spoiler": rng.random() < .2}
                     if rng.random() < .5 else _button(rng))
        accessory.pop("row", None)
        texts = rng.choice([1, 4]) if rng.random() < .2 else rng.randint(1, 3)
        return {"k": "section", "texts": [_text(rng, 30) for _ in range(texts)],
                "accessory": accessory}
    kids = []
    for _ in range(rng.choice([2, 6]) if rng.random() < .2 else rng.randint(1, 3)):
        kid = _button(rng) if rng.random() < .8 else _select(rng)
        kid.pop("row", None)
        kids.append(kid)
    return {"k": "row", "children": kids}


def layout_view(seed: int) -> dict[str, Any]:
    """A LayoutView: rows, containers, sections, text, media, separators; now and then
    a bare button, a mixed row, over 40 components or over 4000 characters."""
    rng = random.Random(seed)
    tops = []
    for _ in range(rng.choice([10, 45]) if rng.random() < .1 else rng.randint(1, 5)):
        if rng.random() < .3:
            node = {"k": "container", "children": [_piece(rng) for _ in range(rng.randint(1, 5))],
                    "spoiler": rng.random() < .2}
            if rng.random() < .5:
                node["accent"] = rng.choice([0xFF0000, 0, 0x123456])
        elif rng.random() < .03:
            node = _button(rng)
        else:
            node = _piece(rng)
        if rng.random() < .1:
            node["id"] = rng.randint(1, 60)
        tops.append(node)
    return {"timeout": rng.choice([None, 180.0]), "items": tops}


def _choices(rng: random.Random, n: int) -> dict[str, Any]:
    """A radio group, a checkbox group or a checkbox (in a modal's label)."""
    kind = rng.choice(["radio", "checkboxes", "checkbox"])
    spec: dict[str, Any] = {"k": kind, "custom_id": f"c{n}"}
    if kind == "checkbox":
        spec["default"] = rng.random() < .5
        return spec
    spec["options"] = [{"label": _text(rng, 12), "value": f"o{i}",
                        **({"default": True} if rng.random() < .2 else {})}
                       for i in range(rng.choice([0, 1, 11]) if rng.random() < .1
                                      else rng.randint(2, 4))]
    if rng.random() < .3:
        spec["required"] = False
    if kind == "checkboxes" and rng.random() < .5:
        spec["min_values"], spec["max_values"] = rng.randint(0, 2), rng.randint(1, 4)
    return spec


def modal(seed: int) -> dict[str, Any]:
    """A Modal: text inputs (in rows or labels), selects and file uploads in labels, text."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    for n in range(rng.choice([5, 6]) if rng.random() < .2 else rng.randint(1, 4)):
        field: dict[str, Any] = {"k": "input", "label": _text(rng, 50 if rng.random() < .1 else 20),
                                 "style": rng.choice(["short", "long", "paragraph"])}
        for key, value, chance in (("custom_id", f"in{n % 3}", .5),
                                   ("placeholder", _text(rng, 20), .3),
                                   ("default", _text(rng, 20), .3), ("required", False, .3),
                                   ("min_length", rng.randint(0, 10), .3),
                                   ("max_length", rng.choice([5, 4000, 4001]), .3)):
            if rng.random() < chance:
                field[key] = value
        roll = rng.random()
        if roll < .35:
            items.append(field)
        elif roll < .75:
            if rng.random() < .4:
                del field["label"]
                inner = field
            elif rng.random() < .5:
                inner = _select(rng)
                inner.pop("row", None)
            elif rng.random() < .4:
                inner = {"k": "upload", "custom_id": f"up{n}", "required": rng.random() < .7,
                         "max_values": rng.randint(1, 11)}
            else:
                inner = _choices(rng, n)
            label = {"k": "label", "text": _text(rng, 50 if rng.random() < .1 else 20),
                     "component": inner}
            if rng.random() < .3:
                label["description"] = _text(rng, 110 if rng.random() < .1 else 30)
            items.append(label)
        else:
            items.append({"k": "text", "content": _text(rng, 40)})
    return {"title": _text(rng, 50 if rng.random() < .1 else 20),
            "custom_id": "form" if rng.random() < .5 else None, "items": items}


# -- building a specification with one library -----------------------------------------

def _emoji(lib: Any, form: Any) -> Any:
    return lib.PartialEmoji(name=form[0], id=form[1]) if isinstance(form, tuple) else form


def make(lib: Any, spec: dict[str, Any]) -> Any:
    """The item ``spec`` describes, made with ``lib``."""
    ui, kind = lib.ui, spec["k"]
    kw = {k: v for k, v in spec.items() if k != "k"}
    if kind == "button":
        kw["style"] = getattr(lib.ButtonStyle, spec["style"])
        if "emoji" in kw:
            kw["emoji"] = _emoji(lib, kw["emoji"])
        return ui.Button(**kw)
    if kind == "select":
        kw["options"] = [lib.SelectOption(**o) for o in kw.get("options", [])]
        return ui.Select(**kw)
    if kind in _SELECTS:
        if "default_values" in kw:
            kw["default_values"] = [
                lib.SelectDefaultValue(id=i, type=getattr(lib.SelectDefaultValueType, t))
                for t, i in kw["default_values"]]
        if "channel_types" in kw:
            kw["channel_types"] = [getattr(lib.ChannelType, t) for t in kw["channel_types"]]
        return getattr(ui, f"{kind.title()}Select")(**kw)
    ids = {"id": spec["id"]} if "id" in spec else {}
    if kind == "text":
        return ui.TextDisplay(spec["content"], **ids)
    if kind == "separator":
        return ui.Separator(visible=spec["visible"],
                            spacing=getattr(lib.SeparatorSpacing, spec["spacing"]), **ids)
    if kind == "thumbnail":
        return ui.Thumbnail(spec["media"], spoiler=spec["spoiler"], **ids)
    if kind == "gallery":
        return ui.MediaGallery(*[lib.MediaGalleryItem(**i) for i in spec["items"]], **ids)
    if kind == "file":
        return ui.File(spec["media"], spoiler=spec["spoiler"], **ids)
    if kind == "section":
        return ui.Section(*spec["texts"], accessory=make(lib, spec["accessory"]), **ids)
    if kind == "row":
        return ui.ActionRow(*[make(lib, c) for c in spec["children"]], **ids)
    if kind == "container":
        colour = {"accent_colour": spec["accent"]} if "accent" in spec else {}
        return ui.Container(*[make(lib, c) for c in spec["children"]], spoiler=spec["spoiler"],
                            **colour, **ids)
    if kind == "input":
        return ui.TextInput(**{**kw, "style": getattr(lib.TextStyle, spec["style"])})
    if kind == "upload":
        return ui.FileUpload(**kw)
    if kind in ("radio", "checkboxes"):
        option = lib.RadioGroupOption if kind == "radio" else lib.CheckboxGroupOption
        kw["options"] = [option(**o) for o in kw["options"]]
        return (ui.RadioGroup if kind == "radio" else ui.CheckboxGroup)(**kw)
    if kind == "checkbox":
        return ui.Checkbox(**kw)
    assert kind == "label", kind
    return ui.Label(text=spec["text"], component=make(lib, spec["component"]),
                    description=spec.get("description"))


def failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def wire(value: Any) -> Any:
    """A payload as Discord reads it: random custom ids as "<random>", snowflakes as
    strings, nulls left out."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if inner is None:
                continue
            if key == "custom_id" and isinstance(inner, str) and _RANDOM_ID.match(inner):
                inner = "<random>"
            elif key in ("id", "sku_id") and isinstance(inner, int) and inner >= 1000:
                inner = str(inner)
            out[key] = wire(inner)
        return out
    if isinstance(value, list):
        return [wire(v) for v in value]
    return value


def filled(lib: Any, holder: Any, items: list[dict[str, Any]]) -> list[Any]:
    """Add each item to ``holder``: what went wrong, item by item."""
    out: list[Any] = []
    for n, spec in enumerate(items):
        try:
            item = make(lib, spec)
        except Exception as error:
            out.append((n, "make", failure(error)))
            continue
        try:
            holder.add_item(item)
        except Exception as error:
            out.append((n, "add", failure(error)))
    return out


def built_view(lib: Any, spec: dict[str, Any]) -> list[Any]:
    cls = lib.ui.LayoutView if spec.get("layout") else lib.ui.View
    view = cls(timeout=spec["timeout"])
    out = filled(lib, view, spec["items"])
    out.append(wire(view.to_components()))
    out.append((view.is_persistent(), view.is_dispatchable(), view.is_finished(),
                view.has_components_v2()))
    out.append([type(c).__name__ for c in view.walk_children()])
    out.append([type(view.find_item(n)).__name__ for n in range(1, 61)])
    if spec.get("layout"):
        # (a View's count is left out: discord.py's counts an item a full row refused)
        out.append((view.content_length(), view.total_children_count))
    return out


def built_modal(lib: Any, spec: dict[str, Any]) -> list[Any]:
    chosen = {"custom_id": spec["custom_id"]} if spec["custom_id"] else {}
    form = lib.ui.Modal(title=spec["title"], **chosen)
    out = filled(lib, form, spec["items"])
    out.append(wire(form.to_dict()))
    out.append([type(c).__name__ for c in form.walk_children()])
    return out


def differences(build: Any, specs: list[dict[str, Any]]) -> list[Any]:
    """The specifications the two libraries build differently, with what each built."""
    found = []
    for n, spec in enumerate(specs):
        ours, theirs = build(tidecord, spec), build(dpy, spec)
        if ours != theirs:
            found.append((n, [(a, b) for a, b in zip(ours, theirs, strict=False) if a != b]))
    return found


# -- (a) built in-process --------------------------------------------------------------

def test_generated_classic_views_build_as_discord_py() -> None:
    specs = [classic_view(seed) for seed in range(400)]
    assert differences(built_view, specs) == []


def test_generated_layout_views_build_as_discord_py() -> None:
    specs = [{**layout_view(seed), "layout": True} for seed in range(400)]
    assert differences(built_view, specs) == []


def test_generated_modals_build_as_discord_py() -> None:
    assert differences(built_modal, [modal(seed) for seed in range(400)]) == []


def edited(lib: Any, seed: int) -> list[Any]:
    """A view changed step by step (items added, removed, added again, moved to another
    row, put in a row or container, all cleared): what each step did and left."""
    rng = random.Random(seed)
    layout = rng.random() < .5
    view = (lib.ui.LayoutView if layout else lib.ui.View)(timeout=rng.choice([None, 10.0]))
    made: list[Any] = []
    out: list[Any] = []

    def step(what: str, action: Any) -> None:
        try:
            action()
            out.append(what)
        except Exception as error:
            out.append((what, failure(error)))

    for _ in range(rng.randint(3, 20)):
        roll, item = rng.random(), rng.choice(made) if made else None
        if item is None or roll < .45:
            spec = (_piece(rng) if layout and rng.random() < .8
                    else _button(rng) if rng.random() < .7 else _select(rng))
            if layout:
                spec.pop("row", None)
            try:
                made.append(item := make(lib, spec))
            except Exception as error:
                out.append(("make", failure(error)))
                continue
            step("add", lambda item=item: view.add_item(item))
        elif roll < .6:
            step("remove", lambda item=item: view.remove_item(item))
        elif roll < .65:
            step("clear", view.clear_items)
        elif roll < .75 and item not in view.children:
            # (not one still in the view: discord.py moves it to the end on a refusal)
            step("again", lambda item=item: view.add_item(item))
        elif roll < .85:
            row = rng.choice([0, 2, 4, None])
            step("row", lambda item=item, row=row: setattr(item, "row", row))
        elif hasattr(item, "children") and not hasattr(other := rng.choice(made), "children"):
            step("nest", lambda item=item, other=other: item.add_item(other))
        try:
            out.append(wire(view.to_components()))
        except Exception as error:
            out.append(failure(error))
        out.append(([type(c).__name__ for c in view.walk_children()],
                    view.total_children_count if layout else len(view.children)))
    return out


def test_generated_view_edits_behave_as_discord_py() -> None:
    found = [seed for seed in range(300) if edited(tidecord, seed) != edited(dpy, seed)]
    assert found == []


def _probes(lib: Any) -> list[Any]:
    """One line per behaviour the generated runs found apart, as discord.py has it."""
    ui = lib.ui
    out: list[Any] = []

    def attempt(action: Any) -> Any:
        try:
            return action()
        except Exception as error:
            return failure(error)

    # a too-long option label or modal title is Discord's to refuse, not the library's
    out.append(attempt(lambda: lib.SelectOption(label="x" * 101).label == "x" * 101))
    out.append(attempt(lambda: ui.Modal(title="t" * 46).title == "t" * 46))
    # a select without options sends none
    out.append("options" in ui.Select(custom_id="s").to_component_dict())
    # discord.py's row count: a select fits an empty row only, buttons may follow it
    out.append(attempt(lambda: len(ui.ActionRow(ui.Select(), ui.Button()).children)))
    out.append(attempt(lambda: ui.ActionRow(ui.Button(), ui.Select())))
    row = ui.ActionRow(ui.Button(), ui.Button())
    row.remove_item(row.children[0])
    out.append(attempt(lambda: len(row.add_item(ui.Select()).children)))
    # buttons outside a row are Discord's to refuse in a layout and a container
    out.append(attempt(lambda: len(ui.LayoutView().add_item(ui.Button(label="b")).children)))
    out.append(attempt(lambda: len(ui.Container(ui.Button(label="b")).children)))
    out.append(attempt(lambda: ui.View().add_item(ui.TextDisplay("t"))))
    # a layout of rows alone is sent as components v2
    rows = ui.LayoutView()
    rows.add_item(ui.ActionRow(ui.Button(label="b")))
    out.append(rows.has_components_v2())
    # a layout without a timeout is persistent whatever its rows hold; a premium button
    # needs no custom id to be
    rows.timeout = None
    out.append(rows.is_persistent())
    premium = ui.View(timeout=None).add_item(ui.Button(sku_id=1234567890123))
    out.append(premium.is_persistent())
    # a container's black accent given as 0 is no accent
    out.append(ui.Container(ui.TextDisplay("t"),
                            accent_colour=0).to_component_dict().get("accent_color"))
    # a gallery takes more than 10 pictures, adding one to a full gallery says so
    media = [lib.MediaGalleryItem(_MEDIA[0]) for _ in range(11)]
    out.append(attempt(lambda: len(ui.MediaGallery(*media).items)))
    out.append(attempt(lambda: ui.MediaGallery(*media[:10]).add_item(media=_MEDIA[0])))
    # a text input's empty lengths, placeholder and default are left out
    field = ui.TextInput(label="l", min_length=0, placeholder="", default="")
    out.append(sorted(field.to_component_dict()))
    # a thumbnail's, a file's and a gallery picture's media is unfurled media
    out.append([(type(m).__name__, m.url) for m in (
        ui.Thumbnail(_MEDIA[0]).media, ui.File("attachment://a.txt").media,
        lib.MediaGalleryItem(_MEDIA[1]).media)])
    thumbnail = ui.Thumbnail(_MEDIA[0])
    out.append(attempt(lambda: setattr(thumbnail, "media", 3)))
    # a sent File's description and spoiler are a picture's unless it says otherwise
    upload = lib.File(io.BytesIO(_PNG), filename="a.png", description="about", spoiler=True)
    out.append([(p.description, p.spoiler) for p in (
        ui.Thumbnail(upload), lib.MediaGalleryItem(upload), ui.Thumbnail(upload, spoiler=False))])
    # a layout piece has no row: setting one is ignored
    text = ui.TextDisplay("t")
    out.append(attempt(lambda: setattr(text, "row", 7)))
    out.append(text.row)
    return out


def test_the_differences_found_behave_as_discord_py() -> None:
    ours, theirs = _probes(tidecord), _probes(dpy)
    assert ours == theirs
    assert ours[:3] == [True, True, False]
    full = "ValueError: maximum number of children exceeded"
    assert ours[3:8] == [2, full, full, 1, 1]
    assert ours[8] == "ValueError: v2 items cannot be added to this view"
    assert ours[9:13] == [True, True, True, None]
    assert ours[13:15] == [11, "ValueError: maximum number of items has been exceeded"]
    assert ours[16] == [("UnfurledMediaItem", _MEDIA[0]), ("UnfurledMediaItem", "attachment://a.txt"),
                        ("UnfurledMediaItem", _MEDIA[1])]
    assert ours[18] == [("about", True), ("about", True), ("about", False)]
    assert ours[19:] == [None, None]


# -- (b) sent to the sandbox -------------------------------------------------------------

# Far more sends a second than Discord allows: the comparison is of what is stored.
_UNLIMITED = RateLimits(global_limit=10_000, default=(10_000, 1.0), routes={})
_UPLOAD = re.compile(r"http://[^/]+/attachments/\d+/\d+/")  # the sandbox's, for an upload
_PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def view_of(lib: Any, spec: dict[str, Any]) -> Any:
    """The view ``spec`` describes (the items either library refuses left out)."""
    view = (lib.ui.LayoutView if spec.get("layout") else lib.ui.View)(timeout=spec["timeout"])
    filled(lib, view, spec["items"])
    return view


async def sent(lib: Any, sb: Sandbox, bot: Any, specs: list[dict[str, Any]]) -> list[Any]:
    """Send each view: what the sandbox stored (as people see it), or how it refused."""
    channel = bot.get_channel(sb.channel("general").id)
    out: list[Any] = []
    for spec in specs:
        view = view_of(lib, spec)
        try:
            if spec.get("layout"):
                files = [lib.File(io.BytesIO(_PNG), filename="pic.png"),
                         lib.File(io.BytesIO(b"notes"), filename="notes.txt")]
                message = await channel.send(view=view, files=files)
            else:
                message = await channel.send("view", view=view)
        except lib.HTTPException as refused:
            out.append((refused.status, refused.code, str(refused)))
            continue
        stored = sb.state.messages[channel.id][message.id]
        shown = json.dumps(components(stored.components), ensure_ascii=False)
        out.append((stored.flags.components_v2, json.loads(_UPLOAD.sub("upload:", shown))))
    return out


async def test_generated_views_sent_to_the_sandbox_as_discord_py(sandbox_factory: Any) -> None:
    specs = [classic_view(seed) for seed in range(60)]
    specs += [{**layout_view(seed), "layout": True} for seed in range(60)]
    runs = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        async with running(lib.__name__.replace("discord", "discord.py"), sb,
                           lambda discord, commands: commands.Bot(
                               command_prefix="!", intents=discord.Intents.default())) as bot:
            runs[lib.__name__] = await sent(lib, sb, bot, specs)
    ours, theirs = runs["tidecord"], runs["discord"]
    assert [(n, a, b) for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b] == []


def _one(*items: dict[str, Any], layout: bool = False) -> dict[str, Any]:
    return {"timeout": 180.0, "items": list(items), "layout": layout}


_BUTTON = {"k": "button", "style": "primary", "label": "b"}
# One broken rule each, and Discord's refusal of it (the last line of the error).
_REFUSED = [
    (_one({**_BUTTON, "label": "x" * 81}),
     "In components.0.components.0.label: Must be 80 or fewer in length."),
    (_one({**_BUTTON, "custom_id": "same"}, {**_BUTTON, "custom_id": "same"}),
     "In components.0.components.1.custom_id: Component custom id was already specified"),
    (_one({"k": "select", "options": [{"label": "a", "value": "v"}, {"label": "b", "value": "v"}]}),
     "In components.0.components.0.options.1: The specified option value is already used"),
    (_one({"k": "select", "options": [{"label": "x" * 101, "value": "v"}]}),
     "In components.0.components.0.options.0.label: Must be between 1 and 100 in length."),
    (_one({"k": "select", "placeholder": "p" * 151, "options": [{"label": "a"}]}),
     "In components.0.components.0.placeholder: Must be 150 or fewer in length."),
    (_one({"k": "select"}), "In components.0.components.0.options: This field is required"),
    (_one({"k": "user", "min_values": 26}),
     "In components.0.components.0.min_values: int value should be less than or equal to 25."),
    (_one({"k": "role", "max_values": 0}),
     "In components.0.components.0.max_values: int value should be greater than or equal to 1."),
    (_one({"k": "text", "content": "t" * 4001}, layout=True),
     "In components.0.content: Must be between 1 and 4000 in length."),
    (_one({"k": "gallery", "items": [{"media": _MEDIA[0]}] * 11}, layout=True),
     "In components.0.items: Must be between 1 and 10 in length."),
    (_one({"k": "container", "children": [{"k": "text", "content": "t"}], "spoiler": False,
           "accent": 0x1000000}, layout=True),
     "In components.0.accent_color: int value should be less than or equal to 16777215."),
    (_one({"k": "container", "spoiler": False, "children": [
        {"k": "row", "children": [_BUTTON, {**_BUTTON, "label": "y" * 81}]}]}, layout=True),
     "In components.0.components.0.components.1.label: Must be 80 or fewer in length."),
    (_one({"k": "section", "texts": ["t"], "accessory": {**_BUTTON, "custom_id": "c" * 101}},
          layout=True),
     "In components.0.accessory.custom_id: Must be between 1 and 100 in length."),
    (_one({"k": "row", "children": [{**_BUTTON, "label": "y" * 81}]}, layout=True),
     "In components.0.components.0.label: Must be 80 or fewer in length."),
]


async def test_what_discord_refuses_in_a_view_the_sandbox_refuses(sandbox_factory: Any) -> None:
    specs = [spec for spec, _ in _REFUSED]
    runs = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        async with running(lib.__name__.replace("discord", "discord.py"), sb,
                           lambda discord, commands: commands.Bot(
                               command_prefix="!", intents=discord.Intents.default())) as bot:
            runs[lib.__name__] = await sent(lib, sb, bot, specs)
    assert runs["tidecord"] == runs["discord"]
    assert [(status, code, text.splitlines()[-1]) for status, code, text in runs["tidecord"]] \
        == [(400, 50035, refusal) for _, refusal in _REFUSED]


# -- (c) used by people --------------------------------------------------------------------

# What a person picks in each kind of select, from the parity world.
_PICKS = {"user": ["alice", "bob", "carol"], "role": ["Moderator", "Helper"],
          "mentionable": ["Helper", "bob", "alice"]}
_CHANNELS = {"text": ["general", "ideas", "mod-log"], "voice": ["Lounge"],
             "category": ["Text Channels"]}


def _seen(value: Any) -> Any:
    """A select's value as the test compares it: a string, or a kind and an id."""
    return value if isinstance(value, str) else (type(value).__name__, value.id)


# What an item says of itself, as a program reads it back (a random custom_id: whether
# there is one).
_READ = ("label", "disabled", "placeholder", "style", "url", "sku_id", "emoji", "row",
         "min_values", "max_values", "options", "channel_types", "default_values", "content",
         "accent_colour", "spoiler", "visible", "spacing", "media", "description", "items",
         "id", "required")


def _state(item: Any) -> tuple[Any, ...]:
    read = [(name, _plain(getattr(item, name))) for name in _READ if hasattr(item, name)]
    return (type(item).__name__, getattr(item, "custom_id", None) is not None, *read)


def _plain(value: Any) -> Any:
    """A value as plain data: enums and colours as their values, the rest as sent."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return wire(value.to_dict())
    if hasattr(value, "value") and not isinstance(value, str):
        return value.value
    return value


def wire_callbacks(view: Any, notes: list[Any]) -> None:
    """Every usable item notes what it got; each does something different with it."""
    async def check(interaction: Any) -> bool:
        return bool(interaction.user.name != "carol")

    async def on_error(interaction: Any, error: Exception, item: Any) -> None:
        notes.append(("on_error", type(item).__name__, failure(error)))
        await interaction.response.send_message("that failed", ephemeral=True)

    view.interaction_check, view.on_error = check, on_error
    usable = [i for i in view.walk_children() if i.is_dispatchable()]
    for n, item in enumerate(usable):
        async def used(interaction: Any, item: Any = item, n: int = n) -> None:
            values = [_seen(v) for v in getattr(item, "values", [])]
            data = wire(dict(interaction.data))
            data.pop("resolved", None)
            notes.append((type(item).__name__, values, data, interaction.user.name))
            if n % 4 == 0:  # the view changes: the item turns off, renamed
                item.disabled = True
                if hasattr(item, "label") and item.label is not None:
                    item.label = f"used by {interaction.user.name}"
                await interaction.response.edit_message(view=view)
            elif n % 4 == 1:
                await interaction.response.send_message(f"got {values}", ephemeral=True)
            elif n % 4 == 2:
                raise RuntimeError(f"item {n} broke")
            else:
                await interaction.response.defer()
        item.callback = used


def _picked(item: Component, rng: random.Random) -> list[str] | None:
    """What a person picks in a select (None: nothing can be picked within its limits)."""
    if item.type in (3, 21, 22):
        choices = [o.value for o in item.get("options", [])]
    elif item.type == 8:
        kinds = {1: "text", 2: "voice", 4: "category"}
        wanted = [kinds.get(t, "-") for t in item.get("channel_types", [])] or list(_CHANNELS)
        choices = [c for kind in wanted for c in _CHANNELS.get(kind, [])]
    else:
        choices = _PICKS[{5: "user", 6: "role", 7: "mentionable"}[item.type]]
    least, most = item.get("min_values", 1), item.get("max_values", 1)
    if item.type == 22:  # a checkbox group: up to every option unless it says otherwise
        least, most = item.get("min_values", 0), item.get("max_values", len(choices))
    if least > most or not choices:
        return None
    count = rng.randint(max(least, 1), max(least, min(most, len(choices), 2)))
    return sorted(rng.sample(choices, count)) if count <= len(choices) else None


def _stored(sb: Sandbox, channel_id: int, message_id: int) -> Any:
    """A message as the sandbox holds it now (an ephemeral answer included)."""
    box = sb.state.messages.get(channel_id, {})
    return box[message_id] if message_id in box else sb.interactions.ephemeral[message_id][1]


async def _sent_view(lib: Any, sb: Sandbox, channel: Any, spec: dict[str, Any], view: Any,
                     how: str) -> Any:
    """``view`` sent in ``channel`` (``how``: "channel"), or as the answer to alice's click
    ("answer", "ephemeral"): the message, read back by the library."""
    content = {} if spec.get("layout") else {"content": "view"}
    if how == "channel":
        return await channel.send(**content, view=view)
    answers: list[Any] = []

    async def answer(interaction: Any) -> None:
        try:
            await interaction.response.send_message(**content, view=view,
                                                    ephemeral=how == "ephemeral")
            answers.append(await interaction.original_response())
        except lib.HTTPException as refused:
            answers.append(refused)

    opener = lib.ui.View()
    opener.add_item(button := lib.ui.Button(label="show", custom_id="show"))
    button.callback = answer
    message = await channel.send("opener", view=opener)
    await sb.click_button("alice", message.id, "show")
    async with asyncio.timeout(5):
        while not answers:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    opener.stop()
    if isinstance(answers[0], Exception):
        raise answers[0]
    return answers[0]


async def used(lib: Any, sb: Sandbox, bot: Any, specs: list[dict[str, Any]],
               how: str = "channel") -> list[Any]:
    """Send each view (see _sent_view), then people use what they can on it: what each
    callback got, what the bot answered, the view's items afterwards, and the view read
    back from its message."""
    channel = bot.get_channel(sb.channel("general").id)
    out: list[Any] = []
    rng = random.Random(7)
    for spec in specs:
        view, notes = view_of(lib, spec), []
        wire_callbacks(view, notes)
        try:
            message = await _sent_view(lib, sb, channel, spec, view, how)
        except lib.HTTPException:
            continue
        # (no pause to read it: send() returned, so the view already listens)
        stored = _stored(sb, channel.id, message.id)
        targets = [c for c in walk_components(stored.components)
                   if c.type in (2, *range(3, 9)) and isinstance(c.custom_id, str)][:3]
        for n, target in enumerate(targets):
            # (only alice sees an ephemeral answer to her)
            person = ("alice" if how == "ephemeral" else "carol" if n == 2
                      else rng.choice(["alice", "bob"]))
            values = _picked(target, rng) if target.type != 2 else None
            if target.type != 2 and values is None:
                continue
            try:
                record = await sb.click_button(person, message.id, target.custom_id,
                                               values=values)
            except StateError as refused:  # a disabled one, or one changed meanwhile
                notes.append(("refused", refused.code))
                continue
            # carol's use is refused by the view's check: nothing answers it
            notes.append(await answered(record, 0.3 if person == "carol" else 5,
                                        until=lambda: True))
        again = (lib.ui.LayoutView if spec.get("layout") else lib.ui.View).from_message(
            message if how != "channel" or not spec.get("layout")
            else await channel.fetch_message(message.id))
        out.append((notes, [_state(i) for i in view.walk_children()], view.is_finished(),
                    [_state(i) for i in again.walk_children()],
                    components(_stored(sb, channel.id, message.id).components)))
    return out


@pytest.mark.parametrize(("how", "count"), [("channel", 40), ("answer", 12),
                                            ("ephemeral", 12)])
async def test_generated_views_used_by_people_as_discord_py(sandbox_factory: Any, how: str,
                                                            count: int) -> None:
    specs = [classic_view(seed) for seed in range(count)]
    specs += [{**layout_view(seed), "layout": True} for seed in range(count)]
    runs = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        async with running(lib.__name__.replace("discord", "discord.py"), sb,
                           lambda discord, commands: commands.Bot(
                               command_prefix="!", intents=discord.Intents.all())) as bot:
            runs[lib.__name__] = await used(lib, sb, bot, specs, how)
    ours, theirs = runs["tidecord"], runs["discord"]
    assert len(ours) == len(theirs) > count
    assert [(n, a, b) for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b] == []


def _typed(field: dict[str, Any], rng: random.Random) -> str:
    """Text a person types in a text input, within its lengths."""
    least = max(field.get("min_length") or 0, 1 if field.get("required", True) else 0)
    most = min(field.get("max_length") or 4000, 30)
    return "w" * (least if least > most else rng.randint(least, most))


def _filled_in(modal: dict[str, Any], rng: random.Random
               ) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """What a person enters in each input of the modal the sandbox holds (None: some
    input cannot be filled in within its limits)."""
    values: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for item in walk_components(convert(modal["components"], list[Component])):
        if item.type == 4:
            if item.get("min_length", 0) > item.get("max_length", 4000):
                return None
            values[item.custom_id] = _typed(to_builtins(item), rng)
        elif item.type == 19:
            count = max(item.get("min_values", 1), 1 if item.required is not False else 0)
            files[item.custom_id] = [(f"f{n}.txt", b"file") for n in range(count)]
        elif item.type in (*range(3, 9), 21, 22):
            picks = _picked(item, rng)
            if picks is None:
                return None
            values[item.custom_id] = picks[0] if item.type == 21 else picks
        elif item.type == 23:
            values[item.custom_id] = rng.random() < .5
    return values, files


def _answered_value(item: Any) -> Any:
    if hasattr(item, "values"):
        return [_seen(v) if not hasattr(v, "filename") else v.filename for v in item.values]
    return getattr(item, "value", None)


async def submitted(lib: Any, sb: Sandbox, bot: Any, specs: list[dict[str, Any]]) -> list[Any]:
    """Each modal opened from a button, then filled in and submitted: how the sandbox
    took the modal, what on_submit read from each input, and the data it got."""
    ui = lib.ui
    channel = bot.get_channel(sb.channel("general").id)
    rng = random.Random(11)
    out: list[Any] = []
    for spec in specs:
        notes: list[Any] = []
        chosen = {"custom_id": spec["custom_id"]} if spec["custom_id"] else {}
        form = ui.Modal(title=spec["title"], **chosen)
        filled(lib, form, spec["items"])

        async def on_submit(interaction: Any, form: Any = form, notes: list[Any] = notes
                            ) -> None:
            read = [(type(i).__name__, _answered_value(i)) for i in form.walk_children()]
            data = wire(dict(interaction.data))
            data.pop("resolved", None)
            for row in data["components"]:  # uploads: how many (their ids are the clock's)
                upload = row.get("component", {})
                if upload.get("type") == 19:
                    upload["values"] = len(upload["values"])
            notes.append((read, data, form.is_finished()))
            await interaction.response.send_message("thanks", ephemeral=True)

        async def open_it(interaction: Any, form: Any = form, notes: list[Any] = notes
                          ) -> None:
            try:
                await interaction.response.send_modal(form)
            except lib.HTTPException as refused:
                notes.append((refused.status, refused.code, str(refused).splitlines()[-1]))
                await interaction.response.send_message("no form", ephemeral=True)

        form.on_submit = on_submit
        opener = ui.View()
        opener.add_item(button := ui.Button(label="open", custom_id="open"))
        button.callback = open_it
        message = await channel.send("form", view=opener)
        record = await sb.click_button("alice", message.id, "open")
        await answered(record, 5, until=lambda: True)
        entered = _filled_in(record.modal, rng) if record.modal else None
        if entered is not None:
            done = await sb.submit_modal("alice", record, entered[0], files=entered[1])
            notes.append(await answered(done, 5, until=lambda: True))
        opener.stop()
        out.append(notes)
    return out


async def test_generated_modals_opened_and_submitted_as_discord_py(sandbox_factory: Any
                                                                  ) -> None:
    specs = [modal(seed) for seed in range(40)]
    runs = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        async with running(lib.__name__.replace("discord", "discord.py"), sb,
                           lambda discord, commands: commands.Bot(
                               command_prefix="!", intents=discord.Intents.all())) as bot:
            runs[lib.__name__] = await submitted(lib, sb, bot, specs)
    ours, theirs = runs["tidecord"], runs["discord"]
    assert [(n, a, b) for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b] == []


def _form(*items: dict[str, Any], title: str = "Form") -> dict[str, Any]:
    return {"title": title, "custom_id": "form", "items": list(items)}


_INPUT = {"k": "input", "label": "Name", "style": "short"}
# One broken rule each, and Discord's refusal of the modal (the last line of the error).
_MODAL_REFUSED = [
    (_form(_INPUT, title="t" * 46), "In data.title: Must be between 1 and 45 in length."),
    (_form({**_INPUT, "custom_id": "a"}, {**_INPUT, "custom_id": "a"}),
     "In data.components.1.components.0.custom_id: Component custom id was already specified"),
    (_form({**_INPUT, "label": "l" * 46}),
     "In data.components.0.components.0.label: Must be between 1 and 45 in length."),
    (_form({**_INPUT, "max_length": 4001}),
     "In data.components.0.components.0.max_length: "
     "int value should be less than or equal to 4000."),
    (_form({**_INPUT, "placeholder": "p" * 101}),
     "In data.components.0.components.0.placeholder: Must be 100 or fewer in length."),
    (_form({"k": "label", "text": "Files", "component": {"k": "upload", "max_values": 11}}),
     "In data.components.0.component.max_values: "
     "int value should be less than or equal to 10."),
    (_form({"k": "label", "text": "l" * 46, "component": {"k": "user"}}),
     "In data.components.0.label: Must be between 1 and 45 in length."),
    (_form(_INPUT, {**_BUTTON, "custom_id": "b"}),
     'In data.components.1.type: Value of field "type" must be one of (1, 10, 18).'),
]


async def test_what_discord_refuses_in_a_modal_the_sandbox_refuses(sandbox_factory: Any
                                                                   ) -> None:
    runs = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        async with running(lib.__name__.replace("discord", "discord.py"), sb,
                           lambda discord, commands: commands.Bot(
                               command_prefix="!", intents=discord.Intents.all())) as bot:
            runs[lib.__name__] = await submitted(lib, sb, bot, [s for s, _ in _MODAL_REFUSED])
    assert runs["tidecord"] == runs["discord"]
    assert runs["tidecord"] == [[(400, 50035, refusal)] for _, refusal in _MODAL_REFUSED]


async def timed_out(lib: Any, sb: Sandbox, bot: Any, specs: list[dict[str, Any]]) -> list[Any]:
    """Views with a short timeout whose on_timeout turns every item off and edits the
    message: what each view and message say once the timeout passed, and what a click
    after it gets."""
    channel = bot.get_channel(sb.channel("general").id)
    sent_views: list[tuple[Any, Any, list[str]]] = []
    for spec in specs:
        view, notes = view_of(lib, {**spec, "timeout": 0.3}), []

        async def on_timeout(view: Any = view, notes: list[str] = notes) -> None:
            notes.append(f"timed out, finished={view.is_finished()}")
            for item in view.walk_children():
                if hasattr(item, "disabled"):
                    item.disabled = True
            await view.message.edit(view=view)

        view.on_timeout = on_timeout
        try:
            view.message = await channel.send(**({} if spec.get("layout") else
                                                 {"content": "view"}), view=view)
        except lib.HTTPException:
            continue
        sent_views.append((view, view.message, notes))
    await asyncio.sleep(1.0)
    out = []
    for view, message, notes in sent_views:
        stored = sb.state.messages[channel.id][message.id]
        # (a view with nothing to use never listened: it never times out, in either)
        out.append((notes, view.is_finished(), components(stored.components)))
    return out


async def test_generated_views_time_out_as_discord_py(sandbox_factory: Any) -> None:
    specs = [classic_view(seed) for seed in range(12)]
    specs += [{**layout_view(seed), "layout": True} for seed in range(12)]
    runs = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        async with running(lib.__name__.replace("discord", "discord.py"), sb,
                           lambda discord, commands: commands.Bot(
                               command_prefix="!", intents=discord.Intents.all())) as bot:
            runs[lib.__name__] = await timed_out(lib, sb, bot, specs)
    ours, theirs = runs["tidecord"], runs["discord"]
    assert len(ours) > 12
    assert [(n, a, b) for n, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b] == []


def _persistent(spec: dict[str, Any], seed: int) -> dict[str, Any]:
    """``spec`` with no timeout and a custom_id chosen for each usable item."""
    def fixed(node: dict[str, Any], path: str) -> dict[str, Any]:
        node = dict(node)
        if node["k"] in ("button", *_SELECTS) and node.get("style") not in ("link", "premium"):
            node["custom_id"] = f"p{seed}-{path}"
        for key in ("children", "accessory"):
            inner = node.get(key)
            if isinstance(inner, list):
                node[key] = [fixed(c, f"{path}.{n}") for n, c in enumerate(inner)]
            elif isinstance(inner, dict):
                node[key] = fixed(inner, f"{path}a")
        return node
    return {**spec, "timeout": None,
            "items": [fixed(item, str(n)) for n, item in enumerate(spec["items"])]}


async def test_generated_persistent_views_answer_after_a_restart_as_discord_py(
        sandbox_factory: Any) -> None:
    specs = [_persistent(classic_view(seed), seed) for seed in range(10)]
    specs += [_persistent({**layout_view(seed), "layout": True}, seed) for seed in range(10)]
    runs: dict[str, list[Any]] = {}
    for lib in LIBS:
        sb = await sandbox_factory(world=parity_world(), rate_limits=_UNLIMITED)
        name = lib.__name__.replace("discord", "discord.py")
        sent: list[tuple[dict[str, Any], int]] = []

        def bot(discord: Any, commands: Any) -> Any:
            return commands.Bot(command_prefix="!", intents=discord.Intents.all())

        async with running(name, sb, bot) as first:
            channel = first.get_channel(sb.channel("general").id)
            for spec in specs:
                try:
                    message = await _sent_view(lib, sb, channel, spec, view_of(lib, spec),
                                               "channel")
                except lib.HTTPException:
                    continue
                sent.append((spec, message.id))
        out: list[Any] = []
        async with running(name, sb, bot) as again:
            for spec, message_id in sent:
                view, notes = view_of(lib, spec), []
                wire_callbacks(view, notes)
                again.add_view(view)
                stored = _stored(sb, sb.channel("general").id, message_id)
                for target in [c for c in walk_components(stored.components)
                               if c.type == 2 and isinstance(c.custom_id, str)][:2]:
                    try:
                        record = await sb.click_button("bob", message_id, target.custom_id)
                    except StateError as refused:
                        notes.append(("refused", refused.code))
                        continue
                    notes.append(await answered(record, 5, until=lambda: True))
                out.append((view.is_persistent(), notes))
        runs[lib.__name__] = out
    assert len(runs["tidecord"]) > 10
    assert runs["tidecord"] == runs["discord"]
