"""Party keys: `department:<code>` or `role:<code>`, the one way a party is named."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEPARTMENT = "department"
ROLE = "role"


@dataclass(frozen=True, slots=True)
class PartyKey:
    kind: str
    code: str

    def __str__(self):
        return f"{self.kind}:{self.code}"


def party_key(*, department_code=None, role_code=None):
    """The key string of an assignment's party, from whichever code is set."""
    return f"{ROLE}:{role_code}" if role_code else f"{DEPARTMENT}:{department_code}"


def parse_party(text):
    """A PartyKey from `department:<code>` / `role:<code>`; ValidationError otherwise."""
    kind, sep, code = str(text).partition(":")
    if not sep or kind not in (DEPARTMENT, ROLE) or not code:
        raise ValidationError(
            _("“%(party)s” is not a party: write department:<code> or role:<code>.")
            % {"party": text}
        )
    return PartyKey(kind, code)
