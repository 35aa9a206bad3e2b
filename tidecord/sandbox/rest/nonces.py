"""``enforce_nonce``: the same nonce from the same author within minutes is one message.

Discord documents it on Create Message: with ``enforce_nonce: true`` and a
``nonce``, if the author created a message with that nonce in the past few
minutes, that message is returned and no new one is created. This is what makes
a retried send safe after a failure that came after the write.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..clock import Clock

__all__ = ["NONCE_WINDOW", "NonceBook"]

# "The past few minutes": how long a nonce is remembered, on the sandbox clock.
NONCE_WINDOW = 5 * 60.0


class NonceBook:
    """Recent (author, nonce) -> (channel id, message id), oldest forgotten first."""

    def __init__(self, clock: Clock, window: float = NONCE_WINDOW) -> None:
        self.clock = clock
        self.window = window
        self._seen: dict[tuple[int, str], tuple[int, int]] = {}
        self._order: deque[tuple[float, tuple[int, str]]] = deque()

    def _prune(self) -> None:
        horizon = self.clock.time() - self.window
        order, seen = self._order, self._seen
        while order and order[0][0] < horizon:
            _, key = order.popleft()
            seen.pop(key, None)

    def find(self, author_id: int, nonce: int | str) -> tuple[int, int] | None:
        """(channel id, message id) of the author's recent message with this nonce."""
        self._prune()
        return self._seen.get((author_id, str(nonce)))

    def remember(self, author_id: int, nonce: int | str, channel_id: int, message_id: int
                 ) -> None:
        """Note a message created with an enforced nonce."""
        key = (author_id, str(nonce))
        self._seen[key] = (channel_id, message_id)
        self._order.append((self.clock.time(), key))
        self._prune()
