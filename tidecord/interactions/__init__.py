"""Interactions as the bot sees them: ``Interaction``, its response and follow-ups.

Built on the wire model (:mod:`tidecord.models.interaction`) by the client when
an interaction arrives (over the gateway, or over HTTP); views and the command
tree (:mod:`tidecord.ui`, :mod:`tidecord.app_commands`) sit above this.
"""

from .followup import Followup, InteractionMessage
from .interaction import Interaction
from .locale import Locale
from .namespace import Namespace
from .resolved import AppCommandChannel, AppCommandThread, ResolveKey, resolve_items
from .response import (
    HTTPTransport,
    InteractionCallbackResponse,
    InteractionResponded,
    InteractionResponse,
)

__all__ = [
    "AppCommandChannel",
    "AppCommandThread",
    "Followup",
    "HTTPTransport",
    "Interaction",
    "InteractionCallbackResponse",
    "InteractionMessage",
    "InteractionResponded",
    "InteractionResponse",
    "Locale",
    "Namespace",
    "ResolveKey",
    "resolve_items",
]
