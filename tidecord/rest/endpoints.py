"""The REST calls a bot makes, one method each; bodies come back as raw bytes.

The caller (the client state) decodes them straight into the model it expects.
"""

from __future__ import annotations

import itertools
import random
import time
from typing import Any, Final

from ..models.base import DISCORD_EPOCH_MS
from .app_emojis import ApplicationEmojiEndpoints
from .files import File
from .integrations import IntegrationEndpoints
from .monetization import MonetizationEndpoints
from .onboarding import OnboardingEndpoints
from .route import Route
from .soundboard import SoundboardEndpoints
from .stage_instances import StageInstanceEndpoints

__all__ = ["RESTClient"]

_CH = "/channels/{channel_id}"
_MSG = "/channels/{channel_id}/messages/{message_id}"
_GUILD = "/guilds/{guild_id}"
_MEMBER = "/guilds/{guild_id}/members/{user_id}"
_EVENTS = "/guilds/{guild_id}/scheduled-events"
_EVENT = _EVENTS + "/{event_id}"
_RULES = "/guilds/{guild_id}/auto-moderation/rules"
_RULE = _RULES + "/{rule_id}"


# The low 22 bits of a nonce: a per-process counter from a random start.
_NONCE_COUNTER: Final = itertools.count(random.getrandbits(22))


def new_nonce() -> str:
    """A fresh message nonce, shaped like a snowflake of now (so it stays unique)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_NONCE_COUNTER) & 0x3FFFFF))


def _emoji(emoji: Any) -> str:
    # Unicode emoji as is, custom ones as name:id (the Route URL-quotes it).
    if isinstance(emoji, str):
        text = emoji.strip("<>").removeprefix("a:").removeprefix(":")
    elif getattr(emoji, "id", None) is not None:
        text = f"{emoji.name}:{emoji.id}"
    else:
        text = str(getattr(emoji, "name", emoji))
    return text


class RESTClient(MonetizationEndpoints, ApplicationEmojiEndpoints, StageInstanceEndpoints,
                 IntegrationEndpoints, SoundboardEndpoints, OnboardingEndpoints):
    """:class:`HTTPClient` plus one method per Discord endpoint tidecord uses (those of
    a subject with a module of its own come from its base classes)."""

    # -- who we are ---------------------------------------------------------
    async def get_me(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/users/@me"))

    async def edit_me(self, fields: dict[str, Any]) -> bytes | None:
        return await self.request_raw(Route("PATCH", "/users/@me"), json=fields)

    async def get_application(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/oauth2/applications/@me"))

    async def edit_application(self, fields: dict[str, Any], reason: str | None = None
                               ) -> bytes | None:
        return await self.request_raw(Route("PATCH", "/applications/@me"), json=fields,
                                      reason=reason)

    async def get_gateway_bot(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/gateway/bot"))

    async def get_user(self, user_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", "/users/{user_id}", user_id=user_id))

    async def create_dm(self, user_id: int) -> bytes | None:
        return await self.request_raw(
            Route("POST", "/users/@me/channels"), json={"recipient_id": str(user_id)}
        )

    # -- channels -----------------------------------------------------------
    async def get_channel(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH, channel_id=channel_id))

    async def edit_channel(
        self, channel_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _CH, channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_channel(self, channel_id: int, reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("DELETE", _CH, channel_id=channel_id), reason=reason)

    async def edit_channel_permissions(
        self, channel_id: int, overwrite_id: int, allow: int, deny: int, type: int,
        reason: str | None = None,
    ) -> bytes | None:
        """Set one role's (``type`` 0) or member's (1) overwrite of a channel."""
        route = Route("PUT", _CH + "/permissions/{overwrite_id}", channel_id=channel_id,
                      overwrite_id=overwrite_id)
        body = {"allow": str(allow), "deny": str(deny), "type": type}
        return await self.request_raw(route, json=body, reason=reason)

    async def delete_channel_permissions(
        self, channel_id: int, overwrite_id: int, reason: str | None = None
    ) -> bytes | None:
        """Remove one role's or member's overwrite of a channel."""
        route = Route("DELETE", _CH + "/permissions/{overwrite_id}", channel_id=channel_id,
                      overwrite_id=overwrite_id)
        return await self.request_raw(route, reason=reason)

    async def create_channel(
        self, guild_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("POST", _GUILD + "/channels", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def move_channels(self, guild_id: int, positions: list[dict[str, Any]],
                            reason: str | None = None) -> None:
        route = Route("PATCH", _GUILD + "/channels", guild_id=guild_id)
        await self.request_raw(route, json=positions, reason=reason)

    async def trigger_typing(self, channel_id: int) -> None:
        await self.request_raw(Route("POST", _CH + "/typing", channel_id=channel_id))

    async def start_thread(
        self, channel_id: int, fields: dict[str, Any], message_id: int | None = None,
        reason: str | None = None, files: list[File] | None = None,
    ) -> bytes | None:
        """Start a thread; in a forum or media channel, a post, whose first message
        (``fields["message"]``) may carry ``files``."""
        if message_id is None:
            route = Route("POST", _CH + "/threads", channel_id=channel_id)
        else:
            route = Route("POST", _MSG + "/threads", channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route, json=fields, reason=reason, files=files)

    # -- messages -----------------------------------------------------------
    async def send_message(
        self, channel_id: int, body: dict[str, Any], files: list[File] | None = None
    ) -> bytes | None:
        """POST a message with a nonce Discord enforces (``enforce_nonce``): sent twice
        within minutes, it returns the first message, so a retry after a failure that
        came after the write cannot post it again."""
        route = Route("POST", _CH + "/messages", channel_id=channel_id)
        body = {**body, "enforce_nonce": True}
        if body.get("nonce") is None:
            body["nonce"] = new_nonce()
        return await self.request_raw(route, json=body, files=files, idempotent=True)

    async def edit_message(
        self,
        channel_id: int,
        message_id: int,
        body: dict[str, Any],
        files: list[File] | None = None,
    ) -> bytes | None:
        route = Route("PATCH", _MSG, channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route, json=body, files=files)

    async def delete_message(
        self, channel_id: int, message_id: int, reason: str | None = None
    ) -> None:
        route = Route("DELETE", _MSG, channel_id=channel_id, message_id=message_id)
        await self.request_raw(route, reason=reason)

    async def bulk_delete(
        self, channel_id: int, message_ids: list[int], reason: str | None = None
    ) -> None:
        route = Route("POST", _CH + "/messages/bulk-delete", channel_id=channel_id)
        await self.request_raw(
            route, json={"messages": [str(i) for i in message_ids]}, reason=reason
        )

    async def get_message(self, channel_id: int, message_id: int) -> bytes | None:
        route = Route("GET", _MSG, channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route)

    async def get_messages(
        self,
        channel_id: int,
        limit: int = 50,
        *,
        before: int | None = None,
        after: int | None = None,
        around: int | None = None,
    ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        for name, value in (("before", before), ("after", after), ("around", around)):
            if value is not None:
                params[name] = str(value)
        route = Route("GET", _CH + "/messages", channel_id=channel_id)
        return await self.request_raw(route, params=params)

    async def add_reaction(self, channel_id: int, message_id: int, emoji: Any) -> None:
        route = Route(
            "PUT",
            _MSG + "/reactions/{emoji}/@me",
            channel_id=channel_id,
            message_id=message_id,
            emoji=_emoji(emoji),
        )
        await self.request_raw(route)

    async def remove_reaction(
        self, channel_id: int, message_id: int, emoji: Any, user_id: int | None = None
    ) -> None:
        who = "@me" if user_id is None else str(user_id)
        route = Route(
            "DELETE",
            _MSG + "/reactions/{emoji}/{user}",
            channel_id=channel_id,
            message_id=message_id,
            emoji=_emoji(emoji),
            user=who,
        )
        await self.request_raw(route)

    async def clear_reaction(self, channel_id: int, message_id: int, emoji: Any) -> None:
        route = Route("DELETE", _MSG + "/reactions/{emoji}", channel_id=channel_id,
                      message_id=message_id, emoji=_emoji(emoji))
        await self.request_raw(route)

    async def reaction_users(self, channel_id: int, message_id: int, emoji: Any,
                             limit: int = 100, after: int | None = None,
                             type: int | None = None) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = str(after)
        if type is not None:  # 0 normal (Discord's default), 1 burst
            params["type"] = type
        route = Route("GET", _MSG + "/reactions/{emoji}", channel_id=channel_id,
                      message_id=message_id, emoji=_emoji(emoji))
        return await self.request_raw(route, params=params)

    async def clear_reactions(self, channel_id: int, message_id: int) -> None:
        route = Route("DELETE", _MSG + "/reactions", channel_id=channel_id, message_id=message_id)
        await self.request_raw(route)

    async def poll_answer_voters(self, channel_id: int, message_id: int, answer_id: int, *,
                                 limit: int = 100, after: int | None = None) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = str(after)
        route = Route("GET", _CH + "/polls/{message_id}/answers/{answer_id}",
                      channel_id=channel_id, message_id=message_id, answer_id=answer_id)
        return await self.request_raw(route, params=params)

    async def end_poll(self, channel_id: int, message_id: int) -> bytes | None:
        route = Route("POST", _CH + "/polls/{message_id}/expire", channel_id=channel_id,
                      message_id=message_id)
        return await self.request_raw(route)

    async def crosspost(self, channel_id: int, message_id: int) -> bytes | None:
        route = Route("POST", _MSG + "/crosspost", channel_id=channel_id, message_id=message_id)
        return await self.request_raw(route)

    async def pin_message(self, channel_id: int, message_id: int,
                          reason: str | None = None) -> None:
        route = Route("PUT", _CH + "/pins/{message_id}", channel_id=channel_id,
                      message_id=message_id)
        await self.request_raw(route, reason=reason)

    async def unpin_message(self, channel_id: int, message_id: int,
                            reason: str | None = None) -> None:
        route = Route("DELETE", _CH + "/pins/{message_id}", channel_id=channel_id,
                      message_id=message_id)
        await self.request_raw(route, reason=reason)

    async def get_pins(self, channel_id: int, limit: int = 50,
                       before: str | None = None) -> bytes | None:
        """A page of pins, newest first: ``{"items": [{"pinned_at", "message"}], "has_more"}``."""
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        route = Route("GET", _CH + "/messages/pins", channel_id=channel_id)
        return await self.request_raw(route, params=params)

    # -- guilds and members -----------------------------------------------
    async def get_guild(self, guild_id: int, with_counts: bool = False) -> bytes | None:
        params = {"with_counts": "true"} if with_counts else None
        return await self.request_raw(Route("GET", _GUILD, guild_id=guild_id), params=params)

    async def get_roles(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/roles", guild_id=guild_id))

    async def get_role(self, guild_id: int, role_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/roles/{role_id}", guild_id=guild_id, role_id=role_id)
        return await self.request_raw(route)

    async def get_guild_channels(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/channels", guild_id=guild_id))

    async def get_member(self, guild_id: int, user_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _MEMBER, guild_id=guild_id, user_id=user_id))

    async def get_members(
        self, guild_id: int, limit: int = 1000, after: int | None = None
    ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = str(after)
        route = Route("GET", _GUILD + "/members", guild_id=guild_id)
        return await self.request_raw(route, params=params)

    async def edit_member(
        self, guild_id: int, user_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _MEMBER, guild_id=guild_id, user_id=user_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def get_voice_state(self, guild_id: int, user_id: int | str) -> bytes | None:
        """A member's voice state (``user_id`` ``"@me"``: the bot's); 10065 if not connected."""
        route = Route("GET", _GUILD + "/voice-states/{user_id}", guild_id=guild_id,
                      user_id=user_id)
        return await self.request_raw(route)

    async def edit_voice_state(self, guild_id: int, user_id: int | str,
                               fields: dict[str, Any]) -> None:
        """Suppress, unsuppress or ask to speak on a stage (``"@me"``: the bot)."""
        route = Route("PATCH", _GUILD + "/voice-states/{user_id}", guild_id=guild_id,
                      user_id=user_id)
        await self.request_raw(route, json=fields)

    async def prune_count(self, guild_id: int, days: int, roles: list[str]) -> bytes | None:
        params: dict[str, Any] = {"days": days}
        if roles:
            params["include_roles"] = ",".join(roles)
        return await self.request_raw(Route("GET", _GUILD + "/prune", guild_id=guild_id),
                                      params=params)

    async def prune(self, guild_id: int, days: int, compute_count: bool, roles: list[str],
                    reason: str | None = None) -> bytes | None:
        body: dict[str, Any] = {"days": days, "compute_prune_count": compute_count}
        if roles:
            body["include_roles"] = roles
        return await self.request_raw(Route("POST", _GUILD + "/prune", guild_id=guild_id),
                                      json=body, reason=reason)

    async def bulk_ban(self, guild_id: int, user_ids: list[str], delete_message_seconds: int,
                       reason: str | None = None) -> bytes | None:
        body = {"user_ids": user_ids, "delete_message_seconds": delete_message_seconds}
        return await self.request_raw(Route("POST", _GUILD + "/bulk-ban", guild_id=guild_id),
                                      json=body, reason=reason)

    async def kick(self, guild_id: int, user_id: int, reason: str | None = None) -> None:
        route = Route("DELETE", _MEMBER, guild_id=guild_id, user_id=user_id)
        await self.request_raw(route, reason=reason)

    async def ban(
        self, guild_id: int, user_id: int, delete_message_seconds: int = 0,
        reason: str | None = None,
    ) -> None:
        route = Route("PUT", _GUILD + "/bans/{user_id}", guild_id=guild_id, user_id=user_id)
        await self.request_raw(
            route, json={"delete_message_seconds": delete_message_seconds}, reason=reason
        )

    async def get_bans(self, guild_id: int, *, limit: int, before: int | None = None,
                       after: int | None = None) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        if after is not None:
            params["after"] = after
        route = Route("GET", _GUILD + "/bans", guild_id=guild_id)
        return await self.request_raw(route, params=params)

    async def get_ban(self, guild_id: int, user_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/bans/{user_id}", guild_id=guild_id, user_id=user_id)
        return await self.request_raw(route)

    async def unban(self, guild_id: int, user_id: int, reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/bans/{user_id}", guild_id=guild_id, user_id=user_id)
        await self.request_raw(route, reason=reason)

    async def add_role(
        self, guild_id: int, user_id: int, role_id: int, reason: str | None = None
    ) -> None:
        route = Route("PUT", _MEMBER + "/roles/{role_id}", guild_id=guild_id, user_id=user_id,
                      role_id=role_id)
        await self.request_raw(route, reason=reason)

    async def remove_role(
        self, guild_id: int, user_id: int, role_id: int, reason: str | None = None
    ) -> None:
        route = Route("DELETE", _MEMBER + "/roles/{role_id}", guild_id=guild_id,
                      user_id=user_id, role_id=role_id)
        await self.request_raw(route, reason=reason)

    async def create_role(
        self, guild_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("POST", _GUILD + "/roles", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_role(
        self, guild_id: int, role_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _GUILD + "/roles/{role_id}", guild_id=guild_id, role_id=role_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def move_roles(
        self, guild_id: int, positions: list[dict[str, Any]], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _GUILD + "/roles", guild_id=guild_id)
        return await self.request_raw(route, json=positions, reason=reason)

    async def delete_role(self, guild_id: int, role_id: int, reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/roles/{role_id}", guild_id=guild_id, role_id=role_id)
        await self.request_raw(route, reason=reason)

    async def get_my_guilds(self, limit: int, before: int | None = None,
                            after: int | None = None,
                            with_counts: bool = True) -> bytes | None:
        params: dict[str, Any] = {"limit": limit, "with_counts": str(with_counts).lower()}
        if before is not None:
            params["before"] = str(before)
        if after is not None:
            params["after"] = str(after)
        return await self.request_raw(Route("GET", "/users/@me/guilds"), params=params)

    async def delete_guild(self, guild_id: int) -> None:
        await self.request_raw(Route("DELETE", _GUILD, guild_id=guild_id))

    async def vanity_url(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/vanity-url", guild_id=guild_id))

    async def role_member_counts(self, guild_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/roles/member-counts", guild_id=guild_id)
        return await self.request_raw(route)

    async def leave_guild(self, guild_id: int) -> None:
        await self.request_raw(Route("DELETE", "/users/@me/guilds/{guild_id}", guild_id=guild_id))

    # -- interactions and webhooks --------------------------------------
    async def interaction_callback(
        self,
        interaction_id: int,
        token: str,
        body: dict[str, Any],
        files: list[File] | None = None,
        *,
        with_response: bool = False,
    ) -> bytes | None:
        route = Route(
            "POST",
            "/interactions/{interaction_id}/{webhook_token}/callback",
            interaction_id=interaction_id,
            webhook_token=token,
        )
        params = {"with_response": "true"} if with_response else None
        return await self.request_raw(route, json=body, files=files, params=params, auth=False)

    async def execute_webhook(
        self,
        webhook_id: int,
        token: str,
        body: dict[str, Any],
        files: list[File] | None = None,
        *,
        wait: bool = True,
        thread_id: int | None = None,
    ) -> bytes | None:
        route = Route("POST", _HOOK, webhook_id=webhook_id, webhook_token=token)
        return await self.request_raw(route, json=body, files=files,
                                      params=_hook_params(wait, thread_id), auth=False)

    async def edit_webhook_message(
        self,
        webhook_id: int,
        token: str,
        message_id: str,
        body: dict[str, Any],
        files: list[File] | None = None,
        *,
        thread_id: int | None = None,
    ) -> bytes | None:
        route = Route("PATCH", _HOOK_MESSAGE, webhook_id=webhook_id, webhook_token=token,
                      message_id=message_id)
        return await self.request_raw(route, json=body, files=files,
                                      params=_hook_params(None, thread_id), auth=False)

    async def delete_webhook_message(self, webhook_id: int, token: str, message_id: str, *,
                                     thread_id: int | None = None) -> None:
        route = Route("DELETE", _HOOK_MESSAGE, webhook_id=webhook_id, webhook_token=token,
                      message_id=message_id)
        await self.request_raw(route, params=_hook_params(None, thread_id), auth=False)

    async def get_webhook_message(self, webhook_id: int, token: str, message_id: str, *,
                                  thread_id: int | None = None) -> bytes | None:
        route = Route("GET", _HOOK_MESSAGE, webhook_id=webhook_id, webhook_token=token,
                      message_id=message_id)
        return await self.request_raw(route, params=_hook_params(None, thread_id), auth=False)

    async def get_audit_logs(self, guild_id: int, *, limit: int = 100,
                             user_id: int | None = None, action_type: int | None = None,
                             before: int | None = None, after: int | None = None
                             ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        for key, value in (("user_id", user_id), ("action_type", action_type),
                           ("before", before), ("after", after)):
            if value is not None:
                params[key] = value
        return await self.request_raw(Route("GET", _GUILD + "/audit-logs", guild_id=guild_id),
                                      params=params)

    # -- invites -------------------------------------------------------------
    async def create_invite(self, channel_id: int, fields: dict[str, Any],
                            reason: str | None = None) -> bytes | None:
        route = Route("POST", _CH + "/invites", channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def channel_invites(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/invites", channel_id=channel_id))

    async def thread_member(self, channel_id: int, user_id: int, add: bool) -> None:
        route = Route("PUT" if add else "DELETE", _CH + "/thread-members/{user_id}",
                      channel_id=channel_id, user_id=user_id)
        await self.request_raw(route)

    async def thread_members(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/thread-members",
                                            channel_id=channel_id))

    async def get_thread_member(self, channel_id: int, user_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/thread-members/{user_id}",
                                            channel_id=channel_id, user_id=user_id))

    async def join_thread(self, channel_id: int, join: bool = True) -> None:
        route = Route("PUT" if join else "DELETE", _CH + "/thread-members/@me",
                      channel_id=channel_id)
        await self.request_raw(route)

    async def edit_guild(self, guild_id: int, fields: dict[str, Any],
                         reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_incident_actions(self, guild_id: int, fields: dict[str, Any]) -> bytes | None:
        route = Route("PUT", _GUILD + "/incident-actions", guild_id=guild_id)
        return await self.request_raw(route, json=fields)

    # -- widget, welcome screen, templates -----------------------------------------
    async def get_guild_preview(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/preview", guild_id=guild_id))

    async def get_widget(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/widget.json", guild_id=guild_id))

    async def get_widget_settings(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/widget", guild_id=guild_id))

    async def edit_widget(self, guild_id: int, fields: dict[str, Any],
                          reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/widget", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def get_welcome_screen(self, guild_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/welcome-screen", guild_id=guild_id)
        return await self.request_raw(route)

    async def edit_welcome_screen(self, guild_id: int, fields: dict[str, Any],
                                  reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/welcome-screen", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def get_template(self, code: str) -> bytes | None:
        return await self.request_raw(Route("GET", "/guilds/templates/{code}", code=code))

    async def guild_templates(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/templates", guild_id=guild_id))

    async def create_template(self, guild_id: int, fields: dict[str, Any]) -> bytes | None:
        route = Route("POST", _GUILD + "/templates", guild_id=guild_id)
        return await self.request_raw(route, json=fields)

    async def sync_template(self, guild_id: int, code: str) -> bytes | None:
        route = Route("PUT", _GUILD + "/templates/{code}", guild_id=guild_id, code=code)
        return await self.request_raw(route)

    async def edit_template(self, guild_id: int, code: str,
                            fields: dict[str, Any]) -> bytes | None:
        route = Route("PATCH", _GUILD + "/templates/{code}", guild_id=guild_id, code=code)
        return await self.request_raw(route, json=fields)

    async def delete_template(self, guild_id: int, code: str) -> bytes | None:
        route = Route("DELETE", _GUILD + "/templates/{code}", guild_id=guild_id, code=code)
        return await self.request_raw(route)

    async def active_threads(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/threads/active",
                                            guild_id=guild_id))

    async def archived_threads(self, channel_id: int, *, private: bool, joined: bool,
                               limit: int, before: str | None = None) -> bytes | None:
        """A page of a channel's archived threads: public, private, or the private ones
        the bot joined (then ``before`` is a thread id, else a time)."""
        path = ("/users/@me/threads/archived/private" if joined
                else "/threads/archived/private" if private else "/threads/archived/public")
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        route = Route("GET", _CH + path, channel_id=channel_id)
        return await self.request_raw(route, params=params)

    async def list_emojis(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/emojis", guild_id=guild_id))

    async def get_emoji(self, guild_id: int, emoji_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/emojis/{emoji_id}",
                                            guild_id=guild_id, emoji_id=emoji_id))

    async def create_emoji(self, guild_id: int, fields: dict[str, Any],
                           reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("POST", _GUILD + "/emojis", guild_id=guild_id),
                                      json=fields, reason=reason)

    async def edit_emoji(self, guild_id: int, emoji_id: int, fields: dict[str, Any],
                         reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/emojis/{emoji_id}", guild_id=guild_id,
                      emoji_id=emoji_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_emoji(self, guild_id: int, emoji_id: int,
                           reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/emojis/{emoji_id}", guild_id=guild_id,
                      emoji_id=emoji_id)
        await self.request_raw(route, reason=reason)

    # -- stickers ---------------------------------------------------------------
    async def get_sticker(self, sticker_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", "/stickers/{sticker_id}",
                                            sticker_id=sticker_id))

    async def list_stickers(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/stickers", guild_id=guild_id))

    async def get_guild_sticker(self, guild_id: int, sticker_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/stickers/{sticker_id}",
                                            guild_id=guild_id, sticker_id=sticker_id))

    async def create_sticker(self, guild_id: int, fields: dict[str, str], file: File,
                             reason: str | None = None) -> bytes | None:
        """A multipart body of form fields and one ``file`` part (no payload_json)."""
        route = Route("POST", _GUILD + "/stickers", guild_id=guild_id)
        return await self.request_raw(route, json=fields, files=[file], form_fields=True,
                                      reason=reason)

    async def edit_sticker(self, guild_id: int, sticker_id: int, fields: dict[str, Any],
                           reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _GUILD + "/stickers/{sticker_id}", guild_id=guild_id,
                      sticker_id=sticker_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_sticker(self, guild_id: int, sticker_id: int,
                             reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/stickers/{sticker_id}", guild_id=guild_id,
                      sticker_id=sticker_id)
        await self.request_raw(route, reason=reason)

    # -- scheduled events ------------------------------------------------------
    async def get_automod_rules(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _RULES, guild_id=guild_id))

    async def get_automod_rule(self, guild_id: int, rule_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _RULE, guild_id=guild_id, rule_id=rule_id))

    async def create_automod_rule(self, guild_id: int, fields: dict[str, Any],
                                  reason: str | None = None) -> bytes | None:
        route = Route("POST", _RULES, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_automod_rule(self, guild_id: int, rule_id: int, fields: dict[str, Any],
                                reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _RULE, guild_id=guild_id, rule_id=rule_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_automod_rule(self, guild_id: int, rule_id: int,
                                  reason: str | None = None) -> None:
        await self.request_raw(Route("DELETE", _RULE, guild_id=guild_id, rule_id=rule_id),
                               reason=reason)

    async def get_scheduled_events(self, guild_id: int, with_user_count: bool) -> bytes | None:
        route = Route("GET", _EVENTS, guild_id=guild_id)
        return await self.request_raw(route, params={"with_user_count": int(with_user_count)})

    async def get_scheduled_event(self, guild_id: int, event_id: int,
                                  with_user_count: bool) -> bytes | None:
        route = Route("GET", _EVENT, guild_id=guild_id, event_id=event_id)
        return await self.request_raw(route, params={"with_user_count": int(with_user_count)})

    async def create_scheduled_event(self, guild_id: int, fields: dict[str, Any],
                                     reason: str | None = None) -> bytes | None:
        route = Route("POST", _EVENTS, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_scheduled_event(self, guild_id: int, event_id: int, fields: dict[str, Any],
                                   reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _EVENT, guild_id=guild_id, event_id=event_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_scheduled_event(self, guild_id: int, event_id: int,
                                     reason: str | None = None) -> None:
        route = Route("DELETE", _EVENT, guild_id=guild_id, event_id=event_id)
        await self.request_raw(route, reason=reason)

    async def get_scheduled_event_users(self, guild_id: int, event_id: int, *, limit: int,
                                        before: int | None = None, after: int | None = None,
                                        with_member: bool = False) -> bytes | None:
        params: dict[str, Any] = {"limit": limit, "with_member": int(with_member)}
        if before is not None:
            params["before"] = before
        if after is not None:
            params["after"] = after
        route = Route("GET", _EVENT + "/users", guild_id=guild_id, event_id=event_id)
        return await self.request_raw(route, params=params)

    async def guild_invites(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/invites", guild_id=guild_id))

    async def get_invite(self, code: str, *, with_counts: bool = True,
                         with_expiration: bool = True) -> bytes | None:
        params = {"with_counts": "true" if with_counts else "false",
                  "with_expiration": "true" if with_expiration else "false"}
        return await self.request_raw(Route("GET", "/invites/{code}", code=code), params=params)

    async def delete_invite(self, code: str, *, reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("DELETE", "/invites/{code}", code=code),
                                      reason=reason)

    # -- channel webhooks ---------------------------------------------------
    async def create_webhook(self, channel_id: int, fields: dict[str, Any],
                             reason: str | None = None) -> bytes | None:
        route = Route("POST", _CH + "/webhooks", channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def channel_webhooks(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/webhooks", channel_id=channel_id))

    async def guild_webhooks(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/webhooks", guild_id=guild_id))

    async def get_webhook(self, webhook_id: int, token: str | None = None) -> bytes | None:
        """With ``token``: read as anyone holding it (no bot token sent)."""
        return await self.request_raw(_webhook_route("GET", webhook_id, token),
                                      auth=token is None)

    async def edit_webhook(self, webhook_id: int, fields: dict[str, Any], *,
                           token: str | None = None, reason: str | None = None) -> bytes | None:
        return await self.request_raw(_webhook_route("PATCH", webhook_id, token), json=fields,
                                      reason=reason, auth=token is None)

    async def delete_webhook(self, webhook_id: int, *, token: str | None = None,
                             reason: str | None = None) -> None:
        await self.request_raw(_webhook_route("DELETE", webhook_id, token), reason=reason,
                               auth=token is None)

    # -- application commands --------------------------------------------
    async def bulk_overwrite_commands(
        self, application_id: int, commands: list[Any], guild_id: int | None = None
    ) -> bytes | None:
        if guild_id is None:
            route = Route("PUT", "/applications/{application_id}/commands",
                          application_id=application_id)
        else:
            route = Route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands",
                          application_id=application_id, guild_id=guild_id)
        return await self.request_raw(route, json=commands)

    async def get_commands(self, application_id: int, guild_id: int | None = None) -> bytes | None:
        if guild_id is None:
            route = Route("GET", "/applications/{application_id}/commands",
                          application_id=application_id)
        else:
            route = Route("GET", "/applications/{application_id}/guilds/{guild_id}/commands",
                          application_id=application_id, guild_id=guild_id)
        return await self.request_raw(route)

    async def get_command(self, application_id: int, command_id: int,
                          guild_id: int | None = None) -> bytes | None:
        if guild_id is None:
            route = Route("GET", "/applications/{application_id}/commands/{command_id}",
                          application_id=application_id, command_id=command_id)
        else:
            route = Route("GET",
                          "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
                          application_id=application_id, guild_id=guild_id,
                          command_id=command_id)
        return await self.request_raw(route)


_HOOK: Final = "/webhooks/{webhook_id}/{webhook_token}"
_HOOK_MESSAGE: Final = _HOOK + "/messages/{message_id}"


def _webhook_route(method: str, webhook_id: int, token: str | None) -> Route:
    if token is None:
        return Route(method, "/webhooks/{webhook_id}", webhook_id=webhook_id)
    return Route(method, _HOOK, webhook_id=webhook_id, webhook_token=token)


def _hook_params(wait: bool | None, thread_id: int | None) -> dict[str, str] | None:
    params: dict[str, str] = {}
    if wait is not None:
        params["wait"] = "true" if wait else "false"
    if thread_id is not None:
        params["thread_id"] = str(thread_id)
    return params or None
