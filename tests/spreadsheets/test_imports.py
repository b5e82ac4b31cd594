"""import_matrix / export_matrix: round trips, dry runs, bad files, big files."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from responsibilities.models import Assignment, Duty
from responsibilities.selectors.current_matrix import matrix_read
from responsibilities.services import cells as cells_module
from spreadsheets import services as import_services
from spreadsheets.services import matrix_import
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix():
    """Two duties in a process, letters on a department and a role (incl. A+R)."""
    tech = factories.DepartmentFactory(code="tech", name="Technology")
    oncall = factories.RoleFactory(code="oncall", name="On-call", department=tech)
    support = factories.DepartmentFactory(code="support", name="Support")
    process = factories.ProcessFactory(code="outage", owner=tech)
    fix = factories.DutyFactory(code="pay-fix", title="Fix payments", process=process)
    tell = factories.DutyFactory(code="pay-tell", title="Tell users", process=process)
    for duty, party, letter in [(fix, oncall, "R"), (fix, tech, "A"), (tell, support, "A"),
                                (tell, support, "R"), (tell, tech, "I")]:
        kind = "role" if party is oncall else "department"
        Assignment.objects.create(duty=duty, raci=letter, **{kind: party})
    return process


def cells():
    return matrix_read(axis="role").cells


def run(command, *args):
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def write(tmp_path, text, name="sheet.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_clear_import_gives_back_the_same_matrix(matrix, tmp_path, suffix):
    before = cells()
    path = str(tmp_path / f"matrix.{suffix}")
    assert "2 duties" in run("export_matrix", "--output", path)
    Assignment.objects.all().delete()
    assert cells() == {}
    output = run("import_matrix", path)
    assert "Imported: 0 duties created, 4 cells created" in output
    assert cells() == before


def test_dry_run_reports_and_changes_nothing(matrix, tmp_path):
    path = write(tmp_path, "duty,title,tech,role:oncall,support\n"
                           "pay-fix,,A,,R\npay-tell,,,C,AR\n")
    output = run("import_matrix", path, "--dry-run")
    assert "cleared  pay-fix × role:oncall: R → -" in output
    assert "created  pay-fix × department:support: - → R" in output
    assert "Dry run: 0 duties created, 2 cells created, 0 changed, 2 cleared" in output
    assert cells()["pay-fix"] == {"role:oncall": "R", "department:tech": "A"}


def test_the_command_counts_in_proper_plurals(matrix, tmp_path):
    output = run("import_matrix", write(tmp_path, "duty,title,process,tech\n"
                                                  "new-duty,New duty,outage,R\n"))
    assert "sheet.csv: 1 row read." in output
    assert "Imported: 1 duty created, 1 cell created, 0 changed, 0 cleared." in output
    assert "Wrote 3 duties × 3 parties" in run("export_matrix", "--output",
                                               str(tmp_path / "m.csv"))
    with pytest.raises(CommandError, match="^1 problem found; nothing was changed.$"):
        run("import_matrix", write(tmp_path, "duty,title,tech\npay-fix,,Boss\n"))


def test_the_problems_of_many_cells_name_the_first_five_and_count_the_rest(matrix):
    sheet = "duty,title,tech,support\npay-fix,,X,X\npay-tell,,X,X\n,Third,X,X\n"
    problems = matrix_import(content=sheet.encode(), filename="m.csv").as_dict()["problems"]
    assert "(6 cells: C (tech) row 2, D (support) row 2, C (tech) row 3, D (support) row 3, " \
           "C (tech) row 4 and 1 more)" in problems[0]["message"]


def test_import_sets_listed_cells_and_leaves_other_columns_alone(matrix, tmp_path):
    run("import_matrix", write(tmp_path, "duty,title,Support\npay-fix,,C\npay-tell,,I\n"))
    assert cells()["pay-fix"] == {"role:oncall": "R", "department:tech": "A",
                                  "department:support": "C"}
    assert cells()["pay-tell"] == {"department:support": "I", "department:tech": "I"}


def test_rows_without_code_match_by_title_or_create_the_duty(matrix, tmp_path):
    path = write(tmp_path, "duty,title,process,step,tech\n"
                           ",Fix payments,,,AR\n,Refund customers,outage,,R\n")
    run("import_matrix", path)
    assert cells()["pay-fix"]["department:tech"] == "AR"
    created = Duty.objects.get(title_en="Refund customers")
    assert (created.code, created.process, created.step) == ("refund-customers", matrix, 3)
    assert cells()["refund-customers"] == {"department:tech": "R"}


@pytest.mark.parametrize(("sheet", "message"), [
    ("duty,title,marketing\npay-fix,,A\n", "row 1, column C (marketing): Unknown column"),
    ("duty,title,tech\npay-fix,,Boss\n", "row 2, column C (tech): “Boss” is not a RACI letter"),
    ("duty,title,tech\npay-fix,,A\npay-fix,,R\n", "row 3, column duty: Duty pay-fix already"),
    ("duty,title,tech\nnew-duty,,A\n", "row 2, column title: A new duty needs a title"),
    ("duty,title,process,tech\n,New,nowhere,A\n", "Unknown process “nowhere”"),
    ("duty,title,process,step,tech\n,New,outage,1,A\n", "Step 1 of outage is already taken"),
    ("duty,title,process,step,tech\n,New,outage,2147483648,A\n",
     "row 2, column step: The step must be a whole number from 1 to 2147483647"),
    ("duty,title,tech,Technology\npay-fix,,A,A\n", "is the same party as column C"),
    ("tech,support\nA,R\n", "needs a “duty” (code) or a “title” column"),
])
def test_a_bad_sheet_names_the_place_and_changes_nothing(matrix, tmp_path, sheet, message):
    before, duties = cells(), Duty.objects.count()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_matrix", write(tmp_path, sheet), stdout=StringIO(),
                     stderr=(err := StringIO()))
    assert message in err.getvalue()
    assert cells() == before
    assert Duty.objects.count() == duties


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"), (b"PK\x03\x04broken", "not a valid xlsx workbook"),
])
def test_a_file_that_is_not_a_sheet_is_refused(matrix, tmp_path, content, message):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_matrix", str(path), stdout=StringIO())


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_matrix", str(tmp_path / "nope.csv"), stdout=StringIO())


def test_import_records_history_with_the_user(matrix, admin_user):
    content = b"duty,title,tech\npay-fix,,C\n"
    matrix_import(content=content, filename="m.csv", user=admin_user)
    added = Assignment.history.filter(history_type="+", raci="C").get()
    removed = Assignment.history.filter(history_type="-", raci="A").get()
    assert added.history_user == removed.history_user == admin_user


def big_sheet(rows):
    lines = ["duty,title,process,tech,role:oncall,support"]
    lines += [f"bulk-{n},Bulk duty {n},outage,A,R,{'C' if n % 2 else 'I'}" for n in range(rows)]
    return "\n".join(lines) + "\n"


def test_two_thousand_rows_import_with_progress(matrix, tmp_path):
    output = run("import_matrix", write(tmp_path, big_sheet(2000)))
    assert "Writing 6,000 letters" in output
    assert "written 3,000/6,000" in output
    assert "Imported: 2000 duties created, 6000 cells created" in output
    assert Assignment.objects.filter(duty__code__startswith="bulk-").count() == 6000


def test_a_failure_half_way_leaves_nothing_behind(matrix, tmp_path, monkeypatch):
    calls = []

    def failing_bulk_create(model, objects, **kwargs):
        calls.append(model)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(model, objects, **kwargs)

    # The import creates its duties, then the cells service writes the letters in batches.
    original = import_services.bulk_create_recorded
    monkeypatch.setattr(import_services, "bulk_create_recorded", failing_bulk_create)
    monkeypatch.setattr(cells_module, "bulk_create_recorded", failing_bulk_create)
    with pytest.raises(RuntimeError):
        matrix_import(content=big_sheet(400).encode(), filename="m.csv")
    assert not Duty.objects.filter(code__startswith="bulk-").exists()


def test_export_of_an_unknown_process_is_a_command_error(matrix, tmp_path):
    with pytest.raises(CommandError, match="Unknown process 'nowhere'"):
        call_command("export_matrix", "--process", "nowhere", "--output",
                     str(tmp_path / "m.csv"), stdout=StringIO())


def test_export_to_an_unwritable_place_is_a_command_error(matrix, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_matrix", "--output", str(tmp_path), stdout=StringIO())


def test_export_of_one_process_has_only_its_duties(matrix, tmp_path):
    factories.DutyFactory(code="elsewhere", process=factories.ProcessFactory())
    path = tmp_path / "outage.csv"
    run("export_matrix", "--process", "outage", "--output", str(path))
    rows = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["pay-fix", "pay-tell"]


def test_a_cell_edited_while_the_file_is_read_stops_the_import_instead_of_being_lost(
        matrix, monkeypatch):
    original = import_services.import_context_load

    def read_then_someone_edits(**kwargs):
        context = original(**kwargs)
        cells_module.cells_set(changes=[cells_module.CellChange("pay-fix", "role:oncall", "RC")],
                               user=None)
        return context

    monkeypatch.setattr(import_services, "import_context_load", read_then_someone_edits)
    sheet = "duty,title,process,role:oncall\npay-fix,,,A\nnew-duty,New duty,outage,R\n"
    result = matrix_import(content=sheet.encode(), filename="m.csv")
    assert not result.applied
    assert [(p["row"], p["column"]) for p in result.as_dict()["problems"]] == [
        (2, "role:oncall")]
    assert "changed to “RC”" in result.as_dict()["problems"][0]["message"]
    # all of the import is rolled back (here with the edit, made on the same connection)
    assert cells()["pay-fix"]["role:oncall"] != "A"
    assert not Duty.objects.filter(code="new-duty").exists()
