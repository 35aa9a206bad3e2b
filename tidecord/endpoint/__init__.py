"""HTTP-interaction bots: Discord POSTs each interaction to your URL instead of the gateway.

``InteractionEndpoint(client)`` verifies and serves them (mount it in your own aiohttp
app with ``add_routes``); ``serve_http(client, token, port=8080)`` runs a whole bot
that way (``tidecord run --http PORT bot.py`` does it from the command line).
"""

from .app import InteractionEndpoint
from .serve import serve_http
from .verify import SignatureVerifier, VerificationError

__all__ = ["InteractionEndpoint", "SignatureVerifier", "VerificationError", "serve_http"]
