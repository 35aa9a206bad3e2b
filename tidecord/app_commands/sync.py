"""Comparing the commands in code with the ones Discord has, so ``sync`` writes only changes.

Discord fills in what a registration leaves out (``nsfw: false``, empty
localisations, ``integration_types: [0]``, option ``required: false``...) and adds
its own fields (ids, versions). Both sides are brought to one canonical form
before comparing; a :class:`SyncPlan` says what would be added, removed or changed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SyncPlan", "canonical", "plan"]

_OPTION_DEFAULTS: dict[str, Any] = {"required": False, "autocomplete": False}


def _localizations(value: Any) -> dict[str, str]:
    return dict(value or {})


def _option(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": int(data["type"]), "name": data["name"],
        "description": data.get("description") or "",
        "name_localizations": _localizations(data.get("name_localizations")),
        "description_localizations": _localizations(data.get("description_localizations")),
    }
    for key, default in _OPTION_DEFAULTS.items():
        out[key] = bool(data.get(key, default))
    if out["type"] in (1, 2):
        out["required"] = False  # subcommands are never "required"
    if data.get("choices"):
        out["choices"] = [{"name": c["name"], "value": c["value"],
                           "name_localizations": _localizations(c.get("name_localizations"))}
                          for c in data["choices"]]
    if data.get("channel_types"):
        out["channel_types"] = sorted(int(t) for t in data["channel_types"])
    for key in ("min_value", "max_value", "min_length", "max_length"):
        if data.get(key) is not None:
            out[key] = data[key]
    if data.get("options"):
        out["options"] = [_option(o) for o in data["options"]]
    return out


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """A command as Discord would store it, without ids, versions or filled-in defaults."""
    kind = int(data.get("type", 1))
    perms = data.get("default_member_permissions")
    contexts = data.get("contexts")
    installs = data.get("integration_types")
    return {
        "type": kind, "name": data["name"],
        "description": (data.get("description") or "") if kind == 1 else "",
        "name_localizations": _localizations(data.get("name_localizations")),
        "description_localizations": _localizations(data.get("description_localizations")),
        "options": [_option(o) for o in data.get("options") or []] if kind == 1 else [],
        "default_member_permissions": None if perms in (None, "") else str(perms),
        "nsfw": bool(data.get("nsfw", False)),
        "contexts": None if contexts is None else sorted(int(c) for c in contexts),
        # Discord registers a command without integration types as a guild install.
        "integration_types": [0] if not installs else sorted(int(i) for i in installs),
    }


class SyncPlan:
    """What a sync would do: ``added``, ``removed`` and ``changed`` command names."""

    def __init__(self, added: list[str], removed: list[str], changed: list[str],
                 guild_id: int | None) -> None:
        self.added = added
        self.removed = removed
        self.changed = changed
        self.guild_id = guild_id

    @property
    def needed(self) -> bool:
        """Whether Discord's commands differ from the code's (a write would happen)."""
        return bool(self.added or self.removed or self.changed)

    def __bool__(self) -> bool:
        return self.needed

    def __str__(self) -> str:
        where = "global commands" if self.guild_id is None else f"guild {self.guild_id}"
        if not self.needed:
            return f"{where}: up to date, nothing to write"
        lines = [f"{where}: a sync would write"]
        lines += [f"  + {name}" for name in self.added]
        lines += [f"  - {name}" for name in self.removed]
        lines += [f"  ~ {name}" for name in self.changed]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<SyncPlan added={self.added} removed={self.removed} changed={self.changed}"
                f" guild_id={self.guild_id}>")


def _label(data: dict[str, Any]) -> str:
    kind = int(data.get("type", 1))
    return data["name"] if kind == 1 else f"{data['name']} ({'user' if kind == 2 else 'message'}"\
        " menu)"


def plan(local: list[dict[str, Any]], remote: list[dict[str, Any]],
         guild_id: int | None) -> SyncPlan:
    """The difference between the code's commands and Discord's."""
    ours = {(int(c.get("type", 1)), c["name"]): c for c in local}
    theirs = {(int(c.get("type", 1)), c["name"]): c for c in remote}
    added = [_label(ours[k]) for k in ours if k not in theirs]
    removed = [_label(theirs[k]) for k in theirs if k not in ours]
    changed = [_label(ours[k]) for k in ours
               if k in theirs and canonical(ours[k]) != canonical(theirs[k])]
    return SyncPlan(added, removed, changed, guild_id)
