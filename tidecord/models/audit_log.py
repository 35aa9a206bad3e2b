"""The audit log, as discord.py reads it: ``guild.audit_logs()`` and
``on_audit_log_entry_create``.

An entry names its action (:class:`AuditLogAction`), who did it (``user``), to what
(``target``: the cached member, role, channel... or an :class:`Object` when it is
gone), why (``reason``), and what changed (``before`` / ``after``, whose attributes
take discord.py's names and types: ``colour``, ``permissions``, ``timed_out_until``,
``roles``, ``channel``, ``slowmode_delay``...).
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any, Final

from .audit_log_fields import TRANSFORMS, kind_named
from .base import UNSET, NamedEnum, convert, decode, enum_of, snowflake_of, snowflake_time
from .invite import Invite
from .object import Object
from .paging import pages
from .scheduled_event import ScheduledEvent
from .stage_instance import StageInstance
from .user import User

__all__ = ["AuditLogAction", "AuditLogActionCategory", "AuditLogChanges", "AuditLogDiff",
           "AuditLogEntry", "read_audit_log"]


class AuditLogActionCategory(NamedEnum):
    """Whether an action made, changed or removed something."""

    create = 1
    delete = 2
    update = 3


class AuditLogAction(NamedEnum):
    """Discord's audit log actions, in discord.py's names."""

    guild_update = 1
    channel_create = 10
    channel_update = 11
    channel_delete = 12
    overwrite_create = 13
    overwrite_update = 14
    overwrite_delete = 15
    kick = 20
    member_prune = 21
    ban = 22
    unban = 23
    member_update = 24
    member_role_update = 25
    member_move = 26
    member_disconnect = 27
    bot_add = 28
    role_create = 30
    role_update = 31
    role_delete = 32
    invite_create = 40
    invite_update = 41
    invite_delete = 42
    webhook_create = 50
    webhook_update = 51
    webhook_delete = 52
    emoji_create = 60
    emoji_update = 61
    emoji_delete = 62
    message_delete = 72
    message_bulk_delete = 73
    message_pin = 74
    message_unpin = 75
    integration_create = 80
    integration_update = 81
    integration_delete = 82
    stage_instance_create = 83
    stage_instance_update = 84
    stage_instance_delete = 85
    sticker_create = 90
    sticker_update = 91
    sticker_delete = 92
    scheduled_event_create = 100
    scheduled_event_update = 101
    scheduled_event_delete = 102
    thread_create = 110
    thread_update = 111
    thread_delete = 112
    app_command_permission_update = 121
    soundboard_sound_create = 130
    soundboard_sound_update = 131
    soundboard_sound_delete = 132
    automod_rule_create = 140
    automod_rule_update = 141
    automod_rule_delete = 142
    automod_block_message = 143
    automod_flag_message = 144
    automod_timeout_member = 145
    automod_quarantine_user = 146
    creator_monetization_request_created = 150
    creator_monetization_terms_accepted = 151
    onboarding_prompt_create = 163
    onboarding_prompt_update = 164
    onboarding_prompt_delete = 165
    onboarding_create = 166
    onboarding_update = 167
    home_settings_create = 190
    home_settings_update = 191

    @property
    def category(self) -> AuditLogActionCategory | None:
        """Create, update or delete (``None`` for actions that are none of these)."""
        # As discord.py: kicks, bans, moves and pins are none of the three.
        name = self.name
        for word, category in (("create", AuditLogActionCategory.create),
                               ("delete", AuditLogActionCategory.delete),
                               ("update", AuditLogActionCategory.update)):
            if name.endswith(word):
                return category
        return None

    @property
    def target_type(self) -> str | None:
        """What kind of thing the action is about, as discord.py names it."""
        v = int(self)
        for bound, kind in ((10, "guild"), (20, "channel"), (30, "user"), (40, "role"),
                            (50, "invite"), (60, "webhook"), (70, "emoji")):
            if v < bound:
                return kind
        if v == 73:
            return "channel"
        for bound, kind in ((80, "message"), (83, "integration"), (90, "stage_instance"),
                            (93, "sticker"), (103, "guild_scheduled_event"), (113, "thread"),
                            (122, "integration_or_app_command")):
            if v < bound:
                return kind
        if 139 < v < 143:
            return "auto_moderation"
        if v < 147:
            return "user"
        later: tuple[tuple[int, str | None], ...] = (
            (150, None), (152, "creator_monetization"), (163, None),
            (166, "onboarding_prompt"), (168, "onboarding"), (190, None), (192, "home_settings"))
        return next((kind for bound, kind in later if v < bound), None)


class AuditLogDiff:
    """One side of a change: an attribute per changed field (``before.nick``)."""

    def __getattr__(self, name: str) -> Any:
        # A field the entry did not change: discord.py's diff raises too.
        raise AttributeError(f"this change has no {name!r}")

    def __iter__(self) -> Any:
        return iter(vars(self).items())

    def __len__(self) -> int:
        return len(vars(self))

    def __repr__(self) -> str:
        values = " ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"<AuditLogDiff {values}>"


class AuditLogChanges:
    """An entry's changes: ``before`` and ``after``."""

    __slots__ = ("after", "before")

    def __init__(self, entry: AuditLogEntry, raw: list[dict[str, Any]]) -> None:
        self.before = AuditLogDiff()
        self.after = AuditLogDiff()
        for change in raw:
            key = change.get("key")
            if key in ("$add", "$remove"):
                # A member's roles: $add fills after.roles, $remove before.roles.
                first, second = ((self.before, self.after) if key == "$add"
                                 else (self.after, self.before))
                vars(first).setdefault("roles", [])
                vars(second).setdefault("roles", []).extend(
                    entry._role(int(r["id"])) for r in change.get("new_value") or [])
                continue
            name, convert = TRANSFORMS.get(str(key), (str(key), None))
            for side, field in ((self.before, "old_value"), (self.after, "new_value")):
                value = change.get(field)
                if value is not None and convert is not None:
                    value = convert(entry, value)
                setattr(side, name, value)
        for side in (self.before, self.after):
            fields = vars(side)
            if "colour" in fields:  # discord.py names it both ways
                fields["color"] = fields["colour"]

    def __repr__(self) -> str:
        return f"<AuditLogChanges before={self.before!r} after={self.after!r}>"


class _Extra:
    """``entry.extra`` of a message deletion (where, and how many) or of a stage
    instance's entry (its stage; ``count`` None)."""

    __slots__ = ("channel", "count")

    def __init__(self, channel: Any, count: int | None) -> None:
        self.channel = channel
        self.count = count

    def __repr__(self) -> str:
        return f"<AuditLogExtra channel={self.channel!r} count={self.count}>"


class AuditLogEntry:
    """One entry of a guild's audit log."""

    __slots__ = ("_changes", "_raw_changes", "_users", "_webhooks", "action", "extra", "guild",
                 "id", "reason", "target", "user", "user_id")

    def __init__(self, data: dict[str, Any], guild: Any, *,
                 users: dict[int, User] | None = None,
                 webhooks: dict[int, Any] | None = None) -> None:
        self.guild = guild
        self._users = users or {}
        self._webhooks = webhooks or {}
        self.id = int(data["id"])
        # An action Discord added later reads as discord.py's: AuditLogAction.unknown_<n>.
        self.action: AuditLogAction = enum_of(AuditLogAction, int(data["action_type"]))
        self.reason: str | None = data.get("reason")
        self.user_id: int | None = _id(data.get("user_id"))
        self.user = self._member(self.user_id)
        self._raw_changes: list[dict[str, Any]] = data.get("changes") or []
        self._changes: AuditLogChanges | None = None
        self.extra = self._extra(data.get("options") or {})
        self.target = self._target(_id(data.get("target_id")))

    # -- what the entry is about ---------------------------------------------------
    @property
    def created_at(self) -> datetime.datetime:
        """When it happened (UTC)."""
        return snowflake_time(self.id)

    @property
    def category(self) -> AuditLogActionCategory | None:
        """Create, update or delete."""
        return self.action.category if isinstance(self.action, AuditLogAction) else None

    @property
    def changes(self) -> AuditLogChanges:
        """What changed: ``changes.before`` and ``changes.after``."""
        if self._changes is None:
            self._changes = AuditLogChanges(self, self._raw_changes)
        return self._changes

    @property
    def before(self) -> AuditLogDiff:
        """The changed fields as they were."""
        return self.changes.before

    @property
    def after(self) -> AuditLogDiff:
        """The changed fields as they are now."""
        return self.changes.after

    def __repr__(self) -> str:
        return (f"<AuditLogEntry id={self.id} action={self.action!r} user_id={self.user_id} "
                f"target={self.target!r}>")

    # -- resolving ids to objects ------------------------------------------------------
    def _member(self, user_id: int | None) -> Any:
        if user_id is None:
            return None
        guild = self.guild
        member = guild.get_member(user_id) if guild is not None else None
        if member is not None:
            return member
        user = self._users.get(user_id)
        if user is not None:
            return user
        state = getattr(guild, "_state", UNSET)
        return state.cache.get_user(user_id) if state is not UNSET else None

    def _role(self, role_id: int) -> Any:
        role = self.guild.get_role(role_id) if self.guild is not None else None
        return role if role is not None else Object(role_id, type=kind_named("Role"))

    def _channel(self, channel_id: int) -> Any:
        channel = self.guild.get_channel(channel_id) if self.guild is not None else None
        return channel if channel is not None else Object(channel_id)

    def _extra(self, options: dict[str, Any]) -> Any:
        if self.action is AuditLogAction.message_delete:
            return _Extra(self._channel(int(options["channel_id"])), int(options["count"]))
        if self.action is AuditLogAction.message_bulk_delete:
            return _Extra(None, int(options["count"]))
        if getattr(self.action, "name", "").startswith("stage_instance") and options:
            return _Extra(self._channel(int(options["channel_id"])), None)
        return options or None

    def _target(self, target_id: int | None) -> Any:
        kind = self.action.target_type if isinstance(self.action, AuditLogAction) else None
        if kind in ("user", "message"):
            if target_id is None:
                return None
            found = self._member(target_id)
            return found if found is not None else Object(target_id, type=kind_named("Member"))
        if target_id is None:
            if kind == "invite":
                side = self.before if self.action is AuditLogAction.invite_delete else self.after
                return _invite_of(side, self.guild)
            return None
        if kind == "role":
            return self._role(target_id)
        if kind in ("channel", "thread"):
            return self._channel(target_id)
        if kind == "guild":
            return self.guild
        if kind == "webhook":
            found = self._webhooks.get(target_id)
            return found if found is not None else Object(target_id)
        if kind == "guild_scheduled_event":
            event = self.guild.get_scheduled_event(target_id) if self.guild is not None else None
            return event if event is not None else Object(target_id, type=ScheduledEvent)
        if kind == "stage_instance":
            stage = self.guild.get_stage_instance(target_id) if self.guild is not None else None
            return stage if stage is not None else Object(target_id, type=StageInstance)
        if kind in ("emoji", "sticker"):
            # the guild's own, while it has it (one since deleted: an Object of its kind)
            held = getattr(self.guild, f"{kind}s", None) or ()
            found = next((each for each in held if each.id == target_id), None)
            return found if found is not None else Object(
                target_id, type=kind_named("Emoji" if kind == "emoji" else "GuildSticker"))
        return Object(target_id)


def _invite_of(side: AuditLogDiff, guild: Any) -> Any:
    """The invite an invite entry is about, made from its changes (``code``, ``uses``,
    the channel and inviter...), as discord.py hands an :class:`Invite`."""
    fields = vars(side)
    channel, inviter = fields.get("channel"), fields.get("inviter")
    invite = Invite(code=fields.get("code") or "", uses=fields.get("uses"),
                    max_uses=fields.get("max_uses"), max_age=fields.get("max_age"),
                    temporary=fields.get("temporary"),
                    inviter=inviter,
                    channel_id_raw=getattr(channel, "id", UNSET) if channel is not None
                    else UNSET,
                    guild_id_raw=getattr(guild, "id", UNSET) if guild is not None else UNSET,
                    flags=fields.get("flags") or 0)
    invite._state = getattr(guild, "_state", UNSET)
    return invite


def _id(value: Any) -> int | None:
    return int(value) if value is not None else None


# Discord's most audit log entries a page.
_PAGE: Final = 100


async def read_audit_log(guild: Any, *, limit: int | None, before: Any, after: Any,
                         oldest_first: bool, user: Any,
                         action: Any) -> AsyncIterator[AuditLogEntry]:
    """``guild.audit_logs(...)``: the pages of the log, filtered as asked."""
    before_id = snowflake_of(before, high=False)
    after_id = snowflake_of(after, high=True)
    user_id = None if user is None else int(getattr(user, "id", user))
    action_type = None if action is None else int(getattr(action, "value", action))
    state = guild._state

    async def fetch(size: int, mark: Any) -> list[AuditLogEntry]:
        data = decode(await state.http.get_audit_logs(
            guild.id, limit=size, user_id=user_id, action_type=action_type,
            before=None if oldest_first else mark,
            after=(mark or 0) if oldest_first else None), dict[str, Any])
        users = {u.id: u for u in convert(data.get("users") or [], list[User])}
        for known in users.values():
            known._state = state
        webhooks = {int(w["id"]): _webhook(state, w) for w in data.get("webhooks") or []}
        return [AuditLogEntry(raw, guild, users=users, webhooks=webhooks)
                for raw in data.get("audit_log_entries") or []
                if raw.get("action_type") is not None]

    start = after_id if oldest_first else before_id
    async for page in pages(limit, _PAGE, fetch, start, lambda page: page[-1].id):
        for entry in page:
            # Pages walk towards the other bound: once past it, nothing later is inside,
            # so no further page is asked for (as discord.py stops).
            if oldest_first and before_id is not None and entry.id >= before_id:
                return
            if not oldest_first and after_id is not None and entry.id <= after_id:
                return
            yield entry


def _webhook(state: Any, data: dict[str, Any]) -> Any:
    from ..webhook import Webhook
    from .webhook import WebhookData

    return Webhook(convert(data, WebhookData), state.http, state)
