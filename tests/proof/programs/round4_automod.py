"""An AutoMod configurator as moderation bots offer one: ``/automod`` slash commands make
keyword, regex and mention-spam rules (actions: block with a message, an alert in
#mod-log, a timeout), list them, switch one off and delete one; the bot logs each
rule's creation, change and deletion, and every action AutoMod takes on a person's
message (``on_automod_action``), in #mod-log. The rules live in Discord, so a restart
finds them with ``guild.fetch_automod_rules()``. Written once against
``(discord, commands)``."""

import datetime
import importlib
from typing import Literal


def automod_bot(discord, commands, db_path):
    app_commands = importlib.import_module(discord.__name__ + ".app_commands")
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def log(guild):
        return discord.utils.get(guild.text_channels, name="mod-log")

    def actions_for(guild, action):
        if action == "block":
            return [discord.AutoModRuleAction(custom_message="Mind your words here.")]
        if action == "alert":
            return [discord.AutoModRuleAction(channel_id=log(guild).id)]
        return [discord.AutoModRuleAction(custom_message="Take a minute."),
                discord.AutoModRuleAction(duration=datetime.timedelta(minutes=1))]

    async def named(guild, name):
        return discord.utils.get(await guild.fetch_automod_rules(), name=name)

    def describe(rule):
        trigger = rule.trigger
        kinds = sorted(a.type.name for a in rule.actions)
        exempt = sorted(r.name for r in rule.exempt_roles)
        return (f"{rule.name}: {trigger.type.name} keywords={trigger.keyword_filter} "
                f"regex={trigger.regex_patterns} allow={trigger.allow_list} "
                f"mentions={trigger.mention_limit} actions={kinds} enabled={rule.enabled} "
                f"exempt={exempt} by {rule.creator}")

    automod = app_commands.Group(name="automod", description="AutoMod rules", guild_only=True,
                                 default_permissions=discord.Permissions(manage_guild=True))

    async def make(interaction, name, trigger, action):
        guild = interaction.guild
        staff = discord.utils.get(guild.roles, name="Staff")
        rule = await guild.create_automod_rule(
            name=name, event_type=discord.AutoModRuleEventType.message_send, trigger=trigger,
            actions=actions_for(guild, action), enabled=True, exempt_roles=[staff],
            reason=f"asked by {interaction.user}")
        await interaction.response.send_message(f"Made {describe(rule)}", ephemeral=True)

    @automod.command(name="words", description="Block or flag words")
    async def words(interaction, name: str, words: str,
                    action: Literal["block", "alert", "timeout"] = "block",
                    allow: str | None = None):
        trigger = discord.AutoModTrigger(
            type=discord.AutoModRuleTriggerType.keyword,
            keyword_filter=[w.strip() for w in words.split(",")],
            allow_list=[w.strip() for w in allow.split(",")] if allow else None)
        await make(interaction, name, trigger, action)

    @automod.command(name="regex", description="Block what a pattern matches")
    async def regex(interaction, name: str, pattern: str,
                    action: Literal["block", "alert", "timeout"] = "block"):
        trigger = discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.keyword,
                                         regex_patterns=[pattern])
        await make(interaction, name, trigger, action)

    @automod.command(name="mentions", description="Stop mass mentions")
    async def mentions(interaction, name: str, limit: app_commands.Range[int, 1, 50]):
        trigger = discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.mention_spam,
                                         mention_limit=limit)
        await make(interaction, name, trigger, "block")

    @automod.command(name="list", description="The rules of this server")
    async def list_rules(interaction):
        rules = sorted(await interaction.guild.fetch_automod_rules(), key=lambda r: r.name)
        await interaction.response.send_message("\n".join(map(describe, rules)) or "none",
                                                ephemeral=True)

    @automod.command(name="toggle", description="Switch a rule on or off")
    async def toggle(interaction, name: str):
        rule = await named(interaction.guild, name)
        if rule is None:
            return await interaction.response.send_message(f"No rule {name!r}.", ephemeral=True)
        changed = await rule.edit(enabled=not rule.enabled, reason="toggled")
        await interaction.response.send_message(f"{changed.name} enabled={changed.enabled}",
                                                ephemeral=True)

    @automod.command(name="delete", description="Delete a rule")
    async def delete(interaction, name: str):
        rule = await named(interaction.guild, name)
        if rule is None:
            return await interaction.response.send_message(f"No rule {name!r}.", ephemeral=True)
        await rule.delete(reason="no longer wanted")
        await interaction.response.send_message(f"Deleted {name}.", ephemeral=True)

    bot.tree.add_command(automod)

    @bot.tree.error
    async def on_app_command_error(interaction, error):
        original = getattr(error, "original", error)
        text = f"{type(original).__name__}: {getattr(original, 'code', '')} {original}"
        await interaction.response.send_message(text, ephemeral=True)

    @bot.event
    async def on_automod_rule_create(rule):
        await log(rule.guild).send(f"Rule made: {rule.name} ({rule.trigger.type.name})")

    @bot.event
    async def on_automod_rule_update(rule):
        await log(rule.guild).send(f"Rule changed: {rule.name} enabled={rule.enabled}")

    @bot.event
    async def on_automod_rule_delete(rule):
        await log(rule.guild).send(f"Rule deleted: {rule.name}")

    @bot.event
    async def on_automod_action(execution):
        rule = await execution.fetch_rule()
        member = execution.member or execution.guild.get_member(execution.user_id)
        action = execution.action
        extra = ""
        if action.type == discord.AutoModRuleActionType.timeout:
            extra = f" for {action.duration}; timed out {member.is_timed_out()}"
        elif action.type == discord.AutoModRuleActionType.send_alert_message:
            extra = f" alert {execution.alert_system_message_id is not None}"
        elif action.type == discord.AutoModRuleActionType.block_message:
            extra = f" saying {action.custom_message!r}"
        await log(execution.guild).send(
            f"AutoMod {action.type.name} by {rule.name} on {member.display_name} in "
            f"{execution.channel.mention}: {execution.content!r} matched "
            f"{execution.matched_keyword!r} ({execution.matched_content!r}), message "
            f"{execution.message_id is not None}{extra}",
            allowed_mentions=discord.AllowedMentions.none())

    async def setup_hook():
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot
