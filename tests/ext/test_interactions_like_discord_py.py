"""What a bot does with an interaction, in seeded, generated orders, against discord.py 2.7.1.

The hand-written lifecycle sweeps (test_parity_interaction_lifecycle and its
neighbours) check the orders someone thought of; here a seeded generator writes
what a slash command, a context menu, a button, a select, a modal's submission and
an autocomplete do with their interaction: a first answer of every kind (a message,
ephemeral or not, with an embed, a file, a view, allowed mentions, silent, a poll,
``delete_after``; a deferral, thinking or not; an update; a modal; a pong; choices;
an activity), follow-ups, the original answer fetched, edited and deleted, follow-ups
edited and deleted, and wrong orders among them (a second answer, a follow-up before
any answer, a modal after a deferral, answering after Discord's 3 seconds or with the
token 15 minutes old, by the sandbox's clock). The same bot runs on both libraries;
what each call returned or raised, what ``response`` said afterwards, and what people
were shown (each answer, its flags, the "thinking" placeholder, edits) must match.
"""

# No "from __future__ import annotations": the bot's annotations name its locals.

import asyncio
import contextlib
import datetime
import io
import logging
import random
import re
import types
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from tidecord.models import walk_components
from tidecord.sandbox import Sandbox, StateError
from tidecord.sandbox.rest.recorder import MOST_KEPT

from ..proof.harness import READING_PAUSE, components
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

# -- what a handler may do with its interaction -------------------------------------

FIRST = ["send", "send:ephemeral", "send:embed", "send:file", "send:view", "send:mentions",
         "send:silent", "send:poll", "send:delete_after", "send:suppress", "send:long",
         "send:two_embeds", "send:tts", "send:hidden_view", "send:files", "send:empty",
         "send:layout", "send:number", "modal:empty",
         "defer", "defer:ephemeral", "defer:thinking", "defer:thinking+ephemeral",
         "edit_message", "edit_message:view_none", "edit_message:delete_after",
         "edit_message:file", "edit_message:embed", "edit_message:layout",
         "modal", "pong", "autocomplete", "activity"]
LATER = ["followup", "followup:ephemeral", "followup:view", "followup:file",
         "followup:empty", "followup:silent", "followup:embed", "followup:poll",
         "followup:long", "followup:hidden_view", "followup:layout", "edit_original",
         "edit_original:view_none", "edit_original:layout", "edit_last:view",
         "edit_original:embed_none", "edit_original:no_files", "edit_original:file",
         "delete_original", "original", "original_edit", "original_delete", "fetch_original",
         "resource_edit", "message_edit", "edit_last", "delete_last", "delete_last_later",
         "state"]
CLOCK = ["late", "expire"]
# A hybrid command's steps through its Context (each may answer or follow up).
CONTEXT = ["ctx_send", "ctx_send:ephemeral", "ctx_send:view", "ctx_send:delete_after",
           "ctx_send:embed", "ctx_send:file", "ctx_reply", "ctx_reply:ephemeral", "ctx_defer",
           "ctx_defer:ephemeral", "ctx_typing", "ctx_typing:ephemeral"]


def plan_of(rng: random.Random, hybrid: bool = False) -> list[str]:
    """A handler's actions: mostly a first answer then later calls, with some of any
    order (a second answer, a follow-up first) and the clock moved now and then."""
    first = CONTEXT if hybrid else FIRST
    later = CONTEXT + LATER if hybrid else LATER
    steps: list[str] = []
    if rng.random() < 0.1:
        steps.append(rng.choice(CLOCK))
    if rng.random() < 0.85:
        steps.append(rng.choice(first))
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.15:
            steps.append(rng.choice(first))
        elif roll < 0.22:
            steps.append(rng.choice(CLOCK))
        else:
            steps.append(rng.choice(later))
    if rng.random() < 0.2:
        steps.insert(0, rng.choice(LATER))
    return steps or ["state"]


def failed(error: BaseException) -> str:
    """An exception as a bot would tell it: its class, and Discord's status and code."""
    if hasattr(error, "status"):
        text = str(getattr(error, "text", "")).splitlines()[0:1]
        return f"{type(error).__name__} {error.status} {error.code} {text}"
    return f"{type(error).__name__}: {error}"


def shown(got: Any) -> str:
    """What a call returned, as comparable text."""
    if got is None:
        return "None"
    name = type(got).__name__
    if name == "InteractionCallbackResponse":
        message = got.resource
        same = message is None or got.message_id == message.id
        return (f"{name} {got.type.name}={int(got.type.value)} thinking={got.is_thinking()} "
                f"ephemeral={got.is_ephemeral()} has_message={got.message_id is not None} "
                f"resource={type(message).__name__} same_id={same} "
                f"{described(message) if message is not None else ''}")
    if hasattr(got, "content") and hasattr(got, "flags"):
        return f"{name} {described(got)}"
    return name


def described(message: Any) -> str:
    """A message the bot got back: its content, flags, embeds, files and components,
    the message it refers to and whom it pings."""
    referenced = message.reference.resolved if message.reference else None
    return (f"{message.content!r} flags={int(message.flags.value)} "
            f"embeds={[e.title for e in message.embeds]} "
            f"files={[a.filename for a in message.attachments]} "
            f"rows={len(message.components)} poll={message.poll is not None} "
            f"refers_to={getattr(referenced, 'content', None)!r} "
            f"pings={sorted(u.name for u in message.mentions)}")


def plan_bot(discord: Any, commands: Any, sb: Sandbox) -> Any:
    """A bot whose handlers each take the next plan and carry it out, noting each step."""
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    bot.plans = []
    bot.notes = []
    # DELETE requests the handlers sent or set off to come (delete_after, delay=), so
    # that the test reads the chat once each has been answered, however slow the machine.
    bot.deletes = 0
    note = bot.notes.append

    class Form(ui.Modal, title="Form"):
        word: Any = ui.TextInput(label="Word", custom_id="word")

        async def on_submit(self, interaction: Any) -> None:
            await perform(interaction, "submit")

    class Panel(ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @ui.button(label="Go", custom_id="go")
        async def go(self, interaction: Any, button: Any) -> None:
            await perform(interaction, "go", self)

        @ui.select(custom_id="pick", placeholder="Pick",
                   options=[discord.SelectOption(label="one"),
                            discord.SelectOption(label="two")])
        async def pick(self, interaction: Any, select: Any) -> None:
            await perform(interaction, f"pick {select.values}", self)

        @ui.button(label="Form", custom_id="form")
        async def form(self, interaction: Any, button: Any) -> None:
            await interaction.response.send_modal(Form())
            note("form opened")

    class Later(ui.View):
        @ui.button(label="Later")
        async def later(self, interaction: Any, button: Any) -> None:
            await interaction.response.defer()

    class Empty(ui.Modal, title="Empty"):
        async def on_submit(self, interaction: Any) -> None:
            await interaction.response.defer()

    def layout() -> Any:
        made = ui.LayoutView(timeout=None)
        made.add_item(ui.Container(ui.TextDisplay("laid out")))
        return made

    def poll() -> Any:
        made = discord.Poll("Lunch?", datetime.timedelta(hours=1))
        made.add_answer(text="soup")
        made.add_answer(text="salad")
        return made

    def embed() -> Any:
        return discord.Embed(title="Card", description="words")

    def file() -> Any:
        return discord.File(io.BytesIO(b"hello"), filename="note.txt")

    async def act(run: Any, step: str) -> Any:
        interaction, view, last, last_answer = run.interaction, run.view, run.last, run.answer
        extra: list[str] = run.extra
        response, followup = interaction.response, interaction.followup
        kind, _, how = step.partition(":")
        if kind.startswith("ctx_"):
            return await by_context(run.ctx, kind, how, extra)
        if kind == "send":
            options: dict[str, Any] = {
                "ephemeral": {"ephemeral": True}, "embed": {"embed": embed()},
                "file": {"file": file()}, "view": {"view": Later(timeout=None)},
                "mentions": {"allowed_mentions": discord.AllowedMentions.none()},
                "silent": {"silent": True}, "poll": {"poll": poll()},
                "delete_after": {"delete_after": 0.05},
                "suppress": {"suppress_embeds": True}, "tts": {"tts": True},
                "two_embeds": {"embed": embed(), "embeds": [embed()]},
                "hidden_view": {"view": Later(timeout=None), "ephemeral": True},
                "files": {"files": [file(), file()]},
            }.get(how, {})
            text: Any = {"long": "x" * 2001, "empty": None, "number": 42, "layout": None}.get(
                how, f"answer <@{sb.user('bob').id}>")
            if how == "layout":
                options["view"] = layout()
            got = await response.send_message(text, **options)
            if how == "delete_after":
                bot.deletes += 1
            last_answer[:] = [got]
            if "view" in options:
                extra.append(f"view timeout={options['view'].timeout}")
            return got
        if kind == "defer":
            return await response.defer(ephemeral="ephemeral" in how, thinking="thinking" in how)
        if kind == "edit_message":
            if how == "view_none":
                return await response.edit_message(content="updated", view=None)
            if how == "delete_after":
                got = await response.edit_message(content="updated", delete_after=0.05)
                bot.deletes += 1
                return got
            if how == "file":
                return await response.edit_message(attachments=[file()])
            if how == "embed":
                return await response.edit_message(embed=embed())
            if how == "layout":
                return await response.edit_message(content=None, view=layout())
            got = await response.edit_message(content="updated", view=view)
            last_answer[:] = [got]
            return got
        if kind == "modal":
            return await response.send_modal(Empty() if how == "empty" else Form())
        if kind == "pong":
            return await response.pong()
        if kind == "autocomplete":
            return await response.autocomplete([discord.app_commands.Choice(name="a",
                                                                            value="a")])
        if kind == "activity":
            return await response.launch_activity()
        if kind == "followup":
            options = {"ephemeral": {"ephemeral": True}, "view": {"view": Later(timeout=None)},
                       "file": {"file": file()}, "silent": {"silent": True},
                       "embed": {"embed": embed()}, "poll": {"poll": poll()},
                       "hidden_view": {"view": Later(timeout=None), "ephemeral": True},
                       }.get(how, {})
            text = {"empty": None, "long": "y" * 2001, "layout": None}.get(how, "more")
            if how == "layout":
                options["view"] = layout()
            sent = await followup.send(text, **options)
            if "view" in options:
                extra.append(f"view timeout={options['view'].timeout}")
            last.append(sent)
            return sent
        if kind == "edit_original":
            if how == "view_none":
                return await interaction.edit_original_response(content="edited", view=None)
            if how == "embed_none":
                return await interaction.edit_original_response(embed=None)
            if how == "layout":
                return await interaction.edit_original_response(content=None, embed=None,
                                                                view=layout())
            if how == "no_files":
                return await interaction.edit_original_response(attachments=[])
            if how == "file":
                return await interaction.edit_original_response(attachments=[file()])
            return await interaction.edit_original_response(content="edited")
        if kind == "original_edit":
            return await (await interaction.original_response()).edit(content="via original")
        if kind == "original_delete":
            original = await interaction.original_response()
            bot.deletes += 1
            return await original.delete()
        if kind == "resource_edit":
            resource = last_answer[0].resource if last_answer and last_answer[0] else None
            if resource is None:
                return "no resource"
            return await resource.edit(content="via resource")
        if kind == "message_edit":
            if interaction.message is None:
                return "no message"
            return await interaction.message.edit(content="via message")
        if kind == "delete_original":
            bot.deletes += 1
            return await interaction.delete_original_response()
        if kind == "original":
            return await interaction.original_response()
        if kind == "fetch_original":
            return await followup.fetch_message("@original")
        if kind == "edit_last":
            if not last:
                return "no follow-up"
            if how == "view":
                return await last[-1].edit(view=Later(timeout=None))
            return await last[-1].edit(content="re-edited")
        if kind in ("delete_last", "delete_last_later"):
            if not last:
                return "no follow-up"
            bot.deletes += 1  # now, or set off by a delete(delay=) that cannot fail
            return await last.pop().delete(delay=0.05 if kind == "delete_last_later" else None)
        if kind == "late":
            sb.clock.advance(3.5)
            return "3.5 s later"
        if kind == "expire":
            sb.clock.advance(15 * 60 + 1)
            return "15 minutes later"
        return state_of(interaction)

    def state_of(interaction: Any) -> str:
        response = interaction.response
        kind = response.type
        message = interaction.message
        return (f"done={response.is_done()} type={kind.name if kind else None} "
                f"message={message.content if message is not None else None!r} "
                f"extras={interaction.extras} expired={interaction.is_expired()}")

    async def by_context(ctx: Any, kind: str, how: str, extra: list[str]) -> Any:
        """A hybrid command's step through its Context, which answers the interaction
        first and follows up after."""
        if kind == "ctx_defer":
            return await ctx.defer(ephemeral=how == "ephemeral")
        if kind == "ctx_typing":
            async with ctx.typing(ephemeral=how == "ephemeral"):
                return f"typed done={ctx.interaction.response.is_done()}"
        options: dict[str, Any] = {"ephemeral": {"ephemeral": True},
                                   "view": {"view": Later(timeout=None)},
                                   "delete_after": {"delete_after": 0.05},
                                   "embed": {"embed": embed()},
                                   "file": {"file": file()}}.get(how, {})
        said = ctx.reply if kind == "ctx_reply" else ctx.send
        got = await said("by context", **options)
        if how == "delete_after":
            bot.deletes += 1
        if "view" in options:
            extra.append(f"view timeout={options['view'].timeout}")
        return got

    async def perform(interaction: Any, who: str, view: Any = None, ctx: Any = None
                      ) -> list[Any]:
        plan = bot.plans.pop(0)
        interaction.extras["plan"] = len(plan)
        run = types.SimpleNamespace(interaction=interaction, view=view, ctx=ctx, last=[],
                                    answer=[], extra=[])
        out = []
        for step in plan:
            try:
                got = await act(run, step)
            except Exception as error:  # what the bot meets is the point
                out.append(f"{step}: {failed(error)}")
            else:
                out.append(f"{step}: {got if isinstance(got, str) else shown(got)}")
            out.extend(run.extra)
            run.extra.clear()
        out.append(state_of(interaction))
        note((who, out))
        return [discord.app_commands.Choice(name="b", value="b")]

    @bot.tree.command(description="Does what the plan says")
    async def act_now(interaction: Any, word: str = "") -> None:
        await perform(interaction, "slash")

    @bot.hybrid_command(description="Does what the plan says, through a Context")
    async def hybrid(ctx: Any) -> None:
        await perform(ctx.interaction, "hybrid", ctx=ctx)

    @act_now.autocomplete("word")
    async def words(interaction: Any, current: str) -> list[Any]:
        return await perform(interaction, "autocomplete")

    @bot.tree.context_menu(name="Poke")
    async def poke(interaction: Any, member: discord.Member) -> None:
        await perform(interaction, f"poke {member.name}")

    @bot.tree.context_menu(name="Quote")
    async def quote(interaction: Any, message: discord.Message) -> None:
        await perform(interaction, f"quote {message.content}")

    @bot.tree.command(description="Shows the panel")
    async def panel(interaction: Any, hidden: bool) -> None:
        await interaction.response.send_message("panel", view=Panel(), ephemeral=hidden)
        note("panel shown")

    @bot.tree.command(description="Opens the form")
    async def form(interaction: Any) -> None:
        await interaction.response.send_modal(Form())
        note("form opened")

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


# -- the people --------------------------------------------------------------------

KINDS = ["slash", "poke", "quote", "go", "pick", "submit_command", "submit_button",
         "autocomplete", "hybrid"]


def scenario_of(seed: int) -> list[tuple[str, bool, list[str]]]:
    """Interactions (kind, whether a panel is shown ephemeral, plan), seeded; a kind
    ending ``@dm`` happens in alice's DM with the bot, ``@thread`` in a thread."""
    rng = random.Random(seed)
    out = []
    for _ in range(rng.randint(3, 6)):
        kind = rng.choice(KINDS)
        where = rng.choice(["@dm", "@thread", "", "", "", "", ""])
        out.append((kind + where, rng.random() < 0.3, plan_of(rng, hybrid=kind == "hybrid")))
    return out


def seen(message: Any) -> dict[str, Any] | None:
    """A message as the chat shows it (flags: ephemeral, loading, silent...)."""
    if message is None:
        return None
    return {"content": message.content, "flags": message.flags_value, "type": message.type,
            "components": components(message.components),
            "embeds": [e.title for e in message.embeds or ()],
            "attachments": [a.filename for a in message.attachments],
            "poll": message.poll.question if message.poll else None,
            "refers_to": message.referenced_message.content
            if message.referenced_message else None,
            "pings": [u.username for u in message.mentions],
            "edited": message.edited_timestamp is not None}


def answered(sb: Sandbox, record: Any) -> dict[str, Any]:
    """What Discord holds of an interaction's answers, read from the sandbox now."""
    def now(message: Any) -> Any:
        if message is None:
            return None
        stored = sb.state.messages.get(message.channel_id, {}).get(message.id)
        if stored is None:
            kept = sb.interactions.ephemeral.get(message.id)
            stored = kept[1] if kept is not None else None
        return seen(stored) if stored is not None else "deleted"
    return {"type": record.response_type, "original": now(record.original),
            "followups": [now(m) for m in record.followups], "choices": record.choices,
            "modal": record.modal is not None}


async def noted(bot: Any, since: int, wanted: str | None = None) -> Any:
    """Until the bot has noted ``wanted`` (None: a handler's report, ``(who, out)``)
    after its first ``since`` notes; that note. A count of notes would be met by any
    other note made meanwhile."""
    def found() -> Any:
        for note in bot.notes[since:]:
            if note == wanted if wanted is not None else isinstance(note, tuple):
                return note
        return None
    try:
        async with asyncio.timeout(10):
            while (note := found()) is None:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"the bot never noted {wanted or 'a report'}; it stopped at "
                             f"{bot.notes[-3:]}") from None
    return note


async def interact(sb: Sandbox, bot: Any, kind: str, hidden: bool, plan: list[str]
                   ) -> Any:
    """Set off one interaction of ``kind`` whose handler carries out ``plan``; what the
    bot noted and what people were shown."""
    bot.plans.append(plan)
    start = len(bot.notes)
    kind, _, where = kind.partition("@")
    channel: str | int = "general"
    if where == "dm":  # alice's DM with the bot
        channel = sb.state.dm_channel(sb.user("alice").id).id
    elif where == "thread":  # the thread alice started in #general
        channel = sb.channel("side").id
    if kind in ("go", "pick", "submit_button"):
        since = len(bot.notes)
        opened = await sb.invoke_command("alice", channel, "panel", {"hidden": hidden})
        await noted(bot, since, "panel shown")
        panel = opened.original
        assert panel is not None
        await asyncio.sleep(READING_PAUSE)
        if kind == "go":
            record = await sb.click_button("alice", panel, "go")
        elif kind == "pick":
            record = await sb.click_button("alice", panel, "pick", values=["two"])
        else:
            since = len(bot.notes)
            opener = await sb.click_button("alice", panel, "form")
            await noted(bot, since, "form opened")
            await asyncio.sleep(READING_PAUSE)
            record = await sb.submit_modal("alice", opener, {"word": "hi"})
    elif kind == "submit_command":
        since = len(bot.notes)
        opener = await sb.invoke_command("alice", channel, "form")
        await noted(bot, since, "form opened")
        await asyncio.sleep(READING_PAUSE)
        record = await sb.submit_modal("alice", opener, {"word": "hi"})
    elif kind == "autocomplete":
        record = await sb.autocomplete("alice", channel, "act_now", {"word": "w"}, "word")
    elif kind == "poke":
        record = await sb.invoke_command("alice", channel, "Poke", target="bob")
    elif kind == "quote":
        said = await (sb.send_dm("alice", "quotable") if where == "dm"
                      else sb.send_message("bob", channel, "quotable"))
        record = await sb.invoke_command("alice", channel, "Quote", target=said.id)
    else:
        record = await sb.invoke_command("alice", channel,
                                         "hybrid" if kind == "hybrid" else "act_now")
    # The handler's report, whenever it came: counted from here, a report made before
    # this line was reached would be waited for again.
    report = await noted(bot, start)
    await asyncio.sleep(0.02)
    await deleted(sb, bot)
    return [report, answered(sb, record), await later_clicked(sb, record)]


async def deleted(sb: Sandbox, bot: Any) -> None:
    """Until the sandbox has answered every DELETE the bot sent or set off so far: a
    ``delete_after`` of 0.05 s may take far longer on a busy machine."""
    def answered_deletes() -> int:
        return sum(1 for r in sb.requests.find("DELETE") if r.status not in (0, 429))
    try:
        async with asyncio.timeout(10):
            while answered_deletes() < bot.deletes:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"{answered_deletes()} of the bot's {bot.deletes} DELETEs "
                             "were answered") from None


async def later_clicked(sb: Sandbox, record: Any) -> str | None:
    """Whether the bot still listens to the newest "Later" button its answers showed:
    the newest such message made for ``record``, clicked by alice."""
    made = [m for m in (record.original, *record.followups) if m is not None]
    for message in sorted(made, key=lambda m: m.id, reverse=True):
        current = sb.state.messages.get(message.channel_id, {}).get(message.id)
        if current is None and message.id in sb.interactions.ephemeral:
            current = sb.interactions.ephemeral[message.id][1]
        if current is None or not any(c.label == "Later"
                                      for c in walk_components(current.components)):
            continue
        await asyncio.sleep(READING_PAUSE)
        button = next(c for c in walk_components(current.components) if c.label == "Later")
        try:
            clicked = await sb.click_button("alice", current, button.custom_id)
            await clicked.wait_response(0.5)
        except TimeoutError:
            return "Later: nobody listens"
        except StateError as refused:
            return f"Later: {refused}"
        return f"Later: answered {clicked.response_type}"
    return None


def chat(sb: Sandbox) -> list[Any]:
    """Everything the bot left in #general, its thread and the DM with alice, and the
    ephemeral answers still shown."""
    bot_id = sb.bot_user.id
    found = []
    for channel in (sb.channel("general").id, sb.channel("side").id,
                    sb.state.dm_channel(sb.user("alice").id).id):
        found.extend(seen(m) for m in sorted(sb.state.messages.get(channel, {}).values(),
                                             key=lambda m: m.id) if m.author.id == bot_id)
    hidden = [seen(m) for _, m in sorted(sb.interactions.ephemeral.values(),
                                         key=lambda pair: pair[1].id)]
    return [found, hidden]


# Where each library logs what handlers and their answers met. Not the rest: how the
# machine keeps up (tidecord's watchdog, heartbeats) is no part of the comparison.
ANSWERING_LOGGERS = ("app_commands", "ui", "interactions", "ext.commands", "webhook")


@contextlib.contextmanager
def logged(library: str) -> Iterator[list[str]]:
    """What the library logs meanwhile about answering (warnings and errors): the
    message, ids left out, and the exception's class."""
    lines: list[str] = []
    root = "tidecord" if library == "tidecord" else "discord"
    kept = tuple(f"{root}.{name}" for name in ANSWERING_LOGGERS)

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not record.name.startswith(kept):
                return
            error = record.exc_info[1] if record.exc_info else None
            text = re.sub(r"\d{15,}", "ID", record.getMessage())
            lines.append(f"{record.levelname} {text} [{type(error).__name__}]")

    keep = Keep(logging.WARNING)
    logger = logging.getLogger(root)
    logger.addHandler(keep)
    try:
        yield lines
    finally:
        logger.removeHandler(keep)


async def run(sandbox_factory: Callable[..., Awaitable[Sandbox]],
              scenarios: list[list[tuple[str, bool, list[str]]]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        # Discord's 3 s and 15 minutes pass only where a plan moves the clock, not
        # while a busy machine is slow to answer.
        sb.clock.freeze()
        await sb.start_thread("alice", "general", "side")
        seen_here: list[Any] = []

        def setup(discord: Any, commands: Any, sb: Sandbox = sb) -> Any:
            return plan_bot(discord, commands, sb)
        async with running(library, sb, setup) as bot:
            sb.record_requests(MOST_KEPT)
            with logged(library) as lines:
                for scenario in scenarios:
                    for kind, hidden, plan in scenario:
                        try:
                            happened = await interact(sb, bot, kind, hidden, plan)
                        except (StateError, AssertionError) as error:
                            raise AssertionError(f"{library}: {kind} {plan}: {error}") \
                                from error
                        seen_here.append([kind, hidden, plan, [*happened, lines[:]]])
                        lines.clear()
            seen_here.append(chat(sb))
        out[library] = seen_here
    return out


def differences(ours: list[Any], theirs: list[Any]) -> str:
    """The first few interactions that went differently, each library's account."""
    lines = []
    for a, b in zip(ours, theirs, strict=False):
        if a != b:
            lines.append(f"{a[:3]}")
            notes_a, notes_b = (a[3], b[3]) if len(a) == 4 else (a, b)
            for x, y in zip(notes_a, notes_b, strict=False):
                if x != y:
                    lines.append(f"  tidecord:   {x}\n  discord.py: {y}")
    return "\n".join(lines[:12])


@pytest.mark.parametrize("seeds", [range(0, 6), range(6, 12), range(12, 18)])
async def test_generated_interaction_lifecycles_match_discord_py(
        sandbox_factory: Any, seeds: range) -> None:
    runs = await run(sandbox_factory, [scenario_of(seed) for seed in seeds])
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs, differences(ours, theirs)


async def test_the_webhook_gives_plain_messages_and_autocomplete_refuses_in_discord_py_s_words(
        sandbox_factory: Any) -> None:
    # followup reads and edits even the first answer as a WebhookMessage; only
    # original_response() and edit_original_response() give an InteractionMessage.
    plan = ["autocomplete", "send", "fetch_original", "followup", "edit_last", "original",
            "edit_original"]
    runs = await run(sandbox_factory, [[("slash", False, plan)]])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    notes = ours[0][3][0][1]
    assert notes[0] == ("autocomplete: ValueError: cannot respond to this interaction with "
                        "autocomplete.")
    assert notes[2].startswith("fetch_original: WebhookMessage 'answer")
    assert notes[4].startswith("edit_last: WebhookMessage 're-edited'")
    assert notes[5].startswith("original: InteractionMessage 'answer")
    assert notes[6].startswith("edit_original: InteractionMessage 'edited'")


async def test_a_second_answer_is_refused_before_its_arguments_are_read(
        sandbox_factory: Any) -> None:
    # discord.py says InteractionResponded before it looks at what a second answer
    # holds: embed and embeds together, or any modal, are not read.
    runs = await run(sandbox_factory, [[("slash", False, ["send", "send:two_embeds"]),
                                        ("slash", False, ["send:two_embeds", "defer"])]])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    assert ours[0][3][0][1][1] == ("send:two_embeds: InteractionResponded: This interaction "
                                   "has already been responded to before")
    # Unanswered, the arguments are read: the mistake is the bot's, nothing is sent.
    assert ours[1][3][0][1][0] == ("send:two_embeds: TypeError: Cannot mix embed and embeds "
                                   "keyword arguments.")
    assert ours[1][3][1]["type"] == 5


async def test_a_poll_the_test_read_still_ends_on_time(sandbox_factory: Any) -> None:
    # Reading the sandbox's message's poll (and its answers) ties them to the message;
    # when the poll ended, the sandbox then met a cycle encoding its MESSAGE_UPDATE and
    # the clock's advance raised RecursionError, on either library.
    plans = [("slash", False, ["send:poll"]), ("slash", False, ["expire"] * 5)]
    runs = await run(sandbox_factory, [plans])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    assert ours[1][3][0][1][:5] == ["expire: 15 minutes later"] * 5
    shown, _ = ours[-1]
    assert [m["type"] for m in shown] == [20, 46]  # the poll, then its result
    assert shown[1]["embeds"] == [None]


async def test_a_message_command_s_answer_refers_to_its_message(sandbox_factory: Any) -> None:
    # Discord's docs: the original answer to a message command has message_reference
    # and referenced_message naming the target; naming it pings nobody (no reply).
    runs = await run(sandbox_factory, [[("quote", False, ["send:mentions", "followup"]),
                                        ("quote", False, ["defer:thinking", "followup"])]])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    for seen_there in ours[:2]:
        original = seen_there[3][1]["original"]
        assert original["refers_to"] == "quotable" and original["pings"] == []
        assert original["type"] == 23
    assert "refers_to='quotable' pings=[]" in ours[0][3][0][1][0]
    assert ours[0][3][1]["followups"][0]["refers_to"] is None


async def test_a_thinking_answer_filled_with_a_layout_is_a_components_v2_message(
        sandbox_factory: Any) -> None:
    # Deferring, then editing the answer or following up with a LayoutView: the
    # "thinking" message becomes a components v2 message (the flag the edit or the
    # follow-up set was lost with the loading one).
    runs = await run(sandbox_factory, [[("slash", False, ["defer", "edit_original:layout"]),
                                        ("slash", False, ["defer:thinking+ephemeral",
                                                          "followup:layout"])]])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    v2, ephemeral = 1 << 15, 1 << 6
    assert ours[0][3][1]["original"]["flags"] == v2
    assert ours[1][3][1]["original"]["flags"] == v2 | ephemeral
    assert ours[0][3][0][1][1].startswith("edit_original:layout: InteractionMessage '' "
                                          f"flags={v2} ")


async def test_wrong_orders_meet_what_they_meet_on_discord_py(sandbox_factory: Any) -> None:
    runs = await run(sandbox_factory, [[
        ("slash", False, ["followup", "edit_original", "original", "send", "send:ephemeral"]),
        ("go", False, ["defer", "modal", "defer:thinking"]),
        ("pick", True, ["defer:thinking+ephemeral", "state", "followup", "followup"]),
        ("slash", False, ["late", "send", "followup"]),
        ("go", False, ["send", "expire", "followup", "delete_original"]),
        ("autocomplete", False, ["send", "modal", "defer"]),
    ]])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    notes = [seen_there[3][0][1] for seen_there in ours[:-1]]
    # Nothing to follow up or edit before the first answer (Discord makes the webhook then).
    unknown = "NotFound 404 10015 ['Unknown Webhook']"
    assert notes[0][:3] == [f"followup: {unknown}", f"edit_original: {unknown}",
                            f"original: {unknown}"]
    assert notes[0][4] == ("send:ephemeral: InteractionResponded: This interaction has "
                           "already been responded to before")
    # A modal after a deferral, a second deferral: refused before anything is sent.
    assert notes[1][1].startswith("modal: InteractionResponded")
    assert notes[1][2].startswith("defer:thinking: InteractionResponded")
    # A component's "thinking": a new ephemeral loading message; its first follow-up
    # fills it in, the next is a message of its own.
    assert notes[2][0].startswith("defer:thinking+ephemeral: InteractionCallbackResponse "
                                  "deferred_channel_message=5 thinking=True ephemeral=True")
    assert "type=deferred_channel_message" in notes[2][1]
    answers = ours[2][3][1]
    assert answers["original"]["flags"] == 64 and len(answers["followups"]) == 2
    # Past the 3 s: the interaction is gone; after 15 minutes the token is refused.
    assert notes[3][1] == "send: NotFound 404 10062 ['Unknown interaction']"
    assert notes[3][2] == "followup: NotFound 404 10015 ['Unknown Webhook']"
    assert notes[4][2:4] == ["followup: HTTPException 401 50027 ['Invalid Webhook Token']",
                             "delete_original: HTTPException 401 50027 ['Invalid Webhook "
                             "Token']"]
    # An autocomplete takes choices only: Discord refuses a message and a modal (both
    # libraries send them); a deferral is nothing to send there.
    assert notes[5][0] == "send: HTTPException 400 50035 ['Invalid Form Body']"
    assert notes[5][1] == "modal: HTTPException 400 50035 ['Invalid Form Body']"
    assert notes[5][2] == "defer: None"
    assert ours[5][3][1]["choices"] == [{"name": "b", "value": "b"}]


async def test_a_follow_up_that_fills_a_thinking_answer_keeps_its_poll(
        sandbox_factory: Any) -> None:
    # The first follow-up of a deferred answer becomes that answer: its poll came back
    # missing (the fill-in was an edit, and an edit's poll was read only from PATCH).
    runs = await run(sandbox_factory, [[("slash", False, ["defer:thinking", "followup:poll"]),
                                        ("hybrid", False, ["ctx_defer", "followup:poll"])]])
    ours = runs["tidecord"]
    assert ours == runs["discord.py"], differences(ours, runs["discord.py"])
    for seen_there in ours[:2]:
        assert seen_there[3][0][1][1].startswith("followup:poll: WebhookMessage 'more'")
        assert "poll=True" in seen_there[3][0][1][1]
        assert seen_there[3][1]["original"]["poll"] == "Lunch?"
