"""Parties: the department or role holding a letter, named everywhere by its key,
`department:<code>` or `role:<code>`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEPARTMENT = "department"
ROLE = "role"


@dataclass(frozen=True, slots=True)
class Party:
    """A department or a role; read from the database, it also carries its department's name
    and channels, and whether it is active (a role of an inactive department is not)."""

    kind: str
    code: str
    name: str = ""
    department_code: str = ""
    department_name: str = ""
    chat: str = ""
    email: str = ""
    is_active: bool = True

    @property
    def key(self):
        return f"{self.kind}:{self.code}"

    def __str__(self):
        return self.key


def party_key(*, department_code=None, role_code=None):
    """The key of an assignment's party, from whichever code is set."""
    return f"{ROLE}:{role_code}" if role_code else f"{DEPARTMENT}:{department_code}"


def parse_party(text):
    """The Party (kind and code) a key names; ValidationError when `text` is not a key."""
    kind, sep, code = str(text).partition(":")
    if not sep or kind not in (DEPARTMENT, ROLE) or not code:
        raise ValidationError(
            _("“%(party)s” is not a party: write department:<code> or role:<code>.")
            % {"party": text}
        )
    return Party(kind, code)


def department_party(department):
    """The Party of a Department."""
    return Party(DEPARTMENT, department.code, department.name, department.code, department.name,
                 department.chat, department.email, department.is_active)


def role_party(role):
    """The Party of a Role fetched with its department."""
    department = role.department
    return Party(ROLE, role.code, role.name, department.code, department.name, department.chat,
                 department.email, role.is_active and department.is_active)


def party_of(assignment):
    """The Party of an assignment fetched with `department` and `role__department`."""
    return role_party(assignment.role) if assignment.role_id else department_party(
        assignment.department)
