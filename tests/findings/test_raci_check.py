"""`manage.py raci_check`: the findings as a linter, with exit codes pipelines can rely on."""

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError
from django.utils import timezone

from tests import factories
from tests.findings.commands import raci_check as run

pytestmark = pytest.mark.django_db


def give(duty, role, letters):
    for letter in letters:
        factories.AssignmentFactory(duty=duty, role=role, department=None, raci=letter)


@pytest.fixture
def matrix():
    """One finding of each severity: an error in tech, a warning in both, an info in cs."""
    tech, cs = factories.DepartmentFactory(code="tech"), factories.DepartmentFactory(code="cs")
    dev = factories.RoleFactory(code="dev", department=tech)
    agent = factories.RoleFactory(code="agent", department=cs)
    factories.MembershipFactory(role=dev)
    factories.MembershipFactory(role=agent)
    process = factories.ProcessFactory(code="support", owner=cs)
    give(factories.DutyFactory(code="d-noa", title="Missing approver"), dev, "R")
    shared = factories.DutyFactory(code="d-shared", process=process)
    give(shared, dev, "AR")
    give(shared, agent, "R")
    overdue = timezone.localdate() - timedelta(days=1)
    give(factories.DutyFactory(code="d-old", review_by=overdue), agent, "AR")


@pytest.mark.parametrize(
    "args, code",
    [
        ((), 1),
        (("--fail-on", "never"), 0),
        (("--severity", "warning"), 0),
        (("--severity", "warning", "--fail-on", "warning"), 1),
        (("--severity", "info", "--fail-on", "warning"), 0),
        (("--severity", "info", "--fail-on", "info"), 1),
        (("--fail-on", "info", "--rule", "no-responsible"), 0),
    ],
)
def test_exit_code_is_1_only_when_a_finding_reaches_fail_on(matrix, args, code):
    assert run(*args)[0] == code


def test_a_clean_matrix_exits_0_and_says_so():
    code, out = run("--fail-on", "info")
    assert code == 0
    assert out.startswith("No findings.")


def test_json_lists_findings_and_counts(matrix):
    code, out = run("--format", "json")
    body = json.loads(out)
    assert code == 1
    assert set(body) == {"findings", "counts"}
    assert [(f["rule"], f["duty"]) for f in body["findings"]] == [
        ("no-accountable", "d-noa"),
        ("shared-responsible", "d-shared"),
        ("review-overdue", "d-old"),
    ]
    assert body["findings"][1]["departments"] == ["cs", "tech"]
    assert body["findings"][1]["process"] == "support"
    assert body["counts"]["by_severity"] == {"error": 1, "warning": 1, "info": 1}
    assert body["counts"]["overlapping_pairs"] == [{"departments": ["cs", "tech"], "duties": 1}]


@pytest.mark.parametrize(
    "args, duties",
    [
        (("--department", "cs"), ["d-shared", "d-old"]),
        (("--department", "tech"), ["d-noa", "d-shared"]),
        (("--process", "support"), ["d-shared"]),
        (("--duty", "d-old"), ["d-old"]),
        (("--rule", "no-accountable"), ["d-noa"]),
        (("--kind", "hygiene"), ["d-old"]),
    ],
)
def test_filters_narrow_the_findings(matrix, args, duties):
    _code, out = run("--format", "json", *args)
    assert [finding["duty"] for finding in json.loads(out)["findings"]] == duties


def test_text_gives_the_total_then_groups_by_severity_then_a_summary(matrix):
    _code, out = run()
    lines = out.splitlines()
    assert lines[0] == "Found 3 findings."
    headings = [line for line in lines if line and not line.startswith(" ")][1:-1]
    assert headings == ["Error (1)", "Warning (1)", "Info (1)"]
    assert "  no-accountable        Give “Missing approver” exactly one Accountable." in lines
    assert lines[-1] == "3 findings (1 error, 1 warning, 1 info); failing on error or worse."


def test_summary_line_says_when_nothing_reaches_fail_on(matrix):
    _code, out = run("--severity", "info")
    assert out.splitlines()[-1] == "1 finding (0 error, 0 warning, 1 info); none at error or worse."


@pytest.mark.parametrize(
    "args, message",
    [
        (("--department", "nowhere"), "There is no department “nowhere”."),
        (("--process", "nothing"), "There is no process “nothing”."),
        (("--duty", "nobody"), "There is no duty “nobody”."),
    ],
)
def test_unknown_codes_fail_with_a_clear_message(matrix, args, message):
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2


@pytest.mark.parametrize(
    "args, name",
    [
        (("--rule", "no-owner"), "--rule"),
        (("--severity", "fatal"), "--severity"),
        (("--fail-on", "sometimes"), "--fail-on"),
        (("--format", "xml"), "--format"),
    ],
)
def test_unknown_names_fail_listing_the_choices(args, name):
    with pytest.raises(CommandError, match=f"argument {name}: invalid choice"):
        run(*args)
