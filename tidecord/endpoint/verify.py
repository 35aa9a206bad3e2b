"""Is this request from Discord? The Ed25519 signature and timestamp of an interaction.

Discord signs ``timestamp + body`` with the application's private key and sends
``X-Signature-Ed25519`` (hex) and ``X-Signature-Timestamp`` (Unix seconds). A
request is accepted only when the signature verifies with the application's
public key (``verify_key``), the timestamp is within ``max_age`` seconds of now,
and the same signature was not accepted before by this process (a replay).
"""

from __future__ import annotations

import binascii
import collections
import time
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = ["SignatureVerifier", "VerificationError"]


class VerificationError(Exception):
    """The request is not a fresh one signed by Discord (answered 401)."""


class SignatureVerifier:
    """Checks signatures with one application's public key (64 hex characters)."""

    def __init__(self, public_key: str, *, max_age: float = 60.0,
                 clock: Callable[[], float] = time.time, remember: int = 100_000) -> None:
        try:
            raw = bytes.fromhex(public_key)
            self._key = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError as exc:
            raise ValueError(f"public_key must be 64 hex characters (the application's "
                             f"verify_key): {exc}") from None
        self.max_age = max_age
        self._clock = clock
        # Signatures accepted within max_age: a copy of one is a replay.
        self._seen: collections.OrderedDict[bytes, float] = collections.OrderedDict()
        self._remember = remember

    def verify(self, signature: str | None, timestamp: str | None, body: bytes) -> None:
        """Raise :class:`VerificationError` unless the request is fresh and signed."""
        if not signature or not timestamp:
            raise VerificationError("missing signature headers")
        if len(signature) != 128 or not timestamp.isascii() or not timestamp.isdigit() \
                or len(timestamp) > 12:
            raise VerificationError("malformed signature headers")
        try:
            sig = binascii.unhexlify(signature)
        except (binascii.Error, ValueError):
            raise VerificationError("malformed signature") from None
        now = self._clock()
        if abs(now - int(timestamp)) > self.max_age:
            raise VerificationError("stale or future timestamp")
        try:
            self._key.verify(sig, timestamp.encode() + body)
        except InvalidSignature:
            raise VerificationError("bad signature") from None
        self._forget_before(now - self.max_age)
        if sig in self._seen:
            raise VerificationError("replayed request")
        self._seen[sig] = now
        if len(self._seen) > self._remember:
            self._seen.popitem(last=False)

    def _forget_before(self, horizon: float) -> None:
        while self._seen:
            first, seen_at = next(iter(self._seen.items()))
            if seen_at >= horizon:
                return
            del self._seen[first]
