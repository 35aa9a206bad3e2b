"""Guild invites: made for a channel, used by people joining, expiring on the clock."""

from __future__ import annotations

import dataclasses
import secrets
import string
from typing import Any

from tidecord.models import Permissions, Snowflake, User, to_builtins

from ..snowflakes import iso_timestamp
from .core import StateCore, StateError

__all__ = ["InviteOps", "StoredInvite"]

_CODE_LETTERS = string.ascii_letters + string.digits


@dataclasses.dataclass
class StoredInvite:
    """One invite as the sandbox keeps it."""

    code: str
    guild_id: int
    channel_id: int
    inviter_id: int
    max_age: int  # seconds; 0: never expires
    max_uses: int  # 0: no limit
    temporary: bool
    created_ms: int
    uses: int = 0
    # What it opens besides the channel: 1, someone's stream (``target_user_id``);
    # 2, an embedded application (``target_application_id``).
    target_type: int | None = None
    target_user_id: int | None = None
    target_application_id: int | None = None
    flags: int = 0  # 1: a guest invite

    def expired(self, now_ms: int) -> bool:
        """Whether its time is up."""
        return self.max_age > 0 and now_ms >= self.created_ms + self.max_age * 1000

    @property
    def expires_at(self) -> str | None:
        """When it stops working (ISO 8601), or None."""
        return iso_timestamp(self.created_ms + self.max_age * 1000) if self.max_age else None


class InviteOps(StateCore):
    """Invites of the sandbox's guilds."""

    def create_invite(self, channel_id: int, inviter_id: int, *, max_age: int = 86400,
                      max_uses: int = 0, temporary: bool = False, unique: bool = True,
                      target: tuple[int, int] | None = None, flags: int = 0
                      ) -> StoredInvite:
        """An invite to a guild channel: INVITE_CREATE. Without ``unique``, an invite
        this inviter already made with the same settings is handed back instead.
        ``target``: (1, a user id) for their stream, (2, an application id)."""
        channel = self.channel(channel_id)
        gid = self.guild_id_of(channel)
        if gid is None:
            raise StateError(50003, "Cannot execute action on a DM channel")
        kind, whom = target or (None, None)
        made = StoredInvite(code="".join(secrets.choice(_CODE_LETTERS) for _ in range(10)),
                            guild_id=gid, channel_id=channel.id, inviter_id=inviter_id,
                            max_age=max_age, max_uses=max_uses, temporary=temporary,
                            created_ms=self._now_ms(), target_type=kind,
                            target_user_id=whom if kind == 1 else None,
                            target_application_id=whom if kind == 2 else None,
                            flags=flags)
        if not unique:
            for invite in self.live_invites():
                if _settings(invite) == _settings(made):
                    return invite
        self.invites[made.code] = made
        self.emit("INVITE_CREATE", {**self.invite_metadata(made), "channel_id":
                                    Snowflake(channel.id), "guild_id": Snowflake(gid)},
                  guild_id=gid, bot_sees=self._bot_hears_invites(channel.id))
        return made

    def _bot_hears_invites(self, channel_id: int) -> bool:
        """Invite events reach a bot only with Manage Channels in the invite's channel
        (the gateway events topic, of INVITE_CREATE and INVITE_DELETE)."""
        return (channel_id in self.channels
                and self.can(channel_id, self.bot_user.id, Permissions.manage_channels))

    def live_invites(self) -> list[StoredInvite]:
        """Every invite still usable (expired ones are forgotten on the way)."""
        now = self._now_ms()
        for code in [c for c, i in self.invites.items() if i.expired(now)]:
            del self.invites[code]
        return list(self.invites.values())

    def invite(self, code: str) -> StoredInvite:
        """A usable invite by code (10006 if there is none, or it expired)."""
        invite = self.invites.get(code)
        if invite is None:
            invite = self._vanity_invite(code)
        if invite is None or invite.expired(self._now_ms()):
            self.invites.pop(code, None)
            raise StateError(10006, "Unknown Invite", 404)
        return invite

    def _vanity_invite(self, code: str) -> StoredInvite | None:
        """A guild's vanity code read as an invite (to its rules channel, else its
        first text channel): no inviter, no limits."""
        guild = next((g for g in self.guilds.values() if g.vanity_url_code == code
                      and "VANITY_URL" in g.features), None)
        if guild is None:
            return None
        texts = sorted((c for c in self.guild_channels[int(guild.id)].values() if c.type == 0),
                       key=lambda c: (c.position or 0, c.id))
        ids = [int(c.id) for c in texts]
        rules = guild.rules_channel_id
        channel = int(rules) if rules is not None and int(rules) in ids else ids[0]
        return StoredInvite(code=code, guild_id=int(guild.id), channel_id=channel,
                            inviter_id=0, max_age=0, max_uses=0, temporary=False,
                            created_ms=0, uses=self.vanity_uses.get(int(guild.id), 0))

    def delete_invite(self, code: str) -> StoredInvite:
        """Revoke an invite: INVITE_DELETE. A vanity code is no invite to revoke."""
        invite = self.invite(code)
        if code not in self.invites:
            raise StateError(10006, "Unknown Invite", 404)  # unverified for a vanity code
        del self.invites[code]
        self.emit("INVITE_DELETE", {"channel_id": Snowflake(invite.channel_id),
                                    "guild_id": Snowflake(invite.guild_id), "code": code},
                  guild_id=invite.guild_id,
                  bot_sees=self._bot_hears_invites(invite.channel_id))
        return invite

    def use_invite(self, code: str) -> StoredInvite:
        """Someone joins through an invite: one more use; the last allowed use revokes
        it."""
        invite = self.invite(code)
        invite.uses += 1
        if code not in self.invites:  # a vanity code: its count is the guild's
            self.vanity_uses[invite.guild_id] = invite.uses
        if invite.max_uses and invite.uses >= invite.max_uses:
            self.delete_invite(code)
        return invite

    def invite_object(self, invite: StoredInvite, *, metadata: bool = True,
                      counts: bool = False) -> dict[str, Any]:
        """The invite as REST shows it: guild and channel in brief, with ``metadata``
        its uses and limits, with ``counts`` the guild's approximate counts."""
        guild = self.guild(invite.guild_id)
        channel = self.channel(invite.channel_id)
        data: dict[str, Any] = {
            "type": 0, "code": invite.code,
            "expires_at": invite.expires_at, "flags": invite.flags,
            "guild": {"id": str(guild.id), "name": guild.name, "splash": None, "banner": None,
                      "description": None, "icon": guild.icon_hash, "features": [],
                      "verification_level": guild.verification_level,
                      "vanity_url_code": guild.vanity_url_code, "nsfw_level": 0,
                      "nsfw": False,
                      "premium_subscription_count": 0},
            "guild_id": str(guild.id),
            "channel": {"id": str(channel.id), "type": channel.type, "name": channel.name},
        }
        if invite.inviter_id:  # a vanity invite has none
            data["inviter"] = to_builtins(self.user(invite.inviter_id))
        data.update(self._invite_target(invite))
        if metadata:
            data.update(self.invite_metadata(invite))
        if counts:
            members = self.members.get(invite.guild_id, {})
            data["approximate_member_count"] = len(members)
            data["approximate_presence_count"] = sum(1 for uid in members
                                                     if uid in self.presences)
        return data

    def invite_metadata(self, invite: StoredInvite) -> dict[str, Any]:
        """Uses, limits and times: what the channel's managers see."""
        data: dict[str, Any] = {"code": invite.code, "type": 0}
        if invite.inviter_id:  # a vanity invite has none
            inviter: User = self.user(invite.inviter_id)
            data["inviter"] = to_builtins(inviter)
        return {**data, **self._invite_target(invite), "uses": invite.uses,
                "max_uses": invite.max_uses, "max_age": invite.max_age,
                "temporary": invite.temporary, "created_at": iso_timestamp(invite.created_ms),
                "expires_at": invite.expires_at}

    def _invite_target(self, invite: StoredInvite) -> dict[str, Any]:
        """What the invite opens besides its channel, as Discord's invite object has it:
        ``target_type`` with the streaming ``target_user`` or the ``target_application``
        (in brief); nothing for a plain invite."""
        if invite.target_type is None:
            return {}
        data: dict[str, Any] = {"target_type": invite.target_type}
        if invite.target_user_id is not None:
            data["target_user"] = to_builtins(self.user(invite.target_user_id))
        if invite.target_application_id is not None:
            app = self.application
            data["target_application"] = {
                "id": str(app.id), "name": app.name, "icon": app.icon_hash,
                "description": app.description, "flags": app.flags_value}
        return data

    def _now_ms(self) -> int:
        return int(self.clock.time() * 1000)


def _settings(invite: StoredInvite) -> tuple[Any, ...]:
    """What makes two invites the same offer (an invite made without ``unique`` is the
    inviter's earlier one of these, handed back)."""
    return (invite.channel_id, invite.inviter_id, invite.max_age, invite.max_uses,
            invite.temporary, invite.target_type, invite.target_user_id,
            invite.target_application_id, invite.flags)
