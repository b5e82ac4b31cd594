import json
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from findings.engine import FindingKind, Rule, Severity, findings_at_least
from findings.selectors import findings_list, findings_summary_load, findings_unknown_filters
from registry.codes import code_argument

NEVER = "never"
FILTERS = ("department", "process", "duty", "rule", "kind", "severity")
# A mistyped name exits 2, like argparse's own errors, so a pipeline can tell it from findings (1).
USAGE_ERROR = 2


def _plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class Command(BaseCommand):
    help = (
        "Check the RACI matrix for overlaps and gaps. Exits 1 when a finding at or above "
        "--fail-on exists, so other teams can run the registry as a linter."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", dest="output_format", choices=["text", "json"], default="text"
        )
        parser.add_argument("--department", type=code_argument,
                            help="Only findings naming this department code.")
        parser.add_argument("--process", type=code_argument,
                            help="Only findings in this process (code).")
        parser.add_argument("--duty", type=code_argument, help="Only findings on this duty (code).")
        parser.add_argument("--rule", choices=Rule.values)
        parser.add_argument("--kind", choices=FindingKind.values)
        parser.add_argument("--severity", choices=Severity.values, help="Exactly this severity.")
        parser.add_argument(
            "--fail-on",
            choices=[*Severity.values, NEVER],
            default=Severity.ERROR.value,
            help="Exit 1 when a finding of this severity or worse exists (default: error).",
        )
        parser.add_argument(
            "--include-waived", action="store_true",
            help="Count waived findings too (by default they are listed apart and never fail).",
        )

    def handle(self, *args, output_format, fail_on, include_waived, **options):
        filters = {name: options[name] for name in FILTERS}
        unknown = findings_unknown_filters(
            department=filters["department"], process=filters["process"], duty=filters["duty"]
        )
        if unknown:
            raise CommandError(" ".join(unknown.values()), returncode=USAGE_ERROR)
        findings = list(findings_list(with_waived=include_waived, **filters))
        failing = fail_on != NEVER and bool(findings_at_least(findings, fail_on))
        counts = findings_summary_load(**filters)
        if output_format == "json":
            body = {"findings": [finding.as_dict() for finding in findings], "counts": counts}
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
        else:
            self._write_text(findings, counts, fail_on, failing, include_waived)
        if failing:
            sys.exit(1)

    def _write_text(self, findings, summary, fail_on, failing, include_waived):
        # The findings printed, waived ones among them with --include-waived.
        counts = Counter(finding.severity for finding in findings)
        self.stdout.write(
            f"Found {_plural(len(findings), 'finding')}." if findings else "No findings."
        )
        styles = {
            Severity.ERROR: self.style.ERROR,
            Severity.WARNING: self.style.WARNING,
            Severity.INFO: self.style.HTTP_INFO,
        }
        for severity, style in styles.items():
            group = [finding for finding in findings if finding.severity == severity]
            if group:
                self.stdout.write("")
                self.stdout.write(style(f"{severity.label} ({len(group)})"))
            for finding in group:
                self.stdout.write(f"  {finding.rule:<21} {finding.message}")
        tally = ", ".join(f"{counts[severity]} {severity}" for severity in Severity.values)
        if fail_on == NEVER:
            verdict, style = "never failing", str
        elif failing:
            verdict, style = f"failing on {fail_on} or worse", self.style.ERROR
        else:
            verdict, style = f"none at {fail_on} or worse", self.style.SUCCESS
        self.stdout.write("")
        self.stdout.write(style(f"{_plural(len(findings), 'finding')} ({tally}); {verdict}."))
        if summary["waived"]:
            self.stdout.write(f"{_plural(summary['waived'], 'waived finding')} "
                              + ("included above." if include_waived else
                                 "not counted (--include-waived counts them)."))
