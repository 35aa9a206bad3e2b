"""tidecord's pure functions and value types against discord.py 2.7.1's on many seeded,
generated inputs: text full of markdown, mentions, links, zero-width characters and
emoji through ``utils``; invite and template links of every shape. Each case is what a
bot gets back (or the error it meets) from the same call on each library."""

from __future__ import annotations

import asyncio
import copy
import datetime
import io
import pathlib
import random
import re
import time
from collections.abc import Callable
from typing import Any

import discord
import discord.utils as theirs_utils
import pytest

import tidecord
from tidecord import utils as ours_utils
from tidecord.models.asset import Asset as AssetOfOurs

PIECES = [*"*_~|`>#-[]()\\ \n\t.:;,<>@!&/\"'", "\u200b", "\N{GRINNING FACE}", "\u00e9", "a",
          "x", "1", "https://", "http://", "steam://", "<@", "<#", "<@&", "@everyone", "@here",
          "123456789012345678", "discord.gg/", "](", "```", "||", "~~", "__", "**", ">>> ",
          "- ", "# ", "### ", "-# ", "1. ", "www.", ".com", "\r\n"]


def texts(seed: int, count: int, longest: int = 25) -> list[str]:
    """``count`` strings of up to ``longest`` pieces, the same ones on every run."""
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


def outcome(call: Callable[..., Any], *args: Any) -> Any:
    """What ``call(*args)`` returns, or the error it raises, as comparable data."""
    try:
        return call(*args)
    except Exception as error:  # the error is the outcome compared
        return f"{type(error).__name__}: {error}"


def differences(call: Callable[[Any, Any], Any], ours: Any, theirs: Any,
                inputs: list[Any]) -> list[tuple[Any, Any, Any]]:
    """The inputs on which ``call(ours, x)`` and ``call(theirs, x)`` differ, with both."""
    found = []
    for given in inputs:
        mine, reference = outcome(call, ours, given), outcome(call, theirs, given)
        if mine != reference:
            found.append((given, mine, reference))
    return found[:5]


TEXT_CALLS: dict[str, Callable[[Any, str], Any]] = {
    "escape_markdown": lambda u, s: [u.escape_markdown(s, as_needed=needed, ignore_links=links)
                                     for needed in (False, True) for links in (False, True)],
    "remove_markdown": lambda u, s: [u.remove_markdown(s, ignore_links=links)
                                     for links in (False, True)],
    "escape_mentions": lambda u, s: u.escape_mentions(s),
    "resolve_invite": lambda u, s: tuple(u.resolve_invite(s)),
    "resolve_template": lambda u, s: u.resolve_template(s),
}


@pytest.mark.parametrize("name", list(TEXT_CALLS))
def test_text_utils_on_generated_text(name: str) -> None:
    assert differences(TEXT_CALLS[name], ours_utils, theirs_utils, texts(1, 1500)) == []


def links(seed: int, count: int) -> list[str]:
    """Invite and template links of every shape: schemes, ``www.``, hosts, odd codes,
    queries (``?event=`` or not), fragments and trailing slashes or spaces."""
    rng = random.Random(seed)
    schemes = ["", "https://", "http://", "www.", "https://www."]
    hosts = ["discord.gg/", "discord.com/invite/", "discordapp.com/invite/", "discord.new/",
             "discord.com/template/", "discordapp.com/template/", "discord.gg", "discord.com/"]
    codes = ["abc", "a-b_C9", "", "a b", "abc/", "abc/def", "ab?c", "\u00e9", "a%20b",
             "\N{GRINNING FACE}"]
    tails = ["", "?event=5", "?event=x", "?a=1&event=7", "?event=", "/", " ", "\n", "#x"]
    made = []
    for _ in range(count):
        code = rng.choice(codes) + rng.choice(tails)
        made.append(code if rng.random() < 0.2 else rng.choice(schemes) + rng.choice(hosts) + code)
    return made


@pytest.mark.parametrize("name", ["resolve_invite", "resolve_template"])
def test_invite_and_template_links_resolve_as_in_discord_py(name: str) -> None:
    # Found here: a bare code of other characters ("a b", "", "é") resolved to itself
    # where discord.py raises ValueError; "www." links and text after a space were taken.
    assert differences(TEXT_CALLS[name], ours_utils, theirs_utils, links(2, 1500)) == []
    assert outcome(ours_utils.resolve_invite, "not a code") == \
        "ValueError: Invite contains characters that are not allowed"



def moments(seed: int, count: int) -> list[datetime.datetime]:
    """Aware and naive moments before, at and after Discord's epoch (2015), with
    microseconds, in several offsets."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        seconds = rng.choice([0, 1420070400, 1420070399.9995, 1e10, -5, 1420070400.0005,
                              rng.uniform(1.2e9, 2e9)])
        offset = rng.choice([None, 0, rng.randint(-12, 12)])
        zone = None if offset is None else datetime.timezone(datetime.timedelta(hours=offset))
        made.append(datetime.datetime.fromtimestamp(seconds, zone))
    return made


TIME_CALLS: dict[str, Callable[[Any, datetime.datetime], Any]] = {
    "time_snowflake": lambda u, when: (u.time_snowflake(when), u.time_snowflake(when, high=True)),
    "format_dt": lambda u, when: [u.format_dt(when)] + [u.format_dt(when, style) for style in
                                                         ("t", "T", "d", "D", "f", "F", "R", "")],
    "snowflake_time round trip": lambda u, when: u.snowflake_time(abs(u.time_snowflake(when))),
}


@pytest.mark.parametrize("name", list(TIME_CALLS))
def test_times_and_snowflakes_as_in_discord_py(name: str) -> None:
    # Found here: before 2015 time_snowflake rounded the negative milliseconds down
    # where discord.py truncates them toward zero (ids 4194304 apart).
    assert differences(TIME_CALLS[name], ours_utils, theirs_utils, moments(3, 400)) == []


def test_oauth_url_of_every_argument_as_in_discord_py() -> None:
    """Each argument given or left out (MISSING), on its own and together."""
    choices: dict[str, list[Callable[[Any], Any]]] = {
        "permissions": [lambda m: m.Permissions(8), lambda m: m.Permissions(0)],
        "guild": [lambda m: m.Object(5)],
        "redirect_uri": [lambda m: "https://e.com/a b?c=d&e", lambda m: ""],
        # Found here: scopes=None left the default scopes in where discord.py drops them.
        "scopes": [lambda m: None, lambda m: ["bot"], lambda m: (), lambda m: m.utils.MISSING],
        "disable_guild_select": [lambda m: True, lambda m: False],
        "state": [lambda m: "s t&=", lambda m: ""],
    }
    rng = random.Random(4)
    calls = [{name: rng.choice(made) for name, made in choices.items() if rng.random() < 0.5}
             for _ in range(300)]

    def link(m: Any, given: dict[str, Callable[[Any], Any]]) -> str:
        return str(m.utils.oauth_url(7,
                                     **{name: make(m) for name, make in given.items()}))

    assert differences(link, tidecord, discord, calls) == []


def colour_texts(seed: int, count: int) -> list[str]:
    """``Colour.from_str`` input of every form, well made or not: ``#``, ``0x``, bare
    hex, ``rgb(...)`` with numbers, percentages, blanks and stray characters."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        form = rng.choice(["#", "0x", "0X", "", "rgb(", "RGB(", "rgb (", "#0x", "0x#"])
        if "rgb" in form.lower():
            parts = [rng.choice([str(rng.randint(-5, 300)), f"{rng.randint(0, 120)}%",
                                 f"{rng.random() * 100:.1f}%", "", " 1", "1 ", "1.5", "+1",
                                 "\u0663", "0x1"]) for _ in range(rng.choice([2, 3, 3, 4]))]
            text = form + rng.choice([",", ", ", " ,"]).join(parts)
            text += rng.choice([")", "", ") ", ")x"])
        else:
            text = form + "".join(rng.choice("0123456789abcdefABCDEFg ")
                                  for _ in range(rng.choice([0, 1, 3, 3, 6, 6, 7, 8])))
        made.append(" " + text if rng.random() < 0.1 else text)
    return made


def colour_parts(seed: int, count: int) -> list[tuple[float, float, float]]:
    """Red, green and blue (or hue, saturation and value) in range and out of it."""
    rng = random.Random(seed)
    return [tuple(rng.choice([0, 255, 256, -1, rng.randint(0, 255), 0.5, 1, 1.5, -0.1,
                              rng.random()]) for _ in range(3))  # type: ignore[misc]
            for _ in range(count)]


COLOUR_CALLS: dict[str, tuple[Callable[[Any, Any], Any], Callable[[], list[Any]]]] = {
    "from_str": (lambda m, text: m.Colour.from_str(text).value, lambda: colour_texts(5, 1500)),
    # Found here: out-of-range parts were or-ed (discord.py adds them: 256 carries over)
    # and a float part raised another TypeError than Colour's own.
    "from_rgb": (lambda m, rgb: m.Colour.from_rgb(*rgb).value, lambda: colour_parts(6, 400)),
    "from_hsv": (lambda m, hsv: m.Colour.from_hsv(*hsv).value, lambda: colour_parts(7, 400)),
    # Found here: a negative value printed as "#-00001" where discord.py prints "#0000-1".
    "read back": (lambda m, value: (str(m.Colour(value)), repr(m.Color(value)),
                                    m.Colour(value).to_rgb(), m.Colour(value) == m.Color(value),
                                    hash(m.Colour(value)) == hash(m.Colour(value))),
                  lambda: [0, 1, 0xFFFFFF, 0x1000000, -1, -0x123, 2**40, 3.5, "1", None]),
    "random": (lambda m, seed: m.Colour.random(seed=seed, saturation=0.4, value=0.6).value,
               lambda: [1, "abc", 3.5, 10**20]),
}


@pytest.mark.parametrize("name", list(COLOUR_CALLS))
def test_colours_as_in_discord_py(name: str) -> None:
    call, inputs = COLOUR_CALLS[name]
    assert differences(call, tidecord, discord, inputs()) == []


FLAG_KINDS = ["Intents", "MemberCacheFlags", "MessageFlags", "SystemChannelFlags",
              "PublicUserFlags", "ChannelFlags", "ApplicationFlags", "AttachmentFlags",
              "RoleFlags", "MemberFlags", "SKUFlags", "EmbedFlags", "InviteFlags", "Permissions"]


def flag_values(seed: int, count: int) -> list[tuple[str, int]]:
    """A flag kind and a value of known and unknown bits, small and large."""
    rng = random.Random(seed)
    return [(rng.choice(FLAG_KINDS), rng.getrandbits(rng.choice([4, 16, 40, 60])))
            for _ in range(count)]


def _read_flags(m: Any, given: tuple[str, int]) -> Any:
    kind, value = given
    flags = getattr(m, kind)._from_value(value)
    other = getattr(m, kind)._from_value(value >> 3)
    return (flags.value, list(flags), repr(flags), sorted(getattr(m, kind).VALID_FLAGS.items()),
            (flags | other).value, (flags & other).value, (flags ^ other).value,
            (~flags).value, flags == other, flags != other, hash(flags) == hash(other))


def test_flags_read_iterate_and_combine_as_in_discord_py() -> None:
    # Found here: MemberFlags listed dm_settings_upsell_acknowledged before
    # automod_quarantined_guild_tag (bit order); discord.py lists them the other way.
    assert differences(_read_flags, tidecord, discord, flag_values(8, 1500)) == []
    made = [(kind, how) for kind in FLAG_KINDS for how in ("all", "none", "default")
            if hasattr(getattr(discord, kind), how)]
    assert differences(lambda m, kind_how: list(getattr(getattr(m, kind_how[0]), kind_how[1])()),
                       tidecord, discord, made) == []


def emoji_texts(seed: int, count: int) -> list[str]:
    """Text a bot hands ``PartialEmoji.from_str``: custom forms with short, right and
    long ids, Unicode emoji, names with spaces, stray brackets and colons."""
    rng = random.Random(seed)
    pieces = ["<", ">", "a", ":", "name", "na_me9", "x y", "\N{GRINNING FACE}", "123",
              "1234567890123", "12345678901234567890123", "A", "", " ", "\u00e9"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 7))) for _ in range(count)]


def _emoji_read(m: Any, emoji: Any) -> Any:
    # ``animated`` reads UNSET (falsy) rather than False when not said: compared as a bool.
    return (emoji.name, emoji.id, bool(emoji.animated), str(emoji), repr(emoji), emoji.url,
            emoji.is_custom_emoji(), emoji.is_unicode_emoji(), emoji.to_dict(),
            emoji == m.PartialEmoji.from_dict(emoji.to_dict()))


EMOJI_CALLS: dict[str, tuple[Callable[[Any, Any], Any], Callable[[], list[Any]]]] = {
    # Found here: "name:123" (an id under 13 digits) and " <:x:1234567890123>" read as
    # custom emoji where discord.py reads them as a Unicode emoji's name; an empty
    # name printed "" where discord.py prints "_"; to_dict and from_dict were missing.
    "from_str": (lambda m, text: _emoji_read(m, m.PartialEmoji.from_str(text)),
                 lambda: emoji_texts(11, 1500)),
    "from_dict": (lambda m, data: _emoji_read(m, m.PartialEmoji.from_dict(data)),
                  lambda: [{}, {"name": None}, {"id": "5"},
                           {"id": 5, "name": "x", "animated": True},
                           {"name": "\N{GRINNING FACE}", "animated": False},
                           {"id": None, "name": "x", "extra": 1}]),
}


@pytest.mark.parametrize("name", list(EMOJI_CALLS))
def test_partial_emoji_as_in_discord_py(name: str) -> None:
    call, inputs = EMOJI_CALLS[name]
    assert differences(call, tidecord, discord, inputs()) == []


def embed_dicts(seed: int, count: int) -> list[dict[str, Any]]:
    """Embed JSON as a bot keeps it (saved from a builder, read back from a message):
    text that is not text, empty text, ``null`` where a value may be, odd fields."""
    rng = random.Random(seed)
    keys: dict[str, list[Any]] = {
        "title": ["t", 5, None, ""], "description": ["d", None, 3, ""], "url": ["https://e", None],
        "color": [1, 0], "colour": [5], "type": ["rich", "image", None, ""],
        "timestamp": ["2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z", None],
        "footer": [{"text": "f"}, {"text": "f", "proxy_icon_url": "p"}],
        "image": [{"url": "u"}, {"url": "u", "width": 2}], "thumbnail": [{"url": "u", "width": 3}],
        "author": [{"name": "a"}, {"name": "a", "url": "u", "icon_url": "i"}],
        "fields": [[], [{"name": "a", "value": "b"}],
                   [{"name": "a", "value": "b", "inline": False},
                    {"name": "c", "value": "d", "inline": True}]],
        "provider": [{"name": "p", "url": "u"}], "video": [{"url": "v"}]}
    return [{key: rng.choice(values) for key, values in keys.items() if rng.random() < 0.4}
            for _ in range(count)]


def _embed_read(m: Any, data: dict[str, Any]) -> Any:
    embed = m.Embed.from_dict(copy.deepcopy(data))
    return (embed.to_dict(), len(embed), bool(embed), embed.title, embed.description, embed.url,
            repr(embed.colour), embed.timestamp,
            [(field.name, field.value, field.inline) for field in embed.fields],
            embed.footer.text, embed.author.name, embed.image.width, embed.provider.name,
            embed == m.Embed.from_dict(data), embed.copy().to_dict())


def test_embed_from_odd_dicts_as_in_discord_py() -> None:
    # Found here: a null type or timestamp (JSON saved from an embed builder) raised
    # msgspec's ValidationError where discord.py reads it as not set; an empty title,
    # description or url was kept in to_dict() where discord.py leaves it out.
    assert differences(_embed_read, tidecord, discord, embed_dicts(12, 600)) == []
    made = [(lambda m: m.Embed(title="", description="", url="").to_dict())]
    assert differences(lambda m, build: build(m), tidecord, discord, made) == []


def mention_settings(seed: int, count: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs of ``AllowedMentions`` keywords, each given or left out: flags, and users or
    roles as lists of objects."""
    rng = random.Random(seed)
    choices: dict[str, list[Any]] = {"everyone": [True, False], "users": [True, False, "ids"],
                                     "roles": [True, False, "ids"], "replied_user": [True, False]}
    return [tuple({name: rng.choice(made) for name, made in choices.items()  # type: ignore[misc]
                   if rng.random() < 0.5} for _ in range(2)) for _ in range(count)]


def _mentions(m: Any, given: dict[str, Any]) -> Any:
    return m.AllowedMentions(**{name: [m.Object(3), m.Object(1)] if value == "ids" else value
                                for name, value in given.items()})


def _mention_dicts(m: Any, pair: tuple[dict[str, Any], dict[str, Any]]) -> Any:
    first, second = _mentions(m, pair[0]), _mentions(m, pair[1])
    return (first.to_dict(), first.merge(second).to_dict(),
            m.AllowedMentions.all().to_dict(), m.AllowedMentions.none().to_dict())


def test_allowed_mentions_as_in_discord_py() -> None:
    # Found here: to_dict() said "replied_user": false when it does not ping (discord.py
    # leaves it out), listed "parse" in another order, and gave ids as text.
    assert differences(_mention_dicts, tidecord, discord, mention_settings(13, 400)) == []


# Deliberate: tidecord knows the directory channel type Discord sends (discord.py 2.7.1
# does not), and gives subscription statuses Discord's values (discord.py swaps two).
ENUM_DIFFERENCES = {"ChannelType", "SubscriptionStatus"}


def test_enum_members_as_in_discord_py() -> None:
    # Found here: Status listed idle, dnd and invisible before offline; discord.py lists
    # online, offline, idle, dnd, invisible.
    import discord.enums

    shared = [name for name in discord.enums.__all__ if hasattr(tidecord, name)
              and name not in ENUM_DIFFERENCES and name != "Enum"]
    assert len(shared) > 40
    # Members in order, and each of discord.py's names (aliases too) read on each side;
    # tidecord's extra upper-case aliases (Discord's own names) are left aside.
    assert differences(lambda m, name: ([(e.name, e.value) for e in getattr(m, name)],
                                        [(alias, getattr(getattr(m, name), alias).value)
                                         for alias in getattr(discord, name).__members__]),
                       tidecord, discord, shared) == []


def test_files_as_in_discord_py(tmp_path: pathlib.Path) -> None:
    note, hidden = tmp_path / "note.txt", tmp_path / "SPOILER_x.txt"
    note.write_bytes(b"abc")
    hidden.write_bytes(b"s")

    def read(file: Any) -> Any:
        return (file.filename, file.spoiler, file.description, file.uri, file.to_dict(2))

    def rewound(file: Any) -> Any:
        first = file.fp.read()
        file.reset()
        return first, file.fp.read()

    makes: list[Callable[[Any], Any]] = [
        lambda m: read(m.File(io.BytesIO(b"hi"), filename="a.txt", description="d")),
        lambda m: read(m.File(io.BytesIO(b"hi"))),
        lambda m: read(m.File(str(note))), lambda m: read(m.File(note, filename="b.png")),
        lambda m: read(m.File(note, spoiler=True)), lambda m: read(m.File(str(hidden))),
        lambda m: read(m.File(hidden, spoiler=False)),
        # Found here: filename="" became "untitled" (discord.py keeps what it is given),
        # and a missing path raised nothing until sent (discord.py raises at once).
        lambda m: read(m.File(io.BytesIO(b"x"), filename="")),
        lambda m: m.File(str(tmp_path / "missing.txt")),
        lambda m: m.File(tmp_path),
        lambda m: rewound(m.File(io.BytesIO(b"data"), filename="d")),
        lambda m: (lambda buffer: (buffer.read(2), rewound(m.File(buffer, filename="s"))))(
            io.BytesIO(b"abcdef")),
    ]
    assert differences(lambda m, make: make(m), tidecord, discord, makes) == []


def asset_chains(seed: int, count: int) -> list[tuple[tuple[str, str, bool], list[Any]]]:
    """An asset as Discord's CDN names one (moving or not, sized or not) and a chain of
    one to three ``with_size`` / ``with_format`` / ``with_static_format`` / ``replace``
    calls with sizes and formats allowed and not."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        moving = rng.random() < 0.4
        key = ("a_" if moving else "") + "abc123"
        place = rng.choice(["avatars/1", "icons/2", "banners/3", "guilds/5/users/6/avatars"])
        kind = "gif" if moving else rng.choice(["png", "webp", "jpg"])
        url = f"https://cdn.discordapp.com/{place}/{key}.{kind}{rng.choice(['?size=1024', ''])}"
        calls: list[Any] = []
        for _ in range(rng.randint(1, 3)):
            how = rng.choice(["with_size", "with_format", "with_static_format", "replace"])
            if how == "with_size":
                calls.append((how, rng.choice([16, 4096, 8192, 0, 100, 1024]), {}))
            elif how != "replace":
                calls.append((how, rng.choice(["png", "gif", "webp", "jpeg", "bmp"]), {}))
            else:
                calls.append((how, None, {name: rng.choice(values) for name, values in (
                    ("size", [16, 4096, 3]), ("format", ["png", "gif", "webp", "bmp"]),
                    ("static_format", ["png", "gif", "jpg"])) if rng.random() < 0.5}))
        made.append(((url, key, moving), calls))
    return made


def _asset_after(m: Any, given: tuple[tuple[str, str, bool], list[Any]]) -> Any:
    (url, key, moving), calls = given
    asset = (AssetOfOurs(url, key, moving) if m is tidecord
             else discord.Asset(None, url=url, key=key, animated=moving))  # type: ignore[arg-type]
    try:
        for how, value, named in calls:
            asset = getattr(asset, how)(value) if how != "replace" else asset.replace(**named)
    except ValueError as error:
        # The refused format is named alike; discord.py lists the allowed ones as a set,
        # in no fixed order: only the size's words are compared whole.
        return str(error) if "size" in str(error) else "ValueError: format"
    return asset.url, repr(asset), asset.key, asset.is_animated()


def test_asset_urls_as_in_discord_py() -> None:
    # Found here: replace(format=...) kept "?size=" (discord.py drops it unless a size
    # is given); with_static_format dropped it (discord.py keeps it, as with_format);
    # a refused size said more than discord.py's words.
    assert differences(_asset_after, tidecord, discord, asset_chains(14, 1500)) == []


def _object_read(m: Any, given: tuple[Any, str | None]) -> Any:
    ident, kind = given
    made = m.Object(ident) if kind is None else m.Object(ident, type=getattr(m, kind, kind))
    # A class prints its module, which differs by library: its last name is compared.
    shown = re.sub(r"<class '[\w.]+\.(\w+)'>", r"<class \1>", repr(made))
    return (made.id, shown, made.created_at, made == m.Object(ident), made != m.Object(7),
            re.sub(r"<class '[\w.]+\.(\w+)'>", r"<class \1>",
                   repr(m.AllowedMentions(users=[made], roles=False))))


def test_objects_as_in_discord_py() -> None:
    # Found here: an Object printed "type=Object" (discord.py prints the type's repr,
    # "type=<class '...Object'>"), and one of a type that is no class raised in repr().
    given = [(ident, kind) for ident in (1, "5", 5.0, -1, 2**64, " 5", "5a", None, b"5")
             for kind in (None, "User", "Member", 5)]
    assert differences(_object_read, tidecord, discord, given) == []


async def test_sleep_until_reads_a_naive_time_as_local_as_discord_py(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Found here: a naive time was read as UTC; discord.py reads it as local time. Five
    # hours east of UTC, an hour after now in UTC figures is four hours ago locally.
    monkeypatch.setenv("TZ", "Etc/GMT-5")
    time.tzset()
    try:
        naive = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).replace(
            tzinfo=None)
        for utils in (theirs_utils, ours_utils):
            assert await asyncio.wait_for(utils.sleep_until(naive, "woke"), 5) == "woke"
    finally:
        monkeypatch.undo()
        time.tzset()


def intent_settings(seed: int, count: int) -> list[dict[str, bool]]:
    """Keyword settings of a few intents (or member cache flags), each on or off."""
    rng = random.Random(seed)
    names = [*discord.Intents.VALID_FLAGS, *discord.MemberCacheFlags.VALID_FLAGS]
    return [{name: rng.random() < 0.5 for name in rng.sample(names, rng.randint(0, 5))}
            for _ in range(count)]


def _caches(m: Any, named: dict[str, bool]) -> Any:
    intents = {k: v for k, v in named.items() if k in m.Intents.VALID_FLAGS}
    kept = {k: v for k, v in named.items() if k in ("voice", "joined")}
    made = m.MemberCacheFlags(**kept)
    return (m.Intents(**intents).value, made.value, list(made), repr(made),
            list(m.MemberCacheFlags.from_intents(m.Intents(**intents))))


def test_intents_and_member_cache_flags_as_in_discord_py() -> None:
    # Found here: MemberCacheFlags() started from nothing; discord.py's starts from
    # every flag, so MemberCacheFlags(joined=False) still keeps voice members.
    assert differences(_caches, tidecord, discord, intent_settings(16, 600)) == []


def test_activity_links_and_status_display_type_as_in_discord_py() -> None:
    # Found here: discord.StatusDisplayType was missing (AttributeError), and an
    # Activity had no state_url, details_url or status_display_type.
    given: list[dict[str, Any]] = [
        {"name": "x", "type": 3},
        {"name": "x", "type": 0, "state": "s", "state_url": "https://e.com/s",
         "details": "d", "details_url": "https://e.com/d", "status_display_type": 1},
        {"name": "x", "type": 2, "status_display_type": 2},
        {"name": "x", "type": 2, "status_display_type": 9},
    ]

    def read(m: Any, data: dict[str, Any]) -> Any:
        made = m.Activity(**data)
        sent = made.to_dict()
        return (made.state_url, made.details_url, repr(made.status_display_type),
                str(made.status_display_type), {key: sent.get(key) for key in (
                    "state_url", "details_url", "status_display_type")},
                [(kind.name, kind.value) for kind in m.StatusDisplayType])

    assert differences(read, tidecord, discord, given) == []
    assert differences(lambda m, kind: repr(m.Activity(
        name="x", status_display_type=getattr(m.StatusDisplayType, kind)).status_display_type),
        tidecord, discord, ["name", "state", "details"]) == []


def test_unfurled_media_read_back_as_in_discord_py() -> None:
    # Found here: discord.MediaItemLoadingState was missing, and media read back from a
    # message had no loading_state, placeholder, attachment_id or flags.
    from discord.components import UnfurledMediaItem as Theirs

    from tidecord.models import convert
    from tidecord.models.component import UnfurledMedia

    given = [{"url": "https://e.com/a.png"},
             {"url": "attachment://a.png", "proxy_url": "p", "width": 3, "height": 4,
              "content_type": "image/png", "placeholder": "ph", "loading_state": 2,
              "attachment_id": "123", "flags": 8},
             {"url": "u", "loading_state": 9}]

    def read(item: Any) -> Any:
        return (item.url, item.proxy_url, item.width, item.height, item.content_type,
                item.placeholder, repr(item.loading_state), item.attachment_id,
                item.flags.value, repr(item))

    for data in given:
        reference = read(Theirs._from_data(data, None))  # type: ignore[arg-type]
        assert read(tidecord.UnfurledMediaItem.from_data(data)) == reference
        assert read(tidecord.UnfurledMediaItem.from_data(convert(data, UnfurledMedia))) == \
            reference
    assert [(kind.name, kind.value) for kind in tidecord.MediaItemLoadingState] == \
        [(kind.name, kind.value) for kind in discord.MediaItemLoadingState]
