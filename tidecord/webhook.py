"""Webhooks, as discord.py's ``discord.Webhook``: post as any name and avatar.

A channel's webhooks come from ``channel.create_webhook`` and ``channel.webhooks()``
(the bot needs Manage Webhooks) and go through the bot's REST client. Anyone holding a
webhook's URL can post with it, no bot needed: ``Webhook.from_url(url,
session=aiohttp_session)``, or ``client=`` to share a client's connections and rate
limits. The token is the webhook's password: it stays out of reprs and logs.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any, Final, Self

import aiohttp

from .models import UNSET, Message, User, decode
from .models.asset import Asset, avatar_asset, default_avatar_asset
from .models.base import enum_of, none_if_unset, snowflake_time
from .models.partial_channel import partial_channel
from .models.webhook import (
    PartialWebhookChannel,
    PartialWebhookGuild,
    WebhookData,
    WebhookType,
)
from .rest import DEFAULT_API_URL, RESTClient, api_url_from_env, edit_payload, message_payload
from .rest.payloads import given, image_data
from .rest.secret import hide

if TYPE_CHECKING:
    import datetime

__all__ = ["PartialWebhookChannel", "PartialWebhookGuild", "Webhook", "WebhookMessage",
           "WebhookType", "bind_webhook", "bind_webhooks", "parse_url",
           "stateless_channel", "thread_of", "webhook_fields"]

# The path of a webhook's URL: .../api[/vN]/webhooks/{id}/{token}
_URL: Final = re.compile(
    r"^(?P<base>https?://[^/]+/api)(?P<version>/v\d+)?/webhooks/"
    r"(?P<id>[0-9]{15,21})/(?P<token>[A-Za-z0-9.\-_]{60,})/?$")
_DISCORD_API: Final = DEFAULT_API_URL.rsplit("/v", 1)[0]


class WebhookMessage(Message, kw_only=True):
    """A message a webhook sent: edited and deleted through that webhook."""

    _webhook: Any = UNSET
    # The thread it was sent, read or edited in (None: the webhook's channel): its
    # edit and delete name it again, as Discord needs (discord.py's remember it too).
    _thread_id: int | None = None

    @property
    def channel(self) -> Any:
        """The channel it was sent in; for a webhook no client holds (``from_url`` with
        a session), one known by its id alone, as discord.py's ``PartialMessageable``."""
        if self._state is UNSET:
            return stateless_channel(self)
        return super().channel

    async def edit(self, **options: Any) -> WebhookMessage:
        """Edit it (``content``, ``embeds``, ``attachments``, ``view``,
        ``allowed_mentions``: keywords only, as discord.py's)."""
        options.setdefault("thread", self._thread_id)
        return await self._webhook.edit_message(self.id, **options)  # type: ignore[no-any-return]

    async def delete(self, *, delay: float | None = None, reason: str | None = None) -> None:
        """Delete it; with ``delay``, after that many seconds: in the background for a
        webhook of a client (which owns the task), else by waiting here."""
        if delay is None:
            await self._webhook.delete_message(self.id, thread=self._thread_id)
            return
        webhook = self._webhook

        async def later() -> None:
            await asyncio.sleep(delay)
            try:
                await webhook.delete_message(self.id, thread=self._thread_id)
            except Exception:  # gone already: nothing to do
                pass

        if webhook._state is not None:
            webhook._state.dispatcher.spawn(later(), "tidecord:delete_after")
        else:
            await later()


class Webhook:
    """A webhook: ``send`` posts as it; ``edit``, ``delete``, ``fetch`` manage it."""

    __slots__ = ("_auth", "_http", "_state", "application_id", "avatar_hash", "channel_id",
                 "guild_id", "id", "name", "source_channel", "source_guild", "token", "type",
                 "user")

    def __init__(self, data: WebhookData, http: RESTClient, state: Any = None, *,
                 auth: bool | None = None) -> None:
        self._http = http
        self._state = state
        # Whether calls may go with the bot's token: one the bot's client fetched or
        # made may; one made from an id or URL only with ``bot_token=`` (discord.py's
        # ``auth_token``), even with ``client=``.
        self._auth = (state is not None or http.has_token) if auth is None else auth
        self._update(data)

    def _update(self, data: WebhookData) -> None:
        self.id: int = data.id
        self.type = enum_of(WebhookType, data.type)  # a kind added later: unknown_<n>
        self.token: str | None = hide(data.token) if isinstance(data.token, str) else None
        self.guild_id: int | None = data.guild_id if isinstance(data.guild_id, int) else None
        self.channel_id: int | None = data.channel_id
        self.user: User | None = data.user if isinstance(data.user, User) else None
        if self.user is not None and self._state is not None:
            self.user._state = self._state
        self.name: str | None = data.name
        self.avatar_hash: str | None = data.avatar
        self.application_id: int | None = data.application_id
        #: A follower webhook's source (``channel.follow``): None for other kinds.
        self.source_guild: PartialWebhookGuild | None = none_if_unset(data.source_guild)
        self.source_channel: PartialWebhookChannel | None = none_if_unset(data.source_channel)

    # -- making one ------------------------------------------------------------------
    @classmethod
    def partial(cls, id: int, token: str, *, session: aiohttp.ClientSession | None = None,
                client: Any = None, bot_token: str | None = None,
                api_url: str | None = None) -> Self:
        """A webhook known by id and token only: ``send`` and the message methods work;
        ``fetch()`` fills in the rest. Give ``client=`` (its REST client is used) or
        ``session=`` (an ``aiohttp.ClientSession`` you own); with ``session=``,
        ``bot_token=`` lets the calls that need a bot make them."""
        if client is None and session is None:
            raise TypeError("Webhook.partial needs session= (an aiohttp.ClientSession) "
                            "or client=")
        if client is not None:
            state = client._connection
            http = state.http
        else:
            state = None
            http = RESTClient(api_url or api_url_from_env(), session=session)
            if bot_token is not None:
                http.set_token(bot_token)
        return cls(WebhookData(id=int(id), token=token), http, state,  # type: ignore[arg-type]
                   auth=bot_token is not None)

    @classmethod
    def from_url(cls, url: str, *, session: aiohttp.ClientSession | None = None,
                 client: Any = None, bot_token: str | None = None) -> Self:
        """The webhook of a URL such as ``https://discord.com/api/webhooks/ID/TOKEN``
        (any host's, so a sandbox's URL works as Discord's)."""
        webhook_id, token, api_url = parse_url(url)
        if client is not None and client.http.api_url != api_url:
            client = None  # another server's webhook: the client's REST client cannot reach it
            if session is None:
                raise ValueError("this webhook is not on the client's server; pass session=")
        return cls.partial(webhook_id, token, session=session, client=client,
                           bot_token=bot_token, api_url=api_url)

    # -- what it is ------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The URL that posts as this webhook (it holds the token: keep it secret)."""
        api = self._http.api_url
        base = _DISCORD_API if api == DEFAULT_API_URL else api
        return f"{base}/webhooks/{self.id}/{self.token}"

    @property
    def created_at(self) -> datetime.datetime:
        """When the webhook was made."""
        return snowflake_time(self.id)

    @property
    def avatar(self) -> Asset | None:
        """The webhook's own avatar, if it has one."""
        return None if self.avatar_hash is None else avatar_asset(self.id, self.avatar_hash)

    @property
    def default_avatar(self) -> Asset:
        """The avatar Discord shows for a webhook without its own."""
        return default_avatar_asset(self.id)

    @property
    def display_avatar(self) -> Asset:
        """The avatar, or the one Discord shows for a webhook without one."""
        return self.avatar or self.default_avatar

    @property
    def guild(self) -> Any:
        """The webhook's guild, if the client caches it."""
        if self._state is None or self.guild_id is None:
            return None
        return self._state.cache.guilds.get(self.guild_id)

    @property
    def channel(self) -> Any:
        """The channel it posts in, if the client caches it."""
        if self._state is None or self.channel_id is None:
            return None
        return self._state.cache.channels.get(self.channel_id)

    def is_partial(self) -> bool:
        """Whether only the id and token are known (made by ``partial``/``from_url``)."""
        return self.channel_id is None

    def is_authenticated(self) -> bool:
        """Whether calls can use a bot's token (the bot's client fetched or made it, or
        it was given ``bot_token=``)."""
        return self._auth

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Webhook) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        # Never the token: it is enough to post as the webhook.
        return f"<Webhook id={self.id} name={self.name!r} type={self.type!r}>"

    # -- managing it -------------------------------------------------------------------
    def _need_token(self) -> str:
        if self.token is None:
            raise ValueError("This webhook does not have a token associated with it")
        return self.token

    def _with_bot(self, prefer_auth: bool) -> bool:
        """Whether a call goes with the bot's token (else with the webhook's)."""
        if prefer_auth and self.is_authenticated():
            return True
        self._need_token()
        return False

    async def fetch(self, *, prefer_auth: bool = True) -> Webhook:
        """The webhook as Discord has it now (a new object)."""
        if self._with_bot(prefer_auth):
            data = await self._http.get_webhook(self.id)
        else:
            data = await self._http.get_webhook(self.id, self._need_token())
        return type(self)(decode(data or b"{}", WebhookData), self._http, self._state,
                          auth=self._auth)

    async def edit(self, *, name: str | None = None, avatar: Any = UNSET, channel: Any = None,
                   reason: str | None = None,
                   prefer_auth: bool = True) -> Webhook:
        """Rename it, change (``avatar=None``: remove) its avatar, or move it to
        ``channel`` (the last needs the bot); returns it as changed, a new object."""
        fields: dict[str, Any] = {}
        if name is not None:
            fields["name"] = name
        if avatar is not UNSET:
            fields["avatar"] = None if avatar is None else image_data(avatar)
        if channel is not None:
            fields["channel_id"] = str(getattr(channel, "id", channel))
        if self._with_bot(prefer_auth):
            data = await self._http.edit_webhook(self.id, fields, reason=reason)
        else:
            if channel is not None:
                raise ValueError("Editing channel requires authenticated webhook")  # discord.py's
            data = await self._http.edit_webhook(self.id, fields, token=self._need_token(),
                                                 reason=reason)
        changed = decode(data or b"{}", WebhookData)
        if not isinstance(changed.token, str) and self.token is not None:
            changed.token = self.token  # an answer without it must not cost us the token
        # A new object, this one left as it was, as discord.py's since 2.0 (a program
        # may log the old name beside the new one).
        return type(self)(changed, self._http, self._state, auth=self._auth)

    async def delete(self, *, reason: str | None = None, prefer_auth: bool = True) -> None:
        """Delete the webhook (its messages stay)."""
        if self._with_bot(prefer_auth):
            await self._http.delete_webhook(self.id, reason=reason)
        else:
            await self._http.delete_webhook(self.id, token=self._need_token(), reason=reason)

    # -- posting ---------------------------------------------------------------------
    async def send(self, content: Any = None, *, username: str | None = None,
                   avatar_url: Any = None, wait: bool = False, thread: Any = None,
                   thread_name: str | None = None, applied_tags: Any = None,
                   ephemeral: bool = False, **options: Any) -> WebhookMessage | None:
        """Post as the webhook (``username`` and ``avatar_url`` override its own for this
        message); returns the message with ``wait=True``, else ``None``. ``content``,
        ``embed(s)``, ``file(s)``, ``allowed_mentions``, ``tts``, ``silent``... as for
        ``channel.send``; in a forum, ``thread_name`` (and ``applied_tags``) makes a
        post, ``thread`` posts in one."""
        token = self._need_token()
        username, avatar_url, thread_name, thread = (
            given(v, None) for v in (username, avatar_url, thread_name, thread))
        if self.type is WebhookType.application:
            wait = True  # an application's webhook always answers with the message
            if ephemeral is True:
                options["ephemeral_flag"] = True
        elif ephemeral is True:
            # discord.py's refusal: a channel webhook's message is everyone's.
            raise ValueError("ephemeral messages can only be sent from application webhooks")
        view, listen = self._heard(options)
        thread_id = thread_of(thread, thread_name)
        body, files = message_payload(content, default_mentions=self._mentions(),
                                      answering="Webhook.send()", **options)
        webhook_fields(body, username=username, avatar_url=avatar_url,
                       thread_name=thread_name, applied_tags=applied_tags)
        data = await self._http.execute_webhook(self.id, token, body, files or None, wait=wait,
                                                thread_id=thread_id)
        message = self._message(data, thread) if wait else None
        if view is not None and listen is not None:
            # A webhook the bot made may carry buttons: their clicks come to the bot.
            listen(view, None if message is None else message.id)
        return message

    async def fetch_message(self, id: int, /, *, thread: Any = None) -> WebhookMessage:
        """One message this webhook sent."""
        data = await self._http.get_webhook_message(self.id, self._need_token(), str(int(id)),
                                                    thread_id=_thread_id(thread))
        return self._message(data, thread)

    async def edit_message(self, message_id: int, *, thread: Any = None,
                           **options: Any) -> WebhookMessage:
        """Edit a message this webhook sent (``content``, ``embeds``, ``attachments``,
        ``view``: its buttons are heard, as ``send``'s)."""
        token = self._need_token()
        view, listen = self._heard(options)
        body, files = edit_payload(options.pop("content", UNSET),
                                   default_mentions=self._mentions(), **options)
        data = await self._http.edit_webhook_message(
            self.id, token, str(int(message_id)), body, files or None,
            thread_id=_thread_id(thread))
        message = self._message(data, thread)
        if view is not None and listen is not None:
            listen(view, message.id)
        return message

    async def delete_message(self, message_id: int, /, *, thread: Any = None) -> None:
        """Delete a message this webhook sent."""
        await self._http.delete_webhook_message(self.id, self._need_token(),
                                                str(int(message_id)),
                                                thread_id=_thread_id(thread))

    def _mentions(self) -> Any:
        """The client's ``allowed_mentions``, for a webhook that came through one."""
        return None if self._state is None else self._state.allowed_mentions

    def _heard(self, options: dict[str, Any]) -> tuple[Any, Any]:
        """The view among a send's or an edit's ``options``, and what hears its clicks
        (the client's ``listen``, or None): a view with buttons is refused, in
        discord.py's words, where nothing would hear them."""
        view = given(options.get("view"), None)
        listen = getattr(self._state, "listen", None)
        if view is not None and listen is None and getattr(view, "is_dispatchable", bool)():
            raise ValueError("Webhook views with interactable components require an "
                             "associated state with the webhook")
        return view, listen

    def _message(self, data: bytes | None, thread: Any = None) -> WebhookMessage:
        message = decode(data or b"{}", WebhookMessage)
        message._thread_id = _thread_id(thread)
        if message._thread_id is None and self.channel_id is not None \
                and message.channel_id != self.channel_id:
            # A forum post it just made (thread_name): its edit and delete name the post,
            # as Discord needs (discord.py's forget it, and are told 10008).
            message._thread_id = message.channel_id
        if self._state is not None:
            message = self._state.bind_in_channel(message, self.guild_id)
        message._webhook = self
        return message


def parse_url(url: str) -> tuple[int, str, str]:
    """A webhook URL's id, token and API URL (Discord's, or the host's own, so that a
    sandbox's URL works as Discord's); ValueError for anything else."""
    match = _URL.match(str(url))
    if match is None:
        raise ValueError("Invalid webhook URL given.")
    base = match["base"]
    api_url = DEFAULT_API_URL if base == _DISCORD_API else base + (match["version"] or "/v10")
    return int(match["id"]), match["token"], api_url


def stateless_channel(message: Any) -> Any:
    """The channel of a message from a webhook no client holds: known by id alone."""
    guild_id = message.guild_id
    return partial_channel(None, message.channel_id,
                           guild_id if isinstance(guild_id, int) else None)


def thread_of(thread: Any, thread_name: Any) -> int | None:
    """The id of the thread a post goes to (``thread``), which discord.py refuses beside a
    ``thread_name`` (a new forum post's)."""
    if thread_name is not None and given(thread, None) is not None:
        raise TypeError("Cannot mix thread_name and thread keyword arguments.")
    return _thread_id(thread)


def webhook_fields(body: dict[str, Any], *, username: Any, avatar_url: Any,
                   thread_name: Any, applied_tags: Any) -> None:
    """What a webhook's post adds to its message body (``Webhook.send``'s, and an
    interaction's follow-up's): the name and avatar it posts under (an empty one is not
    sent, as discord.py's: Discord refuses it), a new forum post's name and tags."""
    for key, value in (("username", username), ("avatar_url", avatar_url)):
        if value:
            body[key] = str(value)
    if thread_name is not None:
        body["thread_name"] = thread_name
    applied_tags = given(applied_tags, None)
    if applied_tags is not None:
        body["applied_tags"] = [str(getattr(tag, "id", tag)) for tag in applied_tags]


def _thread_id(thread: Any) -> int | None:
    thread = given(thread, None)  # thread=MISSING outside a thread: a common idiom
    return None if thread is None else int(getattr(thread, "id", thread))


def bind_webhook(state: Any, data: bytes | None) -> Webhook:
    """A webhook from a REST answer, going through the client's REST client."""
    return Webhook(decode(data or b"{}", WebhookData), state.http, state)


def bind_webhooks(state: Any, data: bytes | None) -> list[Webhook]:
    """Webhooks from a REST list answer."""
    return [Webhook(item, state.http, state)
            for item in decode(data or b"[]", list[WebhookData])]
