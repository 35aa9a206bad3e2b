"""The sandbox attacked: from a browser origin, a foreign Host, another sandbox's token,
bad uploads. All refused, while client libraries and the sandbox's own page still work."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio

from tidecord.cli.lifecycle import print_sandbox
from tidecord.sandbox import Sandbox

EVIL = "http://evil.example"


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    # unsafe: keep cookies of an IP address host, as browsers do.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


def _as_alice(content: str) -> bytes:
    return json.dumps({"as": "alice", "channel": "general", "content": content}).encode()


def _contents(sb: Sandbox) -> list[str]:
    return [m.content for m in sb.messages("general")]


# -- browsers: origin, site, rebinding --------------------------------------------------

async def test_a_cross_origin_post_cannot_act_as_a_person(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    # What a page on evil.example can send without asking: a text/plain "simple" POST.
    async with http.post(f"{sandbox.url}/_sandbox/messages", data=_as_alice("from evil"),
                         headers={"Origin": EVIL, "Content-Type": "text/plain"}) as resp:
        assert resp.status == 403
    async with http.post(f"{sandbox.url}/_sandbox/messages", data=_as_alice("cross site"),
                         headers={"Sec-Fetch-Site": "cross-site"}) as resp:
        assert resp.status == 403
    async with http.post(f"{sandbox.url}/_sandbox/messages", data=_as_alice("from null"),
                         headers={"Origin": "null"}) as resp:
        assert resp.status == 403
    assert _contents(sandbox) == []


async def test_the_sandboxs_own_page_and_client_libraries_still_work(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{sandbox.url}/_sandbox/messages", data=_as_alice("from the page"),
                         headers={"Origin": sandbox.url, "Sec-Fetch-Site": "same-origin"}
                         ) as resp:
        assert resp.status == 200
    # A library: no Origin, no Sec-Fetch-Site.
    async with http.get(f"{sandbox.api_url}/users/@me",
                        headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
        assert resp.status == 200
    async with http.get(sandbox.chat_url, headers={"Sec-Fetch-Site": "none"}) as resp:
        assert resp.status == 200  # typed in the address bar
    assert _contents(sandbox) == ["from the page"]


async def test_a_cross_site_websocket_gets_no_feed(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await http.ws_connect(f"{sandbox.url}/_sandbox/feed", origin=EVIL)
    assert caught.value.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await http.ws_connect(f"{sandbox.gateway_url}?v=10&encoding=json", origin=EVIL)
    async with http.ws_connect(f"{sandbox.url}/_sandbox/feed", origin=sandbox.url) as ws:
        assert not ws.closed  # the chat page's own feed


@pytest.mark.parametrize("path", ["/_sandbox/state", "/api/v10/users/@me", "/"])
async def test_a_foreign_host_is_refused(
    sandbox: Sandbox, http: aiohttp.ClientSession, path: str
) -> None:
    # DNS rebinding: evil.example now resolves to 127.0.0.1, the browser sends its name.
    headers = {"Host": f"evil.example:{sandbox.port}", "Authorization": f"Bot {sandbox.token}"}
    async with http.get(sandbox.url + path, headers=headers) as resp:
        assert resp.status == 403
    headers["Host"] = f"localhost:{sandbox.port}"
    async with http.get(sandbox.url + path, headers=headers) as resp:
        assert resp.status == 200


# -- tokens -----------------------------------------------------------------------------

async def test_each_sandbox_makes_its_own_token(sandbox_factory, http) -> None:  # type: ignore[no-untyped-def]
    one, other = await sandbox_factory(), await sandbox_factory()
    assert one.token != other.token
    async with http.get(f"{one.api_url}/users/@me",
                        headers={"Authorization": f"Bot {other.token}"}) as resp:
        assert resp.status == 401
    async with http.ws_connect(f"{one.gateway_url}?v=10&encoding=json") as ws:
        await ws.receive()  # HELLO
        await ws.send_json({"op": 2, "d": {
            "token": other.token, "intents": 1, "properties": {"os": "x", "browser": "x",
                                                               "device": "x"}}})
        await ws.receive()
        assert ws.close_code == 4004
    # A seed asks for a reproducible world, token included: the same in every run.
    seeded, again = await sandbox_factory(seed=7), await sandbox_factory(seed=7)
    assert seeded.token == again.token != one.token


# -- beyond loopback: a secret ------------------------------------------------------------

def test_bound_beyond_loopback_a_secret_is_made_and_printed(
    capsys: pytest.CaptureFixture[str]
) -> None:
    sb = Sandbox(host="0.0.0.0")  # not started: nothing listens beyond loopback here
    assert sb.secret and f"?secret={sb.secret}" in sb.chat_url
    print_sandbox(sb, title="sandbox")
    out, err = capsys.readouterr()
    assert sb.chat_url in out and "WARNING" in err and "0.0.0.0" in err
    assert Sandbox().secret is None  # loopback: none needed


async def test_with_a_secret_the_control_api_and_page_need_it(
    sandbox_factory, http: aiohttp.ClientSession
) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(secret="s3cret-value")
    for path in ("/_sandbox/state", "/", "/static/app.js"):
        async with http.get(sb.url + path) as resp:
            assert resp.status == 403, path
    async with http.get(f"{sb.url}/_sandbox/state",
                        headers={"X-Sandbox-Secret": "s3cret-value"}) as resp:
        assert resp.status == 200
    # The printed URL: the page gets a cookie, and its own requests carry it.
    async with http.get(sb.chat_url) as resp:
        assert resp.status == 200
    async with http.get(f"{sb.url}/_sandbox/state") as resp:
        assert resp.status == 200
    async with http.get(f"{sb.api_url}/users/@me",
                        headers={"Authorization": f"Bot {sb.token}"}) as resp:
        assert resp.status == 200  # REST needs the token, not the secret


# -- uploads ------------------------------------------------------------------------------

async def _upload(http: aiohttp.ClientSession, sb: Sandbox, disposition: bytes,
                  content_type: bytes = b"text/plain", data: bytes = b"hello"
                  ) -> tuple[int, dict[str, object]]:
    body = (b'--B\r\nContent-Disposition: form-data; name="payload_json"\r\n\r\n'
            b'{"content":"upload"}\r\n--B\r\nContent-Disposition: ' + disposition
            + b"\r\nContent-Type: " + content_type + b"\r\n\r\n" + data + b"\r\n--B--\r\n")
    url = f"{sb.api_url}/channels/{sb.channel('general').id}/messages"
    headers = {"Authorization": f"Bot {sb.token}",
               "Content-Type": "multipart/form-data; boundary=B"}
    async with http.post(url, data=body, headers=headers) as resp:
        return resp.status, await resp.json()


async def test_an_upload_cannot_name_a_path_into_the_control_api(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    status, message = await _upload(
        http, sandbox, b'form-data; name="files[0]"; filename="../../../_sandbox/state"')
    assert status == 200
    attachment = message["attachments"][0]  # type: ignore[index]
    assert attachment["filename"] == "state" and "/_sandbox/" not in attachment["url"]
    async with http.get(attachment["url"]) as resp:
        assert await resp.read() == b"hello"


async def test_uploads_are_served_as_downloads_images_inline(
    sandbox: Sandbox, http: aiohttp.ClientSession
) -> None:
    _, page = await _upload(http, sandbox, b'form-data; name="files[0]"; filename="x.html"',
                            b"text/html", b"<script>alert(document.cookie)</script>")
    async with http.get(page["attachments"][0]["url"]) as resp:  # type: ignore[index]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Content-Disposition"].startswith("attachment;")
    png = b"\x89PNG\r\n\x1a\n" + bytes(8) + (1).to_bytes(4, "big") * 2 + bytes(8)
    _, image = await _upload(http, sandbox, b'form-data; name="files[0]"; filename="a.png"',
                             b"image/png", png)
    async with http.get(image["attachments"][0]["url"]) as resp:  # type: ignore[index]
        assert resp.headers["Content-Disposition"].startswith("inline;")
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("disposition", [
    b'form-data; name="files[0]"; filename="a\x00b.txt"',     # NUL
    b'form-data; name="files[0]"; filename="a\nb.txt"',       # a lone LF
    b'form-data; name="files[0]"; filename="a\r\nX-Evil: 1"',  # CRLF: a header cut short
    b'form-data; filename="nameless.txt"',                   # no part name
])
async def test_a_malformed_upload_is_a_clear_400_and_posts_nothing(
    sandbox: Sandbox, http: aiohttp.ClientSession, disposition: bytes
) -> None:
    status, error = await _upload(http, sandbox, disposition)
    assert status == 400 and error["code"] == 50035
    assert _contents(sandbox) == []  # the file was not dropped from a message that went out
