"""Every read of the departments app for the API: querysets with what their callers render."""

from departments.models import Department, Membership, Person, Role


def department_list():
    """Departments with their parent (for its code), by name."""
    return Department.objects.select_related("parent").order_by("name", "code")


def role_list():
    """Roles with their department, by department and name."""
    return Role.objects.select_related("department").order_by("department__name", "name", "code")


def person_list():
    """People with their login, by name."""
    return Person.objects.select_related("user").order_by("name", "id")


def membership_list():
    """Memberships with their role (for its code), by role and person."""
    return Membership.objects.select_related("role").order_by("role__name", "person_id", "id")
