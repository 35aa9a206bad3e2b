"""The sandbox's gateway: WebSocket connections, sessions, routing and faults."""

from .firehose import FirehoseResult, firehose
from .hub import GatewayHub

__all__ = ["FirehoseResult", "GatewayHub", "firehose"]
