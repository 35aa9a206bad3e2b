"""An interaction's answer over its life, the same bot on tidecord and on discord.py
2.7.1: the 3 s window for the first answer (the sandbox's clock), the webhook that
exists only once the interaction is answered and dies with the token after 15
minutes, what answering returns (``InteractionCallbackResponse``), the answers
Discord or the library refuses (a second one, an update with no message, one sent while
another is on its way), ``original_response()`` read twice, a poll put in a deferred
answer, and an ephemeral view's time to listen."""

from __future__ import annotations

import asyncio
import datetime
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.harness import READING_PAUSE, answer, custom_id
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

Scenario = Callable[[Sandbox, Any], Awaitable[dict[str, Any]]]


def failed(error: BaseException) -> str:
    """An exception as a bot would tell it: its class, and Discord's status and code."""
    if not hasattr(error, "status"):
        return type(error).__name__
    said = [getattr(error, name) for name in ("status", "code", "text")]
    return " ".join(map(str, [type(error).__name__, *said]))


def lifecycle_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    bot.notes = []
    bot.gate = asyncio.Event()
    note = bot.notes.append

    async def attempt(label: str, call: Awaitable[Any]) -> None:
        try:
            got = await call
        except Exception as error:  # what the bot meets is the point
            note(f"{label}: {failed(error)}")
        else:
            note(f"{label}: {type(got).__name__}")

    async def held(name: str) -> None:
        bot.gate.clear()
        note(f"{name}: waiting")
        await bot.gate.wait()

    @bot.tree.command(description="Answers too late")
    async def late(interaction: Any) -> None:
        await held("late")
        await attempt("late answer", interaction.response.send_message("too late"))
        await attempt("late follow-up", interaction.followup.send("after all"))
        note(f"late done={interaction.response.is_done()}")

    @bot.tree.command(description="Follows up before answering")
    async def early(interaction: Any) -> None:
        await attempt("early follow-up", interaction.followup.send("first?"))
        await attempt("early fetch", interaction.original_response())
        await interaction.response.send_message("answered")
        await attempt("early follow-up again", interaction.followup.send("now"))
        note("early done")

    @bot.tree.command(description="Outlives its token")
    async def expire(interaction: Any) -> None:
        await interaction.response.send_message("first")
        await held("expire")
        await attempt("expired follow-up", interaction.followup.send("later"))
        await attempt("expired edit", interaction.edit_original_response(content="x"))
        await attempt("expired fetch", interaction.original_response())
        await attempt("expired delete", interaction.delete_original_response())
        note("expire done")

    def returned(label: str, response: Any) -> None:
        """What answering returned (discord.py 2.7: an ``InteractionCallbackResponse``)."""
        if response is None:
            note(f"{label}: None")
            return
        message = response.resource
        shown = repr(response).replace(str(response.id), "ID")
        note(f"{label}: {shown} thinking={response.is_thinking()} "
             f"ephemeral={response.is_ephemeral()} resource={type(message).__name__} "
             f"{getattr(message, 'content', None)!r} "
             f"message={response.message_id == getattr(message, 'id', response.message_id)}")

    @bot.tree.command(description="Answers in each way, and once more")
    async def answers(interaction: Any, how: str) -> None:
        response = interaction.response
        if how == "hidden":
            got = await response.send_message("only you", ephemeral=True)
        elif how == "think":
            got = await response.defer(thinking=True, ephemeral=True)
            await interaction.followup.send("thought")
        else:
            got = await response.defer()
            await interaction.edit_original_response(content="quietly")
        returned(how, got)
        note(f"{how} answered the interaction: {got.id == interaction.id}")
        note(f"{how} type={response.type!r} done={response.is_done()}")
        if how == "hidden":
            # A view shown only to one person listens as long as the token lives.
            later = discord.ui.View(timeout=None)
            later.add_item(discord.ui.Button(label="Later"))
            await interaction.followup.send("later", ephemeral=True, view=later)
            note(f"hidden view timeout={later.timeout}")
        # Refused by the library, before anything is sent.
        await attempt(f"{how} again", response.send_message("twice"))
        await attempt(f"{how} modal", response.send_modal(Named()))
        await attempt(f"{how} pong", response.pong())
        await attempt(f"{how} defer", response.defer())
        await attempt(f"{how} autocomplete", response.autocomplete([]))
        note(f"{how} done")

    @bot.tree.command(description="What only some interactions take")
    async def odd(interaction: Any) -> None:
        response = interaction.response
        await attempt("odd pong", response.pong())
        await attempt("odd edit_message", response.edit_message(content="x"))
        await attempt("odd autocomplete", response.autocomplete([]))
        await attempt("odd activity", response.launch_activity())
        note(f"odd done={response.is_done()}")
        await response.send_message("fine")
        note("odd answered")

    @bot.tree.command(description="Reads its answer twice")
    async def reread(interaction: Any) -> None:
        await interaction.response.send_message("one")
        first = await interaction.original_response()
        await interaction.edit_original_response(content="two")
        again = await interaction.original_response()
        note(f"reread: the same message {again is first}, reading {again.content!r}")
        edited = await again.edit(content="three", delete_after=0.05)
        note(f"reread edited: {type(edited).__name__} {edited.content!r}")

    class Panel(discord.ui.View):
        @discord.ui.button(label="Gone")
        async def gone(self, interaction: Any, button: Any) -> None:
            await interaction.message.delete()
            # Its message is gone: nothing to update, and the webhook still works.
            await attempt("gone update", interaction.response.edit_message(content="x"))
            await interaction.response.defer()
            await attempt("gone edit", interaction.edit_original_response(content="x"))
            await attempt("gone follow-up", interaction.followup.send("still here"))
            note("gone done")

    @bot.tree.command(description="Shows a panel")
    async def panel(interaction: Any) -> None:
        await interaction.response.send_message("panel", view=Panel())

    @bot.tree.command(description="Thinks, then asks everyone")
    async def vote(interaction: Any) -> None:
        await interaction.response.defer(thinking=True)
        poll = discord.Poll("Lunch?", datetime.timedelta(hours=1))
        poll.add_answer(text="soup")
        poll.add_answer(text="salad")
        # Discord takes a poll in an edit of a deferred answer (and only there).
        edited = await interaction.edit_original_response(poll=poll)
        note(f"vote: {edited.poll.question if edited.poll else None}")

    @bot.tree.command(description="Thinks, then says nothing, then something")
    async def blank(interaction: Any) -> None:
        await interaction.response.defer(thinking=True)
        await attempt("blank follow-up", interaction.followup.send())
        await interaction.followup.send("filled")
        note("blank done")

    @bot.tree.command(description="Two answers on their way at once")
    async def both(interaction: Any) -> None:
        response = interaction.response
        # Discord refuses the first (too long); the second, sent meanwhile, is then the
        # answer, as on discord.py (which sends both).
        first = asyncio.ensure_future(attempt("both first", response.send_message("x" * 2001)))
        await asyncio.sleep(0.1)
        await attempt("both second", response.send_message("second"))
        await first
        note(f"both done={response.is_done()}")

    class Named(discord.ui.Modal, title="Name"):
        name: Any = discord.ui.TextInput(label="Name", custom_id="name")

        async def on_submit(self, interaction: Any) -> None:
            # Opened by a command: there is no message to update (Discord: 10008).
            await attempt("submitted edit_message",
                          interaction.response.edit_message(content="x"))
            await interaction.response.defer()
            note(f"submitted deferred {interaction.response.type!r}")

    @bot.tree.command(description="Asks for a name")
    async def ask(interaction: Any) -> None:
        await interaction.response.send_modal(Named())

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def noted(bot: Any, pattern: str) -> None:
    """Until the bot has noted what ``pattern`` (a regular expression) says, the whole
    note: a note that only starts the same ("odd done=False" for "odd done") is another
    note, noted earlier."""
    try:
        async with asyncio.timeout(10):
            while not any(re.fullmatch(pattern, n) for n in bot.notes):  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"the bot never noted {pattern!r}: {bot.notes}") from None


async def timing(sb: Sandbox, bot: Any) -> dict[str, Any]:
    late = await sb.invoke_command("alice", "general", "late")
    await noted(bot, "late: waiting")
    sb.clock.advance(3.5)  # past Discord's 3 s, unanswered
    bot.gate.set()
    await noted(bot, r"late done=(True|False)")

    early = await sb.invoke_command("alice", "general", "early")
    await noted(bot, "early done")

    expire = await sb.invoke_command("alice", "general", "expire")
    await noted(bot, "expire: waiting")
    sb.clock.advance(15 * 60 + 1)
    bot.gate.set()
    await noted(bot, "expire done")
    return {"late": answer(late), "early": answer(early), "expire": answer(expire),
            "notes": bot.notes}


async def on_both(sandbox_factory: Callable[..., Awaitable[Sandbox]],
                  setup: Callable[[Any, Any], Any], scenario: Scenario
                  ) -> dict[str, dict[str, Any]]:
    """What ``scenario`` saw on each library, each on a fresh sandbox."""
    out: dict[str, dict[str, Any]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, setup) as bot:
            out[library] = await scenario(sb, bot)
    return out


async def test_the_webhook_lives_from_the_first_answer_to_the_token_s_end(
        sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, lifecycle_bot, timing)
    ours = runs["tidecord"]
    assert ours == runs["discord.py"]
    notes = ours["notes"]
    # Too late to answer; and with no answer Discord made no webhook to follow up on.
    assert "late answer: NotFound 404 10062 Unknown interaction" in notes
    assert "late follow-up: NotFound 404 10015 Unknown Webhook" in notes
    assert ours["late"]["followups"] == []
    # The same before answering: the webhook comes with the first answer.
    assert "early follow-up: NotFound 404 10015 Unknown Webhook" in notes
    assert "early fetch: NotFound 404 10015 Unknown Webhook" in notes
    assert "early follow-up again: WebhookMessage" in notes
    assert [m["content"] for m in ours["early"]["followups"]] == ["now"]
    # After 15 minutes the token is refused as Discord does: 401, not a NotFound.
    for call in ("follow-up", "edit", "fetch", "delete"):
        assert f"expired {call}: HTTPException 401 50027 Invalid Webhook Token" in notes
    assert ours["expire"]["original"]["content"] == "first"


async def answering(sb: Sandbox, bot: Any) -> dict[str, Any]:
    # Nothing here answers late: Discord's 3 s stay ahead of every answer, however long
    # a busy machine takes over the four refused calls before one (the "odd" command).
    sb.clock.freeze()
    out: dict[str, Any] = {}
    for how in ("hidden", "think", "quiet"):
        record = await sb.invoke_command("alice", "general", "answers", {"how": how})
        await noted(bot, f"{how} done")
        out[how] = answer(record)
    record = await sb.invoke_command("alice", "general", "odd")
    await noted(bot, "odd answered")  # "odd done=..." comes before the answer
    out["odd"] = answer(record)
    record = await sb.invoke_command("alice", "general", "reread")
    await noted(bot, "reread edited: .*")
    async with asyncio.timeout(5):
        while record.original is not None:  # deleted after 0.05 s  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    out["reread"] = answer(record)
    record = await sb.invoke_command("alice", "general", "vote")
    await noted(bot, "vote: .*")
    out["vote"] = [a.text for a in record.original.poll.answers] if record.original.poll \
        else None
    shown = await (await sb.invoke_command("alice", "general", "panel")).wait_response(5)
    assert shown.original is not None
    await asyncio.sleep(READING_PAUSE)
    clicked = await sb.click_button("bob", shown.original.id,
                                    custom_id(shown.original, label="Gone"))
    await noted(bot, "gone done")
    out["gone"] = answer(clicked)
    record = await sb.invoke_command("alice", "general", "blank")
    await noted(bot, "blank done")
    out["blank"] = answer(record)
    sb.slow_next_rest(2, seconds=0.3)  # both answers are on their way for a while
    record = await sb.invoke_command("alice", "general", "both")
    await noted(bot, r"both done=(True|False)")
    out["both"] = answer(record)
    asked = await sb.invoke_command("alice", "general", "ask")
    await asked.wait_response(5)
    submitted = await sb.submit_modal("alice", asked, {"name": "Ann"})
    await noted(bot, "submitted deferred .*")
    return {**out, "submitted": answer(submitted), "notes": bot.notes}


async def test_what_answering_returns_and_what_is_refused(sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, lifecycle_bot, answering)
    ours = runs["tidecord"]
    assert ours == runs["discord.py"]
    notes = ours["notes"]
    kind = "InteractionResponseType"
    assert f"hidden: <InteractionCallbackResponse id=ID type=<{kind}.channel_message: 4>> " \
           "thinking=False ephemeral=True resource=InteractionMessage 'only you' " \
           "message=True" in notes
    # Discord says the "thinking" message it made is ephemeral, though none is sent yet.
    assert f"think: <InteractionCallbackResponse id=ID type=<{kind}.deferred_channel_message:" \
           " 5>> thinking=True ephemeral=True resource=NoneType None message=True" in notes
    assert "quiet answered the interaction: True" in notes
    assert "hidden view timeout=900.0" in notes
    for how in ("hidden", "think", "quiet"):
        for call in ("again", "modal", "pong", "defer", "autocomplete"):
            assert f"{how} {call}: InteractionResponded" in notes
    assert "odd pong: NoneType" in notes and "odd edit_message: NoneType" in notes
    assert "odd autocomplete: ValueError" in notes
    # Discord refuses an activity for an app without one, and the answer stays open.
    assert any(n.startswith("odd activity: HTTPException 400 50035 Invalid Form Body")
               for n in notes)
    assert "odd done=False" in notes and ours["odd"]["original"]["content"] == "fine"
    assert ours["think"]["original"]["ephemeral"] and ours["hidden"]["original"]["ephemeral"]
    # original_response() fetches once, then gives that message again (discord.py caches
    # it), though the answer read "two" then; its edit(delete_after=) deletes it later.
    assert "reread: the same message True, reading 'one'" in notes
    assert "reread edited: InteractionMessage 'three'" in notes
    assert "vote: Lunch?" in notes and ours["vote"] == ["soup", "salad"]
    # A follow-up of nothing is no message, the "thinking" one's first follow-up either.
    assert "blank follow-up: HTTPException 400 50006 Cannot send an empty message" in notes
    assert [m["content"] for m in ours["blank"]["followups"]] == ["filled"]
    assert ours["blank"]["original"]["content"] == "filled"
    # No message to update: a modal a command opened, a message deleted meanwhile.
    assert "submitted edit_message: NotFound 404 10008 Unknown Message" in notes
    assert ours["submitted"]["response_type"] == 6
    assert "gone update: NotFound 404 10008 Unknown Message" in notes
    assert "gone edit: NotFound 404 10008 Unknown Message" in notes
    assert "gone follow-up: WebhookMessage" in notes
    assert [m["content"] for m in ours["gone"]["followups"]] == ["still here"]
    # The first of two answers on their way was refused: the second is the answer.
    assert "both first: HTTPException 400 50035 Invalid Form Body\nIn data.content: Must be " \
           "2000 or fewer in length." in notes
    assert "both second: InteractionCallbackResponse" in notes and "both done=True" in notes
    assert ours["both"]["original"]["content"] == "second"
