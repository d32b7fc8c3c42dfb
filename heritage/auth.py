"""Who is acting: the principal every service receives, and what each role may do."""

from __future__ import annotations

from dataclasses import dataclass

from heritage.errors import Forbidden, Unauthenticated
from heritage.messages import N_
from heritage.vocab import ROLE_RANK, Role


@dataclass(frozen=True, slots=True)
class Principal:
    """The acting user, passed to each service as an argument (never a request global).

    `user_id` is None for the anonymous public and for the command line (`SYSTEM`).
    """

    user_id: int | None
    name: str
    role: Role | None  # None: anonymous

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def is_system(self) -> bool:
        return self is SYSTEM

    def has(self, role: Role) -> bool:
        return self.role is not None and ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def sees_drafts(self) -> bool:
        """Editors and above may ask for records not yet published."""
        return self.has(Role.EDITOR)

    @property
    def sees_exact_locations(self) -> bool:
        """Below `editor`, restricted sites only ever show generalised coordinates."""
        return self.has(Role.EDITOR)


ANONYMOUS = Principal(user_id=None, name="anonymous", role=None)
# The command line and data loads: whoever can run them owns the database anyway.
SYSTEM = Principal(user_id=None, name="system", role=Role.ADMIN)


# The roles as messages name them ("… needs the reviewer role").
ROLE_WORDS: dict[Role, str] = {
    Role.VIEWER: N_("viewer"),
    Role.EDITOR: N_("editor"),
    Role.REVIEWER: N_("reviewer"),
    Role.ADMIN: N_("admin"),
}


def require(principal: Principal, role: Role, action: str) -> None:
    """Raise unless `principal` holds `role`: Unauthenticated for the anonymous public,
    Forbidden for a signed-in user whose role is too low."""
    if principal.has(role):
        return
    if principal.is_anonymous:
        raise Unauthenticated(N_("Sign in to %(action)s.", action=action))
    raise Forbidden(
        N_(
            "%(Action)s needs the %(role)s role; you are %(current)s.",
            Action=action.capitalize(),
            role=ROLE_WORDS[role],
            current=ROLE_WORDS[principal.role] if principal.role else str(principal.role),
        )
    )
