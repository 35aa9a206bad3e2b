"""The sandbox's REST API (``/api/v10``): routes by resource, Discord's errors and limits."""

from .app import API_PREFIX, add_api_routes, api_middleware
from .ratelimit import RateLimits

__all__ = ["API_PREFIX", "RateLimits", "add_api_routes", "api_middleware"]
