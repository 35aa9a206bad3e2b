"""The blocking calls tidecord knows, and what to write instead: one table for every report.

The watchdog (from the stack it sampled during a stall), strict mode (from the
stall or from blockbuster's name for the call) and ``tidecord check`` (from the
names a bot file imports) all describe a call as a module and a qualified name,
``("time", "sleep")``, ``("requests.api", "get")``, ``("sqlite3", "Cursor.execute")``,
and look it up here with :func:`known_call`. The advice follows the guide our users
learn from ("asyncio and You"): an asynchronous library where one exists, else
tidecord's offloading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Final

__all__ = [
    "BLOCKING_CALLS",
    "CPU_ADVICE",
    "GENERIC_ADVICE",
    "Advice",
    "KnownCall",
    "advice_for",
    "advice_for_nested",
    "known_call",
    "split_dotted",
    "written_call",
]


@dataclass(frozen=True, slots=True)
class KnownCall:
    """A family of blocking calls and its asynchronous replacement.

    ``patterns`` are ``"module"`` (any function of that module) or
    ``"module:qualname"``, both with shell wildcards (``"requests.*"``,
    ``"_io:Buffered*.read*"``); ``unless`` patterns exempt asynchronous parts of
    an otherwise blocking library (psycopg's ``Async*`` classes, say).
    ``computes``: the call holds the GIL while it works (the regex engine), so only
    another process takes it off the loop.
    """

    name: str
    patterns: tuple[str, ...]
    instead: str
    unless: tuple[str, ...] = ()
    #: The call computes while holding the GIL: a thread would not take it off the loop.
    computes: bool = False

    def matches(self, module: str, qualname: str) -> bool:
        """Whether ``module``'s ``qualname`` is one of these calls."""
        return any(_match(p, module, qualname) for p in self.patterns) and not any(
            _match(p, module, qualname) for p in self.unless
        )


def _match(pattern: str, module: str, qualname: str) -> bool:
    wanted_module, _, wanted_name = pattern.partition(":")
    if not fnmatchcase(module, wanted_module):
        return False
    return not wanted_name or fnmatchcase(qualname, wanted_name)


_HTTP = "aiohttp (`async with session.get(url) as response:`) or httpx.AsyncClient"
_OFFLOAD = "`await tidecord.to_thread(fn, ...)`"

#: Every blocking call tidecord names, checked in this order.
BLOCKING_CALLS: Final[tuple[KnownCall, ...]] = (
    KnownCall("time.sleep", ("time:sleep",), "`await asyncio.sleep(seconds)`"),
    KnownCall("requests", ("requests", "requests.*"), _HTTP),
    KnownCall("urllib3", ("urllib3", "urllib3.*"), _HTTP),
    KnownCall(
        "httpx (sync)",
        (
            *(f"httpx:{verb}" for verb in (
                "get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
            )),
            "httpx:Client*", "httpx._api:*", "httpx._client:Client.*",
        ),
        "httpx.AsyncClient (`async with httpx.AsyncClient() as client: await client.get(url)`)",
    ),
    KnownCall("urllib.request", ("urllib.request",), _HTTP),
    KnownCall("http.client", ("http.client",), _HTTP),
    KnownCall(
        "open() / file I/O",
        (
            # "builtins:open.read": a method of what open() returned, as tidecord check sees it.
            "builtins:open", "builtins:open.*",
            "os:read", "os:write", "os:sendfile", "posix:read", "posix:write",
            *(f"{io}:{name}" for io in ("io", "_io") for name in (
                "open", "FileIO.*", "Buffered*.read*", "Buffered*.write*",
                "TextIOWrapper.read*", "TextIOWrapper.write*",
            )),
            # Path's methods live in a private module on 3.13 (pathlib._abc.PathBase).
            *(f"{module}:{kind}.{method}" for module, kind in (
                ("pathlib", "Path"), ("pathlib._*", "*Path*"),
            ) for method in ("read_*", "write_*", "open")),
            "shutil:copy*",
        ),
        f"aiofiles, or read the whole file off the loop: {_OFFLOAD}",
    ),
    KnownCall(
        "file system call",
        tuple(f"os:{name}" for name in (
            "stat", "lstat", "listdir", "scandir", "remove", "unlink", "rename", "replace",
            "mkdir", "makedirs", "rmdir", "link", "symlink", "readlink", "access", "statvfs",
        )),
        f"aiofiles.os, or {_OFFLOAD}",
    ),
    KnownCall("sqlite3", ("sqlite3", "sqlite3.*", "_sqlite3"), "aiosqlite"),
    KnownCall("mysql.connector", ("mysql.connector", "mysql.connector.*"), "aiomysql"),
    KnownCall("pymysql", ("pymysql", "pymysql.*"), "aiomysql"),
    KnownCall(
        "psycopg2",
        ("psycopg2", "psycopg2.*"),
        "asyncpg, or psycopg 3's async mode (`await psycopg.AsyncConnection.connect(...)`)",
    ),
    KnownCall(
        "psycopg (sync)",
        ("psycopg", "psycopg.*"),
        "psycopg's async mode (`await psycopg.AsyncConnection.connect(...)`) or asyncpg",
        unless=("psycopg*:Async*", "psycopg*:*_async", "psycopg*:*.*_async"),
    ),
    KnownCall(
        "pymongo",
        ("pymongo", "pymongo.*"),
        "pymongo's async client (`pymongo.AsyncMongoClient`, pymongo 4.9+) or motor",
        unless=("pymongo.asynchronous", "pymongo.asynchronous.*", "pymongo*:Async*"),
    ),
    KnownCall(
        "Pillow",
        ("PIL", "PIL.*"),
        f"{_OFFLOAD}: Pillow has no async API, and it releases the GIL while it works",
    ),
    KnownCall(
        "subprocess",
        (
            "subprocess:run", "subprocess:call", "subprocess:check_call",
            "subprocess:check_output", "subprocess:getoutput", "subprocess:getstatusoutput",
            "subprocess:Popen.communicate", "subprocess:Popen.wait", "os:system", "posix:system",
        ),
        "`await asyncio.create_subprocess_exec(...)`, then `await process.communicate()`",
    ),
    KnownCall(
        "DNS lookup",
        (
            "socket:getaddrinfo", "_socket:getaddrinfo", "socket:gethostbyname*",
            "_socket:gethostbyname*", "socket:gethostbyaddr", "_socket:gethostbyaddr",
        ),
        "`await asyncio.get_running_loop().getaddrinfo(host, port)`",
    ),
    KnownCall(
        "blocking socket",
        (
            "socket:create_connection",
            *(f"{module}:{kind}.{method}" for module, kind in (
                ("socket", "socket"), ("_socket", "socket"), ("ssl", "SSLSocket"),
            ) for method in ("connect", "accept", "recv*", "send*", "read", "write",
                             "do_handshake", "makefile")),
        ),
        "asyncio streams (`reader, writer = await asyncio.open_connection(host, port)`)",
    ),
    KnownCall(
        "a regular expression",
        (*(f"re:{name}" for name in (
            "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split",
        )), "re:Pattern.*", "_sre:*"),
        "a pattern that cannot backtrack (nested quantifiers such as `(a+)+` take exponential"
        " time on a near-miss), or the matching in another process: `await"
        " tidecord.to_process(fn, ...)` with a function that returns plain data (a thread"
        " would not help: the regex engine holds the GIL)",
        computes=True,
    ),
    KnownCall(
        "Future.result()",
        ("concurrent.futures._base:Future.result", "concurrent.futures:Future.result"),
        "`await asyncio.wrap_future(future)`",
    ),
    KnownCall(
        "a thread lock or queue",
        (
            "threading:Lock.acquire*", "_thread:lock.acquire*", "threading:Event.wait",
            "threading:Condition.wait*", "threading:Thread.join", "queue:Queue.get",
            "queue:Queue.put",
        ),
        "asyncio.Lock, asyncio.Event or asyncio.Queue on the loop; to wait for a thread,"
        f" run the waiting itself off the loop: {_OFFLOAD}",
    ),
)

#: For a stall in CPU-bound code: threads would share the GIL with the loop.
CPU_ADVICE: Final = (
    "CPU-bound work: run it in another process with `await tidecord.to_process(fn, ...)`"
    " (a thread would still share the GIL with the event loop)"
)
#: For a call tidecord does not know.
GENERIC_ADVICE: Final = (
    "move the blocking work off the event loop: `await tidecord.to_thread(fn, ...)` for I/O,"
    " `await tidecord.to_process(fn, ...)` for CPU-bound work, or mark the handler"
    " `@tidecord.blocking` (in an `async def` one, its calls to Discord then read"
    " `await tidecord.home(ctx.send(...))`)"
)


@dataclass(frozen=True, slots=True)
class Advice:
    """What blocked and what to write instead.

    ``call`` is the call as found (``"time.sleep"``, ``"requests.api.get"``), ``None``
    when no known call was found; ``known`` is its table entry. ``kind`` is
    ``"known"``, ``"cpu"`` (CPU-bound code) or ``"generic"``.
    """

    kind: str
    instead: str
    call: str | None = None
    known: KnownCall | None = None

    @property
    def label(self) -> str:
        """The call as named in a report: ``"time.sleep"``, ``"requests.api.get (requests)"``."""
        if self.call is None or self.known is None:
            return self.call or ""
        name = self.known.name
        if self.call == name or self.call.startswith(name + "."):
            return self.call
        return f"{self.call} ({name})"

    def __str__(self) -> str:
        if self.kind == "known":
            return f"{self.label} blocks the event loop. Instead: {self.instead}"
        return self.instead

    def as_dict(self) -> dict[str, str | None]:
        """JSON-friendly view."""
        return {"kind": self.kind, "call": self.label or None, "instead": self.instead,
                "text": str(self)}


GENERIC: Final = Advice("generic", GENERIC_ADVICE)
CPU: Final = Advice("cpu", CPU_ADVICE)


def known_call(module: str, qualname: str) -> KnownCall | None:
    """The table entry for ``module``'s ``qualname``, or ``None``."""
    for entry in BLOCKING_CALLS:
        if entry.matches(module, qualname):
            return entry
    return None


def split_dotted(name: str) -> list[tuple[str, str]]:
    """Every (module, qualname) reading of a dotted name, longest module first.

    ``"io.BufferedReader.read"`` -> ``("io.BufferedReader", "read")``,
    ``("io", "BufferedReader.read")``; a bare ``"open"`` is a builtin.
    """
    parts = name.split(".")
    if len(parts) == 1:
        return [("builtins", name)]
    return [(".".join(parts[:k]), ".".join(parts[k:])) for k in range(len(parts) - 1, 0, -1)]


def advice_for(calls: list[tuple[str, str]], *, cpu_bound: bool = False) -> Advice:
    """The advice for the first known call among ``calls`` (outermost first).

    ``calls`` are (module, qualname) pairs; with none known, CPU-bound code gets
    :data:`CPU_ADVICE` and anything else :data:`GENERIC_ADVICE`.
    """
    for module, qualname in calls:
        entry = known_call(module, qualname)
        if entry is not None:
            return Advice("known", entry.instead, _public(module, qualname), entry)
    return CPU if cpu_bound else GENERIC


def advice_for_nested(calls: list[tuple[str, str]], *, cpu_bound: bool = False,
                      line: str = "") -> Advice:
    """The advice for a stack's calls: ``calls`` are the frames below the named line,
    outermost first, then what the innermost one was calling.

    When the known call is not the line's own call but sits deeper, inside a function
    of some library the line called (``slowlib.fetch()`` waiting in ``time.sleep``),
    replacing it is not the line's to do: the advice is to run the line's call off the
    loop, spelled as ``line`` (the named line's source) writes it where it can be found.
    """
    for index, (module, qualname) in enumerate(calls):
        entry = known_call(module, qualname)
        if entry is None:
            continue
        if index == 0:
            return Advice("known", entry.instead, _public(module, qualname), entry)
        outer_module, outer = calls[0]
        callee = written_call(line, outer) or _public(outer_module, outer)
        offload = "to_process" if entry.computes else "to_thread"
        return Advice("known", f"run that call off the loop: `await tidecord.{offload}({callee},"
                      " ...)`", _public(outer_module, outer), entry)
    return CPU if cpu_bound else GENERIC


def written_call(line: str, qualname: str) -> str | None:
    """How ``line`` names the function ``qualname`` it calls (``slowlib.fetch``,
    ``self.db.query``), or ``None`` when it does not appear there as a call."""
    bare = qualname.rpartition(".")[2]
    if not bare.isidentifier():
        return None
    found = re.search(rf"((?:[A-Za-z_]\w*\.)*{re.escape(bare)})\s*\(", line)
    return found.group(1) if found else None


def _public(module: str, qualname: str) -> str:
    """``_io.BufferedReader.read`` -> ``io.BufferedReader.read``: the name users know
    (and ``pathlib._abc.PathBase.read_bytes`` -> ``pathlib.Path.read_bytes``)."""
    if module.startswith("pathlib._") and "Path" in qualname.partition(".")[0]:
        module, qualname = "pathlib", "Path." + qualname.partition(".")[2]
    parts = [p.removeprefix("_") if i == 0 else p for i, p in enumerate(module.split("."))]
    return ".".join([*parts, qualname]) if qualname else ".".join(parts)
