"""Every REST request the bot sends, as it arrived: opt-in, for tests of what goes on
the wire.

Off by default, and then it costs one attribute test per ``/api`` request. Switched
on, each request is kept as a :class:`RecordedRequest`: method, route template, query,
headers, the JSON body (a multipart body's ``payload_json``) decoded as sent, so a key
left out stays apart from one sent as ``null``, and the uploaded parts::

    requests = sb.record_requests()        # keep the last 1000 from now on
    await channel.send("hi", file=discord.File(io.BytesIO(b"x"), "a.txt"))
    sent = requests.find("POST", "/channels/{channel_id}/messages")[-1]
    sent.json                              # {"content": "hi", "attachments": [...], ...}
    sent.files[0].filename                 # "a.txt"
    requests.stop()

No secret is kept: the ``Authorization`` header is left out, and paths are kept as
their route templates (``/webhooks/{webhook_id}/{token}``) with the path's other
values in ``params``. An uploaded file keeps at most :data:`FILE_BYTES_KEPT` of its
bytes (``size`` says how many it had), and the oldest records go once the bodies kept
pass :data:`BYTES_KEPT` together.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Final

import msgspec
from aiohttp import BodyPartReader, MultipartReader, StreamReader, web

from tidecord.models import UNSET

__all__ = ["BYTES_KEPT", "FILE_BYTES_KEPT", "MOST_KEPT", "RecordedFile", "RecordedRequest",
           "RequestRecorder"]

FILE_BYTES_KEPT: Final = 64 * 1024
# At most this many requests are kept, and fewer once their bodies pass BYTES_KEPT.
MOST_KEPT: Final = 100_000
BYTES_KEPT: Final = 64 * 1024 * 1024
_PREFIX: Final = "/api/v10"
# Never kept: the bot's token, and what only the connection needs.
_LEFT_OUT: Final = frozenset({"authorization", "host", "content-length", "connection",
                              "accept-encoding"})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class RecordedFile(msgspec.Struct, kw_only=True):
    """One part of a multipart body other than ``payload_json``, as it was named."""

    name: str
    filename: str | None
    content_type: str | None
    size: int
    data: bytes


class RecordedRequest(msgspec.Struct, kw_only=True):
    """One request the bot sent.

    ``json`` is the decoded JSON body or ``payload_json`` (``UNSET`` when the request
    had none); ``body`` the raw bytes of any other body; ``status`` the sandbox's
    answer (0 while the request is being served).
    """

    method: str
    route: str
    params: dict[str, str]
    query: list[tuple[str, str]]
    headers: dict[str, str]
    json: Any = UNSET
    body: bytes = b""
    files: list[RecordedFile] = msgspec.field(default_factory=list)
    status: int = 0

    @property
    def content_type(self) -> str | None:
        """The request's media type, without parameters (``multipart/form-data``)."""
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip() if value else None

    def header(self, name: str) -> str | None:
        """A header's value, by name in any case."""
        return self.headers.get(name.lower())


class RequestRecorder:
    """The bot's REST requests since :meth:`start`, oldest first: the last ``keep``,
    fewer when their bodies pass :data:`BYTES_KEPT` together."""

    def __init__(self) -> None:
        self.on = False
        self.records: deque[RecordedRequest] = deque()
        self._keep = 1000
        self._sizes: deque[int] = deque()  # each record's body bytes, as records
        self._bytes = 0

    def start(self, keep: int = 1000) -> RequestRecorder:
        """Record from now on (what was recorded before is forgotten); ``keep``: how
        many requests, 1 to :data:`MOST_KEPT`."""
        if not 1 <= keep <= MOST_KEPT:
            raise ValueError(f"keep must be 1 to {MOST_KEPT}, not {keep!r}")
        self._keep = keep
        self.clear()
        self.on = True
        return self

    def stop(self) -> None:
        """Record no more; what was recorded stays readable."""
        self.on = False

    def clear(self) -> None:
        """Forget what was recorded, and go on recording if on."""
        self.records.clear()
        self._sizes.clear()
        self._bytes = 0

    def find(self, method: str | None = None, route: str | None = None) -> list[RecordedRequest]:
        """The records of one method and route template (either may be left out)."""
        return [r for r in self.records
                if (method is None or r.method == method) and (route is None or r.route == route)]

    async def serve(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record ``request``, then have ``handler`` answer it as if nobody had looked."""
        record, size = await _recorded(request)
        self._add(record, size)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            record.status = exc.status
            raise
        record.status = response.status
        return response


    def _add(self, record: RecordedRequest, size: int) -> None:
        self.records.append(record)
        self._sizes.append(size)
        self._bytes += size
        # The newest always stays, however large.
        while len(self.records) > 1 and (len(self.records) > self._keep
                                         or self._bytes > BYTES_KEPT):
            self.records.popleft()
            self._bytes -= self._sizes.popleft()


async def _recorded(request: web.Request) -> tuple[RecordedRequest, int]:
    """The record of ``request``, and how many bytes of its body it keeps."""
    match = request.match_info
    if match.http_exception is None and match.route.resource is not None:
        route = match.route.resource.canonical.removeprefix(_PREFIX)
        params = {k: v for k, v in match.items() if k != "token"}
    else:
        # No route matched: the path has no template, and may hold anything (a token).
        route, params = "(unknown route)", {}
    record = RecordedRequest(
        method=request.method, route=route, params=params,
        query=list(request.query.items()),
        headers={k.lower(): v for k, v in request.headers.items()
                 if k.lower() not in _LEFT_OUT})
    if not request.can_read_body:
        return record, 0
    raw = await request.read()
    if request.content_type.startswith("multipart/"):
        await _read_parts(request, raw, record)
        _replay(request, raw)  # the route reads the multipart stream itself
        return record, len(raw)
    if request.content_type == "application/json":
        record.json = _decoded(raw)
    else:
        record.body = raw
    return record, len(raw)


async def _read_parts(request: web.Request, raw: bytes, record: RecordedRequest) -> None:
    reader = MultipartReader(request.headers, _stream(request, raw))
    try:
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue  # nested multipart: the route refuses it
            data = bytes(await part.read(decode=False))
            if part.name == "payload_json":
                record.json = _decoded(data)
                continue
            record.files.append(RecordedFile(
                name=part.name or "", filename=part.filename,
                content_type=part.headers.get("Content-Type"), size=len(data),
                data=data[:FILE_BYTES_KEPT]))
    except Exception:  # a malformed body is the route's to refuse, not the record's
        record.body = raw[:FILE_BYTES_KEPT]


def _decoded(raw: bytes) -> Any:
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return UNSET


def _stream(request: web.Request, raw: bytes) -> StreamReader:
    # A limit past the body's size: the stream never asks the connection to pause.
    stream = StreamReader(request.protocol, max(len(raw), 2**16) + 1,
                          loop=asyncio.get_running_loop())
    stream.feed_data(raw)
    stream.feed_eof()
    return stream


def _replay(request: web.Request, raw: bytes) -> None:
    """Put the body read for the record back, for the route's own multipart reader."""
    request._payload = _stream(request, raw)  # aiohttp has no public way to

