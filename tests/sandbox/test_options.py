"""A bad Sandbox option fails at construction, naming the option."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox


@pytest.mark.parametrize(("options", "named"), [
    ({"heartbeat_interval": 0}, "heartbeat_interval"),
    ({"max_concurrency": 0}, "max_concurrency"),
    ({"shard_count": -1}, "shard_count"),
    ({"resume_buffer": -1}, "resume_buffer"),
    ({"identify_interval": float("nan")}, "identify_interval"),
    ({"privileged_intents": ["MESSAGE_CONTNET"]}, "privileged_intents"),
])
def test_a_bad_option_is_refused_by_name(options: dict[str, Any], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        Sandbox(**options)


async def test_good_options_still_serve(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(heartbeat_interval=500, identify_interval=0,
                                        resume_buffer=0, privileged_intents=[])
    assert sb.hub.heartbeat_interval == 500
