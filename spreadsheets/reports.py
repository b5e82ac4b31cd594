"""How an import's outcome reads to a person, in the reader's language and with the plural
form each count needs: the import page's message and preview, the API's `summary` and
import_matrix's last line."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

# Each text counts "count": ngettext_lazy picks the plural form when it is filled in.
DONE = (
    ngettext_lazy("%(count)s duty created", "%(count)s duties created", "count"),
    ngettext_lazy("%(count)s cell created", "%(count)s cells created", "count"),
    ngettext_lazy("%(count)s changed", "%(count)s changed", "count"),
    ngettext_lazy("%(count)s cleared", "%(count)s cleared", "count"),
)
PLANNED = (
    ngettext_lazy("%(count)s duty to create", "%(count)s duties to create", "count"),
    ngettext_lazy("%(count)s cell to create", "%(count)s cells to create", "count"),
    ngettext_lazy("%(count)s to change", "%(count)s to change", "count"),
    ngettext_lazy("%(count)s to clear", "%(count)s to clear", "count"),
)
ROWS = ngettext_lazy("%(count)s row read", "%(count)s rows read", "count")
PROBLEMS = ngettext_lazy("%(count)s problem found; nothing was changed.",
                         "%(count)s problems found; nothing was changed.", "count")
COUNTED = ("duties_created", "created", "changed", "cleared")


def _joined(texts, counts):
    duties, created, changed, cleared = (text % {"count": counts[name]}
                                         for text, name in zip(texts, COUNTED, strict=True))
    # Translators: the four counts of an import, e.g. "2 duties created, 1 cell created,
    # 0 changed, 3 cleared".
    return _("%(duties)s, %(created)s, %(changed)s, %(cleared)s") % {
        "duties": duties, "created": created, "changed": changed, "cleared": cleared}


def counts_done(counts):
    """"2 duties created, 1 cell created, 0 changed, 3 cleared" of ImportPlan.counts()."""
    return _joined(DONE, counts)


def counts_planned(counts):
    """"2 duties to create, 1 cell to create, 0 to change, 3 to clear" of ImportPlan.counts()."""
    return _joined(PLANNED, counts)


def preview_text(rows, counts):
    """The import page's preview line: the rows read and what importing them would do."""
    return _("%(rows)s: %(counts)s.") % {"rows": ROWS % {"count": rows},
                                         "counts": counts_planned(counts)}


def outcome_text(*, applied, counts, problems):
    """What an import did: imported, nothing (a dry run), or refused for its problems."""
    if problems:
        return PROBLEMS % {"count": problems}
    if applied:
        return _("Imported: %(counts)s.") % {"counts": counts_done(counts)}
    return _("Dry run: %(counts)s; nothing was changed.") % {"counts": counts_done(counts)}
