"""The client tests' ``connect`` fixture: a ready tidecord client on the sandbox."""

from ..client.conftest import connect

__all__ = ["connect"]
