"""Webhooks used as programs use them, on tidecord and on discord.py 2.7.1, each on a fresh
sandbox: sends (content, embeds, files, polls, views, username and avatar overrides,
``wait``), edits and deletes, threads and forum posts (``thread_name``,
``applied_tags``), wrong input and Discord's limits, webhooks known by URL only, and
``SyncWebhook`` in a thread. For each step the two libraries must return the same thing
(or raise the same error: class, status, code), send the same requests, and leave the
sandbox holding the same messages."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import datetime
import io
import json
import random
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .parity import LIBRARIES, quick_limits, running

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

SEED = 20261204
GENERATED = 14  # seeded sends per run


def world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_webhooks", "manage_messages", "manage_channels",
                                "manage_threads", "create_public_threads",
                                "send_messages_in_threads", "attach_files", "embed_links"],
            "channels": [{"name": "general"}, {"name": "posts", "type": 15}],
            "members": ["alice"],
        }],
    })


def plain_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    bot.clicks = []  # what the views' buttons heard
    return bot


class Env:
    """What the steps share: the library, the bot, the sandbox and the webhooks made."""

    def __init__(self, discord: Any, bot: Any, sb: Sandbox) -> None:
        self.discord, self.bot, self.sb = discord, bot, sb
        self.hook: Any = None
        self.forum_hook: Any = None
        self.thread: Any = None
        self.messages: dict[str, Any] = {}
        self.session: Any = None
        self.tags: Any = None


def said(value: Any) -> str:
    """A step's answer as text with no ids in it (ids differ between the two runs)."""
    if isinstance(value, str) and "\n" in value:
        return value  # a step's several answers, one a line
    if value is None or isinstance(value, (str, int, bool)):
        return repr(value)
    if hasattr(value, "author") and hasattr(value, "content"):
        m = value
        channel = getattr(m, "channel", "<no channel attribute>")
        kinds = [kind for kind in _KINDS if isinstance(channel, getattr(LIBRARY[0], kind))]
        buttons = [c.label for row in m.components for c in getattr(row, "children", ())]
        return (f"{type(m).__name__} {m.content!r} by {m.author.name!r} (str {str(m.author)!r},"
                f" bot {m.author.bot}, display {m.author.display_name!r}) webhook_id set "
                f"{m.webhook_id is not None}, in {kinds} "
                f"{getattr(channel, 'name', None)!r}, embeds "
                f"{[e.title for e in m.embeds]}, files {[a.filename for a in m.attachments]}, "
                f"flags {m.flags.value}, poll {m.poll.question if m.poll else None!r}, "
                f"buttons {buttons}")
    return type(value).__name__


_KINDS = ("TextChannel", "Thread", "ForumChannel", "PartialMessageable", "DMChannel")
LIBRARY: list[Any] = []  # the library of the run at hand


def failed(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    if status is not None:
        return f"raised {type(exc).__name__} {status} {getattr(exc, 'code', None)}"
    return f"raised {type(exc).__name__}"


Step = Callable[[Env], Awaitable[Any]]


def embed(env: Env, title: str) -> Any:
    return env.discord.Embed(title=title, description="a description")


def file(env: Env, name: str, size: int = 12) -> Any:
    return env.discord.File(io.BytesIO(b"x" * size), filename=name)


def link_view(env: Env) -> Any:
    view = env.discord.ui.View()
    view.add_item(env.discord.ui.Button(label="docs", url="https://example.com/docs"))
    return view


def button_view(env: Env, label: str) -> Any:
    discord, bot = env.discord, env.bot

    class Ask(discord.ui.View):
        @discord.ui.button(label=label, custom_id=f"ask-{label}")
        async def ask(self, interaction: Any, button: Any) -> None:
            bot.clicks.append(label)
            await interaction.response.send_message(f"heard {label}", ephemeral=True)

    return Ask(timeout=None)


# -- the fixed steps -----------------------------------------------------------------

async def make_hooks(env: Env) -> Any:
    guild = env.bot.guilds[0]
    general = env.discord.utils.get(guild.text_channels, name="general")
    forum = env.discord.utils.get(guild.forums, name="posts")
    forum = await forum.edit(available_tags=[env.discord.ForumTag(name="bug"),
                                             env.discord.ForumTag(name="idea")])
    env.hook = await general.create_webhook(name="Relay")
    env.forum_hook = await forum.create_webhook(name="Poster")
    env.tags = forum.available_tags
    env.thread = await (await general.send("a thread starts here")).create_thread(name="side")
    return (f"{env.hook.type.name} {env.hook.is_partial()} {env.hook.is_authenticated()} "
            f"{env.forum_hook.channel_id == forum.id}")


async def plain(env: Env) -> Any:
    env.messages["plain"] = await env.hook.send("hello there", wait=True)
    return env.messages["plain"]


async def no_wait(env: Env) -> Any:
    return await env.hook.send("fire and forget")


async def dressed(env: Env) -> Any:
    return await env.hook.send("as someone else", username="Someone",
                               avatar_url="https://example.com/a.png", wait=True)


async def with_embeds_and_files(env: Env) -> Any:
    env.messages["filed"] = await env.hook.send(
        "look", embeds=[embed(env, "one"), embed(env, "two")],
        files=[file(env, "a.txt"), file(env, "b.txt", 30)], wait=True)
    return env.messages["filed"]


async def with_poll(env: Env) -> Any:
    poll = env.discord.Poll("Tea or coffee?", duration=datetime.timedelta(hours=1))
    poll.add_answer(text="tea")
    poll.add_answer(text="coffee")
    return await env.hook.send(poll=poll, wait=True)


async def with_link_view(env: Env) -> Any:
    return await env.hook.send("read more", view=link_view(env), wait=True)


async def with_button_view(env: Env) -> Any:
    env.messages["asked"] = await env.hook.send("ask me", view=button_view(env, "send"),
                                                wait=True)
    return env.messages["asked"]


async def click_sent(env: Env) -> Any:
    return await click(env, env.messages["asked"], "ask-send")


async def edit_with_view(env: Env) -> Any:
    env.messages["edited-view"] = await env.hook.edit_message(
        env.messages["plain"].id, content="now with a button", view=button_view(env, "edit"))
    return env.messages["edited-view"]


async def click_edited(env: Env) -> Any:
    return await click(env, env.messages["plain"], "ask-edit")


async def click(env: Env, message: Any, custom_id: str) -> Any:
    before = len(env.bot.clicks)
    record = await env.sb.click_button("alice", message.id, custom_id)
    try:
        async with asyncio.timeout(5):
            while not record.acknowledged:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    except TimeoutError:
        return "This interaction failed (no answer)"
    return f"answered {record.response_type}; heard {env.bot.clicks[before:]}"


async def ephemeral(env: Env) -> Any:
    return await env.hook.send("only you", ephemeral=True, wait=True)


async def thread_and_name(env: Env) -> Any:
    return await env.hook.send("both", thread=env.thread, thread_name="x", wait=True)


async def thread_name_in_text(env: Env) -> Any:
    return await env.hook.send("named", thread_name="not a forum", wait=True)


async def in_thread(env: Env) -> Any:
    env.messages["threaded"] = await env.hook.send("in the thread", thread=env.thread,
                                                   wait=True)
    return env.messages["threaded"]


async def edit_in_thread(env: Env) -> Any:
    return await env.messages["threaded"].edit(content="edited in the thread")


async def fetch_in_thread(env: Env) -> Any:
    return await env.hook.fetch_message(env.messages["threaded"].id, thread=env.thread)


async def fetch_outside_thread(env: Env) -> Any:
    return await env.hook.fetch_message(env.messages["threaded"].id)


async def delete_in_thread(env: Env) -> Any:
    await env.messages["threaded"].delete()
    return await env.hook.fetch_message(env.messages["threaded"].id, thread=env.thread)


async def forum_post(env: Env) -> Any:
    message = await env.forum_hook.send("a post", thread_name="First post",
                                        applied_tags=[env.tags[1]], wait=True)
    thread = env.sb.state.channel(message.channel.id)
    return f"{said(message)}; thread {thread.name!r} tags {len(thread.applied_tag_ids or [])}"


async def forum_without_name(env: Env) -> Any:
    return await env.forum_hook.send("nameless", wait=True)


async def empty(env: Env) -> Any:
    return await env.hook.send(wait=True)


async def too_long(env: Env) -> Any:
    return await env.hook.send("x" * 2001, wait=True)


async def too_many_embeds(env: Env) -> Any:
    return await env.hook.send(embeds=[embed(env, str(i)) for i in range(11)], wait=True)


async def bad_username(env: Env) -> Any:
    return await env.hook.send("hi", username="clyde", wait=True)


async def edit_positional(env: Env) -> Any:
    return await env.messages["filed"].edit("positional")


async def edit_keeps_files(env: Env) -> Any:
    message = env.messages["filed"]
    return await message.edit(content="one file left", attachments=message.attachments[:1])


async def delete_twice(env: Env) -> Any:
    message = env.messages["filed"]
    await env.hook.delete_message(message.id)
    return await env.hook.delete_message(message.id)


async def unknown_message(env: Env) -> Any:
    return await env.hook.fetch_message(12345678901234567)


async def by_url(env: Env) -> Any:
    env.session = aiohttp.ClientSession()
    bare = env.discord.Webhook.from_url(env.hook.url, session=env.session)
    message = await bare.send("from outside", wait=True)
    again = await bare.fetch_message(message.id)
    return (f"{bare.is_partial()} {bare.is_authenticated()} {bare.type.name}; "
            f"{said(message)}; {said(again)}")


async def by_url_with_button(env: Env) -> Any:
    bare = env.discord.Webhook.from_url(env.hook.url, session=env.session)
    return await bare.send("click", view=button_view(env, "bare"), wait=True)


async def by_url_ephemeral(env: Env) -> Any:
    bare = env.discord.Webhook.from_url(env.hook.url, session=env.session)
    return await bare.send("secret", ephemeral=True, wait=True)


async def partial_with_client(env: Env) -> Any:
    hook = env.discord.Webhook.partial(env.hook.id, env.hook.token, client=env.bot)
    message = await hook.send("partial with the client", wait=True)
    # discord.py's message has a PartialMessageable of the id (the partial webhook knows
    # no channel); tidecord's the cached channel itself: the id is what both share.
    return (f"{hook.is_authenticated()}; {message.content!r} in the webhook's channel "
            f"{message.channel.id == env.hook.channel_id}")


async def empty_token(env: Env) -> Any:
    hook = env.discord.Webhook.partial(env.hook.id, "", session=env.session)
    return await hook.send("no token", wait=True)


async def wrong_token(env: Env) -> Any:
    hook = env.discord.Webhook.partial(env.hook.id, "a" * 68, session=env.session)
    return await hook.send("wrong token", wait=True)


async def bad_url(env: Env) -> Any:
    return env.discord.Webhook.from_url("https://example.com/not/a/webhook",
                                        session=env.session)


async def sync_webhook(env: Env) -> Any:
    discord, url, thread = env.discord, env.hook.url, env.thread

    def blocking() -> str:
        hook = discord.SyncWebhook.from_url(url)
        nothing = hook.send("sync quietly")
        sent = hook.send("sync", username="Cron", wait=True)
        edited = sent.edit(content="sync edited")
        try:
            hook.send("y" * 2001)
        except discord.HTTPException as exc:
            refused = failed(exc)
        sent.delete()
        try:
            hook.fetch_message(sent.id)
        except discord.NotFound as exc:
            gone = failed(exc)
        wrong = []
        for options in ({"ephemeral": True}, {"thread": thread, "thread_name": "x"},
                        {"thread_name": "not a forum"}):
            try:
                hook.send("wrong", wait=True, **options)
            except Exception as exc:  # the error is the answer
                wrong.append(failed(exc))
        threaded = hook.send("sync in the thread", thread=thread, wait=True)
        again = threaded.edit(content="sync edited in the thread")
        try:
            threaded.edit("positional")
        except TypeError:
            wrong.append("positional edit: TypeError")
        threaded.delete()
        return (f"{nothing!r}; {said(sent)}; {said(edited)}; {refused}; {gone}; {wrong}; "
                f"{said(again)}")

    return await asyncio.to_thread(blocking)


async def followups(env: Env) -> Any:
    """An interaction's webhook: follow-ups sent, read, edited and deleted, the first
    answer edited, and the keywords a webhook's send takes."""
    discord, thread = env.discord, env.thread
    notes: list[str] = []
    done = asyncio.Event()

    def seen(message: Any) -> str:
        # discord.py's followup is a partial webhook: its messages have a
        # PartialMessageable of the channel's id; tidecord's the cached channel itself.
        if message is None:
            return said(message)
        where = f"in the clicked channel {message.channel.id == env.hook.channel_id}"
        return _WHERE.sub(where, said(message))

    async def attempt(call: Any) -> None:
        try:
            notes.append(seen(await call()))
        except Exception as exc:  # the error is the answer
            notes.append(failed(exc))

    class Panel(discord.ui.View):
        @discord.ui.button(label="panel", custom_id="panel")
        async def go(self, interaction: Any, button: Any) -> None:
            try:
                await interaction.response.send_message("thinking")
                original = await interaction.original_response()
                await attempt(lambda: original.edit("positional"))
                await attempt(lambda: original.edit(content="thought about it"))
                follow = interaction.followup
                sent = await follow.send("follow", wait=True)
                notes.append(seen(sent))
                await attempt(lambda: follow.fetch_message(sent.id))
                await attempt(lambda: follow.edit_message(sent.id, content="followed"))
                await attempt(lambda: sent.edit(content="followed again"))
                await attempt(lambda: follow.delete_message(sent.id))
                await attempt(lambda: follow.fetch_message(sent.id))
                await attempt(lambda: follow.send("both", thread=thread, thread_name="x"))
                await attempt(lambda: follow.send("named", thread_name="a name", applied_tags=[],
                                          username="Someone"))
                await attempt(lambda: follow.send("secret", ephemeral=True))
                await attempt(lambda: follow.send("in a thread", thread=thread))
                await attempt(lambda: follow.send("nameless", username="", avatar_url=""))
                await attempt(lambda: follow.send("", embeds=[]))
                await attempt(lambda: follow.edit_message(12345678901234567, content="x"))
                await attempt(lambda: follow.send("no wait", wait=False))
            except Exception as exc:  # the error is the answer
                notes.append(f"stopped: {failed(exc)} {exc}")
            finally:
                done.set()

    message = await env.hook.send("panel", view=Panel(timeout=None), wait=True)
    await env.sb.click_button("alice", message.id, "panel")
    async with asyncio.timeout(10):
        await done.wait()
    return "\n".join(notes)  # one answer line each


async def odd_content(env: Env) -> Any:
    return await env.hook.send(12345, tts=True, silent=True, suppress_embeds=True, wait=True)


async def too_many_files(env: Env) -> Any:
    return await env.hook.send("files", files=[file(env, f"{i}.txt") for i in range(11)],
                               wait=True)


async def embeds_too_long(env: Env) -> Any:
    big = [env.discord.Embed(title="t", description="d" * 3500) for _ in range(2)]
    return await env.hook.send(embeds=big, wait=True)


async def mentions(env: Env) -> Any:
    alice = env.bot.guilds[0].get_member_named("alice") or env.sb.state.user("alice")
    message = await env.hook.send(f"hi <@{alice.id}> @everyone", wait=True,
                                  allowed_mentions=env.discord.AllowedMentions(users=False))
    return f"{said(message)} mentions {len(message.mentions)} everyone " \
        f"{message.mention_everyone}"


async def files_added_and_removed(env: Env) -> Any:
    message = await env.hook.send("with a file", file=file(env, "one.txt"), wait=True)
    more = await message.add_files(file(env, "two.txt"))
    fewer = await more.remove_attachments(more.attachments[0])
    return f"{said(more)}; {said(fewer)}"


async def layout_view(env: Env) -> Any:
    discord = env.discord
    view = discord.ui.LayoutView()
    view.add_item(discord.ui.TextDisplay("laid out"))
    message = await env.hook.send(view=view, wait=True)
    return f"{said(message)} flags {message.flags.value} components {len(message.components)}"


async def manage_by_token(env: Env) -> Any:
    bare = env.discord.Webhook.partial(env.hook.id, env.hook.token, session=env.session)
    fetched = await bare.fetch()
    renamed = await bare.edit(name="Renamed")
    moved = None
    try:
        await bare.edit(channel=env.thread)
    except Exception as exc:  # the error is the answer
        moved = failed(exc)
    return (f"{fetched.name} {fetched.is_partial()} {fetched.user}; {renamed.name} "
            f"{renamed.channel_id == env.hook.channel_id}; {moved}")


async def mixed_keywords(env: Env) -> Any:
    answers = []
    for options in ({"file": file(env, "a.txt"), "files": [file(env, "b.txt")]},
                    {"embed": embed(env, "a"), "embeds": [embed(env, "b")]},
                    {"view": "not a view"}):
        try:
            answers.append(said(await env.hook.send("mixed", wait=True, **options)))
        except Exception as exc:  # the error is the answer
            answers.append(failed(exc))
    return "\n".join(answers)


async def by_url_with_link(env: Env) -> Any:
    bare = env.discord.Webhook.from_url(env.hook.url, session=env.session)
    sent = await bare.send("a link", view=link_view(env), wait=True)
    edited = await bare.edit_message(sent.id, content="a link, edited", view=link_view(env))
    try:
        await sent.edit(view=button_view(env, "late"))
    except ValueError:
        refused = "ValueError"
    return f"{said(sent)}\n{said(edited)}\n{refused}"


async def button_without_wait(env: Env) -> Any:
    await env.hook.send("no wait, a button", view=button_view(env, "nowait"))
    [message] = [m for m in env.sb.state.messages[env.hook.channel_id].values()
                 if m.content == "no wait, a button"]
    return await click(env, message, "ask-nowait")


FIXED: list[Step] = [
    make_hooks, plain, no_wait, dressed, with_embeds_and_files, with_poll, with_link_view,
    with_button_view, click_sent, edit_with_view, click_edited, ephemeral, thread_and_name,
    thread_name_in_text, in_thread, edit_in_thread, fetch_in_thread, fetch_outside_thread,
    delete_in_thread, forum_post, forum_without_name, empty, too_long, too_many_embeds,
    bad_username, edit_positional, edit_keeps_files, delete_twice, unknown_message, by_url,
    by_url_with_button, by_url_ephemeral, partial_with_client, empty_token, wrong_token,
    bad_url, sync_webhook, followups, odd_content, too_many_files, embeds_too_long,
    mentions, files_added_and_removed, layout_view, manage_by_token, mixed_keywords,
    by_url_with_link, button_without_wait,
]


def generated(seed: int) -> list[Step]:
    """Seeded sends: a mix of what a send may carry, each followed by an edit."""
    rng = random.Random(seed)
    steps: list[Step] = []
    for n in range(GENERATED):
        content = rng.choice([None, "", "short", "é" * rng.randint(1, 2000),
                              "x" * rng.choice([1999, 2000, 2001])])
        options: dict[str, Any] = {}
        if rng.random() < 0.4:
            options["username"] = rng.choice(["Ann", "B" * 80, "B" * 81, "discord helper", ""])
        if rng.random() < 0.2:
            options["avatar_url"] = rng.choice(["", "https://example.com/b.png", "nope"])
        if rng.random() < 0.3:
            options["embeds"] = rng.randint(0, 11)
        if rng.random() < 0.3:
            options["files"] = rng.randint(1, 3)
        if rng.random() < 0.2:
            options["silent"] = True
        if rng.random() < 0.2:
            options["suppress_embeds"] = True
        if rng.random() < 0.2:
            options["thread"] = True
        if rng.random() < 0.1:
            options["ephemeral"] = True
        if rng.random() < 0.2:
            options["view"] = rng.choice(["link", "button"])
        forum = rng.random() < 0.25
        if forum or rng.random() < 0.1:
            options["thread_name"] = rng.choice(["", "a post", "p" * 101])
            options["applied_tags"] = rng.randint(0, 2)
        wait = rng.random() < 0.8
        edit = rng.choice([None, "edited", "", "z" * 2001, "view"])

        async def step(env: Env, content: Any = content, options: dict[str, Any] = options,
                       wait: bool = wait, edit: Any = edit, forum: bool = forum) -> Any:
            kwargs = dict(options)
            if "embeds" in kwargs:
                kwargs["embeds"] = [embed(env, f"e{i}") for i in range(kwargs["embeds"])]
            if "files" in kwargs:
                kwargs["files"] = [file(env, f"f{i}.txt") for i in range(kwargs["files"])]
            if kwargs.pop("thread", False):
                kwargs["thread"] = env.thread
            if "view" in kwargs:
                kwargs["view"] = link_view(env) if kwargs["view"] == "link" else \
                    button_view(env, "generated")
            if "applied_tags" in kwargs:
                kwargs["applied_tags"] = env.tags[:kwargs["applied_tags"]]
            hook = env.forum_hook if forum else env.hook
            sent = await hook.send(content, wait=wait, **kwargs)
            if sent is None or edit is None:
                return sent
            change = {"view": link_view(env)} if edit == "view" else {"content": edit}
            if forum:
                # discord.py's message forgets the post it made, so its own edit is told
                # 10008 (a discord.py bug: test_a_forum_posts_message_edits_itself checks
                # tidecord's); the webhook's edit_message names the post on both. The
                # post's channel is a Thread or a PartialMessageable by how soon its
                # THREAD_CREATE comes: the id is what both share.
                post = sent.channel
                change["thread"] = post
                seen = _WHERE.sub(f"in the post {post.id != env.forum_hook.channel_id}",
                                  said(sent))
            else:
                seen = said(sent)
            try:
                edited = await (hook.edit_message(sent.id, **change) if forum
                                else sent.edit(**change))
            except Exception as exc:  # told apart in the answer
                return f"{seen} then {failed(exc)}"
            return f"{seen} then {said(edited) if not forum else edited.content!r}"

        step.__name__ = f"generated_{n}"
        steps.append(step)
    return steps


_ID = re.compile(r"\d{15,21}")
_WHERE = re.compile(r"in \[[^\]]*\] \S+")


def query(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """A request's query as meant: booleans as booleans (``1`` and ``true`` alike), no id,
    ``with_components`` only when asked for (false is Discord's default)."""
    meant: dict[str, Any] = {}
    for key, value in pairs:
        meant[key] = value in ("1", "true") if key in ("wait", "with_components") else \
            _ID.sub("<id>", value)
    if meant.get("with_components") is False:
        del meant["with_components"]
    return meant


def body(value: Any) -> str:
    """A JSON body as meant: keys sorted, ids as ``<id>`` (sent as numbers or strings),
    the defaults one library sends and the other leaves out dropped (``tts: false``, an
    embed's ``flags: 0``), an attachment kept by its id alone (discord.py sends it
    whole, Discord reads the id)."""
    def meant(item: Any, key: str = "") -> Any:
        if isinstance(item, dict):
            if key == "attachments" and ("url" in item or set(item) == {"id"}):
                return meant(item["id"])
            out = {k: meant(v, k) for k, v in item.items()}
            if out.get("tts") is False:
                del out["tts"]
            if key == "embeds" and out.get("flags") == 0:
                del out["flags"]
            return out
        if isinstance(item, list):
            return [meant(v, key) for v in item]
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, (int, str)) and _ID.fullmatch(str(item)):
            return "<id>"
        return item
    return _ID.sub("<id>", json.dumps(meant(value), sort_keys=True,
                                      default=repr, ensure_ascii=False))[:400]


async def run(library: str, sandbox_factory: Any, steps: list[Step],
              monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    sb = await sandbox_factory(world=world(), rate_limits=quick_limits())
    # Where tidecord's webhooks made from an id or URL go, as `tidecord run` sets it
    # (discord.py's go where its Route.BASE says, which the harness points at the sandbox).
    monkeypatch.setenv("TIDECORD_API_URL", sb.api_url)
    answers: list[str] = []
    async with running(library, sb, plain_bot) as bot:
        import discord as dpy

        import tidecord
        env = Env(tidecord if library == "tidecord" else dpy, bot, sb)
        LIBRARY[:] = [env.discord]
        recorder = sb.record_requests()
        try:
            for step in steps:
                try:
                    answer = said(await step(env))
                except Exception as exc:  # the error is the answer
                    answer = failed(exc)
                answers.extend(f"{step.__name__}: {line}" for line in answer.split("\n"))
        finally:
            if env.session is not None:
                await env.session.close()
        recorder.stop()
    requests = [f"{r.method} {r.route} {query(r.query)} {r.status} {body(r.json)}"
                for r in recorder.records if "webhook" in r.route]
    state = []
    for channel_id, messages in sorted(sb.state.messages.items()):
        name = sb.state.channel(channel_id).name
        for m in messages.values():
            state.append(f"#{name} {m.author.username}: {m.content!r} "
                         f"{len(m.embeds or [])} embeds {len(m.attachments or [])} files "
                         f"{len(m.components or [])} rows flags {m.flags_value}")
    return {"answers": answers, "requests": requests, "state": state}


async def compare(sandbox_factory: Any, steps: list[Step],
                  monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    runs = {library: await run(library, sandbox_factory, steps, monkeypatch)
            for library in LIBRARIES}
    ours, theirs = runs["tidecord"], runs["discord.py"]
    for key in ("answers", "requests", "state"):
        differ = [f"tidecord:   {a}\ndiscord.py: {b}"
                  for a, b in zip(ours[key], theirs[key], strict=False) if a != b]
        assert not differ and len(ours[key]) == len(theirs[key]), \
            f"{key} differ:\n" + "\n".join(differ)
    return ours


async def test_webhook_steps_behave_as_in_discord_py(sandbox_factory: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ours = await compare(sandbox_factory, FIXED, monkeypatch)
    text = "\n".join(ours["answers"])
    for expected in (
            "(str 'Relay#0000', bot True",  # a webhook's author prints as discord.py's
            "ephemeral: raised ValueError",  # a channel webhook posts for everyone
            "by_url_ephemeral: raised ValueError",
            "thread_and_name: raised TypeError",
            "heard ['edit']",  # edit_message(view=...) hears its buttons
            "thread 'First post' tags 1",  # applied_tags reach the post
            "edit_positional: raised TypeError",  # content is a keyword, as discord.py's
            "by_url: \"True False incoming; WebhookMessage 'from outside' by 'Relay' "
            "(str 'Relay#0000', bot True, display 'Relay') webhook_id set True, in "
            "['PartialMessageable']",  # a message from a webhook no client holds
            "by_url_with_button: raised ValueError",
            # the first answer's edit takes content as a keyword only
            "followups: raised TypeError\nfollowups: InteractionMessage 'thought about it'",
            # followup.send takes thread_name and applied_tags, as a webhook's send
            "followups: WebhookMessage 'named' by 'SandboxBot'"):
        assert expected in text, expected


@pytest.mark.parametrize("seed", [SEED + i for i in range(8)])
async def test_generated_sends_behave_as_in_discord_py(sandbox_factory: Any, seed: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    steps = [make_hooks, *generated(seed)]
    await compare(sandbox_factory, steps, monkeypatch)


async def test_a_forum_posts_message_edits_itself(sandbox_factory: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # tidecord alone: discord.py 2.7.1's WebhookMessage forgets the post a thread_name
    # made, so its edit and delete go to the forum and Discord answers 10008.
    sb = await sandbox_factory(world=world(), rate_limits=quick_limits())
    async with running("tidecord", sb, plain_bot) as bot:
        import tidecord
        LIBRARY[:] = [tidecord]
        env = Env(tidecord, bot, sb)
        await make_hooks(env)
        sent = await env.forum_hook.send("first words", thread_name="A post",
                                         applied_tags=env.tags[:1], wait=True)
        edited = await sent.edit(content="second words")
        again = await env.forum_hook.fetch_message(sent.id, thread=sent.channel)
        assert (edited.content, again.content) == ("second words", "second words")
        await edited.delete()
        assert sent.id not in sb.state.messages.get(sent.channel.id, {})
