"""The bot's application (what discord.py asks for at login)."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import to_builtins

from .context import own_application, read_body, sandbox_of
from .errors import FormError, bad_length, form_error, json_response, too_long

__all__ = ["ROUTES"]


async def get_application(request: web.Request) -> web.Response:
    """GET /oauth2/applications/@me, GET /applications/@me."""
    state = sandbox_of(request).state
    data: dict[str, Any] = to_builtins(msgspec.structs.replace(
        state.application, approximate_guild_count=len(state.guilds),
        approximate_user_install_count=0,
        integration_types_config=state.application.integration_types_config or {"0": {}},
    ))
    # Fields of the full (private) application object beyond the shared model.
    data.update({"type": None, "flags_new": str(state.application.flags_value),
                 "role_connections_verification_url": None,
                 "approximate_user_authorization_count": 0, "explicit_content_filter": 0,
                 "eligible_oauth2_scopes": ["bot", "applications.commands"],
                 # Deprecated, always "", but sent in v10 (Discord's application object
                 # lists it as required): interactions.py's Application needs it.
                 "summary": ""})
    # Discord leaves these out when unset (never null), as the model cannot tell.
    for key in _LEFT_OUT_WHEN_UNSET:
        if data.get(key) is None:
            data.pop(key, None)
    return json_response(data)


#: The application's optional fields that are never null on the wire.
_LEFT_OUT_WHEN_UNSET: Final = ("cover_image", "primary_sku_id", "slug", "guild_id",
                               "rpc_origins", "terms_of_service_url", "privacy_policy_url",
                               "custom_install_url", "install_params", "bot")


class _ApplicationEdit(msgspec.Struct, kw_only=True):
    interactions_endpoint_url: str | msgspec.UnsetType | None = msgspec.UNSET
    description: str | msgspec.UnsetType | None = msgspec.UNSET
    custom_install_url: str | msgspec.UnsetType | None = msgspec.UNSET
    role_connections_verification_url: str | msgspec.UnsetType | None = msgspec.UNSET
    tags: list[str] | msgspec.UnsetType | None = msgspec.UNSET
    flags: int | msgspec.UnsetType | None = msgspec.UNSET
    icon: str | msgspec.UnsetType | None = msgspec.UNSET
    cover_image: str | msgspec.UnsetType | None = msgspec.UNSET
    install_params: dict[str, Any] | msgspec.UnsetType | None = msgspec.UNSET
    integration_types_config: dict[str, Any] | msgspec.UnsetType | None = msgspec.UNSET


#: The flags an application may set on itself: the "limited" intent approvals.
_SETTABLE_FLAGS: Final = (1 << 13) | (1 << 15) | (1 << 19)


def _edits(sb: Any, body: _ApplicationEdit) -> dict[str, Any]:
    """The application's fields that ``body`` changes; 50035 naming each bad one."""
    errors: dict[str, FormError] = {}
    changes: dict[str, Any] = {}
    for key in ("description", "custom_install_url", "role_connections_verification_url"):
        value = getattr(body, key)
        if value is not msgspec.UNSET:
            changes[key] = value
    # A description is never null; an install URL is cleared by "" as by null.
    if changes.get("description", "") is None:
        changes["description"] = ""
    if changes.get("custom_install_url") == "":
        changes["custom_install_url"] = None
    if isinstance(body.description, str) and len(body.description) > 400:
        errors["description"] = too_long(400)
    if body.tags is not msgspec.UNSET:
        tags = body.tags or []
        if len(tags) > 5:
            errors["tags"] = too_long(5)
        for i, tag in enumerate(tags):
            if not 1 <= len(tag) <= 20:
                errors[f"tags.{i}"] = bad_length(1, 20)
        changes["tags"] = tags
    if body.flags is not msgspec.UNSET:
        # Only the limited intents move; the other bits are Discord's to set, and are
        # kept whatever was sent (inferred: the docs say only that these can change).
        old = sb.state.application.flags_value
        changes["flags_value"] = (old & ~_SETTABLE_FLAGS) | ((body.flags or 0) & _SETTABLE_FLAGS)
    for key in ("icon", "cover_image"):
        value = getattr(body, key)
        if value is not msgspec.UNSET:
            digest = None if value is None else sb.images.hash(value)
            if value is not None and digest is None:
                errors[key] = ("IMAGE_INVALID", "Invalid image data")
            changes[f"{key}_hash"] = digest
    if body.install_params is not msgspec.UNSET:
        changes["install_params_data"] = body.install_params or msgspec.UNSET
    if body.integration_types_config is not msgspec.UNSET:
        changes["integration_types_config"] = body.integration_types_config or msgspec.UNSET
    if errors:
        raise form_error(errors)
    return changes


async def edit_application(request: web.Request) -> web.Response:
    """PATCH /applications/@me: the endpoint URL (checked as Discord does), the
    description, install settings, tags, images and the limited intent flags."""
    sb = sandbox_of(request)
    body, _ = await read_body(request, _ApplicationEdit)
    changes = _edits(sb, body)  # all checked before anything changes
    if not isinstance(body.interactions_endpoint_url, msgspec.UnsetType):
        await sb.set_interactions_endpoint(body.interactions_endpoint_url or None)
    if changes:
        sb.state.application = msgspec.structs.replace(sb.state.application, **changes)
    return await get_application(request)


async def get_application_by_id(request: web.Request) -> web.Response:
    """GET /applications/{application_id}: the bot's own, as @me (another's: 20012)."""
    own_application(request)
    return await get_application(request)


async def edit_application_by_id(request: web.Request) -> web.Response:
    """PATCH /applications/{application_id}: the bot's own, as @me (another's: 20012)."""
    own_application(request)
    return await edit_application(request)


ROUTES = [
    ("GET", "/oauth2/applications/@me", get_application),
    ("GET", "/applications/@me", get_application),
    ("PATCH", "/applications/@me", edit_application),
    # After @me, which the id's pattern would take too.
    ("GET", "/applications/{application_id}", get_application_by_id),
    ("PATCH", "/applications/{application_id}", edit_application_by_id),
]
