"""The application's own emojis over the sandbox's REST API: listed as ``{"items": []}``,
made, read, renamed and deleted, with Discord's refusals (bad names and images, a
name taken, an unknown emoji, another application's path)."""

from __future__ import annotations

import base64

import pytest

from tidecord.sandbox import Sandbox

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()
GIF = "data:image/gif;base64," + base64.b64encode(b"GIF89a" + b"\0" * 16).decode()


async def test_made_read_renamed_and_deleted(api: Api, sandbox: Sandbox) -> None:
    base = f"/applications/{sandbox.state.application.id}/emojis"
    status, body, _ = await api.call("GET", base)
    assert (status, body) == (200, {"items": []})
    status, made, _ = await api.call("POST", base, {"name": "tide", "image": PNG})
    assert status == 201
    assert made["name"] == "tide" and made["animated"] is False and made["roles"] == []
    assert made["user"]["id"] == str(sandbox.bot_user.id)
    status, moving, _ = await api.call("POST", base, {"name": "wave", "image": GIF})
    assert (status, moving["animated"]) == (201, True)
    status, body, _ = await api.call("GET", base)
    assert [e["name"] for e in body["items"]] == ["tide", "wave"]
    status, one, _ = await api.call("GET", f"{base}/{made['id']}")
    assert (status, one) == (200, made)
    status, renamed, _ = await api.call("PATCH", f"{base}/{made['id']}", {"name": "tides"})
    assert (status, renamed["name"], renamed["id"]) == (200, "tides", made["id"])
    status, _, _ = await api.call("DELETE", f"{base}/{made['id']}")
    assert status == 204
    for method in ("GET", "PATCH", "DELETE"):
        status, body, _ = await api.call(method, f"{base}/{made['id']}",
                                         {"name": "x1"} if method == "PATCH" else None)
        assert (status, body) == (404, {"message": "Unknown Emoji", "code": 10014})
    status, body, _ = await api.call("GET", base)
    assert [e["name"] for e in body["items"]] == ["wave"]


async def test_what_discord_refuses(api: Api, sandbox: Sandbox) -> None:
    base = f"/applications/{sandbox.state.application.id}/emojis"
    for body, field in (({"name": "x", "image": PNG}, "name"),
                        ({"name": "has space", "image": PNG}, "name"),
                        ({"name": "fine"}, "image"),
                        ({"name": "fine", "image": "data:text/plain;base64,aGk="}, "image")):
        status, answer, _ = await api.call("POST", base, body)
        assert status == 400 and answer["code"] == 50035 and field in answer["errors"], answer
    status, made, _ = await api.call("POST", base, {"name": "taken", "image": PNG})
    assert status == 201
    status, answer, _ = await api.call("POST", base, {"name": "taken", "image": PNG})
    assert (status, answer["code"]) == (400, 50035)
    assert answer["errors"]["name"]["_errors"][0]["code"] == \
        "APPLICATION_EMOJI_NAME_ALREADY_TAKEN"
    status, other, _ = await api.call("POST", base, {"name": "other", "image": PNG})
    status, answer, _ = await api.call("PATCH", f"{base}/{other['id']}", {"name": "taken"})
    assert (status, answer["code"]) == (400, 50035)
    status, same, _ = await api.call("PATCH", f"{base}/{made['id']}", {"name": "taken"})
    assert (status, same["name"]) == (200, "taken")  # its own name is no clash
    status, answer, _ = await api.call("GET", "/applications/1234567890123/emojis")
    assert (status, answer["code"]) == (403, 20012)
