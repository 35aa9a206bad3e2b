"""An economy bot as tutorials build one: balances in aiosqlite, ``!daily`` on a day's
cooldown (the wait worded from ``retry_after``), ``!pay`` with a ranged amount and a
member converter, ``!rob`` behind a custom check, and a paginated ``!leaderboard`` whose
buttons only its caller may press. Written once against ``(discord, commands)``."""

import aiosqlite

DAILY = 100
ROB_NEEDS = 120
PAGE = 2


def economy_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ui = discord.ui

    async def query(sql, *args, commit=False):
        async with aiosqlite.connect(db_path) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS balances "
                             "(user_id INTEGER PRIMARY KEY, coins INTEGER NOT NULL)")
            async with db.execute(sql, args) as cursor:
                rows = await cursor.fetchall()
            if commit:
                await db.commit()
        return rows

    async def balance_of(user_id):
        rows = await query("SELECT coins FROM balances WHERE user_id = ?", user_id)
        return rows[0][0] if rows else 0

    async def add(user_id, amount):
        await query("INSERT INTO balances VALUES (?, ?) ON CONFLICT(user_id) "
                    "DO UPDATE SET coins = coins + excluded.coins", user_id, amount,
                    commit=True)

    def rich_enough():
        async def predicate(ctx):
            if await balance_of(ctx.author.id) < ROB_NEEDS:
                raise commands.CheckFailure(f"You need {ROB_NEEDS} coins to rob anyone.")
            return True
        return commands.check(predicate)

    @bot.command()
    @commands.cooldown(1, 86400, commands.BucketType.user)
    async def daily(ctx):
        await add(ctx.author.id, DAILY)
        await ctx.send(f"{ctx.author.display_name} collected {DAILY} coins.")

    @bot.command(aliases=["bal"])
    async def balance(ctx, member: discord.Member = commands.Author):
        await ctx.send(f"{member.display_name} has {await balance_of(member.id)} coins.")

    @bot.command()
    async def pay(ctx, member: discord.Member, amount: commands.Range[int, 1, None]):
        if member == ctx.author:
            return await ctx.send("You can't pay yourself.")
        if await balance_of(ctx.author.id) < amount:
            return await ctx.send("You don't have that many coins.")
        await add(ctx.author.id, -amount)
        await add(member.id, amount)
        await ctx.send(f"{ctx.author.display_name} paid {member.display_name} {amount}.")

    @bot.command()
    @commands.guild_only()
    @rich_enough()
    async def rob(ctx, victim: discord.Member):
        stolen = await balance_of(victim.id) // 10
        await add(victim.id, -stolen)
        await add(ctx.author.id, stolen)
        await ctx.send(f"{ctx.author.display_name} stole {stolen} from {victim.display_name}!")

    class Pages(ui.View):
        def __init__(self, owner, rows):
            super().__init__(timeout=60)
            self.owner, self.rows, self.page = owner, rows, 0
            self.pages = max(1, -(-len(rows) // PAGE))
            self.sync()

        def sync(self):
            self.previous.disabled = self.page == 0
            self.next.disabled = self.page >= self.pages - 1

        def embed(self, guild):
            embed = discord.Embed(title="Richest members", colour=0xF1C40F)
            start = self.page * PAGE
            for rank, (user_id, coins) in enumerate(self.rows[start:start + PAGE], start + 1):
                member = guild.get_member(user_id)
                embed.add_field(name=f"#{rank} {member.display_name}", value=f"{coins} coins",
                                inline=False)
            embed.set_footer(text=f"Page {self.page + 1}/{self.pages}")
            return embed

        async def interaction_check(self, interaction):
            if interaction.user.id != self.owner.id:
                await interaction.response.send_message(
                    f"Only {self.owner.display_name} can turn these pages.", ephemeral=True)
                return False
            return True

        async def turn(self, interaction, step):
            self.page += step
            self.sync()
            await interaction.response.edit_message(embed=self.embed(interaction.guild),
                                                    view=self)

        @ui.button(label="Previous", style=discord.ButtonStyle.secondary,
                   custom_id="lb:previous")
        async def previous(self, interaction, button):
            await self.turn(interaction, -1)

        @ui.button(label="Next", style=discord.ButtonStyle.primary, custom_id="lb:next")
        async def next(self, interaction, button):
            await self.turn(interaction, 1)

    @bot.command(aliases=["lb"])
    async def leaderboard(ctx):
        rows = await query("SELECT user_id, coins FROM balances ORDER BY coins DESC, user_id")
        view = Pages(ctx.author, rows)
        await ctx.send(embed=view.embed(ctx.guild), view=view)

    @bot.event
    async def on_command_error(ctx, error):
        if isinstance(error, commands.CommandOnCooldown):
            hours, rest = divmod(int(error.retry_after), 3600)
            await ctx.send(f"Come back in {hours}h {rest // 60}m "
                           f"({error.cooldown.rate}/{error.cooldown.per:.0f}s, "
                           f"{error.type.name}).")
        elif isinstance(error, commands.RangeError):
            await ctx.send(f"The amount must be at least {error.minimum} "
                           f"(not {error.value}).")
        elif isinstance(error, commands.MemberNotFound):
            await ctx.send(f"I don't know anyone called {error.argument}.")
        elif isinstance(error, commands.CheckFailure):
            await ctx.send(str(error))
        elif isinstance(error, commands.UserInputError):
            await ctx.send(f"{type(error).__name__}: {error}")
        else:
            raise error

    return bot
