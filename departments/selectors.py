"""Every read of the departments app for the API: querysets with what their callers render."""

from departments.models import Department, Membership, Person, Role
from registry.languages import reader_order


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
