"""Reads of processes, duties and assignments for the API and the admin: what each
representation renders; and which duties a user may edit."""

from django.db.models import Prefetch

from registry.languages import reader_order
from registry.permissions import contents_changeable
from responsibilities.models import Assignment, Duty, Process


def process_list():
    """Processes with their owner department, by name."""
    return Process.objects.select_related("owner").order_by(reader_order("name"), "code")


def duty_list():
    """Duties with their process and their assignments (with parties) prefetched:
    two queries for any number of duties."""
    assignments = Assignment.objects.select_related("department", "role").order_by("id")
    return (
        Duty.objects.select_related("process")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by(reader_order("name", "process__").asc(nulls_last=True), "process__code", "step",
                  "code")
    )


def assignment_list():
    """Assignments with their duty and party, by duty."""
    return Assignment.objects.select_related("duty", "department", "role").order_by(
        "duty__code", "raci", "id"
    )


def duties_editable(*, user, duties):
    """The codes of `duties` whose cells (assignments) `user` may set, in one query.

    `duties` is a Duty queryset or an iterable of Duty objects or duty codes. Who may is
    registry.permissions: the global assignment permission, or the right to change the duty
    or its process.
    """
    if not hasattr(duties, "model"):
        duties = Duty.objects.filter(code__in={getattr(duty, "code", duty) for duty in duties})
    editable = contents_changeable(user, Assignment, duties)
    return set(editable.order_by().values_list("code", flat=True))
