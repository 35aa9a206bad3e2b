"""Events: from a dispatch to the cache and to handlers run as owned tasks."""

from .dispatcher import Dispatcher
from .parsers import Parsers
from .raw import (
    RawBulkMessageDeleteEvent,
    RawIntegrationDeleteEvent,
    RawMemberRemoveEvent,
    RawMessageDeleteEvent,
    RawMessageUpdateEvent,
    RawPollVoteActionEvent,
    RawReactionActionEvent,
    RawReactionClearEmojiEvent,
    RawReactionClearEvent,
    RawThreadDeleteEvent,
    RawThreadMembersUpdate,
    RawThreadUpdateEvent,
    RawTypingEvent,
)
from .ready import ReadyTracker
from .state import State

__all__ = [
    "Dispatcher",
    "Parsers",
    "RawBulkMessageDeleteEvent",
    "RawIntegrationDeleteEvent",
    "RawMemberRemoveEvent",
    "RawMessageDeleteEvent",
    "RawMessageUpdateEvent",
    "RawPollVoteActionEvent",
    "RawReactionActionEvent",
    "RawReactionClearEmojiEvent",
    "RawReactionClearEvent",
    "RawThreadDeleteEvent",
    "RawThreadMembersUpdate",
    "RawThreadUpdateEvent",
    "RawTypingEvent",
    "ReadyTracker",
    "State",
]
