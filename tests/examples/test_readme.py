"""The bot test the README shows, kept here so the README cannot drift from what works."""

from idea_bot import MyBot  # examples/idea_bot.py


async def test_idea(sandbox, run_bot, tmp_path):  # type: ignore[no-untyped-def]
    bot = MyBot(api_url=sandbox.api_url, db_path=tmp_path / "ideas.sqlite3")
    await run_bot(bot.start(sandbox.token), close=bot.close)

    await sandbox.send_message("alice", "general", ".idea")
    reply = await sandbox.wait_for_message(author=sandbox.bot_user, timeout=10)

    assert reply.content.startswith("Okay, so how about this:")
