"""An invite tracker with moderation tools, as tutorials build them: which invite a
newcomer used (the uses counted before and after), ``!say`` through a webhook under the
author's name, ``!ban`` / ``!unban`` with the ban list read back, and a ``Union``
converter naming a member, a role or a channel. Written once against
``(discord, commands)``."""

import typing


def guardian_bot(discord, commands, db_path):
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    intents.invites = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    uses = {}

    def log(guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    @bot.event
    async def on_ready():
        for g in bot.guilds:
            uses.update({i.code: i.uses for i in await g.invites()})

    @bot.event
    async def on_invite_create(invite):
        uses[invite.code] = invite.uses
        await log(invite.guild).send(
            f"invite made by {invite.inviter.name}: max_uses={invite.max_uses} "
            f"max_age={invite.max_age} temp={invite.temporary} ch={invite.channel.name}")

    @bot.event
    async def on_member_join(member):
        now = {i.code: i for i in await member.guild.invites()}
        used = [code for code, inv in now.items() if inv.uses > uses.get(code, 0)]
        uses.update({c: i.uses for c, i in now.items()})
        who = now[used[0]].inviter.name if used else "unknown"
        await log(member.guild).send(f"{member.name} joined via {len(used)} invite(s), "
                                     f"invited by {who}")

    @bot.command()
    async def invite(ctx):
        inv = await ctx.channel.create_invite(max_uses=5, max_age=3600, unique=True)
        await ctx.send(f"made one: {inv.url.startswith('https://discord.gg/')} {inv.max_uses}")

    @bot.command()
    async def say(ctx, *, text: str):
        hooks = await ctx.channel.webhooks()
        hook = discord.utils.get(hooks, name="Echo") \
            or await ctx.channel.create_webhook(name="Echo")
        sent = await hook.send(text, username=ctx.author.display_name,
                               avatar_url=ctx.author.display_avatar.url, wait=True)
        await ctx.message.delete()
        await log(ctx.guild).send(f"echo {sent.author.name} bot={sent.author.bot} "
                                  f"webhook={sent.webhook_id == hook.id} "
                                  f"type={type(sent).__name__} disc={sent.author.discriminator}")

    @bot.listen("on_message")
    async def hooks(message):
        if message.webhook_id:
            seen = discord.utils.get(message.guild.text_channels, name="welcome")
            await seen.send(f"saw webhook message from {message.author.name} "
                            f"{type(message.author).__name__} bot={message.author.bot} "
                            f"{message.author.discriminator}")

    @bot.command()
    async def ban(ctx, member: discord.Member, *, reason: str = "none"):
        await member.ban(reason=reason, delete_message_seconds=3600)
        bans = [b async for b in ctx.guild.bans()]
        entry = await ctx.guild.fetch_ban(member)
        await ctx.send(f"banned {member.name}; bans={[(b.user.name, b.reason) for b in bans]} "
                       f"entry={entry.reason}")

    @bot.command()
    async def unban(ctx, user: discord.User):
        await ctx.guild.unban(user, reason="forgiven")
        await ctx.send(f"unbanned {user.name}")

    @bot.event
    async def on_member_ban(guild, user):
        await log(guild).send(f"ban event {user.name} {type(user).__name__}")

    @bot.event
    async def on_member_unban(guild, user):
        await log(guild).send(f"unban event {user.name} {type(user).__name__}")

    @bot.command()
    async def what(ctx, thing: typing.Union[discord.Member, discord.Role,  # noqa: UP007
                                            discord.TextChannel]):
        kind = "channel" if isinstance(thing, discord.abc.GuildChannel) else type(thing).__name__
        await ctx.send(f"{kind}: {thing.name}")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot
