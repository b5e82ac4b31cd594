"""Every read of the departments app: querysets with what their callers render."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from departments.models import Department, Membership, Person, Role
from registry.codes import record_id
from registry.languages import reader_order


def held_today(prefix="", *, today=None):
    """Q for memberships in force today whose person is active (a role is "held")."""
    today = today or timezone.localdate()
    return (
        (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": today}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today}))
        & Q(**{f"{prefix}person__is_active": True})
    )


def department_list():
    """Departments with their parent (for its code), by name (in the reader's language)."""
    return Department.objects.select_related("parent").order_by(reader_order("name"), "code")


def role_list():
    """Roles with their department, by department and name."""
    return Role.objects.select_related("department").order_by(
        reader_order("name", "department__"), reader_order("name"), "code")


def person_list():
    """People with their login, by name."""
    return Person.objects.select_related("user").order_by(reader_order("name"), "id")


def membership_list():
    """Memberships with their role (for its code), by role and person."""
    return Membership.objects.select_related("role").order_by(
        reader_order("name", "role__"), "person_id", "id")


def in_tree_order(departments):
    """`departments` (each with `parent_id`) depth first, each child under its parent and
    given its `depth`; a department whose parent is not in the list starts a tree."""
    by_parent, ids = {}, {department.pk for department in departments}
    for department in departments:
        parent = department.parent_id if department.parent_id in ids else None
        by_parent.setdefault(parent, []).append(department)
    ordered, stack = [], [(department, 0) for department in reversed(by_parent.get(None, []))]
    while stack:
        department, depth = stack.pop()
        department.depth = depth
        ordered.append(department)
        stack.extend((child, depth + 1) for child in reversed(by_parent.get(department.pk, [])))
    return ordered


def role_index(*, query=""):
    """Roles with their department and how many hold them today, by department and name: one
    query; `query` (part of a name or code) narrows it."""
    roles = role_list().annotate(holders=Count("memberships", filter=held_today("memberships__")))
    if query:
        roles = roles.filter(Q(name_en__icontains=query) | Q(name_zh_hans__icontains=query)
                             | Q(code__icontains=query))
    return roles


def _held():
    """The memberships held today, with their role and its department."""
    return Prefetch("memberships", to_attr="held", queryset=Membership.objects.filter(
        held_today()).select_related("role__department").order_by("-is_primary", "id"))


def person_index(*, query=""):
    """People by name with the roles they hold today (`held`): two queries; `query` (part of a
    name, an email) narrows it."""
    people = person_list().prefetch_related(_held())
    if query:
        people = people.filter(Q(name_en__icontains=query) | Q(name_zh_hans__icontains=query)
                               | Q(email__icontains=query))
    return people


def person_read(*, pk):
    """The person with every membership, newest first, and its role and department; or None."""
    return person_list().prefetch_related(Prefetch(
        "memberships", queryset=Membership.objects.select_related("role__department")
        .order_by("-start_date", "-id"))).filter(pk=pk).first()


def person_find(text):
    """The people `text` names: an id, an email, or a whole name in either language."""
    text = text.strip()
    if record_id(text) is not None:
        return list(Person.objects.filter(pk=record_id(text)))
    field = Q(email__iexact=text) if "@" in text else (
        Q(name_en__iexact=text) | Q(name_zh_hans=text))
    return list(Person.objects.filter(field)[:5])


def membership_read(*, pk):
    """The membership with its person, role and department; or None."""
    return Membership.objects.select_related("person", "role__department").filter(pk=pk).first()


def role_held(role, *, on=None):
    """True when somebody holds `role` on the day `on` (today by default)."""
    return Membership.objects.filter(held_today(today=on), role=role).exists()
