"""What the same tutorials reach for next: cached reaction events, ``wait_for`` a
reaction, a view that disables itself when it times out, a thread's members and its
starter message, a welcome DM, the last messages read back with ``history``, a
self-deleting notice and a cooldown reset. Written once against ``(discord, commands)``."""

import asyncio

YES = "\N{WHITE HEAVY CHECK MARK}"


def extras_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ui = discord.ui

    def log(guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    @bot.event
    async def on_reaction_add(reaction, user):
        if user.bot:
            return
        await log(reaction.message.guild).send(
            f"add {reaction.emoji} by {type(user).__name__} {user.name}: count "
            f"{reaction.count}, me {reaction.me}, custom {reaction.is_custom_emoji()}, "
            f"on {reaction.message.author.name}'s {reaction.message.content!r}")

    @bot.event
    async def on_reaction_remove(reaction, user):
        await log(reaction.message.guild).send(
            f"remove {reaction.emoji} by {user.name}: count {reaction.count}")

    @bot.command()
    async def confirm(ctx):
        asked = await ctx.send(f"React {YES} quickly to confirm.")
        await asked.add_reaction(YES)

        def check(reaction, user):
            return user == ctx.author and str(reaction.emoji) == YES \
                and reaction.message.id == asked.id

        try:
            # 2 s, not less: on a loaded machine a reaction may take that long to come.
            reaction, user = await bot.wait_for("reaction_add", check=check, timeout=2)
        except TimeoutError:
            return await asked.edit(content="Timed out.")
        await ctx.send(f"Confirmed by {user.display_name} ({reaction.count} reactions).")

    class Vote(ui.View):
        def __init__(self):
            super().__init__(timeout=2)  # a busy machine may take a while between clicks
            self.votes = 0
            self.message = None

        @ui.button(label="Vote", custom_id="extras:vote")
        async def vote(self, interaction, button):
            self.votes += 1
            button.label = f"Vote ({self.votes})"
            await interaction.response.edit_message(view=self)

        async def on_timeout(self):
            for item in self.children:
                item.disabled = True
            await self.message.edit(content=f"Closed with {self.votes} votes.", view=self)

    @bot.command()
    async def vote(ctx):
        view = Vote()
        view.message = await ctx.send("Vote now!", view=view)
        timed_out = await view.wait()
        await ctx.send(f"wait() said {timed_out}; finished {view.is_finished()}")

    @bot.command()
    async def discuss(ctx, member: discord.Member):
        thread = await ctx.message.create_thread(name="discussion")
        await thread.add_user(member)
        cached = ctx.message.thread
        people = sorted(m.id for m in await thread.fetch_members())
        starter = thread.starter_message
        await thread.send(f"{len(people)} in here: {[ctx.guild.get_member(i).name for i in people]}"
                          f"; message.thread {cached is not None and cached.id == thread.id}; "
                          f"starter {starter is not None and starter.id == ctx.message.id}; "
                          f"owner {thread.owner_id == bot.user.id}")

    @bot.event
    async def on_thread_create(thread):
        await log(thread.guild).send(f"thread {thread.name} in #{thread.parent} by "
                                     f"{thread.owner_id == bot.user.id}, "
                                     f"type {thread.type}")

    @bot.event
    async def on_member_join(member):
        try:
            await member.send(f"Welcome to {member.guild.name}, {member.name}!")
            note = "sent"
        except discord.Forbidden as error:
            note = f"refused {error.code}"
        dm = member.dm_channel
        is_dm = isinstance(dm, discord.DMChannel)
        await log(member.guild).send(f"DM to {member.name}: {note}; dm channel "
                                     f"{is_dm} with {dm.recipient.name}")

    @bot.command()
    async def last(ctx):
        before = [m async for m in ctx.channel.history(limit=3, before=ctx.message)]
        await ctx.send(" | ".join(f"{m.author.name}: {m.content}" for m in before))

    @bot.command()
    async def notice(ctx):
        await ctx.send("This vanishes.", delete_after=0.2)
        await ctx.message.delete(delay=0.1)
        await asyncio.sleep(0.5)
        gone = [m async for m in ctx.channel.history(limit=5)
                if m.content in ("This vanishes.", "!notice")]
        await log(ctx.guild).send(f"left: {len(gone)}")

    @bot.command()
    @commands.cooldown(1, 60, commands.BucketType.user)
    async def work(ctx, reset: bool = False):
        if reset:
            ctx.command.reset_cooldown(ctx)
        left = ctx.command.get_cooldown_retry_after(ctx)
        await ctx.send(f"worked; cooldown {'reset' if left == 0 else 'running'}; "
                       f"on cooldown {ctx.command.is_on_cooldown(ctx)}")

    @work.error
    async def work_error(ctx, error):
        if isinstance(error, commands.CommandOnCooldown):
            await ctx.send(f"resting for {round(error.retry_after)} s")

    return bot
