"""The SCIM filters Entra ID and Okta send (`userName eq "…"` before they create a user,
`displayName eq "…"` before a group, `id eq "…" and members[value eq "…"]` to check a member),
read into ORM queries: django-scim2's own parser writes raw SQL over one table."""

import re
import uuid

from django.db.models import Prefetch, Q, prefetch_related_objects
from django_scim.exceptions import NotFoundError

from identity.models import ScimGroup, ScimIdentity

# attr eq "value", the value a JSON string (quotes inside escaped).
_CLAUSE = re.compile(
    r'\s*(?P<attr>[A-Za-z][\w.:]*(?:\[value eq "(?P<inner>(?:[^"\\]|\\.)*)"\])?)'
    r'(?:\s+eq\s+"(?P<value>(?:[^"\\]|\\.)*)")?\s*')
# " and " between clauses, not inside a quoted value ("Sales and Marketing").
_AND = re.compile(r'\s+and\s+(?=(?:[^"\\]|\\.)*(?:"(?:[^"\\]|\\.)*"(?:[^"\\]|\\.)*)*$)',
                  re.IGNORECASE)
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user:"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:group:"


def user_model():
    """The model SCIM's Users are (django-scim2's USER_MODEL_GETTER)."""
    return ScimIdentity


def _unescaped(text):
    return re.sub(r"\\(.)", r"\1", text or "")


def _clauses(query):
    """[(attribute in lower case, value)] of `query`; ValueError for anything else."""
    found = []
    for part in _AND.split(query.strip()):
        match = _CLAUSE.fullmatch(part)
        if match is None:
            raise ValueError(f"only 'attribute eq \"value\"' joined by 'and' works: {part!r}")
        attr = match["attr"].lower()
        if match["inner"] is not None:  # members[value eq "…"]
            found.append((attr.split("[")[0] + ".value", _unescaped(match["inner"])))
        elif match["value"] is None:
            raise ValueError(f"a filter compares with eq: {part!r}")
        else:
            found.append((attr, _unescaped(match["value"])))
    return found


def _scim_id(value):
    """`value` as a UUID, or None (it then matches nothing)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


USER_FIELDS = {
    "username": lambda value: Q(user_name__iexact=value),
    "externalid": lambda value: Q(external_id=value),
    "id": lambda value: Q(scim_id=_scim_id(value)) if _scim_id(value) else Q(pk__in=[]),
    "emails.value": lambda value: Q(person__email__iexact=value),
    "emails": lambda value: Q(person__email__iexact=value),
    "displayname": lambda value: Q(person__name_en=value),
    "active": lambda value: Q(person__is_active=value.lower() == "true"),
}
GROUP_FIELDS = {
    "displayname": lambda value: Q(display_name__iexact=value),
    "externalid": lambda value: Q(external_id=value),
    "id": lambda value: Q(scim_id=_scim_id(value)) if _scim_id(value) else Q(pk__in=[]),
    "members.value": lambda value: (Q(memberships__identity__scim_id=_scim_id(value))
                                    if _scim_id(value) else Q(pk__in=[])),
}


def _search(model, fields, prefix, query):
    condition = Q()
    for attr, value in _clauses(query):
        attr = attr.removeprefix(prefix)
        if attr not in fields:
            raise ValueError(f"filtering by {attr!r} is not supported")
        condition &= fields[attr](value)
    return model.objects.filter(condition).distinct().order_by("id")


class UserFilter:
    """django-scim2's USER_FILTER_PARSER: a queryset of ScimIdentity."""

    attr_map = {}

    @classmethod
    def search(cls, query, request=None):
        return _search(ScimIdentity, USER_FIELDS, CORE_USER, query).select_related(
            "person").prefetch_related("groups")


class GroupFilter:
    """django-scim2's GROUP_FILTER_PARSER: a queryset of ScimGroup."""

    attr_map = {}

    @classmethod
    def search(cls, query, request=None):
        return _search(ScimGroup, GROUP_FIELDS, CORE_GROUP, query).prefetch_related(
            members_with_people())


def members_with_people():
    """A group's members with their people, loaded with a page of groups in one query."""
    return Prefetch("members", queryset=ScimIdentity.objects.select_related("person"))


def object_post_processor_getter(model):
    """django-scim2's GET_OBJECT_POST_PROCESSOR_GETTER: one group's members loaded with their
    people in one query."""

    def post_process(request, obj, *args, **kwargs):
        if model is ScimGroup:
            prefetch_related_objects([obj], members_with_people())
        return obj

    return post_process


def extra_filter_kwargs_getter(model):
    """django-scim2's GET_EXTRA_MODEL_FILTER_KWARGS_GETTER: no extra filter, but an id in the
    address that is not a UUID is a 404 (not a database error)."""

    def extra_filter_kwargs(request, *args, **kwargs):
        if args and not _scim_id(str(args[0])):
            raise NotFoundError(args[0])
        return {}

    return extra_filter_kwargs


def queryset_post_processor_getter(model):
    """django-scim2's GET_QUERYSET_POST_PROCESSOR_GETTER: a list's people and groups loaded
    with it."""

    def post_process(request, queryset, *args, **kwargs):
        if model is ScimIdentity:
            return queryset.select_related("person").prefetch_related("groups")
        return queryset.prefetch_related(members_with_people())

    return post_process
