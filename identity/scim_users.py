"""SCIM Users as people (docs/scim.md): django-scim2's USER_ADAPTER over ScimIdentity.
userName and emails give the person's email, displayName (or name) their name, active whether
they are active; externalId and the parts of the name are kept on the ScimIdentity. Attributes
the registry does not keep (title, addresses, the enterprise extension…) are accepted and
ignored."""

from django.core import validators
from django.core.exceptions import ValidationError
from django_scim.adapters import SCIMUser
from django_scim.constants import SchemaURI

from departments.models import Person
from identity import scim_sync, services
from identity.models import ScimIdentity
from identity.scim import (
    attribute_of,
    bad,
    body_dict,
    boolean,
    conflict,
    location,
    operations,
    saved,
    text,
)


def _email(value, attribute="emails"):
    """The address in `value`: a list of {value, type, primary} (the primary first, then the
    work one, then the first), a dict, or a string; "" for none; 400 when not an address."""
    if isinstance(value, list):
        entries = [entry for entry in value if isinstance(entry, dict)]
        if len(entries) != len(value):
            raise bad(f'"{attribute}" must be a list of objects with a "value".')
        entries.sort(key=lambda entry: (not entry.get("primary"), entry.get("type") != "work"))
        value = entries[0].get("value") if entries else ""
    elif isinstance(value, dict):
        value = value.get("value")
    address = text(value, attribute)
    if address:
        try:
            validators.validate_email(address)
        except ValidationError:
            raise bad(f'"{attribute}" holds no valid email address: {address!r}.') from None
    return address


def _looks_like_email(text):
    try:
        validators.validate_email(text)
    except ValidationError:
        return False
    return True


def _phone(value, attribute="phoneNumbers"):
    if isinstance(value, list):
        entries = sorted((entry for entry in value if isinstance(entry, dict)),
                         key=lambda entry: (not entry.get("primary"), entry.get("type") != "work"))
        value = entries[0].get("value") if entries else ""
    elif isinstance(value, dict):
        value = value.get("value")
    return text(value, attribute)[:50]


def _name_parts(value):
    if not isinstance(value, dict):
        raise bad('"name" must be an object.')
    return {"formatted": text(value.get("formatted"), "name.formatted"),
            "given_name": text(value.get("givenName"), "name.givenName"),
            "family_name": text(value.get("familyName"), "name.familyName")}


def _name_sent(value):
    """The parts of `name` a PATCH sends; those it does not send stay (RFC 7644 3.5.2.3)."""
    sent = {"formatted": "formatted", "given_name": "givenName", "family_name": "familyName"}
    return {field: part for field, part in _name_parts(value).items() if sent[field] in value}


# PATCH paths (attribute_of, lower case) → how their value is read, and where it goes.
SETTERS = {
    "username": lambda value: {"user_name": text(value, "userName")},
    "externalid": lambda value: {"external_id": text(value, "externalId")},
    "displayname": lambda value: {"display": text(value, "displayName")},
    "name": _name_sent,
    "name.formatted": lambda value: {"formatted": text(value, "name.formatted")},
    "name.givenname": lambda value: {"given_name": text(value, "name.givenName")},
    "name.familyname": lambda value: {"family_name": text(value, "name.familyName")},
    "emails": lambda value: {"email": _email(value)},
    "emails.value": lambda value: {"email": _email(value, "emails.value")},
    "phonenumbers": lambda value: {"phone": _phone(value)},
    "phonenumbers.value": lambda value: {"phone": _phone(value, "phoneNumbers.value")},
    "active": lambda value: {"is_active": boolean(value, "active")},
}
CLEARED = {"externalid": {"external_id": ""}, "emails": {"email": ""},
           "emails.value": {"email": ""}, "phonenumbers": {"phone": ""},
           "phonenumbers.value": {"phone": ""}, "name.givenname": {"given_name": ""},
           "name.familyname": {"family_name": ""}}


def user_values(body):
    """The values of a whole User (POST, PUT) the registry keeps."""
    body = body_dict(body)
    values = {"user_name": text(body.get("userName"), "userName"),
              "external_id": text(body.get("externalId"), "externalId"),
              "display": text(body.get("displayName"), "displayName")}
    values.update(_name_parts(body.get("name") or {}))
    # What is not sent is kept (a linked person's phone, an address the provider does not
    # manage).
    if "emails" in body:
        values["email"] = _email(body["emails"] or [])
    if "phoneNumbers" in body:
        values["phone"] = _phone(body["phoneNumbers"] or [])
    if not values["user_name"]:
        raise bad('"userName" is required.', "invalidValue")
    if "active" in body:
        values["is_active"] = boolean(body["active"], "active")
    return values


def patch_values(body):
    """The values a PATCH sets, as user_values names them."""
    values = {}
    for op, path, value in operations(body, SchemaURI.USER):
        path = attribute_of(path)
        if op == "remove":
            if path in ("username", "active"):
                raise bad(f'"{path}" cannot be removed.', "mutability")
            values.update(CLEARED.get(path, {}))
        elif path in SETTERS:
            values.update(SETTERS[path](value))
    if values.get("user_name") == "":
        raise bad('"userName" cannot be empty.')
    return values


def _person_name(values, identity):
    """The person's name from the values: displayName, name.formatted, or the parts."""
    parts = " ".join(part for part in (values.get("given_name", identity.given_name),
                                       values.get("family_name", identity.family_name)) if part)
    return (values.get("display") or values.get("formatted") or parts
            or values.get("user_name") or identity.user_name)


class ScimUser(SCIMUser):
    """A provisioned person as a SCIM User."""

    url_name = "scim:users"
    resource_type = "User"
    ATTR_MAP = {}
    id_field = "scim_id"

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        self.values = {}

    @property
    def display_name(self):
        return self.obj.person.name

    @property
    def location(self):
        return location(self.url_name, self.obj.scim_id, self.request)

    def to_dict(self):
        """The SCIM User of the person, as stored."""
        identity, person = self.obj, self.obj.person
        return {
            "schemas": [SchemaURI.USER],
            "id": str(identity.scim_id),
            "externalId": identity.external_id or None,
            "userName": identity.user_name,
            "name": {"formatted": person.name_en, "givenName": identity.given_name,
                     "familyName": identity.family_name},
            "displayName": person.name_en,
            "emails": [{"value": person.email, "type": "work", "primary": True}]
            if person.email else [],
            "phoneNumbers": [{"value": person.phone, "type": "work"}] if person.phone else [],
            "active": person.is_active,
            "groups": [{"value": str(group.scim_id), "display": group.display_name,
                        "$ref": location("scim:groups", group.scim_id, self.request)}
                       for group in identity.groups.all()],
            "meta": {"resourceType": self.resource_type,
                     "created": identity.created_at.isoformat(),
                     "lastModified": identity.updated_at.isoformat(),
                     "location": self.location},
        }

    def validate_dict(self, d):
        self.values = user_values(d)

    def from_dict(self, d):
        """The values were read by validate_dict; they are applied by save."""

    def _check_unique(self):
        """409 when the userName or the email belongs to someone else provisioned."""
        values, pk = self.values, self.obj.pk
        if "user_name" in values and ScimIdentity.objects.filter(
                user_name__iexact=values["user_name"]).exclude(pk=pk).exists():
            raise conflict(f'The userName "{values["user_name"]}" is taken.')
        email = values.get("email")
        if email and Person.objects.filter(email__iexact=email).exclude(
                scim_identity=None).exclude(scim_identity__pk=pk).exists():
            raise conflict(f'The email address "{email}" belongs to another user.')

    def save(self):
        """Create or update the person with the values read, as the token's service user."""
        self._check_unique()
        identity, values, created = self.obj, self.values, self.obj.pk is None
        was_active = None if created else identity.person.is_active
        # A name made of the parts follows them; one the provider gave whole (displayName,
        # name.formatted) changes only when it sends another.
        from_parts = not created and identity.person.name_en == " ".join(
            part for part in (identity.given_name, identity.family_name) if part)
        for field in ("user_name", "external_id", "given_name", "family_name"):
            if field in values:
                setattr(identity, field, values[field])
        renamed = {"display", "formatted"} & values.keys() or (
            from_parts and {"given_name", "family_name"} & values.keys())
        person = {"name_en": _person_name(values, identity)} if created or renamed else {}
        person.update({field: values[field] for field in ("email", "phone", "is_active")
                       if field in values})
        if created and "email" not in values and _looks_like_email(values["user_name"]):
            person["email"] = values["user_name"]
        saved(lambda: services.person_provision(identity, person, user=self.request.user))
        now_active = identity.person.is_active
        what = ("created" if created else "deactivated" if was_active and not now_active
                else "reactivated" if now_active and was_active is False else "updated")
        scim_sync.note(what, person=identity.person.name)

    def handle_operations(self, operations):
        """PATCH: the operations' values, applied and saved at once."""
        self.values = patch_values({"Operations": operations})
        self.save()

    def delete(self):
        """DELETE: the person is deactivated and kept; the SCIM user is gone."""
        name = self.obj.person.name
        saved(lambda: services.person_deprovision(self.obj, user=self.request.user))
        scim_sync.note("deleted", person=name)
