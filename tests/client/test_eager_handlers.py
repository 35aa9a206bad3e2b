"""Handlers start eagerly: their first step runs at once, a task only if they wait.

What a handler can observe must not change: its exceptions reach ``on_error``,
``asyncio.current_task()`` is its own (named for the event), a timeout or task
group entered before its first ``await`` acts on it and not on the connection,
a ``ContextVar`` it sets stays its own, ``wait_for`` in it waits for the next
event, and a handler still waiting is cancelled by ``close()``.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect, until

TAG: contextvars.ContextVar[str] = contextvars.ContextVar("TAG", default="unset")


class Recorder(tidecord.Client):
    """Does, per message content, one thing a handler may do before it first awaits."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.seen: list[Any] = []
        self.errors: list[tuple[str, str]] = []
        self.blocked = asyncio.Event()
        self.kept: list[Any] = []

    async def on_error(self, event: str, *args: Any) -> None:
        import sys

        self.errors.append((event, repr(sys.exc_info()[1])))

    async def on_custom(self, what: str) -> None:
        self.seen.append(("custom", what))

    async def on_message(self, message: tidecord.Message) -> None:
        text = message.content
        task = asyncio.current_task()
        if text == "name":
            self.seen.append(task.get_name() if task else None)
        elif text == "boom":
            raise ValueError("boom in the first step")
        elif text == "boom later":
            await asyncio.sleep(0)
            raise KeyError("boom after waiting")
        elif text == "timeout":
            try:
                async with asyncio.timeout(0.05):
                    await asyncio.sleep(5)
            except TimeoutError:
                self.seen.append("timed out")
        elif text == "group":
            async with asyncio.TaskGroup() as group:
                group.create_task(asyncio.sleep(0.01))
            self.seen.append("group done")
        elif text.startswith("tag "):
            TAG.set(text)
            await asyncio.sleep(0.01)
            self.seen.append(TAG.get())
        elif text == "peek":
            self.seen.append(TAG.get())
        elif text == "wait":
            follow = await self.wait_for("message", timeout=5)
            self.seen.append(("followed by", follow.content))
        elif text == "cancel me":
            assert task is not None
            task.cancel()
            self.seen.append("asked")
            await asyncio.sleep(0)
            self.seen.append("never")
        elif text == "expired timeout":  # already over when entered: cancels at once
            try:
                async with asyncio.timeout(0):
                    await asyncio.sleep(5)
            except TimeoutError:
                self.seen.append("expired timed out")
        elif text == "wait no time":
            try:
                await self.wait_for("message", check=lambda m: False, timeout=0)
            except TimeoutError:
                self.seen.append("waited no time")
        elif text == "cancel and clean up":
            assert task is not None
            task.cancel()
            try:
                await asyncio.sleep(0)
            except asyncio.CancelledError:
                self.seen.append("cancel seen")
                raise
            finally:
                self.seen.append("cleaned up")
        elif text == "block":
            self.blocked.set()
            await asyncio.Event().wait()
        elif text == "keep":  # a handler that keeps its task object past its end
            self.kept.append(task)
        elif text == "compare":
            self.seen.append(("kept is mine", self.kept[-1] is task,
                              "kept done", self.kept[-1].done()))
        elif text == "return a value":
            self.seen.append("returning")
            return 42  # type: ignore[return-value]
        elif text == "dispatch":
            self.dispatch("custom", "mine")
            self.seen.append("dispatched")
        elif text.startswith("rename"):  # what ext.commands does for the watchdog
            assert task is not None
            task.set_name("renamed")
            task.add_done_callback(lambda t: self.seen.append(("done", text, t.result())))
            if text == "rename and wait":
                await asyncio.sleep(0.01)
            self.seen.append(("named", text, asyncio.current_task().get_name()))  # type: ignore[union-attr]


async def _said(sandbox: Sandbox, *texts: str) -> None:
    for text in texts:
        await sandbox.send_message("alice", "general", text)


async def test_the_first_step_runs_as_the_handler_task(sandbox: Sandbox, connect: Connect) -> None:
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, "name", "boom", "timeout", "group")
    await until(lambda: len(bot.seen) == 3 and bot.errors, every=0.005)
    assert sorted(bot.seen) == ["group done", "tidecord:on_message", "timed out"]
    assert bot.errors == [("on_message", "ValueError('boom in the first step')")]
    # The timeout cancelled the handler, not the connection: the bot still hears.
    await _said(sandbox, "name")
    await until(lambda: len(bot.seen) == 4, every=0.005)
    assert bot.is_ready() and not bot.is_closed()


async def test_context_and_wait_for_belong_to_the_handler(
    sandbox: Sandbox, connect: Connect
) -> None:
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, "tag one", "peek")
    await until(lambda: len(bot.seen) == 2, every=0.005)
    # The tag set before the handler's first await is still its own after it,
    # and never leaks to the next handler.
    assert sorted(bot.seen) == ["tag one", "unset"]
    bot.seen.clear()
    await _said(sandbox, "wait", "the next one")
    await until(lambda: ("followed by", "the next one") in bot.seen, every=0.005)


async def test_cancelling_itself_and_close_cancel_the_handler(
    sandbox: Sandbox, connect: Connect
) -> None:
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, "cancel me", "name")
    await until(lambda: "tidecord:on_message" in bot.seen, every=0.005)
    assert bot.seen == ["asked", "tidecord:on_message"] and not bot.errors
    await _said(sandbox, "block")
    await asyncio.wait_for(bot.blocked.wait(), 5)
    waiting = [t for t in asyncio.all_tasks() if t.get_name() == "tidecord:on_message"]
    assert len(waiting) == 1  # only the handler that waits became a task
    await bot.close()
    assert waiting[0].cancelled()


async def test_a_cancellation_before_the_handler_task_first_runs_reaches_the_handler(
    sandbox: Sandbox, connect: Connect
) -> None:
    # A timeout already over when entered (a zero one, or any one after a stall of the
    # loop between making and entering it) cancels the handler in the very next loop
    # turn, before its task's first step: so does cancelling itself. As with any task,
    # the handler must see the CancelledError where it waits (a timeout turns it into
    # TimeoutError) and run its cleanup. Each case 20 times: one run in 17 starts
    # through a timing wrapper, the others bare.
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, *["expired timeout", "wait no time", "cancel and clean up"] * 20)
    try:
        await until(lambda: len(bot.seen) >= 80, within=10, every=0.005)
    except TimeoutError:
        counts = {x: bot.seen.count(x) for x in sorted(set(bot.seen))}
        raise AssertionError(f"of 20 each, within 10 s: {counts}") from None
    await asyncio.sleep(0.05)  # nothing more comes
    assert sorted(set(bot.seen)) == ["cancel seen", "cleaned up", "expired timed out",
                                     "waited no time"]
    assert [bot.seen.count(x) for x in ("cancel seen", "cleaned up", "expired timed out",
                                        "waited no time")] == [20] * 4
    assert not bot.errors


async def test_the_task_methods_a_handler_calls_on_itself(
    sandbox: Sandbox, connect: Connect
) -> None:
    # Renaming itself and adding a done callback, whether the handler ends in its
    # first step or waits first (the name and the callback then carry to its task).
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, "rename", "rename and wait")
    await until(lambda: len(bot.seen) == 4, every=0.005)
    assert set(bot.seen) == {
        ("done", "rename", None), ("done", "rename and wait", None),
        ("named", "rename", "renamed"), ("named", "rename and wait", "renamed"),
    }
    assert not bot.errors


async def test_a_task_object_kept_past_its_handler_stays_that_handlers(
    sandbox: Sandbox, connect: Connect
) -> None:
    # The stand-in of a first step that ended serves the next handler only when
    # nothing holds it: one the bot kept is not the next handler's task, and stays
    # done. Three pairs: one event in 17 is timed, with a stand-in of its own.
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, *["keep", "compare"] * 3, "return a value")
    await until(lambda: len(bot.seen) == 4, every=0.005)
    assert bot.seen == [("kept is mine", False, "kept done", True)] * 3 + ["returning"]
    assert len({id(task) for task in bot.kept}) == 3
    assert not bot.errors


async def test_an_event_the_bot_dispatches_itself_runs_after_the_dispatcher_yields(
    sandbox: Sandbox, connect: Connect
) -> None:
    # As in discord.py (ext.commands' on_command relies on it): only gateway events
    # start their handlers inline.
    bot: Recorder = await connect(Recorder)  # type: ignore[assignment]
    await _said(sandbox, "dispatch")
    await until(lambda: len(bot.seen) == 2, every=0.005)
    assert bot.seen == ["dispatched", ("custom", "mine")]


class Reporter(Recorder):
    """An on_error that awaits before it reads the exception, as a logging bot's does."""

    async def on_error(self, event: str, *args: Any) -> None:
        import sys
        import traceback

        await asyncio.sleep(0)
        _, exc, tb = sys.exc_info()
        frames = [(frame.filename.rsplit("/", 1)[-1], frame.name)
                  for frame in traceback.extract_tb(tb)]
        self.errors.append((event, f"{exc!r} {frames[:2]}"))


async def test_every_exception_reaches_on_error_with_the_handler_in_its_traceback(
    sandbox: Sandbox, connect: Connect
) -> None:
    # Enough runs for both ways a handler starts (one run in 17 is timed inside a
    # wrapper; the others run bare), raising in the first step and after a wait.
    bot: Reporter = await connect(Reporter)  # type: ignore[assignment]
    await _said(sandbox, *["boom", "boom later"] * 20)
    await until(lambda: len(bot.errors) == 40, every=0.005)
    ours = "('dispatcher.py', '_run')", "('dispatcher.py', '_failed')"
    for event, text in bot.errors:
        assert event == "on_message"
        assert text.endswith("('test_eager_handlers.py', 'on_message')]"), text
        assert any(frame in text for frame in ours), text
    said = sorted({text.split(" [")[0] for _, text in bot.errors})
    assert said == ["KeyError('boom after waiting')", "ValueError('boom in the first step')"]
