"""The auditors' evidence pack: one xlsx workbook showing the registry on a day (docs/evidence.md).

Five sheets (six for a confirmation campaign: its answers first), each with a bold, frozen
header and names where people read (codes in columns of their own): the Matrix as it stood at
the end of the day (departments as columns), the Owners (each A and R letter with the people
holding its party's post that day), the Confirmations (when and by whom each duty's letters
were last confirmed, as of that day), the open Findings and the Waivers in force. Written row
by row in constant memory (XlsxWriter, as spreadsheets.writing does), every cell a string, in
a fixed number of queries.
"""

import datetime

import xlsxwriter
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from departments.models import Membership
from departments.selectors import held_today
from findings.engine import Rule, Severity
from findings.selectors import findings_list
from findings.waivers import waiver_list
from governance.campaign_selectors import campaign_items
from governance.models import ItemAnswer
from registry.languages import reader_order, reader_picker
from responsibilities.models import Duty
from responsibilities.parties import DEPARTMENT, ROLE
from responsibilities.selectors.past_matrix import matrix_as_of

# The letters an owner holds: the Accountable and the Responsible.
OWNING_LETTERS = ("A", "R")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def evidence_filename(day, campaign=None):
    """The workbook's file name for `day`: evidence-YYYY-MM-DD.xlsx (with the campaign's
    number before the day)."""
    number = f"campaign-{campaign.pk}-" if campaign is not None else ""
    return f"evidence-{number}{day.isoformat()}.xlsx"


def campaign_day(campaign):
    """The day a campaign's pack shows: its deadline once passed, else today."""
    return min(campaign.deadline, timezone.localdate())


def day_end(day):
    """The last moment of `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _text(value):
    """A cell's text: None as empty, characters xlsx cannot hold left out."""
    return "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _when(moment):
    """A moment as the organisation reads it: YYYY-MM-DD HH:MM in the current time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class _Sheet:
    """A worksheet written row after row: a bold header frozen above its rows."""

    def __init__(self, book, bold, name, header, widths=()):
        self.sheet = book.add_worksheet(name)
        self.row = 0
        for column, width in enumerate(widths):
            self.sheet.set_column(column, column, width)
        self.sheet.freeze_panes(1, 0)
        self.write(header, bold)

    def write(self, values, style=None):
        """Write one row of text (empty cells left blank)."""
        for column, value in enumerate(values):
            text = _text(value)
            if text:
                self.sheet.write_string(self.row, column, text, style)
        self.row += 1


def _holders(day):
    """({role code: [(name, email)]}, {department code: [(name, email)]}) of the people
    holding each post on `day` (membership covering it, person active), by name; a department
    is held by the people of its active roles, each once. One query."""
    pick = reader_picker()
    rows = (Membership.objects.filter(held_today(today=day))
            .order_by(reader_order("name", "person__"), "person_id", "id")
            .values_list("role__code", "role__is_active", "role__department__code",
                         "person__name_en", "person__name_zh_hans", "person__email"))
    by_role, by_department = {}, {}
    for role, role_active, department, name_en, name_zh, email in rows:
        person = (pick(name_en, name_zh), email)
        by_role.setdefault(role, []).append(person)
        people = by_department.setdefault(department, [])
        if role_active and person not in people:
            people.append(person)
    return by_role, by_department


def _confirmations(moment, codes):
    """{duty code: (confirmed at, confirmer's name, created at)} of the duties of `codes` as
    they stood at `moment`: the live rows of the duties unchanged since, the others rewound
    to their last history row by then. Two queries."""
    pick = reader_picker()
    fields = ("code", "confirmed_at", "created_at", "confirmed_by__name_en",
              "confirmed_by__name_zh_hans")
    history = Duty.history.model.objects
    since = history.filter(history_date__gt=moment).values("id")
    live = Duty.objects.filter(code__in=codes).exclude(pk__in=since).values_list(*fields)
    latest = history.filter(history_date__lte=moment, id__in=since).values("id").annotate(
        last=Max("history_id"))
    past = (history.filter(history_id__in=latest.values("last"), code__in=codes)
            .exclude(history_type="-").values_list(*fields))
    return {code: (confirmed_at, pick(name_en or "", name_zh or ""), created_at)
            for rows in (live, past)
            for code, confirmed_at, created_at, name_en, name_zh in rows}


def _matrix_sheet(sheet, matrix):
    """One row per duty, one column per department, the letters of each cell."""
    for duty in matrix.duties:
        row = [duty.code, duty.title, duty.process_name or "", duty.step]
        row += [matrix.letters(duty.code, party.key) for party in matrix.parties]
        sheet.write(row)


def _owners_sheet(sheet, matrix, day):
    """Each A and R letter of the day with every person holding its party's post then; a
    post nobody held is a row of its own, saying so."""
    by_role, by_department = _holders(day)
    vacant = _("nobody held this post")
    for duty in matrix.duties:
        cells = matrix.cells.get(duty.code, {})
        for party in matrix.parties:
            letters = cells.get(party.key, "")
            holders = (by_role if party.kind == ROLE else by_department).get(party.code, [])
            for letter in (letter for letter in OWNING_LETTERS if letter in letters):
                for name, email in holders or [(vacant, "")]:
                    sheet.write([duty.code, duty.title, letter, party.name,
                                 party.department_name, name, email])


def _confirmations_sheet(sheet, matrix, moment):
    """Each duty: when and by whom its letters were last confirmed, or never since created."""
    confirmed = _confirmations(moment, [duty.code for duty in matrix.duties])
    never = _("never")
    for duty in matrix.duties:
        confirmed_at, by, created_at = confirmed.get(duty.code, (None, "", None))
        if confirmed_at:
            sheet.write([duty.code, duty.title, _when(confirmed_at), by, _when(created_at)])
        else:
            sheet.write([duty.code, duty.title, never, "", _when(created_at)])


def _findings_sheet(sheet):
    """The open findings, most severe first."""
    for finding in findings_list():
        sheet.write([Rule(finding.rule).label, Severity(finding.severity).label,
                     finding.duty or "", finding.duty_name, finding.message])


def _waivers_sheet(sheet, moment, names):
    """The waivers in force at `moment`: made by then and expiring after its day."""
    day = timezone.localtime(moment).date()
    for waiver in waiver_list():
        if waiver.created > moment or waiver.expires <= day:
            continue
        parties = ", ".join(names.get(key, key) for key in waiver.parties.split())
        author = waiver.author and (waiver.author.get_full_name() or waiver.author.username)
        sheet.write([Rule(waiver.rule).label, waiver.duty or "", parties, waiver.reason,
                     author or "", waiver.expires.isoformat()])


def _campaign_sheet(sheet, campaign):
    """Each duty the campaign asked about, for each person asked: their answer and when, or
    who else confirmed it since the campaign opened, or that nobody answered."""
    labels = dict(ItemAnswer.choices)
    for item in campaign_items(campaign):
        if item.answer:
            answer, when = labels[item.answer], _when(item.answered_at)
        elif item.settled_by_others:
            answer = _("confirmed by %(name)s") % {
                "name": item.duty.confirmed_by.name if item.duty.confirmed_by else _("someone")}
            when = _when(item.duty.confirmed_at)
        else:
            answer, when = _("no answer"), ""
        proposal = f"#{item.proposal.pk} {item.proposal.title}" if item.proposal else ""
        sheet.write([item.duty.code, item.duty.title, item.person.name, item.person.email,
                     item.department.name, answer, item.reason or proposal, when])


def evidence_write(*, day, target, progress=None, campaign=None):
    """Write the evidence pack of `day` to `target` (a path or a binary file) as xlsx;
    `progress(sheet name)` is called as each sheet starts. A `campaign` adds its answers as
    a first sheet."""
    moment = day_end(day)
    by_department = matrix_as_of(moment=moment, axis=DEPARTMENT)
    by_role = matrix_as_of(moment=moment, axis=ROLE)
    book = xlsxwriter.Workbook(target, {
        "constant_memory": True,
        # Text stays text: never a formula, a number or a link.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    book.set_properties({"title": _("Evidence pack of %(day)s") % {"day": day.isoformat()}})
    bold = book.add_format({"bold": True})
    duty = (_("Duty"), _("Title"))
    sheets = [
        (_("Matrix"), [*duty, _("Process"), _("Step"),
                       *(party.name for party in by_department.parties)],
         (28, 48, 22, 6), lambda sheet: _matrix_sheet(sheet, by_department)),
        (_("Owners"), [*duty, _("Letter"), _("Party"), _("Department"), _("Person"),
                       _("Email")], (28, 48, 8, 28, 28, 28, 32),
         lambda sheet: _owners_sheet(sheet, by_role, day)),
        (_("Confirmations"), [*duty, _("Last confirmed"), _("Confirmed by"), _("Created")],
         (28, 48, 18, 28, 18), lambda sheet: _confirmations_sheet(sheet, by_role, moment)),
        (_("Findings"), [_("Rule"), _("Severity"), *duty, _("Message")],
         (28, 10, 28, 48, 80), _findings_sheet),
        (_("Waivers"), [_("Rule"), _("Duty"), _("Parties"), _("Reason"), _("Author"),
                        _("Expires")], (28, 28, 40, 60, 20, 12),
         lambda sheet: _waivers_sheet(sheet, moment,
                                      {party.key: party.name for party in by_role.everyone})),
    ]
    if campaign is not None:
        sheets.insert(0, (_("Campaign"), [*duty, _("Person"), _("Email"), _("Department"),
                                         _("Answer"), _("Reason or proposal"), _("Answered on")],
                          (28, 48, 24, 28, 24, 24, 60, 18),
                          lambda sheet: _campaign_sheet(sheet, campaign)))
    for name, header, widths, fill in sheets:
        if progress:
            progress(name)
        fill(_Sheet(book, bold, name, header, widths))
    book.close()
