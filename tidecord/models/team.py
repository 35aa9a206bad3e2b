"""The team that owns an application (``client.application.team``), as discord.py's."""

from __future__ import annotations

import enum
from typing import Any

from .asset import Asset, icon_asset
from .base import TryValue, enum_of
from .user import User

__all__ = ["Team", "TeamMember", "TeamMemberRole", "TeamMembershipState", "bind_team"]


class TeamMembershipState(TryValue, enum.Enum):
    """Whether a team member accepted the invitation."""

    invited = 1
    accepted = 2


class TeamMemberRole(TryValue, enum.Enum):
    """What a team member may do with the team's applications."""

    admin = "admin"
    developer = "developer"
    read_only = "read_only"


class TeamMember(User, kw_only=True, gc=True):  # it refers back to its team
    """A member of a :class:`Team`: a user (equal to it by id) with its role there."""

    team: Any = None
    membership_state: TeamMembershipState | int = TeamMembershipState.accepted
    role: TeamMemberRole | str = TeamMemberRole.read_only
    permissions: list[str] = []

    def __repr__(self) -> str:
        return (f"<TeamMember id={self.id} name={self.name!r} "
                f"role={self.role!r} membership_state={self.membership_state!r}>")


class Team:
    """A team of developers who own an application together."""

    __slots__ = ("_icon", "id", "members", "name", "owner_id")

    def __init__(self, data: dict[str, Any], state: Any) -> None:
        self.id = int(data["id"])
        self.name: str = data.get("name", "")
        self._icon: str | None = data.get("icon")
        owner = data.get("owner_user_id")
        self.owner_id: int | None = int(owner) if owner is not None else None
        self.members: list[TeamMember] = [_member(self, entry, state)
                                          for entry in data.get("members", ())]

    def __repr__(self) -> str:
        return f"<Team id={self.id} name={self.name!r} owner_id={self.owner_id}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Team) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def icon(self) -> Asset | None:
        """The team's icon, if it has one."""
        return None if not self._icon else icon_asset("team", self.id, self._icon)

    @property
    def owner(self) -> TeamMember | None:
        """The member who owns the team, if listed."""
        return next((m for m in self.members if m.id == self.owner_id), None)


def _member(team: Team, data: dict[str, Any], state: Any) -> TeamMember:
    user = data.get("user") or {}
    state_value = data.get("membership_state", 2)
    role = data.get("role", "read_only")
    member = TeamMember(
        id=int(user["id"]), username=user.get("username", ""),
        discriminator=user.get("discriminator", "0"), global_name=user.get("global_name"),
        avatar_hash=user.get("avatar"), bot_value=user.get("bot") is True, team=team,
        membership_state=enum_of(TeamMembershipState, state_value),
        role=enum_of(TeamMemberRole, role), permissions=list(data.get("permissions", ())))
    member._state = state
    return member


def bind_team(data: Any, state: Any) -> Team | None:
    """The application's ``team`` object as a :class:`Team` (``None`` without one)."""
    return Team(data, state) if isinstance(data, dict) and data else None
