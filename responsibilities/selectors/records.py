"""Reads of processes, duties and assignments for the API: what each representation renders."""

from django.db.models import F, Prefetch

from responsibilities.models import Assignment, Duty, Process


def process_list():
    """Processes with their owner department, by name."""
    return Process.objects.select_related("owner").order_by("name", "code")


def duty_list():
    """Duties with their process and their assignments (with parties) prefetched:
    two queries for any number of duties."""
    assignments = Assignment.objects.select_related("department", "role").order_by("id")
    return (
        Duty.objects.select_related("process")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by(F("process__name").asc(nulls_last=True), "process__code", "step", "code")
    )


def assignment_list():
    """Assignments with their duty and party, by duty."""
    return Assignment.objects.select_related("duty", "department", "role").order_by(
        "duty__code", "raci", "id"
    )
