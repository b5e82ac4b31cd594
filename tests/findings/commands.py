"""Running the findings' management commands in a test."""

from io import StringIO

from django.core.management import call_command


def raci_check(*args):
    """`raci_check`'s exit code and output."""
    out = StringIO()
    try:
        call_command("raci_check", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()
