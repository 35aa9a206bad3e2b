"""Channel webhooks over the sandbox's REST API, as Discord serves them: made and
managed with the bot's token and Manage Webhooks, executed with the webhook's token."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)

PNG_URI = "data:image/png;base64,iVBORw0KGgo="
HOOKS = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [{
        "name": "Sandbox", "owner": "alice",
        "bot_permissions": ["view_channel", "send_messages", "manage_webhooks",
                            "read_message_history"],
        "channels": [{"name": "general"}, {"name": "other"}, {"name": "forum", "type": 15},
                     {"name": "hidden", "overwrites": [
                         {"user": "SandboxBot", "deny": ["manage_webhooks"]}]}],
        "members": ["alice"],
    }],
}))


async def _hook(api: Api, sandbox: Sandbox, channel: str = "general",
                **body: Any) -> dict[str, Any]:
    cid = sandbox.channel(channel).id
    status, hook, _ = await api.call("POST", f"/channels/{cid}/webhooks",
                                     {"name": "Relay", **body})
    assert status == 200, hook
    return hook


@HOOKS
async def test_a_webhook_is_made_listed_and_managed_with_the_bots_token(
    api: Api, sandbox: Sandbox
) -> None:
    hook = await _hook(api, sandbox, avatar=PNG_URI)
    assert (hook["type"], hook["name"], hook["channel_id"]) == (
        1, "Relay", str(sandbox.channel("general").id))
    assert len(hook["token"]) == 68 and hook["avatar"] and hook["user"]["bot"] is True
    gid, cid = sandbox.guild.id, sandbox.channel("general").id
    _, listed, _ = await api.call("GET", f"/channels/{cid}/webhooks")
    _, every, _ = await api.call("GET", f"/guilds/{gid}/webhooks")
    assert [h["id"] for h in listed] == [h["id"] for h in every] == [hook["id"]]
    # /webhooks/{id} needs the bot's token; read with the webhook's, the maker is left out
    # (and the token stays: "returns no user in the webhook object", nothing else)
    status, _, _ = await api.call("GET", f"/webhooks/{hook['id']}", token=None)
    assert status == 401
    status, read, _ = await api.call("GET", f"/webhooks/{hook['id']}/{hook['token']}",
                                     token=None)
    assert status == 200 and read["token"] == hook["token"] and "user" not in read
    status, body, _ = await api.call("GET", f"/webhooks/{hook['id']}/{'x' * 68}", token=None)
    assert (status, body["code"]) == (401, 50027)
    other = sandbox.channel("other").id
    status, moved, _ = await api.call("PATCH", f"/webhooks/{hook['id']}",
                                      {"channel_id": other, "avatar": None, "name": "Two"})
    assert status == 200 and (moved["channel_id"], moved["avatar"], moved["name"]) == (
        str(other), None, "Two")
    # moving needs the bot; renaming by token does not
    status, _, _ = await api.call("PATCH", f"/webhooks/{hook['id']}/{hook['token']}",
                                  {"channel_id": cid}, token=None)
    assert status == 403
    status, renamed, _ = await api.call("PATCH", f"/webhooks/{hook['id']}/{hook['token']}",
                                        {"name": "Three"}, token=None)
    assert status == 200 and renamed["name"] == "Three"
    status, _, _ = await api.call("DELETE", f"/webhooks/{hook['id']}/{hook['token']}",
                                  token=None)
    assert status == 204
    status, body, _ = await api.call("GET", f"/webhooks/{hook['id']}")
    assert (status, body["code"]) == (404, 10015)


@HOOKS
async def test_what_discord_refuses_a_webhook(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    for name in ("", "x" * 81, "My Discord relay", "clyde"):
        status, body, _ = await api.call("POST", f"/channels/{cid}/webhooks", {"name": name})
        assert (status, body["code"]) == (400, 50035), name
        assert "name" in body["errors"]
    status, body, _ = await api.call("POST", f"/channels/{cid}/webhooks",
                                     {"name": "x", "avatar": "not an image"})
    assert (status, body["code"]) == (400, 50035) and "avatar" in body["errors"]
    hidden = sandbox.channel("hidden").id
    status, body, _ = await api.call("POST", f"/channels/{hidden}/webhooks", {"name": "x"})
    assert (status, body["code"]) == (403, 50013)
    for n in range(15):
        await _hook(api, sandbox, name=f"hook {n}")
    status, body, _ = await api.call("POST", f"/channels/{cid}/webhooks", {"name": "one more"})
    assert (status, body["code"]) == (400, 30007)
    assert len(sandbox.state.webhooks) == 15


async def test_without_manage_webhooks_the_bot_is_refused(api: Api, sandbox: Sandbox) -> None:
    cid = sandbox.channel("general").id
    status, body, _ = await api.call("POST", f"/channels/{cid}/webhooks", {"name": "x"})
    assert (status, body["code"]) == (403, 50013)
    status, body, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/webhooks")
    assert (status, body["code"]) == (403, 50013)


@HOOKS
async def test_executing_posts_as_the_webhook(api: Api, sandbox: Sandbox) -> None:
    hook = await _hook(api, sandbox)
    url = f"/webhooks/{hook['id']}/{hook['token']}"
    seen: list[Any] = []
    sandbox.state.subscribe(lambda d: seen.append(d) if d.event == "MESSAGE_CREATE" else None)
    status, _, _ = await api.call("POST", url, {"content": "quiet"}, token=None)
    assert status == 204
    status, message, _ = await api.call("POST", url + "?wait=true", {
        "content": "hello", "username": "Alice (relayed)",
        "avatar_url": "https://example.invalid/a.png"}, token=None)
    assert status == 200 and message["webhook_id"] == hook["id"]
    assert message["author"] | {"avatar": None} == message["author"] | {
        "id": hook["id"], "username": "Alice (relayed)", "bot": True, "discriminator": "0000",
        "avatar": None}
    await asyncio.sleep(0)
    assert [d.data.content for d in seen] == ["quiet", "hello"]
    status, body, _ = await api.call("POST", url, {}, token=None)
    assert (status, body["code"]) == (400, 50006)
    status, body, _ = await api.call("POST", url, {"content": "x", "username": "discord"},
                                     token=None)
    assert (status, body["code"]) == (400, 50035) and "username" in body["errors"]
    # its own messages: read, edit, delete; nobody else's
    mid = message["id"]
    status, edited, _ = await api.call("PATCH", f"{url}/messages/{mid}", {"content": "hi"},
                                       token=None)
    assert status == 200 and edited["content"] == "hi"
    other = await sandbox.send_message("alice", "general", "mine")
    status, body, _ = await api.call("GET", f"{url}/messages/{other.id}", token=None)
    assert (status, body["code"]) == (404, 10008)
    status, _, _ = await api.call("DELETE", f"{url}/messages/{mid}", token=None)
    assert status == 204
    status, body, _ = await api.call("GET", f"{url}/messages/{mid}", token=None)
    assert (status, body["code"]) == (404, 10008)


@HOOKS
async def test_a_webhook_posts_in_threads_and_starts_forum_posts(
    api: Api, sandbox: Sandbox
) -> None:
    general = await _hook(api, sandbox)
    cid = sandbox.channel("general").id
    _, thread, _ = await api.call("POST", f"/channels/{cid}/threads",
                                  {"name": "side", "type": 11})
    url = f"/webhooks/{general['id']}/{general['token']}"
    status, message, _ = await api.call("POST", f"{url}?wait=true&thread_id={thread['id']}",
                                        {"content": "in the thread"}, token=None)
    assert status == 200 and message["channel_id"] == thread["id"]
    status, fetched, _ = await api.call(
        "GET", f"{url}/messages/{message['id']}?thread_id={thread['id']}", token=None)
    assert status == 200 and fetched["content"] == "in the thread"
    forum = await _hook(api, sandbox, "forum")
    furl = f"/webhooks/{forum['id']}/{forum['token']}"
    status, body, _ = await api.call("POST", furl, {"content": "x"}, token=None)
    assert (status, body["code"]) == (400, 220001)
    status, post, _ = await api.call("POST", furl + "?wait=true",
                                     {"content": "first post", "thread_name": "Ideas"},
                                     token=None)
    assert status == 200
    made = sandbox.state.channels[int(post["channel_id"])]
    assert made.name == "Ideas" and made.parent_id == sandbox.channel("forum").id


BUTTON = {"type": 1, "components": [{"type": 2, "style": 1, "label": "go",
                                     "custom_id": "go"}]}
LINK = {"type": 1, "components": [{"type": 2, "style": 5, "label": "docs",
                                   "url": "https://example.com"}]}


@HOOKS
async def test_components_are_heeded_only_with_with_components(api: Api,
                                                                sandbox: Sandbox) -> None:
    # Discord's with_components: without it a webhook's components are not heeded; with
    # it an application's webhook (one a bot made) sends any, a person's only those
    # nobody clicks (link buttons).
    hook = await _hook(api, sandbox)
    assert hook["application_id"] == str(sandbox.state.application.id)
    path = f"/webhooks/{hook['id']}/{hook['token']}"
    status, sent, _ = await api.call("POST", path + "?wait=true",
                                     {"content": "a", "components": [BUTTON]}, token=None)
    assert status == 200 and sent["components"] == []
    status, sent, _ = await api.call("POST", path + "?wait=true&with_components=true",
                                     {"content": "b", "components": [BUTTON]}, token=None)
    assert status == 200 and sent["components"][0]["components"][0]["custom_id"] == "go"
    # an edit without it leaves the buttons as they were
    status, edited, _ = await api.call("PATCH", f"{path}/messages/{sent['id']}",
                                       {"content": "c", "components": []}, token=None)
    assert status == 200 and edited["content"] == "c" and len(edited["components"]) == 1
    status, edited, _ = await api.call("PATCH", f"{path}/messages/{sent['id']}"
                                       "?with_components=1", {"components": []}, token=None)
    assert status == 200 and edited["components"] == []

    alice = sandbox.state.user("alice")
    theirs = sandbox.state.create_webhook(sandbox.channel("general").id, "Alice's", None,
                                          alice.id)
    assert theirs.application_id is None
    path = f"/webhooks/{theirs.id}/{theirs.token}?wait=true&with_components=true"
    status, sent, _ = await api.call("POST", path, {"content": "d", "components": [LINK]},
                                     token=None)
    assert status == 200 and sent["components"][0]["components"][0]["label"] == "docs"
    status, refused, _ = await api.call("POST", path, {"content": "e",
                                                       "components": [BUTTON]}, token=None)
    assert (status, refused["code"]) == (400, 50035) and "components" in refused["errors"]


@HOOKS
async def test_a_forum_posts_name_is_at_most_100_characters(api: Api,
                                                            sandbox: Sandbox) -> None:
    # spec IncomingWebhookRequestPartial.thread_name: maxLength 100
    hook = await _hook(api, sandbox, "forum")
    path = f"/webhooks/{hook['id']}/{hook['token']}?wait=true"
    status, refused, _ = await api.call("POST", path, {"content": "x",
                                                       "thread_name": "p" * 101}, token=None)
    assert (status, refused["code"]) == (400, 50035)
    assert refused["errors"]["thread_name"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    status, sent, _ = await api.call("POST", path, {"content": "x", "thread_name": "p" * 100},
                                     token=None)
    assert status == 200 and sandbox.state.channel(int(sent["channel_id"])).name == "p" * 100


@HOOKS
async def test_an_avatar_url_must_be_a_web_address(api: Api, sandbox: Sandbox) -> None:
    # spec IncomingWebhookRequestPartial.avatar_url: format uri, maxLength 2048
    hook = await _hook(api, sandbox)
    path = f"/webhooks/{hook['id']}/{hook['token']}?wait=true"
    for url, code in (("not a url", "URL_TYPE_INVALID_URL"),
                      ("https://example.com/" + "a" * 2029, "BASE_TYPE_MAX_LENGTH")):
        status, refused, _ = await api.call("POST", path, {"content": "x", "avatar_url": url},
                                            token=None)
        assert (status, refused["code"]) == (400, 50035), refused
        assert refused["errors"]["avatar_url"]["_errors"][0]["code"] == code
    status, sent, _ = await api.call("POST", path, {
        "content": "x", "avatar_url": "https://example.com/" + "a" * 2028}, token=None)
    assert status == 200 and sent["author"]["avatar"]
