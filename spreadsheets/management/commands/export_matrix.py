from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.codes import code_argument
from responsibilities.models import Process
from responsibilities.selectors.current_matrix import matrix_read
from spreadsheets.writing import matrix_csv, matrix_xlsx


class Command(BaseCommand):
    help = "Write the RACI matrix to an xlsx or CSV file (one column per party, letters per cell)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["xlsx", "csv"], default=None,
                            help="File format (default: from the output file's extension).")
        parser.add_argument("--process", type=code_argument,
                            help="Only the duties of this process (its code).")
        parser.add_argument("--output", "-o", required=True, help="The file to write.")

    def handle(self, *args, format, process, output, **options):
        path = Path(output)
        format = format or ("csv" if path.suffix.lower() == ".csv" else "xlsx")
        if process and not Process.objects.filter(code=process).exists():
            raise CommandError(f"Unknown process {process!r}.")
        matrix = matrix_read(axis="role", process=process)
        content = matrix_xlsx(matrix) if format == "xlsx" else matrix_csv(matrix).encode()
        try:
            path.write_bytes(content)
        except (OSError, ValueError) as error:  # ValueError: a NUL in the name
            reason = getattr(error, "strerror", None) or error
            raise CommandError(f"Cannot write {path}: {reason}.") from None
        duties, parties = len(matrix.duties), len(matrix.parties)
        self.stdout.write(self.style.SUCCESS(_("Wrote %(duties)s × %(parties)s to %(path)s.") % {
            "duties": ngettext("%(count)s duty", "%(count)s duties", duties) % {"count": duties},
            "parties": ngettext("%(count)s party", "%(count)s parties", parties) % {
                "count": parties},
            "path": path}))
