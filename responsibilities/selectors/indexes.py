"""The index pages: every department and every process, each with its counts in one query."""

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from departments.models import Department, Membership, Role
from responsibilities.models import Assignment, Duty, Process, Raci
from responsibilities.selectors.assignments import active_duty, held_today


def count_of(queryset, expression="pk", distinct=False):
    """A correlated COUNT subquery (an annotation, never a query per row)."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(
        n=Func(F(expression), template=template, output_field=IntegerField())
    ).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _letters_of(letter):
    return Assignment.objects.filter(
        Q(department=OuterRef("pk")) | Q(role__department=OuterRef("pk")),
        active_duty(),
        raci=letter,
    )


def department_index():
    """Departments with parent, role and holder counts and the duties they are A and R on.

    One query: every count is a correlated subquery.
    """
    return Department.objects.select_related("parent").annotate(
        role_count=count_of(Role.objects.filter(department=OuterRef("pk"), is_active=True)),
        people_count=count_of(
            Membership.objects.filter(held_today(), role__department=OuterRef("pk")),
            "person_id", distinct=True,
        ),
        accountable_count=count_of(_letters_of(Raci.ACCOUNTABLE), "duty_id", distinct=True),
        responsible_count=count_of(_letters_of(Raci.RESPONSIBLE), "duty_id", distinct=True),
    ).order_by("name", "code")


def process_index():
    """Active processes with their owner and number of active steps: one query."""
    return (
        Process.objects.filter(is_active=True)
        .select_related("owner")
        .annotate(duty_count=count_of(Duty.objects.filter(process=OuterRef("pk"), is_active=True)))
        .order_by("kind", "name", "code")
    )
