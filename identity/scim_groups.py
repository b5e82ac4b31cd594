"""SCIM Groups (docs/scim.md): django-scim2's GROUP_ADAPTER over ScimGroup. A group's members
hold the role an administrator mapped it to (identity.admin) while they are in it; a group
without a role is kept, with its members, and changes no membership. A group the provider
sends under a name an administrator made already is that group."""

from django.db.models import prefetch_related_objects
from django_scim.adapters import SCIMGroup
from django_scim.constants import SchemaURI

from identity import scim_sync, services
from identity.models import ScimGroup, ScimIdentity
from identity.scim import bad, body_dict, conflict, location, operations, saved, scim_uuid, text
from identity.scim_filters import members_with_people


def _members(value, attribute="members"):
    """The ScimIdentity of each {"value": id} of `value`; 400 for an id nobody has."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise bad(f'"{attribute}" must be a list of objects with a "value".')
    ids = [scim_uuid(item.get("value"), f"{attribute}.value") for item in value]
    found = {identity.scim_id: identity for identity in
             ScimIdentity.objects.filter(scim_id__in=ids).select_related("person")}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise bad(f"No user has the id {', '.join(missing)}.")
    return list({pk: found[pk] for pk in ids}.values())


def _member_in_path(path):
    """The id in `members[value eq "…"]`, or None."""
    if path.startswith("members[") and path.endswith("]"):
        inner = path[len("members["):-1].split(" eq ", 1)
        if len(inner) == 2 and inner[0].strip() == "value":
            return inner[1].strip().strip('"')
    return None


class ScimGroupAdapter(SCIMGroup):
    """A group of the identity provider as a SCIM Group."""

    url_name = "scim:groups"
    resource_type = "Group"
    ATTR_MAP = {}
    id_field = "scim_id"

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        self.values, self.wanted = {}, None

    @property
    def display_name(self):
        return self.obj.display_name

    @property
    def location(self):
        return location(self.url_name, self.obj.scim_id, self.request)

    def to_dict(self):
        group = self.obj
        return {
            "schemas": [SchemaURI.GROUP],
            "id": str(group.scim_id),
            "externalId": group.external_id or None,
            "displayName": group.display_name,
            "members": [{"value": str(identity.scim_id), "display": identity.person.name,
                         "$ref": location("scim:users", identity.scim_id, self.request)}
                        for identity in group.members.all()],
            "meta": {"resourceType": self.resource_type, "location": self.location},
        }

    def validate_dict(self, d):
        body = body_dict(d)
        self.values = {"display_name": text(body.get("displayName"), "displayName"),
                       "external_id": text(body.get("externalId"), "externalId")}
        if not self.values["display_name"]:
            raise bad('"displayName" is required.')
        self.wanted = _members(body.get("members") or [])

    def from_dict(self, d):
        """The values were read by validate_dict; they are applied by save."""

    def _adopted(self):
        """A new group named like one an administrator made (no external id yet, or the
        same) is that one; 409 when another provisioned group has the name."""
        name = self.values.get("display_name")
        if name is None:
            return
        found = ScimGroup.objects.filter(display_name__iexact=name).exclude(
            pk=self.obj.pk).first()
        if found is None:
            return
        if self.obj.pk is not None or found.external_id not in ("", self.values["external_id"]):
            raise conflict(f'A group named "{name}" exists already.')
        self.obj = found

    def save(self, *, add=True, remove=True):
        created = self.obj.pk is None
        self._adopted()
        for field, value in self.values.items():
            setattr(self.obj, field, value)
        user = self.request.user
        if self.values or created:
            saved(lambda: services.group_save(self.obj, user=user))
            scim_sync.note("group created" if created else "group updated",
                           group=self.obj.display_name)
        if self.wanted is not None:
            joined, left = saved(lambda: services.group_members_set(
                self.obj, self.wanted, user=user, add=add, remove=remove))
            for what, identities in (("joined", joined), ("left", left)):
                for identity in identities:
                    scim_sync.note(what, person=identity.person.name, group=self.obj.display_name)
            # The answer lists the members as they are now, loaded again in one query.
            self.obj.refresh_from_db()
            prefetch_related_objects([self.obj], members_with_people())

    def handle_operations(self, ops):
        """PATCH: each operation in order (members added, removed or replaced; the name or
        external id replaced)."""
        for op, path, value in operations({"Operations": ops}, SchemaURI.GROUP):
            self.values, self.wanted = {}, None
            member = _member_in_path(path)
            if member is not None and op == "remove":
                self.wanted = _members([{"value": member}])
                self.save(add=False, remove=True)
            elif path == "members":
                if op == "remove" and value is None:
                    self.wanted = list(self.obj.members.all())
                else:
                    self.wanted = _members(value or [])
                self.save(add=op != "remove", remove=op != "add")
            elif path in ("displayname", "externalid") and op != "remove":
                field = "display_name" if path == "displayname" else "external_id"
                self.values = {field: text(value, path)}
                if field == "display_name" and not self.values[field]:
                    raise bad('"displayName" cannot be empty.')
                self.save()
            elif path == "externalid":
                self.values = {"external_id": ""}
                self.save()

    def delete(self):
        name = self.obj.display_name
        saved(lambda: services.group_delete(self.obj, user=self.request.user))
        scim_sync.note("group deleted", group=name)
