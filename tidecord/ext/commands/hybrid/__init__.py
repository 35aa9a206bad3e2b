"""Hybrid commands: one definition serving as a prefix command and a slash command.

``command`` holds :class:`HybridCommand`, :class:`HybridGroup` and their decorators;
``slash`` the slash side (the app command that runs the prefix command with a
``Context``); ``options`` how prefix parameters become slash options.
"""

from .command import HybridCommand, HybridGroup, hybrid_command, hybrid_group
from .slash import HybridAppCommand

__all__ = ["HybridAppCommand", "HybridCommand", "HybridGroup", "hybrid_command",
           "hybrid_group"]
