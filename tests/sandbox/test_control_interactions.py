"""Interactions through the control API (what the chat page does), with a raw bot answering."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


class _Raw:
    """The bot's REST calls and a person's control-API calls, over real HTTP."""

    def __init__(self, sb: Sandbox, http: aiohttp.ClientSession) -> None:
        self.sb, self.http = sb, http
        self.headers = {"Authorization": f"Bot {sb.token}"}

    async def api(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        async with self.http.request(method, self.sb.api_url + path, json=body,
                                     headers=self.headers) as resp:
            return resp.status, (await resp.json() if resp.status != 204 else None)

    async def control(self, path: str, body: Any = None, *,
                      form: aiohttp.FormData | None = None) -> tuple[int, Any]:
        async with self.http.post(f"{self.sb.url}/_sandbox{path}", json=None if form else body,
                                  data=form) as resp:
            return resp.status, await resp.json()

    async def answer(self, interaction_id: str, body: dict[str, Any]) -> None:
        record = self.sb.interactions.by_id[int(interaction_id)]
        status, _ = await self.api("POST", f"/interactions/{record.id}/{record.token}/callback",
                                   body)
        assert status == 204


@pytest.fixture
async def raw(sandbox: Sandbox) -> Any:
    async with aiohttp.ClientSession() as http:
        r = _Raw(sandbox, http)
        status, _ = await r.api("PUT", f"/applications/{sandbox.state.application.id}/commands", [
            {"name": "form", "description": "opens a form"},
            {"name": "Profile", "type": 2},
            {"name": "Bookmark", "type": 3},
        ])
        assert status == 200
        yield r


async def test_a_context_menu_takes_its_target(sandbox: Sandbox, raw: _Raw) -> None:
    said = await sandbox.send_message("bob", "general", "keep this")
    status, made = await raw.control("/interactions/command", {
        "as": "alice", "channel": "general", "name": "Bookmark", "target": str(said.id)})
    assert status == 200
    data = sandbox.interactions.by_id[int(made["id"])].interaction.data
    assert data.target_id == said.id
    assert data.resolved["messages"][str(said.id)]["content"] == "keep this"

    status, made = await raw.control("/interactions/command", {
        "as": "alice", "channel": "general", "name": "Profile", "target": "bob"})
    data = sandbox.interactions.by_id[int(made["id"])].interaction.data
    bob = str(sandbox.user("bob").id)
    assert data.target_id == int(bob) and set(data.resolved) == {"users", "members"}

    for body in ({"name": "Profile"}, {"name": "Profile", "target": "nobody"},
                 {"name": "form", "target": "bob"}):
        status, error = await raw.control("/interactions/command",
                                          {"as": "alice", "channel": "general", **body})
        assert status in (400, 404) and error["code"] in (50035, 10013)


async def test_a_modal_is_submitted_with_selects_and_files(sandbox: Sandbox, raw: _Raw) -> None:
    _, made = await raw.control("/interactions/command",
                                {"as": "alice", "channel": "general", "name": "form"})
    await raw.answer(made["id"], {"type": 9, "data": {
        "custom_id": "form", "title": "Form", "components": [
            {"type": 18, "label": "Role", "component": {"type": 6, "custom_id": "role"}},
            {"type": 18, "label": "Files", "component": {
                "type": 19, "custom_id": "files", "min_values": 1, "max_values": 2}},
            {"type": 1, "components": [{"type": 4, "custom_id": "why", "style": 2,
                                        "label": "Why", "max_length": 10}]},
        ]}})
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps({
        "as": "alice", "interaction": made["id"],
        "values": {"role": ["Moderator"], "why": "because"}, "files": {"files": [0, 1]}}))
    form.add_field("files[0]", b"one", filename="a.txt", content_type="text/plain")
    form.add_field("files[1]", b"two", filename="b.txt", content_type="text/plain")
    status, submitted = await raw.control("/interactions/modal", form=form)
    assert status == 200, submitted
    data = sandbox.interactions.by_id[int(submitted["id"])].interaction.data
    role, files, row = data.components
    assert role.component.values == [str(next(
        r.id for r in sandbox.state.guild_roles(sandbox.guild.id) if r.name == "Moderator"))]
    names = sorted(a["filename"] for a in data.resolved["attachments"].values())
    assert names == ["a.txt", "b.txt"] and len(files.component.values) == 2
    assert row.components[0].value == "because" and row.id == 5  # numbered depth first


@pytest.mark.parametrize("values, files, why", [
    ({"role": ["Moderator"]}, {"files": [0]}, "required"),
    ({"role": ["Moderator"], "why": "far too long"}, {"files": [0]}, "characters"),
    ({"role": ["nope"], "why": "x"}, {"files": [0]}, "Unknown Role"),
    ({"role": ["Moderator"], "why": "x"}, {}, "upload between"),
    ({"role": ["Moderator"], "why": "x", "extra": "y"}, {"files": [0]}, "no input"),
])
async def test_a_modal_refuses_what_discord_would_not_send(
        sandbox: Sandbox, raw: _Raw, values: dict[str, Any], files: dict[str, Any],
        why: str) -> None:
    _, made = await raw.control("/interactions/command",
                                {"as": "alice", "channel": "general", "name": "form"})
    await raw.answer(made["id"], {"type": 9, "data": {
        "custom_id": "form", "title": "Form", "components": [
            {"type": 18, "label": "Role", "component": {"type": 6, "custom_id": "role"}},
            {"type": 18, "label": "Files", "component": {"type": 19, "custom_id": "files"}},
            {"type": 18, "label": "Why", "component": {
                "type": 4, "custom_id": "why", "style": 1, "max_length": 5}},
        ]}})
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps(
        {"as": "alice", "interaction": made["id"], "values": values, "files": files}))
    form.add_field("files[0]", b"one", filename="a.txt", content_type="text/plain")
    status, error = await raw.control("/interactions/modal", form=form)
    assert status in (400, 404) and why in error["error"]
    assert sandbox.interactions.by_id[int(made["id"])].modal_submitted is False


async def test_a_select_is_picked_with_resolved_values(sandbox: Sandbox, raw: _Raw) -> None:
    general = sandbox.channel("general")
    status, sent = await raw.api("POST", f"/channels/{general.id}/messages", {
        "components": [{"type": 1, "components": [
            {"type": 8, "custom_id": "where", "channel_types": [0], "max_values": 2}]},
            {"type": 1, "components": [{"type": 3, "custom_id": "fruit", "options": [
                {"label": "Apple", "value": "apple"}]}]}]})
    assert status == 200
    status, made = await raw.control("/interactions/component", {
        "as": "bob", "channel": "general", "message": sent["id"], "custom_id": "where",
        "values": ["general", str(sandbox.channel("ideas").id)]})
    assert status == 200
    data = sandbox.interactions.by_id[int(made["id"])].interaction.data
    assert data.values == [str(general.id), str(sandbox.channel("ideas").id)]
    assert data.resolved["channels"][str(general.id)]["name"] == "general"
    for custom_id, values in (("where", ["Text Channels"]), ("fruit", ["pear"]),
                              ("fruit", ["apple", "apple"]), ("where", [])):
        status, error = await raw.control("/interactions/component", {
            "as": "bob", "channel": "general", "message": sent["id"],
            "custom_id": custom_id, "values": values})
        assert status == 400 and error["code"] == 50035, (custom_id, values)
