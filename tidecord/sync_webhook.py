"""``SyncWebhook``: post to a webhook from plain, blocking code, as discord.py's.

For a script, a cron job or a thread that has no event loop: ``SyncWebhook.from_url(
url).send("done")`` returns when Discord has answered. Each call runs the async
:class:`~tidecord.webhook.Webhook`'s on one background event loop that every sync
webhook of the process shares, so payloads, files, errors and rate limits are the
async webhook's own. That loop's thread starts at the first call and is closed at
exit (or by :func:`shutdown`), with its connections.

A call blocks its caller until it is answered. Made from a coroutine, it blocks
that event loop too (tidecord's loop watchdog says so): use
:class:`~tidecord.webhook.Webhook` there.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import os
import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .models import UNSET, Message, Snowflake
from .models.webhook import WebhookData
from .rest import RESTClient, api_url_from_env
from .webhook import Webhook, WebhookMessage, parse_url, stateless_channel

if TYPE_CHECKING:
    import datetime

    from .models.asset import Asset

__all__ = ["SyncWebhook", "SyncWebhookMessage", "shutdown"]

T = TypeVar("T")


class _Background:
    """The event loop sync webhooks run their calls on, in a thread of its own."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid = 0
        # One REST client per API and bot token: webhooks share connections and limits.
        self._clients: dict[tuple[str, str], RESTClient] = {}
        self._hooked = False

    def client(self, api_url: str, bot_token: str | None) -> RESTClient:
        """The REST client for ``api_url`` (with ``bot_token``, if given)."""
        # The key holds a digest, never the token itself.
        key = (api_url, hashlib.sha256(bot_token.encode()).hexdigest() if bot_token else "")
        with self._lock:
            self._forget_if_forked()
            http = self._clients.get(key)
            if http is None:
                http = self._clients[key] = RESTClient(api_url)
                if bot_token:
                    http.set_token(bot_token)
            return http

    def run(self, call: Callable[[], Awaitable[T]]) -> T:
        """Run ``call()`` on the background loop and wait for its result here."""
        loop = self._running()
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if current is loop:
            raise RuntimeError("a SyncWebhook call cannot wait on its own event loop")

        async def go() -> T:
            return await call()

        future = asyncio.run_coroutine_threadsafe(go(), loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # KeyboardInterrupt while waiting: the call stops too
            raise

    def _forget_if_forked(self) -> None:
        # A forked child has the parent's objects but not its thread: start afresh.
        if self._pid and self._pid != os.getpid():
            self._loop = self._thread = None
            self._clients = {}
            self._pid = 0

    def _running(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            self._forget_if_forked()
            if self._loop is not None and self._thread is not None and self._thread.is_alive():
                return self._loop
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=_serve, args=(loop,), daemon=True,
                                      name="tidecord-sync-webhooks")
            thread.start()
            self._loop, self._thread, self._pid = loop, thread, os.getpid()
            if not self._hooked:
                # Daemon threads still run while atexit hooks do: the loop can close
                # its connections then.
                atexit.register(self.close)
                self._hooked = True
            return loop

    def close(self) -> None:
        """Close every connection, stop the loop and join its thread."""
        with self._lock:
            self._forget_if_forked()
            loop, thread = self._loop, self._thread
            clients = list(self._clients.values())
            self._loop = self._thread = None
            self._clients = {}
        if loop is None or thread is None:
            return
        if thread.is_alive():
            async def close_all() -> None:
                for http in clients:
                    await http.close()

            try:
                asyncio.run_coroutine_threadsafe(close_all(), loop).result(timeout=5)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
        if not thread.is_alive():
            loop.close()


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    loop.run_forever()


_background = _Background()


def shutdown() -> None:
    """Close the sync webhooks' connections and background thread now (they are closed
    at exit anyway; a later call starts them again)."""
    _background.close()


class SyncWebhookMessage(Message, kw_only=True):
    """A message a :class:`SyncWebhook` sent: edited and deleted through it, blocking."""

    _webhook: Any = UNSET
    _thread_id: int | None = None  # where it was sent or read, as a WebhookMessage's

    @property
    def channel(self) -> Any:
        """The channel it was sent in, known by its id alone (as discord.py's
        ``PartialMessageable``: a sync webhook has no client)."""
        return stateless_channel(self)

    def edit(self, **options: Any) -> SyncWebhookMessage:  # type: ignore[override]
        """Edit it (``content``, ``embeds``, ``attachments``, ``allowed_mentions``:
        keywords only, as discord.py's)."""
        options.setdefault("thread", self._thread_id)
        return self._webhook.edit_message(self.id, **options)  # type: ignore[no-any-return]

    def delete(self, *, delay: float | None = None) -> None:  # type: ignore[override]
        """Delete it; with ``delay``, after sleeping that many seconds here."""
        if delay is not None:
            time.sleep(delay)
        self._webhook.delete_message(self.id, thread=self._thread_id)


class SyncWebhook:
    """A webhook for blocking code: the methods of :class:`~tidecord.webhook.Webhook`,
    each returning once Discord has answered.

    ``session=`` is taken for discord.py's sake (a ``requests.Session`` there) and not
    used: calls go through the shared background loop's connections.
    """

    __slots__ = ("_webhook",)

    def __init__(self, webhook: Webhook) -> None:
        self._webhook = webhook

    @classmethod
    def partial(cls, id: int, token: str, *, session: Any = None,
                bot_token: str | None = None, api_url: str | None = None) -> SyncWebhook:
        """A webhook known by id and token only (``bot_token=``: the calls that need a
        bot can be made too)."""
        http = _background.client(api_url or api_url_from_env(), bot_token)
        return cls(Webhook(WebhookData(id=Snowflake(id), token=token), http))

    @classmethod
    def from_url(cls, url: str, *, session: Any = None,
                 bot_token: str | None = None) -> SyncWebhook:
        """The webhook of a URL such as ``https://discord.com/api/webhooks/ID/TOKEN``
        (a sandbox's URL works as Discord's)."""
        webhook_id, token, api_url = parse_url(url)
        return cls.partial(webhook_id, token, bot_token=bot_token, api_url=api_url)

    # -- what it is ------------------------------------------------------------------
    @property
    def id(self) -> int:
        """The webhook's id."""
        return self._webhook.id

    @property
    def token(self) -> str | None:
        """Its token: the password that posts as it."""
        return self._webhook.token

    @property
    def name(self) -> str | None:
        """Its default name (``None`` until fetched, for a partial webhook)."""
        return self._webhook.name

    @property
    def type(self) -> Any:
        """``WebhookType.incoming`` for a channel's webhook."""
        return self._webhook.type

    @property
    def channel_id(self) -> int | None:
        """The channel it posts in (``None`` until fetched)."""
        return self._webhook.channel_id

    @property
    def guild_id(self) -> int | None:
        """Its guild (``None`` until fetched)."""
        return self._webhook.guild_id

    @property
    def user(self) -> Any:
        """Who made it, when Discord says."""
        return self._webhook.user

    @property
    def application_id(self) -> int | None:
        """The application that made it, if one did."""
        return self._webhook.application_id

    @property
    def url(self) -> str:
        """The URL that posts as it (it holds the token: keep it secret)."""
        return self._webhook.url

    @property
    def created_at(self) -> datetime.datetime:
        """When it was made."""
        return self._webhook.created_at

    @property
    def avatar(self) -> Asset | None:
        """Its own avatar, if it has one."""
        return self._webhook.avatar

    @property
    def default_avatar(self) -> Asset:
        """The avatar Discord shows for a webhook without its own."""
        return self._webhook.default_avatar

    @property
    def display_avatar(self) -> Asset:
        """The avatar, or the one Discord shows for a webhook without one."""
        return self._webhook.display_avatar

    def is_partial(self) -> bool:
        """Whether only the id and token are known."""
        return self._webhook.is_partial()

    def is_authenticated(self) -> bool:
        """Whether it was given a bot token."""
        return self._webhook.is_authenticated()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SyncWebhook) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        # Never the token: it is enough to post as the webhook.
        return f"<SyncWebhook id={self.id} name={self.name!r} type={self.type!r}>"

    # -- managing it -------------------------------------------------------------------
    def fetch(self, *, prefer_auth: bool = True) -> SyncWebhook:
        """The webhook as Discord has it now (a new object)."""
        return SyncWebhook(_background.run(lambda: self._webhook.fetch(prefer_auth=prefer_auth)))

    def edit(self, *, reason: str | None = None, prefer_auth: bool = True,
             **changes: Any) -> SyncWebhook:
        """Rename it (``name=``), change or (``None``) remove its ``avatar``, or move it
        to ``channel`` (with a bot token); returns it as changed, a new object (this one
        left as it was, as discord.py's)."""
        return SyncWebhook(_background.run(lambda: self._webhook.edit(
            reason=reason, prefer_auth=prefer_auth, **changes)))

    def delete(self, *, reason: str | None = None, prefer_auth: bool = True) -> None:
        """Delete the webhook (its messages stay)."""
        _background.run(lambda: self._webhook.delete(reason=reason, prefer_auth=prefer_auth))

    # -- posting ---------------------------------------------------------------------
    def send(self, content: Any = None, *, wait: bool = False,
             **options: Any) -> SyncWebhookMessage | None:
        """Post as the webhook (``username``, ``avatar_url``, ``embed(s)``, ``file(s)``,
        ``thread``, ``thread_name``...); the message with ``wait=True``, else ``None``."""
        if "ephemeral" in options:  # only an interaction's webhook sends those
            raise TypeError("SyncWebhook.send() got an unexpected keyword argument "
                            "'ephemeral'")
        sent = _background.run(lambda: self._webhook.send(content, wait=wait, **options))
        return None if sent is None else self._sync(sent)

    def fetch_message(self, id: int, /, *, thread: Any = None) -> SyncWebhookMessage:
        """One message this webhook sent."""
        return self._sync(_background.run(lambda: self._webhook.fetch_message(id,
                                                                              thread=thread)))

    def edit_message(self, message_id: int, **options: Any) -> SyncWebhookMessage:
        """Edit a message this webhook sent (``content``, ``embeds``, ``attachments``...)."""
        return self._sync(_background.run(lambda: self._webhook.edit_message(message_id,
                                                                             **options)))

    def delete_message(self, message_id: int, /, *, thread: Any = None) -> None:
        """Delete a message this webhook sent."""
        _background.run(lambda: self._webhook.delete_message(message_id, thread=thread))

    def _sync(self, message: WebhookMessage) -> SyncWebhookMessage:
        fields = {name: getattr(message, name) for name in message.__struct_fields__
                  if name != "_webhook"}
        made = SyncWebhookMessage(**fields)
        made._webhook = self
        return made
