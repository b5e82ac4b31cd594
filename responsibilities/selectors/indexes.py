"""The index pages: every department and every process, each with its counts; every party."""

from django.db.models import Count, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from departments.models import Department, Membership, Role
from registry.caching import cached_while, history_version
from registry.languages import reader_order, reader_picker
from responsibilities.models import Assignment, Duty, Process, Raci
from responsibilities.parties import party_key
from responsibilities.selectors.assignments import active_duty, held_today


def count_of(queryset, expression="pk", distinct=False):
    """A correlated COUNT subquery (an annotation, never a query per row)."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(
        n=Func(F(expression), template=template, output_field=IntegerField())
    ).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _owner_counts():
    """{(department id, letter): active duties} for A and R, a role counting for its department:
    one GROUP BY over the letters (a correlated count per department scans them all each),
    kept in the cache until one of the tables it reads changes."""
    version = history_version((Assignment, Duty, Process, Role))
    return cached_while("owner-counts", version, _owner_counts_read)


def _owner_counts_read():
    rows = (
        Assignment.objects.filter(active_duty(), raci__in=[Raci.ACCOUNTABLE, Raci.RESPONSIBLE])
        .annotate(owner=Coalesce("department_id", "role__department_id"))
        .values("owner", "raci").annotate(duties=Count("duty_id", distinct=True)).order_by()
    )
    return {(row["owner"], row["raci"]): row["duties"] for row in rows}


def department_index():
    """Departments with parent, role and holder counts and the duties they are A and R on, by
    name: two queries (the departments with their small counts, then the letters grouped)."""
    departments = list(Department.objects.select_related("parent").annotate(
        role_count=count_of(Role.objects.filter(department=OuterRef("pk"), is_active=True)),
        people_count=count_of(
            Membership.objects.filter(held_today(), role__department=OuterRef("pk")),
            "person_id", distinct=True,
        ),
    ).order_by(reader_order("name"), "code"))
    counts = _owner_counts()
    for department in departments:
        department.accountable_count = counts.get((department.pk, Raci.ACCOUNTABLE), 0)
        department.responsible_count = counts.get((department.pk, Raci.RESPONSIBLE), 0)
    return departments


def process_index():
    """Active processes with their owner and number of active steps: one query."""
    return (
        Process.objects.filter(is_active=True)
        .select_related("owner")
        .annotate(duty_count=count_of(Duty.objects.filter(process=OuterRef("pk"), is_active=True)))
        .order_by("kind", reader_order("name"), "code")
    )


def party_index():
    """Every active department and role as (party key, name), by department then name: the
    parties a cell can be given to. Two queries."""
    options = []
    roles = {}
    pick = reader_picker()
    for code, english, chinese, department in (
            Role.objects.filter(is_active=True).order_by(reader_order("name"), "code")
            .values_list("code", "name_en", "name_zh_hans", "department_id")):
        roles.setdefault(department, []).append(
            (party_key(role_code=code), pick(english, chinese)))
    for pk, code, english, chinese in (
            Department.objects.filter(is_active=True).order_by(reader_order("name"), "code")
            .values_list("pk", "code", "name_en", "name_zh_hans")):
        name = pick(english, chinese)
        options.append((party_key(department_code=code), name))
        options.extend((key, f"{role} · {name}") for key, role in roles.get(pk, ()))
    return options
