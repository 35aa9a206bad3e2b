"""Games and a spam guard, as tutorials build them: tic-tac-toe on a view of nine
``Button`` subclasses (turns, an ephemeral "not your turn", a win that disables the
board, ``view.wait()``), a trivia question answered through ``wait_for("message")``, a
multi-choice select, and an anti-spam listener that purges a flooder's messages with a
check and times them out. Written once against ``(discord, commands)``."""

import datetime

TRIVIA_SECONDS = 0.8


def games_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ui = discord.ui

    class Cell(ui.Button):
        def __init__(self, x, y):
            super().__init__(style=discord.ButtonStyle.secondary, label="\u200b", row=y,
                             custom_id=f"ttt:{x}:{y}")
            self.x, self.y = x, y

        async def callback(self, interaction):
            view = self.view
            if interaction.user.id != view.players[view.turn].id:
                return await interaction.response.send_message("Not your turn.", ephemeral=True)
            mark = "XO"[view.turn]
            self.label = mark
            self.style = discord.ButtonStyle.danger if mark == "X" else discord.ButtonStyle.success
            self.disabled = True
            view.board[self.y][self.x] = mark
            winner = view.winner()
            if winner:
                for child in view.children:
                    child.disabled = True
                view.stop()
                content = f"{view.players[view.turn].display_name} wins!"
            else:
                view.turn ^= 1
                content = f"{view.players[view.turn].display_name}'s turn"
            await interaction.response.edit_message(content=content, view=view)

    class Board(ui.View):
        def __init__(self, x_player, o_player):
            super().__init__(timeout=30)
            self.players = [x_player, o_player]
            self.turn = 0
            self.board = [[None] * 3 for _ in range(3)]
            for y in range(3):
                for x in range(3):
                    self.add_item(Cell(x, y))

        def winner(self):
            b = self.board
            lines = [*b, *([b[y][x] for y in range(3)] for x in range(3)),
                     [b[i][i] for i in range(3)], [b[i][2 - i] for i in range(3)]]
            return any(line[0] and line.count(line[0]) == 3 for line in lines)

    @bot.command()
    async def ttt(ctx, opponent: discord.Member):
        view = Board(ctx.author, opponent)
        await ctx.send(f"{ctx.author.display_name}'s turn", view=view)
        await view.wait()
        rows = [" ".join(c or "." for c in row) for row in view.board]
        await ctx.send("final:\n" + "\n".join(rows))

    @bot.command()
    async def trivia(ctx):
        await ctx.send("What is 6 x 7?")

        def check(m):
            return m.channel == ctx.channel and m.author == ctx.author

        try:
            while True:
                answer = await bot.wait_for("message", check=check, timeout=TRIVIA_SECONDS)
                if answer.content.strip() == "42":
                    return await answer.reply(f"Correct, {answer.author.display_name}!")
                await answer.add_reaction("\N{CROSS MARK}")
        except TimeoutError:
            await ctx.send("Time's up: 42.")

    class Picker(ui.Select):
        def __init__(self):
            options = [discord.SelectOption(label="Chess", value="chess", emoji="\N{CROWN}"),
                       discord.SelectOption(label="Go", value="go", description="stones"),
                       discord.SelectOption(label="Poker", value="poker", default=True)]
            super().__init__(placeholder="Pick games", min_values=1, max_values=2,
                             custom_id="games", options=options)

        async def callback(self, interaction):
            offered = [o.value for o in self.options]
            await interaction.response.send_message(
                f"{interaction.user.name} picked {self.values} of {offered}")

    @bot.command()
    async def games(ctx):
        view = ui.View(timeout=10)
        view.add_item(Picker())
        await ctx.send("What do you play?", view=view)

    spam = {}

    @bot.listen("on_message")
    async def antispam(message):
        if message.author.bot or message.channel.name != "lobby":
            return
        times = spam.setdefault(message.author.id, [])
        times.append(message.created_at)
        recent = [t for t in times if (message.created_at - t).total_seconds() < 10]
        if len(recent) >= 4:
            spam[message.author.id] = []
            gone = await message.channel.purge(limit=20,
                                               check=lambda m: m.author == message.author)
            await message.author.timeout(
                discord.utils.utcnow() + datetime.timedelta(minutes=1), reason="spam")
            await message.channel.send(f"{message.author.mention} slow down "
                                       f"({len(gone)} removed)", delete_after=60)

    return bot
