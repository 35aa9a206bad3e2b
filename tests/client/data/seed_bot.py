#!/usr/bin/env python3
# ruff: noqa  (the guide's code, kept exactly as written there)
# The bot from the "Concurrency in Python, with discord.py" guide, as written there,
# with only the import changed (`import discord` -> `import tidecord as discord`).
import tidecord as discord


class MyBot(discord.Client):
    async def on_ready(self):
        print('Logged on as {0}!'.format(self.user), flush=True)

    async def on_message(self, message):
        if message.author == self.user:
            return

        if message.content.startswith(".idea"):
            await message.reply("Okay, so how about this:")


def main():
    with open(".token", "r") as token_file:
        # Strip any trailing whitespace.
        token = token_file.read().rstrip()
    bot = MyBot()
    bot.run(token)


if __name__ == "__main__":
    main()
