"""Every stall warning names the blocking call it caught and what to write instead.

One scenario per blocking call of the guide ("asyncio and You"): a handler task
blocks the test's own loop with the real library where it is installed here
(requests, urllib, urllib3 and http.client against a slow HTTP server on
loopback, sqlite3 on a large query, Pillow on a big image, subprocess, a file
whose writer is slow), and with stand-in packages for the database drivers that
are not (what the watchdog reads is the module's name on the stack). The
assertions read the stall record, the log line and ``LoopHealth.top_sites``.
"""

from __future__ import annotations

import asyncio
import http.client
import http.server
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
import urllib3
from PIL import Image, ImageFilter

from tidecord.health import LoopWatchdog, Stall

from .health_workloads import crunch

THIS_FILE = str(Path(__file__).resolve())
HERE = str(Path(__file__).resolve().parent)
DELAY = 0.3  # seconds each scenario blocks the loop for (threshold: 0.1)


class SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET after DELAY seconds, like a slow web API."""

    def do_GET(self) -> None:
        time.sleep(DELAY)
        body = b"slow hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # no stderr noise in the test output


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    thread = threading.Thread(target=server.serve_forever, name="slow-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slow"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def slow_file(tmp_path: Path) -> Iterator[Path]:
    """A named pipe whose writer takes DELAY seconds: reading it blocks like a slow disk."""
    path = tmp_path / "slow.bin"
    os.mkfifo(path)

    def write() -> None:
        with open(path, "wb") as pipe:
            time.sleep(DELAY)
            pipe.write(b"x" * 1_000_000)

    writer = threading.Thread(target=write, name="slow-writer", daemon=True)
    writer.start()
    yield path
    writer.join(10)


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], None]:
    """Install a stand-in package in a site-packages folder (so it counts as a library)."""
    site = tmp_path / "site-packages"

    def install(dotted: str, source: str) -> None:
        folder = site.joinpath(*dotted.split("."))
        folder.mkdir(parents=True, exist_ok=True)
        for parent in [folder, *folder.relative_to(site).parents]:
            init = site / parent / "__init__.py"
            if not init.exists():
                init.touch()
        (folder / "__init__.py").write_text(textwrap.dedent(source))

    monkeypatch.syspath_prepend(str(site))
    yield install
    for name in [m for m in sys.modules if m.split(".")[0] in _STAND_INS]:
        del sys.modules[name]


_STAND_INS = ("pymysql", "mysql", "psycopg2", "psycopg", "pymongo", "slowdns")
BLOCKING_DRIVER = """
    import time

    def connect(*args, **kwargs):
        time.sleep({delay})  # the driver waits for its server
"""


async def caught(
    watch: Callable[..., LoopWatchdog],
    block: Callable[[], object],
    watchdog: LoopWatchdog | None = None,
) -> Stall:
    """Run ``block`` in a handler task on the loop; return the stall it caused.

    The stall is the one whose line is in these tests (a busy machine may add others).
    """
    watchdog = watchdog or watch(0.1)

    async def on_message() -> None:
        block()

    await asyncio.create_task(on_message(), name="tidecord:on_message")
    async with asyncio.timeout(10):
        while True:
            found = [s for s in watchdog.health.recent
                     if s.site is not None and s.site.filename.startswith(HERE)]
            if found:
                return found[0]
            await asyncio.sleep(0.02)


def says(stall: Stall, call: str, instead: str) -> None:
    """The stall's advice names ``call`` and ``instead``, in the record and its text."""
    assert stall.advice is not None
    assert stall.advice.kind == "known", stall.describe()
    assert call in (stall.advice.call or ""), stall.describe()
    text = stall.describe()
    assert f"{call}" in text and instead in text, text


async def test_time_sleep_is_told_to_use_asyncio_sleep(watch, caplog):
    caplog.set_level(logging.WARNING, logger="tidecord.health")
    stall = await caught(watch, lambda: time.sleep(DELAY))
    says(stall, "time.sleep", "`await asyncio.sleep(seconds)`")
    await asyncio.sleep(0.1)  # the record is logged just after the stall is counted
    logged = [r.getMessage() for r in caplog.records if "time.sleep blocks" in r.getMessage()]
    assert logged and "Instead: `await asyncio.sleep(seconds)`" in logged[0]


async def test_requests_is_told_to_use_aiohttp(watch, slow_url):
    stall = await caught(watch, lambda: requests.get(slow_url, timeout=10))
    says(stall, "requests", "aiohttp")
    assert stall.advice is not None and stall.advice.call == "requests.api.get"


async def test_urllib_is_told_to_use_aiohttp(watch, slow_url):
    stall = await caught(watch, lambda: urllib.request.urlopen(slow_url, timeout=10).read())
    says(stall, "urllib.request", "aiohttp")


async def test_urllib3_is_told_to_use_aiohttp(watch, slow_url):
    with urllib3.PoolManager() as pool:
        stall = await caught(watch, lambda: pool.request("GET", slow_url, timeout=10))
    says(stall, "urllib3", "aiohttp")


async def test_http_client_is_told_to_use_aiohttp(watch, slow_url):
    port = int(slow_url.split(":")[2].split("/")[0])

    def fetch() -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/slow")
            return connection.getresponse().read()
        finally:
            connection.close()

    stall = await caught(watch, fetch)
    says(stall, "http.client", "aiohttp")


async def test_reading_a_slow_file_with_open_is_told_to_use_aiofiles(watch, slow_file):
    stall = await caught(watch, lambda: open(slow_file, "rb").read())
    says(stall, "io.", "aiofiles")
    assert "open() / file I/O" in stall.describe()


async def test_path_read_bytes_is_file_io_too(watch, slow_file):
    stall = await caught(watch, slow_file.read_bytes)
    says(stall, "pathlib.Path.read_bytes", "tidecord.to_thread")


async def test_a_large_sqlite3_query_is_told_to_use_aiosqlite(watch):
    database = sqlite3.connect(":memory:")
    # About 0.6 s here: 400,000 rows took 0.12-0.2 s, too near the 0.1 s threshold
    # (a fast moment made no stall at all and the test waited in vain).
    query = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
             " WHERE x < 1200000) SELECT sum(x) FROM c")
    try:
        stall = await caught(watch, lambda: database.execute(query).fetchall())
    finally:
        database.close()
    says(stall, "sqlite3.Connection.execute", "aiosqlite")


async def test_pillow_on_a_big_image_is_told_to_use_to_thread(watch):
    image = Image.new("RGB", (3000, 3000), "white")  # about 0.4 s of blur
    stall = await caught(watch, lambda: image.filter(ImageFilter.GaussianBlur(24)))
    says(stall, "PIL.", "tidecord.to_thread")
    assert "(Pillow)" in stall.describe()


async def test_subprocess_run_is_told_to_use_create_subprocess_exec(watch):
    stall = await caught(watch, lambda: subprocess.run(["sleep", str(DELAY)], check=True))
    says(stall, "subprocess.run", "asyncio.create_subprocess_exec")


async def test_subprocess_check_output_too(watch):
    stall = await caught(watch, lambda: subprocess.check_output(["sleep", str(DELAY)]))
    says(stall, "subprocess.check_output", "asyncio.create_subprocess_exec")


async def test_pure_python_cpu_work_is_told_to_use_to_process(watch):
    stall = await caught(watch, lambda: crunch(DELAY))
    assert stall.advice is not None and stall.advice.kind == "cpu", stall.describe()
    assert "tidecord.to_process" in stall.describe()


async def test_an_unknown_call_gets_the_generic_offloading_advice(watch):
    import select

    stall = await caught(watch, lambda: select.select([], [], [], DELAY))
    assert stall.advice is not None and stall.advice.kind == "generic", stall.describe()
    assert "tidecord.to_thread" in stall.describe() and "@tidecord.blocking" in stall.describe()


@pytest.mark.parametrize(
    ("package", "call", "instead"),
    [
        ("pymysql", "pymysql.connect", "aiomysql"),
        ("mysql.connector", "mysql.connector.connect", "aiomysql"),
        ("psycopg2", "psycopg2.connect", "asyncpg"),
        ("psycopg", "psycopg.connect", "AsyncConnection"),
        ("pymongo", "pymongo.connect", "AsyncMongoClient"),
    ],
)
async def test_database_drivers_are_told_their_async_counterpart(
    watch, installed, package, call, instead
):
    installed(package, BLOCKING_DRIVER.format(delay=DELAY))
    driver = __import__(package, fromlist=["connect"])
    stall = await caught(watch, lambda: driver.connect("db://localhost"))
    says(stall, call, instead)


async def test_getaddrinfo_is_told_to_use_the_loops_resolver(watch, installed, monkeypatch):
    # A resolver that takes DELAY seconds, in place of the C one socket.getaddrinfo calls:
    # no DNS query leaves the machine, and the stack is the real socket.getaddrinfo's.
    installed("slowdns", f"""
        import _socket, time

        real = _socket.getaddrinfo

        def getaddrinfo(*args):
            time.sleep({DELAY})
            return real(*args)
    """)
    import _socket

    import slowdns  # type: ignore[import-not-found]

    monkeypatch.setattr(_socket, "getaddrinfo", slowdns.getaddrinfo)
    stall = await caught(watch, lambda: socket.getaddrinfo("localhost", 80))
    says(stall, "socket.getaddrinfo", "getaddrinfo(host, port)")


async def test_top_sites_carry_the_advice(watch):
    watchdog = watch(0.1)
    await caught(watch, lambda: time.sleep(DELAY), watchdog)
    [site] = [s for s in watchdog.health.top_sites(10)
              if s.site is not None and s.site.filename == THIS_FILE]
    assert site.advice is not None and site.advice.call == "time.sleep"
    shown = site.as_dict()["advice"]
    assert shown["call"] == "time.sleep" and "asyncio.sleep" in shown["instead"]
