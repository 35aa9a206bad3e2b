"""The REST application: ``/api/v10`` routes behind auth, faults and rate limits."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from ..state import StateError
from . import (
    app_emojis,
    applications,
    automod,
    channels,
    commands,
    emojis,
    entitlements,
    forum_tags,
    guild_admin,
    guild_settings,
    guilds,
    integrations,
    interactions,
    invites,
    members,
    messages,
    moderation,
    onboarding,
    polls,
    preview,
    role_connections,
    roles,
    scheduled_events,
    search,
    soundboard,
    stage_instances,
    sticker_packs,
    stickers,
    templates,
    threads,
    users,
    voice,
    voice_effects,
    webhooks,
    welcome_screen,
    widget,
)
from .context import SANDBOX, state_error
from .errors import APIError, json_response
from .ratelimit import MAJOR_PARAMETERS, RENAMES

if TYPE_CHECKING:
    from ..server import Sandbox

__all__ = ["API_PREFIX", "add_api_routes", "api_middleware", "authorized"]

log = logging.getLogger("tidecord.sandbox.rest")
API_PREFIX = "/api/v10"
MAX_BODY = 26 * 1024 * 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Routes that need no bot token: the gateway URL and the token-bearing interaction and
# webhook routes (``/webhooks/{webhook_id}`` alone needs the bot).
_PUBLIC_PREFIXES = ("/gateway", "/interactions/", "/webhooks/{webhook_id}/{token}")
# What anyone may read: an invite, a guild's widget while it is on, a template, the
# sticker packs (hikari asks for the last without a token).
_PUBLIC_READS = frozenset({"/invites/{code}", "/guilds/{guild_id}/widget.json",
                           "/guilds/templates/{code}", "/sticker-packs"})
# Interaction and webhook-token routes are exempt from the bot's global limit.
_GLOBAL_EXEMPT = ("/interactions/", "/webhooks/{webhook_id}/{token}")
# Outside every bucket: Discord answers an interaction callback with no rate-limit
# headers (hikari logs an error, and keeps a bucket for the route, when it sees some).
_UNLIMITED = frozenset({"POST /interactions/{interaction_id}/{token}/callback"})


# aiohttp tries the routes under one static prefix in the order they were added, and
# some shadow others (``/messages/pins`` before ``/messages/{message_id}``). These
# paths shadow none, and bots call them most, so they are tried first.
_FIRST = frozenset({"/channels/{channel_id}/messages"})


def add_api_routes(app: web.Application) -> None:
    """Register every REST route under ``/api/v10``."""
    # guild_admin before roles: its roles/member-counts would read as a {role_id}.
    modules = (users, applications, channels, threads, messages, polls, guild_admin, guilds,
               roles, members, guild_settings,
               commands, interactions, webhooks, invites, emojis, stickers, voice,
               scheduled_events, moderation, automod, widget, welcome_screen, templates,
               entitlements, preview, app_emojis, stage_instances, integrations, soundboard,
               sticker_packs, onboarding, role_connections, voice_effects, search,
               forum_tags)
    routes = [route for module in modules for route in module.ROUTES]
    routes.sort(key=lambda route: route[1] not in _FIRST)  # stable: the rest keep their order
    for method, path, handler in routes:
        app.router.add_route(method, API_PREFIX + path, handler)


def _unauthorized() -> web.Response:
    return json_response({"message": "401: Unauthorized", "code": 0}, status=401)


@web.middleware
async def api_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Discord's envelope for every ``/api`` request: errors, auth, faults, rate limits."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    sb: Sandbox = request.app[SANDBOX]
    match = request.match_info
    if match.http_exception is not None:
        status = match.http_exception.status
        reason = "Not Found" if status == 404 else "Method Not Allowed"
        return json_response({"message": f"{status}: {reason}", "code": 0}, status=status)
    resource = match.route.resource
    template = resource.canonical[len(API_PREFIX):] if resource is not None else request.path
    public = template.startswith(_PUBLIC_PREFIXES) or (
        request.method == "GET" and template in _PUBLIC_READS)
    if not public and not authorized(request, sb.token):
        return _unauthorized()
    fault = sb.faults.take()
    if fault is not None:
        early = await sb.faults.before(fault, request)
        if early is not None:
            return early
    route = f"{request.method} {template}"
    major = ":".join(match.get(p, "") for p in MAJOR_PARAMETERS)
    if template.startswith("/webhooks/"):
        major += ":" + match.get("token", "")
    renaming = route == "PATCH /channels/{channel_id}" and await channels.renames(request)
    headers, limited = ({}, None) if route in _UNLIMITED else sb.limiter.check(
        route, major, exempt_global=template.startswith(_GLOBAL_EXEMPT),
        sub_limit=RENAMES if renaming else None)
    if limited is not None:
        return limited
    try:
        sb.state.close_due_polls()  # polls whose time ran out read as ended, as on Discord
        response = await handler(request)
    except APIError as exc:
        response = exc.response()
    except StateError as exc:
        response = state_error(exc).response()
    except web.HTTPRequestEntityTooLarge:
        response = json_response({"message": "Request entity too large", "code": 40005}, 413)
    except web.HTTPException:
        raise
    except ValueError:
        # A query or body value of the wrong form (e.g. ?limit=abc).
        response = json_response({"message": "Invalid Form Body", "code": 50035}, 400)
    except Exception:
        log.exception("sandbox REST handler failed: %s %s", request.method, template)
        response = json_response({"message": "500: Internal Server Error", "code": 0}, 500)
    if fault is not None and fault.after_write:
        return fault.response(request)  # applied, yet the client sees a failure
    if not response.prepared:
        response.headers.update(headers)
    return response


def authorized(request: web.Request, token: str) -> bool:
    """Whether the request carries ``Authorization: Bot <token>`` with this sandbox's token."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bot "):
        return False
    return hmac.compare_digest(header[4:].strip().encode(), token.encode())

