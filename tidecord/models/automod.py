"""AutoMod: a guild's rules, as Discord sends them and discord.py programs read them.

:class:`AutoModRule` and :class:`AutoModAction` (one execution of a rule's action) are
declared once for the client and the sandbox. :class:`AutoModTrigger` and
:class:`AutoModRuleAction` are the plain objects a bot builds, as in discord.py::

    rule = await guild.create_automod_rule(
        name="no spoilers", event_type=discord.AutoModRuleEventType.message_send,
        trigger=discord.AutoModTrigger(keyword_filter=["*spoiler*"]),
        actions=[discord.AutoModRuleAction(custom_message="No spoilers here")],
        enabled=True)
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType, decode, enum_of
from .flags import Flags, _bit

__all__ = ["AutoModAction", "AutoModPresets", "AutoModRule", "AutoModRuleAction",
           "AutoModRuleActionType", "AutoModRuleEventType", "AutoModRuleTriggerType",
           "AutoModTrigger", "GuildAutoMod", "RuleAction", "TriggerMetadata", "bind_rule"]


class AutoModRuleTriggerType(NamedEnum):
    """What a rule looks for."""

    keyword = 1
    harmful_link = 2
    spam = 3
    keyword_preset = 4
    mention_spam = 5
    member_profile = 6


class AutoModRuleEventType(NamedEnum):
    """When a rule is checked: a message sent, or a member's profile changed."""

    message_send = 1
    member_update = 2


class AutoModRuleActionType(NamedEnum):
    """What a rule does when it matches."""

    block_message = 1
    send_alert_message = 2
    timeout = 3
    block_member_interactions = 4


class AutoModPresets(Flags):
    """Discord's word lists for a ``keyword_preset`` rule; on the wire a list of
    numbers counted from 1 (``[1, 3]``: profanity and slurs)."""

    profanity = _bit(0)
    sexual_content = _bit(1)
    slurs = _bit(2)

    @classmethod
    def _from_array(cls, numbers: Sequence[int]) -> AutoModPresets:
        value = 0
        for n in numbers:
            value |= 1 << (int(n) - 1)
        return cls._from_value(value)

    def to_array(self) -> list[int]:
        """The presets as Discord lists them."""
        return [i + 1 for i in range(self.value.bit_length()) if self.value >> i & 1]


# -- the wire ----------------------------------------------------------------------
class ActionMetadata(Model, kw_only=True):
    """What an action needs: the alert channel, the timeout, the blocked message's text."""

    channel_id: Snowflake | UnsetType = UNSET
    duration_seconds: int | UnsetType = UNSET
    custom_message: str | UnsetType | None = UNSET


class RuleAction(Model, kw_only=True):
    """One action of a rule, as Discord sends it."""

    type: int
    metadata: ActionMetadata = msgspec.field(default_factory=ActionMetadata)


class TriggerMetadata(Model, kw_only=True):
    """The fields of a rule's trigger; which ones apply depends on its type."""

    keyword_filter: list[str] | UnsetType = UNSET
    regex_patterns: list[str] | UnsetType = UNSET
    presets: list[int] | UnsetType = UNSET
    allow_list: list[str] | UnsetType = UNSET
    mention_total_limit: int | UnsetType = UNSET
    mention_raid_protection_enabled: bool | UnsetType = UNSET


def _listed(value: list[Any] | UnsetType) -> list[Any]:
    return [] if isinstance(value, UnsetType) else list(value)


# -- what a bot builds ---------------------------------------------------------------
class AutoModRuleAction:
    """An action a rule takes: give one of ``channel_id`` (send an alert there),
    ``duration`` (time the author out) or ``custom_message`` (block the message, with
    that text shown to its author); with none, it blocks the message."""

    __slots__ = ("channel_id", "custom_message", "duration", "type")

    def __init__(self, *, type: AutoModRuleActionType | None = None,
                 channel_id: int | None = None, duration: datetime.timedelta | None = None,
                 custom_message: str | None = None) -> None:
        if sum(v is not None for v in (channel_id, duration, custom_message)) > 1:
            raise ValueError("Only one of channel_id, duration, or custom_message can be passed.")
        if type is None:
            type = (AutoModRuleActionType.send_alert_message if channel_id is not None else
                    AutoModRuleActionType.timeout if duration is not None else
                    AutoModRuleActionType.block_message)
        self.type = type
        self.channel_id: int | None = None
        self.duration: datetime.timedelta | None = None
        self.custom_message: str | None = None
        if type is AutoModRuleActionType.send_alert_message:
            if channel_id is None:
                raise ValueError("channel_id cannot be None if type is send_alert_message")
            self.channel_id = channel_id
        elif type is AutoModRuleActionType.timeout:
            if duration is None:
                raise ValueError("duration cannot be None set if type is timeout")
            self.duration = duration
        elif type is AutoModRuleActionType.block_message:
            self.custom_message = custom_message

    def __repr__(self) -> str:
        return (f"<AutoModRuleAction type={int(self.type)} channel={self.channel_id} "
                f"duration={self.duration}>")

    @classmethod
    def from_wire(cls, action: RuleAction) -> AutoModRuleAction:
        """The action a rule's or an execution's payload describes."""
        meta = action.metadata
        if action.type == AutoModRuleActionType.timeout:
            seconds = 0 if isinstance(meta.duration_seconds, UnsetType) else meta.duration_seconds
            return cls(duration=datetime.timedelta(seconds=seconds))
        if action.type == AutoModRuleActionType.send_alert_message:
            return cls(channel_id=0 if isinstance(meta.channel_id, UnsetType)
                       else int(meta.channel_id))
        if action.type == AutoModRuleActionType.block_message:
            text = None if isinstance(meta.custom_message, UnsetType) else meta.custom_message
            return cls(type=AutoModRuleActionType.block_message, custom_message=text)
        return cls(type=AutoModRuleActionType.block_member_interactions)

    def to_dict(self) -> dict[str, Any]:
        """The action as Discord takes it."""
        metadata: dict[str, Any] = {}
        if self.type is AutoModRuleActionType.block_message and self.custom_message is not None:
            metadata = {"custom_message": self.custom_message}
        elif self.type is AutoModRuleActionType.timeout and self.duration is not None:
            metadata = {"duration_seconds": int(self.duration.total_seconds())}
        elif self.type is AutoModRuleActionType.send_alert_message:
            metadata = {"channel_id": str(self.channel_id)}
        return {"type": int(self.type), "metadata": metadata}


_KEYWORDS = (AutoModRuleTriggerType.keyword, AutoModRuleTriggerType.member_profile)


class AutoModTrigger:
    """What a rule looks for. The type follows from what is given: ``keyword_filter``
    or ``regex_patterns`` (keyword), ``presets`` (keyword_preset), ``mention_limit``
    or ``mention_raid_protection`` (mention_spam); ``spam`` needs ``type=``."""

    __slots__ = ("allow_list", "keyword_filter", "mention_limit", "mention_raid_protection",
                 "presets", "regex_patterns", "type")

    def __init__(self, *, type: AutoModRuleTriggerType | None = None,
                 keyword_filter: list[str] | None = None, presets: AutoModPresets | None = None,
                 allow_list: list[str] | None = None, mention_limit: int | None = None,
                 regex_patterns: list[str] | None = None,
                 mention_raid_protection: bool | None = None) -> None:
        kinds = (keyword_filter or regex_patterns, presets,
                 mention_limit or mention_raid_protection)
        if type is None and sum(k is not None for k in kinds) > 1:
            raise ValueError("Please pass only one of keyword_filter/regex_patterns, presets, "
                             "or mention_limit/mention_raid_protection.")
        if type is None:
            if keyword_filter is not None or regex_patterns is not None:
                type = AutoModRuleTriggerType.keyword
            elif presets is not None:
                type = AutoModRuleTriggerType.keyword_preset
            elif mention_limit is not None or mention_raid_protection is not None:
                type = AutoModRuleTriggerType.mention_spam
            else:
                raise ValueError("Please pass the trigger type explicitly if not using "
                                 "keyword_filter, regex_patterns, presets, mention_limit, "
                                 "or mention_raid_protection.")
        self.type = type
        self.keyword_filter: list[str] = keyword_filter if keyword_filter is not None else []
        self.regex_patterns: list[str] = regex_patterns if regex_patterns is not None else []
        self.presets = presets if presets is not None else AutoModPresets()
        self.allow_list: list[str] = allow_list if allow_list is not None else []
        self.mention_limit = mention_limit if mention_limit is not None else 0
        self.mention_raid_protection = bool(mention_raid_protection)

    def __repr__(self) -> str:
        data = self.to_metadata_dict()
        shown = "".join(f" {k}={v!r}" for k, v in (data or {}).items())
        return f"<AutoModTrigger type={self.type}{shown}>"

    @classmethod
    def from_wire(cls, kind: int, meta: TriggerMetadata) -> AutoModTrigger:
        """The trigger a rule's ``trigger_type`` and ``trigger_metadata`` describe."""
        type_ = enum_of(AutoModRuleTriggerType, kind)
        if type_ in _KEYWORDS:
            return cls(type=type_, keyword_filter=_listed(meta.keyword_filter),
                       regex_patterns=_listed(meta.regex_patterns),
                       allow_list=_listed(meta.allow_list))
        if type_ is AutoModRuleTriggerType.keyword_preset:
            return cls(type=type_, presets=AutoModPresets._from_array(_listed(meta.presets)),
                       allow_list=_listed(meta.allow_list))
        if type_ is AutoModRuleTriggerType.mention_spam:
            limit = meta.mention_total_limit
            return cls(type=type_, mention_limit=None if isinstance(limit, UnsetType) else limit,
                       mention_raid_protection=meta.mention_raid_protection_enabled is True)
        return cls(type=type_)

    def to_metadata_dict(self) -> dict[str, Any] | None:
        """The ``trigger_metadata`` Discord takes for this trigger (``None`` for a type
        that has none)."""
        if self.type in _KEYWORDS:
            return {"keyword_filter": self.keyword_filter, "regex_patterns": self.regex_patterns,
                    "allow_list": self.allow_list}
        if self.type is AutoModRuleTriggerType.keyword_preset:
            return {"presets": self.presets.to_array(), "allow_list": self.allow_list}
        if self.type is AutoModRuleTriggerType.mention_spam:
            return {"mention_total_limit": self.mention_limit,
                    "mention_raid_protection_enabled": self.mention_raid_protection}
        return None


# -- rules and executions ------------------------------------------------------------
class AutoModRule(Model, kw_only=True):
    """An AutoMod rule of a guild (discord.py's ``discord.AutoModRule``): its
    ``trigger``, ``actions``, ``event_type``, exemptions, ``edit()`` and ``delete()``."""

    id: Snowflake
    guild_id: Snowflake
    name: str
    creator_id: Snowflake
    event_type: int
    trigger_type: int
    trigger_metadata: TriggerMetadata = msgspec.field(default_factory=TriggerMetadata)
    action_list: list[RuleAction] = msgspec.field(default_factory=list, name="actions")
    enabled: bool = False
    exempt_role_list: list[Snowflake] = msgspec.field(default_factory=list, name="exempt_roles")
    exempt_channel_list: list[Snowflake] = msgspec.field(default_factory=list,
                                                         name="exempt_channels")
    _state: Any = UNSET

    def __post_init__(self) -> None:
        self.event_type = enum_of(AutoModRuleEventType, self.event_type)
        self.trigger_type = enum_of(AutoModRuleTriggerType, self.trigger_type)

    def __repr__(self) -> str:
        return f"<AutoModRule id={self.id} name={self.name!r} guild={self.guild!r}>"

    @property
    def trigger(self) -> AutoModTrigger:
        """What the rule looks for."""
        return AutoModTrigger.from_wire(self.trigger_type, self.trigger_metadata)

    @property
    def actions(self) -> list[AutoModRuleAction]:
        """What the rule does when it matches."""
        return [AutoModRuleAction.from_wire(a) for a in self.action_list]

    @property
    def exempt_role_ids(self) -> set[int]:
        """The ids of the roles the rule does not apply to."""
        return {int(r) for r in self.exempt_role_list}

    @property
    def exempt_channel_ids(self) -> set[int]:
        """The ids of the channels the rule does not apply in."""
        return {int(c) for c in self.exempt_channel_list}

    @property
    def guild(self) -> Any:
        """The cached guild the rule belongs to."""
        return None if self._state is UNSET else self._state.cache.guilds.get(self.guild_id)

    @property
    def creator(self) -> Any:
        """The member who made the rule, if cached."""
        guild = self.guild
        return None if guild is None else guild.get_member(self.creator_id)

    @property
    def exempt_roles(self) -> list[Any]:
        """The cached roles the rule does not apply to."""
        guild = self.guild
        found = [guild.get_role(r) for r in self.exempt_role_list] if guild is not None else []
        return [r for r in found if r is not None]

    @property
    def exempt_channels(self) -> list[Any]:
        """The cached channels and threads the rule does not apply in."""
        guild = self.guild
        found = [guild.get_channel_or_thread(c) for c in self.exempt_channel_list] \
            if guild is not None else []
        return [c for c in found if c is not None]

    def is_exempt(self, obj: Any, /) -> bool:
        """Whether a role, channel or thread is exempt from the rule."""
        return obj.id in self.exempt_channel_ids or obj.id in self.exempt_role_ids

    def to_dict(self) -> dict[str, Any]:
        """The rule as Discord sends it."""
        data: dict[str, Any] = msgspec.to_builtins(msgspec.structs.replace(self, _state=UNSET))
        return data

    async def edit(self, *, name: str | None = None,
                   event_type: AutoModRuleEventType | None = None,
                   actions: list[AutoModRuleAction] | None = None,
                   trigger: AutoModTrigger | None = None, enabled: bool | None = None,
                   exempt_roles: Sequence[Any] | None = None,
                   exempt_channels: Sequence[Any] | None = None,
                   reason: str | None = None) -> AutoModRule:
        """Change the rule (Manage Server); a trigger's type cannot change, only what
        it looks for. Returns the rule as Discord answers."""
        fields: dict[str, Any] = {}
        if name is not None:
            fields["name"] = name
        if event_type is not None:
            fields["event_type"] = int(event_type)
        if actions is not None:
            fields["actions"] = [a.to_dict() for a in actions]
        if trigger is not None and trigger.to_metadata_dict() is not None:
            fields["trigger_metadata"] = trigger.to_metadata_dict()
        if enabled is not None:
            fields["enabled"] = enabled
        if exempt_roles is not None:
            fields["exempt_roles"] = [str(r.id) for r in exempt_roles]
        if exempt_channels is not None:
            fields["exempt_channels"] = [str(c.id) for c in exempt_channels]
        data = await self._state.http.edit_automod_rule(self.guild_id, self.id, fields,
                                                        reason=reason)
        return bind_rule(decode(data, AutoModRule), self._state)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the rule (Manage Server)."""
        await self._state.http.delete_automod_rule(self.guild_id, self.id, reason=reason)


class AutoModAction(Model, kw_only=True):
    """One action AutoMod took (``on_automod_action``): which rule, against whom,
    where, and what in the message matched."""

    guild_id: Snowflake
    action_data: RuleAction = msgspec.field(name="action")
    rule_id: Snowflake
    rule_trigger_type: int
    user_id: Snowflake
    channel_id: Snowflake | None = None
    message_id: Snowflake | None = None
    alert_system_message_id: Snowflake | None = None
    # Both empty for a bot without the message content intent.
    content: str = ""
    matched_keyword: str | None = None
    matched_content: str | None = None
    _state: Any = UNSET

    def __post_init__(self) -> None:
        self.rule_trigger_type = enum_of(AutoModRuleTriggerType, self.rule_trigger_type)

    def __repr__(self) -> str:
        return f"<AutoModRuleExecution rule_id={self.rule_id} action={self.action!r}>"

    @property
    def action(self) -> AutoModRuleAction:
        """The action that was taken."""
        return AutoModRuleAction.from_wire(self.action_data)

    @property
    def guild(self) -> Any:
        """The guild it happened in."""
        return None if self._state is UNSET else self._state.cache.guilds.get(self.guild_id)

    @property
    def channel(self) -> Any:
        """The channel or thread the message was sent in, if cached."""
        guild = self.guild
        if guild is None or not self.channel_id:
            return None
        return guild.get_channel_or_thread(self.channel_id)

    @property
    def member(self) -> Any:
        """The member who tripped the rule, if cached."""
        guild = self.guild
        return None if guild is None else guild.get_member(self.user_id)

    async def fetch_rule(self) -> AutoModRule:
        """GET the rule whose action this was (Manage Server)."""
        data = await self._state.http.get_automod_rule(self.guild_id, self.rule_id)
        return bind_rule(decode(data, AutoModRule), self._state)


def bind_rule(rule: AutoModRule, state: Any) -> AutoModRule:
    """A rule that reaches its client (``rule.edit()``, ``rule.guild``...)."""
    rule._state = state
    return rule


class GuildAutoMod:
    """A guild's AutoMod rules, as discord.py's ``Guild`` offers them (mixed into
    :class:`~tidecord.Guild`). Each call needs Manage Server."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake

    async def fetch_automod_rules(self) -> list[AutoModRule]:
        """GET the guild's rules."""
        data = await self._state.http.get_automod_rules(self.id)
        return [bind_rule(r, self._state) for r in decode(data or b"[]", list[AutoModRule])]

    async def fetch_automod_rule(self, automod_rule_id: int, /) -> AutoModRule:
        """GET one rule (``NotFound`` if the guild has none such)."""
        data = await self._state.http.get_automod_rule(self.id, automod_rule_id)
        return bind_rule(decode(data, AutoModRule), self._state)

    async def create_automod_rule(self, *, name: str, event_type: AutoModRuleEventType,
                                  trigger: AutoModTrigger, actions: list[AutoModRuleAction],
                                  enabled: bool = False,
                                  exempt_roles: Sequence[Any] | None = None,
                                  exempt_channels: Sequence[Any] | None = None,
                                  reason: str | None = None) -> AutoModRule:
        """Make a rule; it starts disabled unless ``enabled=True``, as in discord.py."""
        fields: dict[str, Any] = {
            "name": name, "event_type": int(event_type), "trigger_type": int(trigger.type),
            "trigger_metadata": trigger.to_metadata_dict() or None,
            "actions": [a.to_dict() for a in actions], "enabled": enabled,
        }
        if exempt_roles:
            fields["exempt_roles"] = [str(r.id) for r in exempt_roles]
        if exempt_channels:
            fields["exempt_channels"] = [str(c.id) for c in exempt_channels]
        data = await self._state.http.create_automod_rule(self.id, fields, reason=reason)
        return bind_rule(decode(data, AutoModRule), self._state)
