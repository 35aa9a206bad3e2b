"""REST: routes, rate-limit buckets, typed errors, multipart files."""

from .endpoints import RESTClient
from .errors import (
    ClientClosed,
    ClientException,
    DiscordException,
    DiscordServerError,
    Forbidden,
    HTTPException,
    InvalidData,
    InvalidResponse,
    LoginFailure,
    NotFound,
    RateLimited,
    RESTTimeout,
)
from .files import File
from .http import DEFAULT_API_URL, HTTPClient, api_url_from_env
from .payloads import edit_payload, message_payload
from .route import Route

__all__ = [
    "DEFAULT_API_URL",
    "ClientClosed",
    "ClientException",
    "DiscordException",
    "DiscordServerError",
    "File",
    "Forbidden",
    "HTTPClient",
    "HTTPException",
    "InvalidData",
    "InvalidResponse",
    "LoginFailure",
    "NotFound",
    "RESTClient",
    "RESTTimeout",
    "RateLimited",
    "Route",
    "api_url_from_env",
    "edit_payload",
    "message_payload",
]
