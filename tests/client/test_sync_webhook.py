"""``SyncWebhook`` from blocking code: calls answer in the caller's thread, errors are
tidecord's, files go up, and the background loop and its connections are closed at
exit (a script leaves no warning) or by ``shutdown()``."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from typing import Any

import pytest

import tidecord
from tidecord.sandbox import Sandbox
from tidecord.sync_webhook import shutdown

pytestmark = pytest.mark.timeout(60)


def _hook_url(sb: Sandbox) -> str:
    general = sb.channel("general")
    hook = sb.state.create_webhook(general.id, "Cron", None, sb.user("alice").id)
    return f"{sb.api_url}/webhooks/{hook.id}/{hook.token}"


def _background_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "tidecord-sync-webhooks"]


async def test_blocking_calls_post_edit_and_fail_as_tidecord_errors(sandbox: Sandbox) -> None:
    url = _hook_url(sandbox)

    def script() -> dict[str, Any]:
        hook = tidecord.SyncWebhook.from_url(url)
        sent = hook.send("report", wait=True,
                         file=tidecord.File(b"all green\n", filename="report.txt"))
        assert sent is not None
        edited = sent.edit(content="report (final)")
        wrong = tidecord.SyncWebhook.from_url(url.rsplit("/", 1)[0] + "/" + "x" * 68)
        try:
            wrong.send("nope")
        except tidecord.HTTPException as exc:
            refused = (type(exc).__name__, exc.status, exc.code)
        return {"content": edited.content, "file": sent.attachments[0].filename,
                "refused": refused, "thread": threading.current_thread().name,
                "repr": repr(hook)}

    done = await asyncio.to_thread(script)
    assert done["content"] == "report (final)" and done["file"] == "report.txt"
    assert done["refused"] == ("HTTPException", 401, 50027)
    assert done["thread"] != "tidecord-sync-webhooks"  # answered in the caller's thread
    assert url.rsplit("/", 1)[1] not in done["repr"]
    last = sandbox.state.channel_messages(sandbox.channel("general").id)[-1]
    assert last.content == "report (final)" and last.author.username == "Cron"

    assert len(_background_threads()) == 1
    await asyncio.to_thread(shutdown)
    assert _background_threads() == []
    # A later call starts the loop again.
    again = await asyncio.to_thread(lambda: tidecord.SyncWebhook.from_url(url).fetch().name)
    assert again == "Cron"
    await asyncio.to_thread(shutdown)
    assert _background_threads() == []


async def test_a_script_that_never_closes_exits_cleanly(sandbox: Sandbox) -> None:
    url = _hook_url(sandbox)
    code = ("import atexit, threading, tidecord\n"
            # Registered first, so it runs last: after tidecord's own exit hook.
            "atexit.register(lambda: print('left running:', [t.name for t in "
            "threading.enumerate() if t.name == 'tidecord-sync-webhooks']))\n"
            f"hook = tidecord.SyncWebhook.from_url({url!r})\n"
            "sent = hook.send('from a script', wait=True)\n"
            "print(sent.content)\n")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", code,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert out.decode().splitlines() == ["from a script", "left running: []"]
    assert b"Unclosed" not in err and b"Warning" not in err, err.decode()
