"""AutoMod: each guild's rules, and what they do to the messages people send.

Making, changing and deleting a rule sends AUTO_MODERATION_RULE_CREATE, _UPDATE and
_DELETE (the AUTO_MODERATION_CONFIGURATION intent); each action a rule takes sends
AUTO_MODERATION_ACTION_EXECUTION (AUTO_MODERATION_EXECUTION), its ``content`` and
``matched_content`` only to bots with the message content intent. Discord sends all
of them only to bots with Manage Server in the guild.

:meth:`AutoModOps.screen` is what a person's message goes through before it is
posted: enabled ``message_send`` rules of the keyword and mention-spam kinds are
matched as Discord's docs describe (keywords case-insensitive, ``*`` at either end
for a prefix, suffix or anywhere match, else the whole word; ``regex_patterns``; the
``allow_list``; unique user and role mentions over ``mention_total_limit``). The
guild's owner, members with Administrator or Manage Server, exempt roles and exempt
channels (a thread by its parent too) are left alone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Final

from tidecord.models import UNSET, Channel, Embed, Message, Permissions, Snowflake, UnsetType
from tidecord.models.automod import (
    AutoModAction,
    AutoModRule,
    AutoModRuleActionType,
    AutoModRuleEventType,
    AutoModRuleTriggerType,
    RuleAction,
)
from tidecord.models.embed import EmbedField

from .core import StateCore, StateError

__all__ = ["AutoModOps", "Trip", "keyword_pattern"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
_EXEMPT: Final[int] = Permissions.administrator | Permissions.manage_guild
_MENTION: Final = re.compile(r"<@(!?|&)(\d+)>")
#: The system message an alert is (AUTO_MODERATION_ACTION).
ALERT_MESSAGE_TYPE: Final = 24


@dataclass(frozen=True, slots=True)
class Trip:
    """A rule a message tripped, and what in it did."""

    rule: AutoModRule
    keyword: str | None
    matched: str | None


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as Discord matches it: ``*`` at the start lets the word begin before
    it, at the end lets the word go on after it; without, it is a whole word. The
    match covers the whole word, which is what ``matched_content`` reports."""
    core = re.escape(keyword.strip("*"))
    head = r"\w*" if keyword.startswith("*") else ""
    tail = r"\w*" if keyword.endswith("*") else ""
    return re.compile(rf"(?<!\w){head}{core}{tail}(?!\w)", re.IGNORECASE)


class AutoModOps(StateCore):
    """The guilds' AutoMod rules, and their enforcement on people's messages."""

    def automod_rule(self, guild_id: int, rule_id: int) -> AutoModRule:
        """A rule of the guild; 10066 when there is none."""
        rule = self.automod_rules.get(int(guild_id), {}).get(int(rule_id))
        if rule is None:
            raise StateError(10066, "Unknown auto moderation rule", 404)
        return rule

    def guild_automod_rules(self, guild_id: int) -> list[AutoModRule]:
        """The guild's rules, oldest first."""
        return list(self.automod_rules.get(int(guild_id), {}).values())

    def add_automod_rule(self, rule: AutoModRule) -> AutoModRule:
        """Keep a new rule: AUTO_MODERATION_RULE_CREATE."""
        self.automod_rules.setdefault(int(rule.guild_id), {})[int(rule.id)] = rule
        self._automod_emit("AUTO_MODERATION_RULE_CREATE", rule)
        return rule

    def replace_automod_rule(self, rule: AutoModRule) -> AutoModRule:
        """Keep a changed rule: AUTO_MODERATION_RULE_UPDATE."""
        self.automod_rule(rule.guild_id, rule.id)
        self.automod_rules[int(rule.guild_id)][int(rule.id)] = rule
        self._automod_emit("AUTO_MODERATION_RULE_UPDATE", rule)
        return rule

    def delete_automod_rule(self, guild_id: int, rule_id: int) -> AutoModRule:
        """Forget a rule: AUTO_MODERATION_RULE_DELETE."""
        rule = self.automod_rule(guild_id, rule_id)
        del self.automod_rules[int(guild_id)][int(rule_id)]
        self._automod_emit("AUTO_MODERATION_RULE_DELETE", rule)
        return rule

    # -- enforcement ----------------------------------------------------------------
    def screen(self, channel: Channel, author_id: int, content: str) -> list[Trip]:
        """The rules a person's message in ``channel`` trips, oldest rule first."""
        gid = self.guild_id_of(channel)
        if gid is None or self._exempt_member(gid, author_id):
            return []
        member = self.members.get(gid, {}).get(int(author_id))
        roles = {int(r) for r in member.roles} if member is not None else set()
        places = {int(channel.id)}
        if channel.is_thread and isinstance(channel.parent_id, int):
            places.add(int(channel.parent_id))
        trips: list[Trip] = []
        for rule in self.guild_automod_rules(gid):
            if (not rule.enabled or rule.event_type != AutoModRuleEventType.message_send
                    or roles & rule.exempt_role_ids or places & rule.exempt_channel_ids):
                continue
            trip = _match(rule, content)
            if trip is not None:
                trips.append(trip)
        return trips

    def enforce(self, trips: list[Trip], channel: Channel, author_id: int, content: str,
                message_id: int | None) -> None:
        """Take the tripped rules' actions: alerts, timeouts (a block is the caller's:
        the message is not posted), each announced with AUTO_MODERATION_ACTION_EXECUTION.
        ``message_id``: the message, when it was posted after all."""
        gid = self.guild_id_of(channel)
        assert gid is not None
        for trip in trips:
            for action in trip.rule.action_list:
                alert_id = None
                if action.type == AutoModRuleActionType.send_alert_message:
                    alert_id = self._alert(trip, action, channel, author_id, content)
                elif action.type == AutoModRuleActionType.timeout:
                    self._time_out(gid, author_id, action)
                self._announce(AutoModAction(
                    guild_id=Snowflake(gid), action_data=action, rule_id=trip.rule.id,
                    rule_trigger_type=trip.rule.trigger_type, user_id=Snowflake(author_id),
                    channel_id=Snowflake(channel.id),
                    message_id=None if message_id is None else Snowflake(message_id),
                    alert_system_message_id=alert_id, content=content,
                    matched_keyword=trip.keyword, matched_content=trip.matched))

    @staticmethod
    def blocks(trips: list[Trip]) -> bool:
        """Whether a tripped rule blocks the message."""
        return any(a.type == AutoModRuleActionType.block_message
                   for t in trips for a in t.rule.action_list)

    def _exempt_member(self, guild_id: int, user_id: int) -> bool:
        if int(self.guild(guild_id).owner_id) == int(user_id):
            return True
        return bool(self.permissions_in_guild(guild_id, user_id) & _EXEMPT)

    def _alert(self, trip: Trip, action: RuleAction, channel: Channel, author_id: int,
               content: str) -> Snowflake | None:
        """The system message an alert posts in its channel (the author is the person;
        the embed names the rule, the channel and what matched)."""
        target = action.metadata.channel_id
        if isinstance(target, UnsetType) or int(target) not in self.channels:
            return None
        fields = [EmbedField(name="rule_name", value=trip.rule.name, inline=False),
                  EmbedField(name="channel_id", value=str(channel.id), inline=False)]
        if trip.keyword is not None:
            fields.append(EmbedField(name="keyword", value=trip.keyword, inline=False))
        if trip.matched is not None:
            fields.append(EmbedField(name="keyword_matched_content", value=trip.matched,
                                     inline=False))
        embed = Embed(type="auto_moderation_message", description=content)
        embed.fields = fields
        message: Message = self.create_message(  # type: ignore[attr-defined]
            int(target), author_id, content="", embeds=[embed], type=ALERT_MESSAGE_TYPE,
            default_parse=())
        return Snowflake(message.id)

    def _time_out(self, guild_id: int, user_id: int, action: RuleAction) -> None:
        seconds = action.metadata.duration_seconds
        if isinstance(seconds, UnsetType):
            return
        until = self.clock.time_ms() / 1000 + seconds
        when = datetime.datetime.fromtimestamp(until, datetime.UTC).isoformat()
        self.update_member(guild_id, user_id,  # type: ignore[attr-defined]
                           communication_disabled_until=when)

    def _announce(self, execution: AutoModAction) -> None:
        gid = int(execution.guild_id)
        if self.permissions_in_guild(gid, self.bot_user.id) & MANAGE_GUILD:
            self.emit("AUTO_MODERATION_ACTION_EXECUTION", execution, guild_id=gid,
                      content_gated=True)

    def _automod_emit(self, name: str, rule: AutoModRule) -> None:
        gid = int(rule.guild_id)
        if self.permissions_in_guild(gid, self.bot_user.id) & MANAGE_GUILD:
            self.emit(name, rule, guild_id=gid)


def _match(rule: AutoModRule, content: str) -> Trip | None:
    meta = rule.trigger_metadata
    if rule.trigger_type == AutoModRuleTriggerType.keyword:
        # A match inside what the allow list names ("spoiler-free") does not count.
        allowed = [m.span() for k in _items(meta.allow_list)
                   for m in keyword_pattern(k).finditer(content)]

        def excused(found: re.Match[str]) -> bool:
            return any(a <= found.start() and found.end() <= b for a, b in allowed)

        for keyword in _items(meta.keyword_filter):
            for found in keyword_pattern(keyword).finditer(content):
                if not excused(found):
                    return Trip(rule, keyword, found.group())
        for pattern in _items(meta.regex_patterns):
            try:
                hits = list(re.finditer(pattern, content, re.IGNORECASE))
            except re.error:
                continue  # checked when the rule was made; Rust's syntax is not Python's
            for hit in hits:
                if hit.group() and not excused(hit):
                    return Trip(rule, pattern, hit.group())
    elif rule.trigger_type == AutoModRuleTriggerType.mention_spam:
        limit = meta.mention_total_limit
        # <@id> and <@!id> are one user; <@&id> is a role
        unique = {(kind == "&", int(n)) for kind, n in _MENTION.findall(content)}
        if not isinstance(limit, UnsetType) and len(unique) > limit:
            return Trip(rule, None, None)
    return None


def _items(value: list[str] | UnsetType) -> list[str]:
    return [] if value is UNSET or isinstance(value, UnsetType) else value
