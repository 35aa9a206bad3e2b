"""The gateway: shards, their WebSocket sessions, inflaters and send limiter."""

from .compression import ZlibInflater, ZstdInflater, best_compression, make_inflater
from .errors import (
    ConnectionClosed,
    GatewayError,
    GatewayNotFound,
    PrivilegedIntentsRequired,
    TokenRefused,
)
from .limiter import SendLimiter
from .manager import IdentifyGate, ShardManager
from .shard import Shard

__all__ = [
    "ConnectionClosed",
    "GatewayError",
    "GatewayNotFound",
    "IdentifyGate",
    "PrivilegedIntentsRequired",
    "SendLimiter",
    "Shard",
    "ShardManager",
    "TokenRefused",
    "ZlibInflater",
    "ZstdInflater",
    "best_compression",
    "make_inflater",
]
