"""What ``tidecord run`` tells about the running bot: Prometheus metrics
(``--metrics [HOST:]PORT``) and, on its embedded sandbox, the loop health the chat
page's panel shows."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from .errors import CLIError

if TYPE_CHECKING:
    from tidecord import Client
    from tidecord.sandbox import Sandbox

__all__ = ["parse_address", "publishing_health", "serving_metrics"]

DEFAULT_HOST = "127.0.0.1"


def parse_address(text: str) -> tuple[str, int]:
    """``"9108"`` -> ``("127.0.0.1", 9108)``; ``"0.0.0.0:9108"`` -> ``("0.0.0.0", 9108)``."""
    host, _, port = text.rpartition(":")
    try:
        number = int(port)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise CLIError(f"--metrics {text}: expected PORT or HOST:PORT, a port from 0 to 65535")
    return host.strip("[]") or DEFAULT_HOST, number


@contextlib.asynccontextmanager
async def serving_metrics(bot: Client, address: tuple[str, int] | None) -> AsyncIterator[None]:
    """Serve ``bot``'s metrics at ``address`` for the duration of the block (if given)."""
    if address is None:
        yield
        return
    try:
        from tidecord.metrics.prometheus import MetricsServer
    except ImportError:
        raise CLIError('--metrics needs prometheus-client: pip install "tidecord[metrics]"'
                       ) from None
    host, port = address
    server = MetricsServer(bot, host=host, port=port)
    try:
        await asyncio.to_thread(server.start)
    except OSError as exc:
        raise CLIError(f"--metrics: cannot listen on {host}:{port}: {exc.strerror or exc}"
                       ) from None
    print(f"tidecord: metrics at {server.url}", flush=True)
    try:
        yield
    finally:
        await asyncio.to_thread(server.stop)


@contextlib.asynccontextmanager
async def publishing_health(bot: Client, sb: Sandbox) -> AsyncIterator[None]:
    """Publish ``bot``'s loop health to the sandbox ``sb`` for the duration of the block."""
    from tidecord.metrics.publish import HealthPublisher

    publisher = HealthPublisher(bot, sb.url, sb.token, secret=sb.secret)
    publisher.start()
    try:
        yield
    finally:
        await publisher.stop()
