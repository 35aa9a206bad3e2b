"""What happens elsewhere shows up on the open page at once, through the live feed."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from tidecord import MessageReference
from tidecord.sandbox import Sandbox

from .chatpage_driver import message, message_id, open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # Strict mode stays on (blocking calls fail), but waiting on the browser on a busy
    # machine can pause the loop past 100 ms with nothing blocking: allow 1 s.
    pytest.mark.tidecord_strict(threshold=1.0),
]


async def test_changes_made_elsewhere_appear_live(browser: Browser, sandbox: Sandbox) -> None:
    page, errors = await open_chat(browser, sandbox, "alice")
    typing = page.locator("#typing")

    await sandbox.typing("bob", "general")
    await expect(typing).to_contain_text(re.compile("bob is typing", re.I))
    sent = await sandbox.send_message("bob", "general", "hello from **python**")
    node = page.locator(f'article.message[data-message-id="{sent.id}"]')
    await expect(node.locator(".message-content strong")).to_have_text("python")
    await expect(typing).to_be_empty()  # the message ends bob's typing

    await sandbox.react("bob", sent, "🎉")
    reaction = node.locator('button.reaction[data-emoji="🎉"]')
    await expect(reaction.locator(".reaction-count")).to_have_text("1")
    await expect(reaction).to_have_attribute("aria-pressed", "false")  # bob's, not alice's

    await sandbox.edit_message("bob", sent, "hello, edited")
    await expect(node.locator(".message-content")).to_have_text("hello, edited (edited)")
    await sandbox.delete_message("bob", sent)
    await expect(node).to_have_count(0)

    # Elsewhere in the guild: the channel turns unread, and opening it shows the message.
    await sandbox.send_message("bob", "ideas", "psst, over here")
    ideas = page.locator('.channel[data-channel-name="ideas"]')
    await expect(ideas).to_have_class(re.compile(r"\bunread\b"))
    await ideas.click()
    await expect(page.locator("#channel-name")).to_have_text("ideas")
    await expect(message(page, "psst, over here", author="bob")).to_be_visible()
    await expect(ideas).not_to_have_class(re.compile(r"\bunread\b"))
    await page.close()
    assert not errors, errors


async def test_reply_from_the_page_as_bob(browser: Browser, sandbox: Sandbox) -> None:
    page, errors = await open_chat(browser, sandbox, "bob")
    await expect(page.locator('#person-switcher [data-username="bob"]')).to_have_attribute(
        "aria-checked", "true")
    question = await sandbox.send_message("alice", "general", "who wants tea?")
    asked = page.locator(f'article.message[data-message-id="{question.id}"]')
    await asked.hover()
    await asked.locator(".reply-action").click()
    await expect(page.locator("#reply-bar")).to_contain_text(re.compile("replying to alice", re.I))
    await say(page, "me, please")

    answer = message(page, "me, please", author="bob")
    await expect(answer.locator(".reply-context")).to_contain_text("who wants tea?")
    await expect(page.locator("#reply-bar")).to_be_hidden()
    stored = sandbox.state.message(question.channel_id,
                                   await message_id(answer))
    assert stored.author.username == "bob"
    assert isinstance(stored.message_reference, MessageReference)
    assert stored.message_reference.message_id == question.id
    await page.close()
    assert not errors, errors


async def test_page_reconnects_when_the_feed_drops(browser: Browser, sandbox: Sandbox) -> None:
    page, errors = await open_chat(browser, sandbox, "alice")
    badge = page.locator("#connection")
    await expect(badge).to_have_attribute("data-connections", "1")

    # The feed ends; a message is sent before the page can be back.
    assert sandbox.feed.drop() == 1
    missed = await sandbox.send_message("bob", "general", "said while you were away")

    await expect(badge).to_have_attribute("data-connections", "2")
    await expect(badge).to_have_attribute("data-state", "open")
    await expect(page.locator(f'article.message[data-message-id="{missed.id}"]')).to_be_visible()
    # And live again afterwards.
    await sandbox.send_message("bob", "general", "welcome back")
    await expect(message(page, "welcome back", author="bob")).to_be_visible()
    await page.close()
    assert not errors, errors


async def test_markdown_and_mentions_render_safely(browser: Browser, sandbox: Sandbox) -> None:
    page, errors = await open_chat(browser, sandbox, "alice")
    alice, ideas = sandbox.user("alice"), sandbox.channel("ideas")
    text = (f'<img src=x onerror="document.title=1"> **bold** *it* `a<b` <@{alice.id}> '
            f"<#{ideas.id}> ~~gone~~ [docs](http://127.0.0.1/docs)")
    sent = await sandbox.send_message("bob", "general", text)
    content = page.locator(f'article.message[data-message-id="{sent.id}"] .message-content')
    await expect(content.locator("strong")).to_have_text("bold")
    await expect(content.locator("em")).to_have_text("it")
    await expect(content.locator("code")).to_have_text("a<b")
    await expect(content.locator(".md-mention")).to_have_text(
        [f"@{alice.global_name or alice.username}", "#ideas"])
    await expect(content.locator("s")).to_have_text("gone")
    await expect(content.locator("a")).to_have_attribute("href", "http://127.0.0.1/docs")
    # HTML in a message is text, never markup.
    await expect(content).to_contain_text('<img src=x onerror="document.title=1">')
    assert await content.locator("img").count() == 0
    # A message mentioning the person talking is highlighted for them.
    await expect(page.locator(f'article.message[data-message-id="{sent.id}"]')).to_have_class(
        re.compile(r"\bmentioned\b"))
    await page.close()
    assert not errors, errors


async def test_a_newcomer_can_be_talked_as(browser: Browser, sandbox: Sandbox) -> None:
    page, errors = await open_chat(browser, sandbox, "alice")
    await sandbox.join("dave")
    await expect(page.locator('#members .member[data-username="dave"]')).to_be_visible()
    await page.locator('#person-switcher [data-username="dave"]').click()
    await say(page, "hi, I'm new")
    await expect(message(page, "hi, I'm new", author="dave")).to_be_visible()
    await page.close()
    assert not errors, errors
