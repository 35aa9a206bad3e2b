# A discord.py 2.x program: a background task started in setup_hook; only the import differs.
import asyncio
import os

import tidecord as discord


class TickerClient(discord.Client):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counter = 0

    async def setup_hook(self) -> None:
        # start the task to run in the background
        self.bg_task = self.loop.create_task(self.count_up())
        self.other_task = asyncio.create_task(self.announce())

    async def on_ready(self):
        print(f"Logged in as {self.user} (ID: {self.user.id})", flush=True)

    async def announce(self):
        await self.wait_until_ready()
        channel = self.get_channel(int(os.environ["CHANNEL_ID"]))
        await channel.send(f"{self.user.name} online in {len(self.guilds)} server(s)")

    async def count_up(self):
        await self.wait_until_ready()
        channel = self.get_channel(int(os.environ["CHANNEL_ID"]))  # channel ID goes here
        while not self.is_closed():
            self.counter += 1
            await channel.send(f"tick {self.counter}")
            if self.counter == 3:
                await self.close()
            await asyncio.sleep(0.2)


client = TickerClient(intents=discord.Intents.default())
client.run(os.environ["BOT_TOKEN"])
