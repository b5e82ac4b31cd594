import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from spreadsheets.reading import SpreadsheetError, upload_limit
from spreadsheets.services import matrix_import
from spreadsheets.spellings import mapping_parse

SHOWN_CHANGES = 50


class Command(BaseCommand):
    help = (
        "Set the RACI matrix from a spreadsheet as it was published (xlsx, CSV, TSV or a "
        "Markdown table): rows are duties (by code, or by exact title), columns are parties; "
        "the table is found on its sheet. All of it is applied, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The xlsx, CSV, TSV or Markdown file to read.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Report what would change, and change nothing.")
        parser.add_argument("--create-missing", action="store_true",
                            help="Create the departments, roles and processes the file names "
                                 "that do not exist.")
        parser.add_argument("--letters", type=_mapping, default={},
                            help='What spellings mean for the whole file, e.g. "X=R,N/A=".')
        parser.add_argument("--sheet", help="The sheet (or Markdown table, \"table 2\") to read; "
                                            "default: the one holding the most letters.")
        parser.add_argument("--transpose", action="store_true", default=None,
                            help="Parties are rows and activities columns (default: detected).")

    def handle(self, *args, file, dry_run, create_missing, letters, sheet, transpose,
               **options):
        path = Path(file)
        try:
            with path.open("rb") as handle:
                # One byte past the limit is enough to know the file is too large.
                content = handle.read(upload_limit() + 1)
        except (OSError, ValueError) as error:  # ValueError: a NUL in the name
            reason = getattr(error, "strerror", None) or error
            raise CommandError(f"Cannot read {path}: {reason}.") from None
        try:
            result = matrix_import(
                content=content, filename=path.name, dry_run=dry_run, progress=self.progress,
                create_missing=create_missing, letters=letters, sheet=sheet,
                transpose=transpose,
            )
        except SpreadsheetError as error:
            raise CommandError(f"{path.name}: {error}") from None
        report = result.as_dict()
        where = f", sheet {report['sheet']!r}" if report["sheet"] else ""
        across = " (parties as rows)" if report["transposed"] else ""
        rows = ngettext("%(count)s row read", "%(count)s rows read", report["rows"]) % {
            "count": report["rows"]}
        self.stdout.write(f"{path.name}{where}: {rows}{across}.")
        if report["problems"]:
            for problem in report["problems"]:
                column = f", column {problem['column']}" if problem["column"] else ""
                self.stderr.write(f"  row {problem['row']}{column}: {problem['message']}")
            raise CommandError(report["summary"])
        for kind, label in (("departments", "department"), ("roles", "role"),
                            ("processes", "process")):
            for item in report["created"][kind]:
                where = f" in {item['department']}" if kind == "roles" else ""
                self.stdout.write(f"  create {label} {item['name']!r} as {item['code']}{where}")
        for change in report["changes"][:SHOWN_CHANGES]:
            self.stdout.write(f"  {change['action']:8} {change['duty']} × {change['party']}: "
                              f"{change['before'] or '-'} → {change['after'] or '-'}")
        if len(report["changes"]) > SHOWN_CHANGES:
            self.stdout.write(f"  … and {len(report['changes']) - SHOWN_CHANGES} more.")
        style = self.style.SUCCESS if result.applied else self.style.WARNING
        self.stdout.write(style(report["summary"]))

    def progress(self, done, total):
        if done == 0:
            self.stdout.write(f"Writing {total:,} letters …")
        else:
            self.stdout.write(f"  written {done:,}/{total:,}")


def _mapping(text):
    try:
        return mapping_parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
