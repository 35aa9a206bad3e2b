"""``SyncWebhook`` as blocking code uses it (a script, a thread): post with nothing but
the URL, wait for the message, edit it, read it back, rename the webhook, fetch it with
a bot token, delete a message, and be told 404 for it after; both libraries (discord.py
on ``requests``) must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import both
from .test_parity_webhooks import hooks_world

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

# The sandbox's bot token, for the run at hand (set before each library's bot starts).
TOKEN: dict[str, str] = {}


def script_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def report(url, hook_id, token, text):
        # Plain blocking code, as a cron job would run it: no event loop here.
        hook = discord.SyncWebhook.from_url(url)
        lines = [f"partial {hook.is_partial()}, authenticated {hook.is_authenticated()}"]
        nothing = hook.send("fire and forget", username="Cron")
        first = hook.send(text, username="Cron", wait=True)
        lines.append(f"wait=False gave {nothing}; sent {first.content!r} as "
                     f"{first.author.name}, webhook id matches {first.webhook_id == hook_id}")
        edited = first.edit(content=text.upper())
        again = hook.fetch_message(first.id)
        lines.append(f"edited {edited.content!r}, read back {again.content!r}")
        hook.edit(name="Nightly")
        fetched = hook.fetch()
        lines.append(f"renamed {fetched.name}, partial now {fetched.is_partial()}")
        authed = discord.SyncWebhook.partial(hook_id, token, bot_token=TOKEN["token"])
        seen = authed.fetch()
        lines.append(f"with the bot token: {seen.name}, authenticated "
                     f"{authed.is_authenticated()}, repr hides it "
                     f"{token not in repr(authed)}")
        hook.delete_message(first.id)
        try:
            hook.fetch_message(first.id)
        except discord.NotFound as exc:
            lines.append(f"deleted: {exc.status} {exc.code}")
        return "\n".join(lines)

    @bot.command()
    async def nightly(ctx, *, text):
        hook = await ctx.channel.create_webhook(name="Reports")
        summary = await asyncio.to_thread(report, hook.url, hook.id, hook.token, text)
        await ctx.send(summary)

    return bot




LINES = [("alice", "general", "!nightly all green")]


async def test_sync_webhooks_behave_alike(sandbox_factory: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    async def prepare(sb: Sandbox) -> None:
        TOKEN["token"] = sb.token
        # Where tidecord's partial webhooks go, as `tidecord run` sets it (discord.py's
        # go where its Route.BASE says, which the harness points at the sandbox).
        monkeypatch.setenv("TIDECORD_API_URL", sb.api_url)

    runs = await both(sandbox_factory, script_bot, LINES, world=hooks_world, prepare=prepare)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    text = "\n".join(ours)
    for expected in ("partial True, authenticated False",
                     "wait=False gave None; sent 'all green' as Cron, webhook id matches True",
                     "edited 'ALL GREEN', read back 'ALL GREEN'",
                     "renamed Nightly, partial now False",
                     "with the bot token: Nightly, authenticated True, repr hides it True",
                     "deleted: 404 10008"):
        assert expected in text, expected
