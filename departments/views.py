"""The organisation's pages: lists of roles and people, a page per person, and the forms that
add and edit departments, roles, people and memberships.

Every write goes through registry.services, which checks the same permission rules as the API
and the admin (docs/permissions.md); a form is offered only to those who may send it, and a
refusal is the styled 403 page with its reason. Nothing is deleted here: an object that is no
longer used is deactivated, a membership ended. The departments' and roles' own pages are the
responsibility manuals (the responsibilities app), where these forms send people back.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from departments.forms import (
    DepartmentForm,
    MembershipEndForm,
    MembershipForm,
    PersonForm,
    PreferencesForm,
    RoleForm,
)
from departments.models import Department, Membership, Notify, Person, Role
from departments.selectors import (
    membership_read,
    person_index,
    person_read,
    role_held,
    role_index,
)
from departments.services import own_person, preferences_set
from registry import panels
from registry.codes import record_id
from registry.permissions import can_change, can_create_any, contents_changeable
from registry.services import record_create, record_update
from registry.views import found, reader_required

PER_PAGE = 50
# The heading of each add page, a whole phrase for the translators.
ADD_TITLES = {Department: gettext_lazy("Add a department"), Role: gettext_lazy("Add a role"),
              Person: gettext_lazy("Add a person")}


def _department_url(department):
    return reverse("responsibilities:department_detail", args=[department.code])


def _role_url(role):
    return reverse("responsibilities:role_detail", args=[role.code])


def _person_url(person):
    return reverse("departments:person_detail", args=[person.pk])


def _posted(request):
    """The form data of a POST (even an empty one, so its errors show), None for a GET."""
    return request.POST if request.method == "POST" else None


def _refuse_unless(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _edited(request, form, original, *, saved_message):
    """Save a valid bound `form` (new when `original` is None) through the services; the
    saved object, or None when the form has errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    if original is None:
        saved = record_create(user=request.user, instance=form.save(commit=False))
    else:
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = record_update(user=request.user, instance=original, data=data)
    messages.success(request, saved_message % {"name": saved})
    return saved


def _form_page(request, context):
    return render(request, "departments/record_form.html", context)


def record_form_page(request, model, form_class, pk_lookup, *, done, **form_kwargs):
    """The add (pk_lookup None) or edit page of one record (a department, role, person or
    process), for those who may; `done(saved)` is where the saved record is shown."""
    original = None
    if pk_lookup is not None:
        original = found(model.objects.filter(**pk_lookup).first())
        _refuse_unless(can_change(request.user, original),
                       _("You may not edit “%(name)s”: ask whoever manages it for the right.")
                       % {"name": original})
    else:
        _refuse_unless(can_create_any(request.user, model),
                       _("You may not add %(what)s: ask whoever manages the registry for the "
                         "right.") % {"what": model._meta.verbose_name_plural})
    instance = model.objects.get(pk=original.pk) if original else None
    form = form_class(_posted(request), instance=instance, **form_kwargs)
    saved = _edited(request, form, original, saved_message=_("Saved “%(name)s”."))
    if saved is not None:
        return redirect(done(saved))
    title = (_("Edit %(name)s") % {"name": original} if original else ADD_TITLES[model])
    return _form_page(request, {"form": form, "original": original, "title": title})


@require_http_methods(["GET", "POST"])
@reader_required
def department_create(request):
    parent = Department.objects.filter(code=request.GET.get("parent", "")).first()
    return record_form_page(request, Department, DepartmentForm, None, done=_department_url,
                            initial={"parent": parent})


@require_http_methods(["GET", "POST"])
@reader_required
def department_edit(request, code):
    return record_form_page(request, Department, DepartmentForm, {"code": code},
                            done=_department_url)


@require_http_methods(["GET", "POST"])
@reader_required
def role_create(request):
    department = Department.objects.filter(code=request.GET.get("department", "")).first()
    return record_form_page(request, Role, RoleForm, None, done=_role_url, user=request.user,
                            initial={"department": department})


@require_http_methods(["GET", "POST"])
@reader_required
def role_edit(request, code):
    return record_form_page(request, Role, RoleForm, {"code": code}, done=_role_url,
                            user=request.user)


@require_http_methods(["GET", "POST"])
@reader_required
def person_create(request):
    return record_form_page(request, Person, PersonForm, None, done=_person_url)


@require_http_methods(["GET", "POST"])
@reader_required
def person_edit(request, pk):
    return record_form_page(request, Person, PersonForm, {"pk": pk}, done=_person_url)


def _list_page(request, template, index, model, *, heading, search_label):
    """A searched page of `index(query=…)`, and whether the user may add a `model`."""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(index(query=query), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {
        "page": page, "rows": page.object_list, "q": query,
        "query": urlencode({"q": query}) if query else "",  # kept across pages
        "can_add": can_create_any(request.user, model),
        "heading": heading, "search_label": search_label,
    })


@require_GET
@reader_required
def role_list(request):
    """Every role with its department and how many hold it today, searchable."""
    return _list_page(request, "departments/role_list.html", role_index, Role,
                      heading=_("Roles"), search_label=_("Name or code"))


@require_GET
@reader_required
def person_list(request):
    """Everyone with the roles they hold today, searchable."""
    return _list_page(request, "departments/person_list.html", person_index, Person,
                      heading=_("People"), search_label=_("Name or email"))


def _vacated(memberships, code):
    """The role `code` when one of `memberships` ended it and nobody holds it after that."""
    for membership in memberships:
        if membership.role.code == code and membership.end_date is not None:
            if not role_held(membership.role, on=membership.end_date + timedelta(days=1)):
                return membership.role
    return None


@require_GET
@reader_required
def person_detail(request, pk):
    """How to reach the person, the roles they hold and held, and what the user may do: edit
    the person, end a membership of a role they may staff, hand over a role whose duties they
    may edit (registry.panels: the responsibilities app knows the duties)."""
    person = found(person_read(pk=pk))
    memberships = list(person.memberships.all())
    roles = {membership.role for membership in memberships}
    staffed = set(contents_changeable(request.user, Membership, Role.objects.filter(
        pk__in=[role.pk for role in roles])).values_list("code", flat=True))
    return render(request, "departments/person_detail.html", {
        "person": person,
        "memberships": memberships,
        "can_edit": can_change(request.user, person),
        "can_appoint": can_create_any(request.user, Membership),
        "staffed": staffed,
        "vacated": _vacated(memberships, request.GET.get("vacated", "")),
        **panels.context("person_detail", user=request.user, roles=sorted(
            role.code for role in roles)),
    })


@require_http_methods(["GET", "POST"])
@reader_required
def membership_create(request):
    """Appoint someone to a role: `?role=` and `?person=` fill the form in."""
    _refuse_unless(can_create_any(request.user, Membership),
                   _("You may not appoint people to roles: ask whoever manages the department "
                     "for the right."))
    role = Role.objects.filter(code=request.GET.get("role", "")).first()
    person = Person.objects.filter(pk=record_id(request.GET.get("person"))).first()
    form = MembershipForm(_posted(request), user=request.user, initial={
        "role": role, "person": person and (person.email or person.pk)})
    saved = _edited(request, form, None, saved_message=_("Appointed: %(name)s."))
    if saved is not None:
        return redirect(_role_url(saved.role) if role else _person_url(saved.person))
    return _form_page(request, {"form": form, "title": _("Appoint someone"), "role": role,
                                "person": person})


@require_http_methods(["GET", "POST"])
@reader_required
def membership_end(request, pk):
    """End a membership on a given day; when nobody holds the role any more, the person's page
    offers to hand its duties over."""
    membership = found(membership_read(pk=pk))
    _refuse_unless(can_change(request.user, membership),
                   _("You may not end this membership: ask whoever manages %(department)s.")
                   % {"department": membership.role.department.name})
    form = MembershipEndForm(_posted(request), membership=membership)
    if request.method == "POST" and form.is_valid():
        record_update(user=request.user, instance=membership,
                      data={"end_date": form.cleaned_data["end_date"]})
        messages.success(request, _("%(person)s's membership of %(role)s ends on %(day)s.") % {
            "person": membership.person.name, "role": membership.role.name,
            "day": date_format(form.cleaned_data["end_date"])})
        target = _person_url(membership.person)
        if not role_held(membership.role, on=form.cleaned_data["end_date"] + timedelta(days=1)):
            target = f"{target}?vacated={membership.role.code}"
        return redirect(target)
    return render(request, "departments/membership_end.html", {
        "membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def my_notifications(request):
    """The reader's own notification preferences: how often, and in which language, they are
    mailed; a login that belongs to nobody is told how to get linked."""
    person = own_person(request.user)
    initial = {"notify": person.notify, "language": person.language} if person else None
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():  # refused (403) for nobody's login
        preferences_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. Your mail: %(how)s.")
                         % {"how": Notify(form.cleaned_data["notify"]).label})
        return redirect("departments:my_notifications")
    return render(request, "departments/my_notifications.html", {
        "person": person, "form": form}, status=400 if request.method == "POST" else 200)
