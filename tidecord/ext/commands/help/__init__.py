"""Help commands: the base to subclass and the two ready-made formats."""

from .base import HelpCommand
from .default import DefaultHelpCommand
from .minimal import MinimalHelpCommand
from .paginator import Paginator

__all__ = ["DefaultHelpCommand", "HelpCommand", "MinimalHelpCommand", "Paginator"]
