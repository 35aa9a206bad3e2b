#!/usr/bin/env python3
# The bot of the guide "Concurrency in Python, with discord.py", exactly as the guide
# writes it for discord.py, with one change: the import. Two notes on the guide:
# - it never shows its import line; discord.py's would be `import discord`;
# - its `.idea` check is printed one indent level too shallow, which would put it
#   outside on_message; here it sits inside on_message, where the guide means it.
# discord.py 2.x would refuse `MyBot()` without `intents=`; tidecord accepts it, with
# the default intents plus message content, so the guide's `.idea` command works.
# The guide's code stays as written, so ruff's modernising rules are off for it:
# ruff: noqa: UP015, UP030, UP032
import tidecord as discord


class MyBot(discord.Client):
    async def on_ready(self):
        print('Logged on as {0}!'.format(self.user))

    async def on_message(self, message):
        if message.author == self.user:
            return

        if message.content.startswith(".idea"):
            await message.reply("Okay, so how about this:")


def main():
    # Do initialization here!
    with open(".token", "r") as token_file:
        # Strip any trailing whitespace.
        token = token_file.read().rstrip()

    bot = MyBot()
    bot.run(token)


if __name__ == "__main__":
    main()
