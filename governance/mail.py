"""The notifications' mail (docs/notifications.md): each notification rendered in its reader's
language, sent at once to those who want it once the change has committed
(`notifications_send`, on the task queue), and the rest in one daily digest per person
(`digests_send`). What to tell, and to whom, is governance.notifications.
"""

import logging
import re
import smtplib
from contextlib import suppress
from datetime import date, timedelta
from email.utils import formataddr
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from departments.models import Notify
from governance.models import Notification, NotificationKind
from registry.languages import in_reader_language, reader_is_chinese

logger = logging.getLogger(__name__)

# Tries of one notification (at once, then with each daily run) before it is given up.
ATTEMPTS = 3
# What one mail lists at most; the rest are counted, with a link to the change feed.
MAIL_ITEMS = 50
# Sent notifications are kept this long, then deleted by the daily run.
KEEP = timedelta(days=90)
# The order of a mail's sections: what asks for an answer first.
SECTIONS = (NotificationKind.CAMPAIGN_TASK, NotificationKind.PROPOSAL_ROUND,
            NotificationKind.PERSON_LEFT, NotificationKind.ROLE_VACANT,
            NotificationKind.CELL_CHANGED)
# What a failed send says at most.
ERROR_CHARS = 500
# Errors that concern one mail; any other SMTP or network error stops the run (the server is
# away, or refuses the registry itself).
ONE_MESSAGE = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, UnicodeError)


def site_url(path):
    """The absolute address of a path of the registry (SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def _pick(names):
    return in_reader_language(*names) if names else ""


def _joined(names):
    return ("、" if reader_is_chinese() else ", ").join(names)


def _item(notification):
    """What the mail says of one notification, in the active language: its section, the
    subject a mail of it alone has, and its text."""
    payload, kind = notification.payload, notification.kind
    context = {"url": site_url(payload.get("path", "/"))}
    if kind == NotificationKind.PROPOSAL_ROUND:
        context.update(number=payload["proposal"], title=payload["title"],
                       round=payload["round"], author=_pick(payload["author"]),
                       departments=_joined(_pick(names) for names in payload["departments"]),
                       reason=payload["reason"])
    elif kind == NotificationKind.CAMPAIGN_TASK:
        context.update(title=payload["title"], count=payload["count"],
                       deadline=date.fromisoformat(payload["deadline"]),
                       reminder=payload["reminder"])
    elif kind == NotificationKind.CELL_CHANGED:
        party = _pick(payload.get("party"))
        if payload.get("within"):  # a role, with its department: two posts may share a name
            party = f"{party} · {_pick(payload['within'])}"
        context.update(more=payload.get("more"), duty=_pick(payload.get("duty")),
                       party=party, added=payload.get("added", ""),
                       removed=payload.get("removed", ""), by=_pick(payload["by"]),
                       reason=payload["reason"])
    elif kind == NotificationKind.PERSON_LEFT:
        context.update(leaver=_pick(payload["leaver"]), day=date.fromisoformat(payload["day"]),
                       processes=_joined(_pick(names) for names in payload["processes"]),
                       handover_url=site_url(payload["handover"]))
    else:
        day = date.fromisoformat(payload["day"])
        context.update(role=_pick(payload["role"]), department=_pick(payload["department"]),
                       day=day, later=day > timezone.localdate(),
                       leaver=_pick(payload["leaver"]),
                       handover_url=site_url(payload["handover"]))
    template = f"governance/mail/{kind.replace('.', '_')}"
    return SimpleNamespace(kind=kind, subject=render_to_string(f"{template}_subject.txt", context),
                           text=render_to_string(f"{template}.txt", context).strip())


def _one_line(text, limit=200):
    """A subject: one line (a title may hold a line break), at most `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else f"{line[:limit - 1]}…"


def _tidy(text):
    """A rendered text mail without the blank lines and trailing spaces its tags leave."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def mail_for(person, notifications, *, digest, connection=None):
    """The EmailMessage telling `person` of `notifications` in their language: one mail, in
    sections; a mail of one notification alone has that notification's subject."""
    language = person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        items = [_item(notification) for notification in notifications]
        shown = items[:MAIL_ITEMS]
        labels = dict(NotificationKind.choices)
        sections = [{"heading": labels[kind], "items": [item for item in shown
                                                        if item.kind == kind]}
                    for kind in SECTIONS]
        sections = [section for section in sections if section["items"]]
        context = {"name": person.name, "digest": digest, "sections": sections,
                   "headings": len(items) > 1, "more": len(items) - len(shown),
                   "changes_url": site_url(reverse("responsibilities:change_list")),
                   "person_url": site_url(reverse("departments:person_detail",
                                                  args=[person.pk])),
                   "preferences_url": site_url(reverse("departments:my_notifications")),
                   "has_login": person.user_id is not None,
                   "how": person.get_notify_display(), "site_url": settings.SITE_URL}
        if len(items) == 1 and not digest:
            subject = items[0].subject
        else:
            subject = render_to_string("governance/mail/digest_subject.txt",
                                       {"count": len(items), "digest": digest})
        body = render_to_string("governance/mail/message.txt", context)
        recipient = formataddr((person.name, person.email))
    return EmailMessage(
        subject=_one_line(subject), body=_tidy(body), from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient], connection=connection,
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language})


def notifications_send(*, people=None):
    """Mail what is waiting, one mail per person: to `people` (ids), the notifications they
    want at once; with no `people` (the daily digest), everything not sent yet. A person who
    has since turned mail off, or lost their address, is not mailed and their notifications
    are dropped. A server that cannot be reached stops the run: the rest wait for the next
    one. Returns the number of mails sent."""
    unsent = Notification.objects.filter(sent_at=None, attempts__lt=ATTEMPTS)
    if people is not None:
        unsent = unsent.filter(person_id__in=people, immediate=True)
    connection, sent = get_connection(), 0
    try:
        for pk in sorted(set(unsent.values_list("person_id", flat=True))):
            outcome = _send_one(unsent.filter(person_id=pk), digest=people is None,
                                connection=connection)
            if outcome is None:
                break
            sent += outcome
    finally:
        _close(connection)
    return sent


def _close(connection):
    """Close the mail connection, whatever state a failure left it in."""
    with suppress(smtplib.SMTPException, OSError):
        connection.close()


def _send_one(notifications, *, digest, connection):
    """Mail one person their `notifications` (a queryset), locked while it is sent, so two
    workers never send them twice: 1 when sent, 0 when not, None when the server is away."""
    with transaction.atomic():
        rows = list(notifications.select_for_update(skip_locked=True, of=("self",))
                    .select_related("person").order_by("id"))
        if not rows:
            return 0
        person, ids = rows[0].person, [row.pk for row in rows]
        if not person.email or person.notify == Notify.OFF or not person.is_active:
            Notification.objects.filter(pk__in=ids).delete()
            return 0
        try:
            message = mail_for(person, rows, digest=digest, connection=connection)
        except Exception as error:  # a mail that cannot be written must not stop the others'
            logger.exception("Notifications %s could not be written as a mail", ids)
            _failed(rows, error)
            return 0
        try:
            connection.open()  # kept open for the run's other mails
            message.send()
        except ONE_MESSAGE as error:
            _failed(rows, error)
            _close(connection)
            return 0
        except (smtplib.SMTPException, OSError) as error:  # the server, not this mail
            _failed(rows, error, attempt=False)
            _close(connection)
            return None
        Notification.objects.filter(pk__in=ids).update(sent_at=timezone.now(), error="")
    return 1


def _failed(rows, error, *, attempt=True):
    """Note on the notifications why their mail failed; `attempt`: and count it as one of
    their tries (not when the server could not be reached: that is not theirs)."""
    for row in rows:
        row.attempts += 1 if attempt else 0
        row.error = (str(error) or type(error).__name__)[:ERROR_CHARS]
    Notification.objects.bulk_update(rows, ["attempts", "error"])


def digests_send(*, now=None):
    """The daily run: every person's waiting notifications in one mail each (those at once
    that could not be sent too), and the notifications sent long ago deleted."""
    now = now or timezone.now()
    Notification.objects.filter(sent_at__lt=now - KEEP).delete()
    return notifications_send()

