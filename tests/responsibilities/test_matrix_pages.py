"""The matrix page and its no-JavaScript cell editor."""

import re

import pytest
from django.urls import reverse

from responsibilities.models import Assignment, Raci

pytestmark = pytest.mark.django_db

CELL = reverse("responsibilities:matrix_cell_edit")


def letters(duty, role):
    return "".join(sorted(Assignment.objects.filter(duty=duty, role=role)
                          .values_list("raci", flat=True)))


def test_matrix_shows_letters_with_colour_and_letter_and_scoped_headers(page_world, client_as):
    html = client_as("viewer").get("/matrix/").content.decode()
    assert '<abbr class="raci raci-a" title="Accountable">A</abbr>' in html
    assert '<th scope="col" class="party--role" data-party="role:own-role">' in html
    assert re.search(r'<th scope="row" class="duty-head">\s*<span class="step">1\.</span>', html)
    assert '<th scope="colgroup"' in html  # process group rows


def test_viewer_gets_no_edit_controls(page_world, client_as):
    html = client_as("viewer").get("/matrix/").content.decode()
    assert "is-editable" not in html and 'data-editable="true"' not in html and CELL not in html


def test_process_editor_may_edit_only_the_rows_of_their_process(page_world, client_as):
    html = client_as("process_editor").get("/matrix/").content.decode()
    assert "matrix.js" in html and 'data-endpoint="/api/v1/matrix/cells/"' in html
    own_row = html.split('id="duty-own-duty"')[1].split("</tr>")[0]
    far_row = html.split('id="duty-far-duty"')[1].split("</tr>")[0]
    assert "is-editable" in own_row and f"{CELL}?duty=own-duty" in own_row
    assert "is-editable" not in far_row


def test_department_axis_folds_roles_into_their_department_and_is_read_only(
        page_world, client_as):
    html = client_as("editor").get("/matrix/", {"axis": "department"}).content.decode()
    assert 'data-party="role:' not in html and 'data-party="department:own-dept"' in html
    assert "is-editable" not in html


def test_filters_keep_the_duties_of_one_process(page_world, client_as):
    html = client_as("viewer").get("/matrix/", {"process": "far-process"}).content.decode()
    assert 'id="duty-far-duty"' in html and 'id="duty-own-duty"' not in html


def test_rows_with_findings_are_marked_and_explained(page_world, client_as):
    Assignment.objects.filter(duty=page_world.own_duty, raci=Raci.ACCOUNTABLE).delete()
    html = client_as("viewer").get("/matrix/").content.decode()
    row = html.split('id="duty-own-duty"')[1].split("</tr>")[0]
    assert 'class="has-findings worst-error"' in html
    assert 'role="tooltip"' in row and "exactly one Accountable." in row
    assert 'id="findings-count" data-count="1"' in html


def test_cell_form_sets_the_letters_and_returns_to_the_matrix(page_world, client_as):
    response = client_as("process_editor").post(CELL, {
        "duty": "own-duty", "party": "role:own-role", "letters": ["A", "C"], "expect": "AR",
        "next": "/matrix/?process=own-process"})
    assert response.status_code == 302 and response.url == "/matrix/?process=own-process"
    assert letters(page_world.own_duty, page_world.own_role) == "AC"


def test_cell_form_shows_a_conflict_instead_of_overwriting(page_world, client_as):
    response = client_as("editor").post(CELL, {
        "duty": "own-duty", "party": "role:own-role", "letters": [], "expect": "A"})
    assert response.status_code == 409
    assert "Someone changed this cell after you opened it" in response.content.decode()
    assert letters(page_world.own_duty, page_world.own_role) == "AR"


def test_cell_form_shows_the_services_refusal_as_a_form_error(page_world, client_as):
    response = client_as("editor").post(CELL, {
        "duty": "own-duty", "party": "role:own-role", "letters": ["A"], "expect": "<>"})
    assert response.status_code == 200
    assert "is not a RACI letter" in response.content.decode()
    assert letters(page_world.own_duty, page_world.own_role) == "AR"


def test_cell_form_refuses_an_unsafe_next_and_an_unknown_party(page_world, client_as):
    client = client_as("editor")
    response = client.post(CELL, {"duty": "own-duty", "party": "role:own-role",
                                  "letters": ["A"], "expect": "AR", "next": "https://evil.test/"})
    assert response.url == "/matrix/?process=own-process#duty-own-duty"
    assert client.get(CELL, {"duty": "own-duty", "party": "role:nobody"}).status_code == 404
    assert client.get(CELL, {"duty": "own-duty", "party": "nonsense"}).status_code == 404


def test_cell_form_has_labelled_checkboxes_with_the_current_letters(page_world, client_as):
    html = client_as("editor").get(CELL, {"duty": "own-duty", "party": "role:own-role"}
                                   ).content.decode()
    assert '<legend>Letters</legend>' in html
    assert re.search(r'<label for="id_letters_0"><input[^>]+value="A"[^>]+checked', html)
    assert 'name="expect" value="AR"' in html


def test_matrix_compared_with_a_date_highlights_changed_cells(page_world, client_as):
    Assignment.objects.filter(duty=page_world.far_duty, raci=Raci.RESPONSIBLE).delete()
    html = client_as("viewer").get("/matrix/", {"since": "2020-01-01"}).content.decode()
    assert "cells changed since" in html and "is-changed" in html


def test_staff_see_the_admin_link_and_the_admin_links_back(page_world, client, superuser):
    client.force_login(superuser)
    assert "/admin/responsibilities/assignment/" in client.get("/matrix/").content.decode()
    admin_html = client.get(reverse("admin:index")).content.decode()
    assert 'id="admin-matrix-link"' in admin_html
    change = reverse("admin:responsibilities_duty_change", args=[page_world.own_duty.pk])
    html = client.get(change).content.decode()
    assert "/duties/own-duty/" in html and "/matrix/?process=own-process#duty-own-duty" in html


def test_a_large_matrix_is_shown_a_page_of_rows_at_a_time(page_world, client_as, monkeypatch):
    monkeypatch.setattr("responsibilities.views.matrix_pages.ROWS_PER_PAGE", 2)
    client = client_as("viewer")
    first = client.get("/matrix/").content.decode()
    assert first.count('class="duty-head"') == 2 and "Page 1 of 2" in first
    second = client.get("/matrix/", {"page": 2}).content.decode()
    assert second.count('class="duty-head"') == 1 and 'id="duty-own-duty"' not in second
    # only the columns the shown rows use
    assert 'data-party="role:own-role"' in second and "page=1" in second


def test_a_wide_matrix_is_shown_a_page_of_columns_at_a_time_in_bounded_html(client_as):
    from tests import factories

    duties = [factories.DutyFactory(code=f"wide-{n:03}") for n in range(100)]
    for n in range(130):  # 130 departments, each with a letter on some duty
        factories.AssignmentFactory(duty=duties[n % 100], raci=Raci.CONSULTED,
                                    department=factories.DepartmentFactory(code=f"d{n:03}"))
    client = client_as("editor")  # every row editable: the largest page there is
    first = client.get("/matrix/").content.decode()
    assert first.count('<th scope="col" class="party--department"') == 100
    assert "Columns 1–100 of 130" in first and "columns=2" in first
    assert len(first.encode()) < 300_000, "a 100 × 100 page of editable cells"
    second = client.get("/matrix/", {"columns": 2}).content.decode()
    assert second.count('<th scope="col" class="party--department"') == 30
    assert "Columns 101–130 of 130" in second and "columns=1" in second


def test_without_javascript_an_editable_row_leads_to_any_of_its_cells(page_world, client_as):
    client = client_as("process_editor")
    html = client.get("/matrix/").content.decode()
    row = html.split('id="duty-own-duty"')[1].split("</tr>")[0]
    link = re.search(r'<a class="row-edit" href="([^"]+)"', row).group(1).replace("&amp;", "&")
    chooser = client.get(link).content.decode()
    assert '<select name="party"' in chooser and 'value="role:own-role"' in chooser
    assert 'name="next" value="/matrix/#duty-own-duty"' in chooser
    form = client.get(CELL, {"duty": "own-duty", "party": "role:own-role",
                             "next": "/matrix/#duty-own-duty"})
    assert form.status_code == 200 and 'name="expect" value="AR"' in form.content.decode()
    assert client.get(CELL, {"duty": "far-duty"}).status_code == 403
    assert client.get(CELL, {"duty": "no-such-duty"}).status_code == 404


def test_the_filter_selects_are_written_escaped_with_the_choice_selected():
    from types import SimpleNamespace

    from responsibilities.forms import MatrixFilterForm

    form = MatrixFilterForm({"process": "p<2"}, departments=[
        SimpleNamespace(code="ops", name="Ops & <Dev>")], processes=[
        SimpleNamespace(code="p<2", name="Pay")])
    assert str(form["process"]) == (
        '<select name="process" id="id_process"><option value="">All processes</option>'
        '<option value="p&lt;2" selected>Pay</option></select>')
    assert '<option value="ops">Ops &amp; &lt;Dev&gt;</option>' in str(form["department"])
    assert form.is_valid()


def header_keys(html):
    """The party keys of the column headers, in order."""
    return re.findall(r'<th scope="col" class="party--\w+" data-party="([^"]+)">', html)


def duty_rows(html):
    return re.findall(r'<tr id="duty-([^"]+)"', html)


def test_a_shown_party_gets_a_column_first_though_it_holds_no_letter(page_world, client_as):
    from tests import factories

    factories.RoleFactory(code="new-role", name="New role", department=page_world.far_department)
    html = client_as("editor").get("/matrix/", {"show": "role:new-role"}).content.decode()
    assert header_keys(html)[0] == "role:new-role"
    assert len(duty_rows(html)) == 3  # no other filter: every duty, paged
    # every cell of the new column is there, empty, ready for its first letter
    own_row = html.split('id="duty-own-duty"')[1].split("</tr>")[0]
    assert own_row.count("<td") == len(header_keys(html))
    # the filters keep it when they change; the column picker no longer offers it
    assert '<input type="hidden" name="show" value="role:new-role"' in html
    picker = html.split('id="id_add_column"')[1].split("</select>")[0]
    assert 'value="role:new-role"' not in picker and 'value="role:own-role">Own role<' in picker


def test_shown_parties_come_first_in_the_order_asked(page_world, client_as):
    html = client_as("viewer").get(
        "/matrix/?show=role:far-role&show=department:own-dept&show=role:far-role").content.decode()
    keys = header_keys(html)
    assert keys[:2] == ["role:far-role", "department:own-dept"] and len(keys) == len(set(keys))


def test_the_add_a_column_picker_names_every_party_and_keeps_the_filters(page_world, client_as):
    html = client_as("viewer").get("/matrix/", {"process": "own-process",
                                                "page": "1"}).content.decode()
    form = html.split('<form class="add-column"')[1].split("</form>")[0]
    assert '<input type="hidden" name="process" value="own-process">' in form
    assert 'name="page"' not in form
    assert '<label for="id_add_column">Add a column</label>' in form
    assert '<optgroup label="Far department"><option value="department:far-dept">' \
           'Far department (the department)</option><option value="role:far-role">Far role' in form


def test_on_the_department_axis_a_shown_role_is_its_departments_column(page_world, client_as):
    from tests import factories

    empty = factories.DepartmentFactory(code="empty-dept", name="Empty department")
    factories.RoleFactory(code="lone-role", department=empty)
    html = client_as("viewer").get("/matrix/", {"axis": "department",
                                                "show": "role:lone-role"}).content.decode()
    assert header_keys(html)[0] == "department:empty-dept"
    picker = html.split('id="id_add_column"')[1].split("</select>")[0]
    assert "role:" not in picker


@pytest.mark.parametrize("value", ["role:nobody", "nonsense", "department:"])
def test_an_unknown_shown_party_is_a_clear_error_and_the_rest_still_shows(
        page_world, client_as, value):
    response = client_as("viewer").get("/matrix/", {"show": value, "process": "own-process"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<div class="notice notice--error section" id="matrix-errors" '
                     r'role="alert">', html)
    errors = html.split('id="matrix-errors"')[1].split("</div>")[0]
    assert "There is no department or role" in errors or "is not a party" in errors
    assert duty_rows(html) == ["own-duty", "next-duty"]  # the valid filter still applies


def test_too_many_shown_parties_are_refused(page_world, client_as):
    html = client_as("viewer").get(
        "/matrix/", {"show": [f"role:r{n}" for n in range(21)]}).content.decode()
    assert "Show at most 20 columns by name." in html


def test_one_duty_row_on_the_role_axis_with_its_cell_to_focus(page_world, client_as):
    client = client_as("process_editor")
    html = client.get("/matrix/", {"duty": "own-duty", "focus": "role:far-role",
                                   "axis": "department"}).content.decode()
    assert duty_rows(html) == ["own-duty"]
    assert 'data-party="role:own-role"' in html  # the role axis, whatever was asked
    assert header_keys(html)[0] == "role:far-role"
    assert 'data-focus-duty="own-duty" data-focus="role:far-role"' in html
    assert 'class="is-editable' in html and "Show every duty" in html
    every = re.search(r'<a href="\?([^"]*)">Show every duty', html).group(1)
    assert "duty=" not in every and "focus=" not in every
    # a viewer gets the same row, read-only
    html = client_as("viewer").get("/matrix/", {"duty": "own-duty"}).content.decode()
    assert duty_rows(html) == ["own-duty"] and "is-editable" not in html
    assert 'data-focus-duty="own-duty" data-focus=""' in html


def test_focus_alone_shows_the_party_and_a_new_role_can_be_focused(page_world, client_as):
    from tests import factories

    factories.RoleFactory(code="successor", department=page_world.own_department)
    html = client_as("editor").get("/matrix/", {"duty": "far-duty",
                                                "focus": "role:successor"}).content.decode()
    assert header_keys(html)[0] == "role:successor"
    row = html.split('id="duty-far-duty"')[1].split("</tr>")[0]
    assert "is-editable" in html.split('id="duty-far-duty"')[1][:60] and "<td></td>" in row


@pytest.mark.parametrize(("query", "message"), [
    ({"duty": "no-such-duty"}, "There is no active duty “no-such-duty”."),
    ({"duty": "a b"}, "Enter a valid “slug”"),
    ({"duty": "own-duty", "focus": "nonsense"}, "“nonsense” is not a party"),
    ({"duty": "own-duty", "focus": "role:nobody"}, "There is no department or role “role:nobody”."),
])
def test_a_bad_duty_or_focus_is_a_clear_error(page_world, client_as, query, message):
    response = client_as("editor").get("/matrix/", query)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.split('id="matrix-errors"')[1].split("</div>")[0]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("as_of", "2020-13-45", "Enter a valid date."),
    ("since", "yesterday", "Enter a valid date."),  # the old name still works, errors too
    ("as_of", "2999-01-01", "Choose a date that is not in the future."),
])
def test_an_unreadable_compare_date_is_a_form_error_on_the_page(
        page_world, client_as, name, value, message):
    response = client_as("viewer").get("/matrix/", {name: value, "process": "far-process"})
    html = response.content.decode()
    assert response.status_code == 200
    errors = html.split('id="matrix-errors"')[1].split("</div>")[0]
    assert '<a href="#id_as_of">Compare with the matrix as of</a>: ' + message in errors
    date_input = html.split('name="as_of"')[1].split(">")[0]
    assert 'aria-invalid="true"' in date_input
    assert 'aria-describedby="id_as_of_help matrix-errors"' in date_input
    assert "cells changed since" not in html and "is-changed" not in html
    assert duty_rows(html) == ["far-duty"]  # the other filters still apply


def test_as_of_is_the_compare_date_and_since_its_alias(page_world, client_as):
    Assignment.objects.filter(duty=page_world.far_duty, raci=Raci.RESPONSIBLE).delete()
    client = client_as("viewer")
    for name in ("as_of", "since"):
        html = client.get("/matrix/", {name: "2020-01-01"}).content.decode()
        assert "cells changed since" in html and "is-changed" in html, name
        assert 'name="as_of" value="2020-01-01"' in html
    assert "Compare with the matrix as of" in html


def export_links(html):
    return [link.replace("&amp;", "&") for link in
            re.findall(r'href="(/api/v1/matrix/\?format=[^"]+)"', html)]


def test_exports_are_as_assigned_whatever_the_view_with_the_summary_on_the_department_axis(
        page_world, client_as):
    client = client_as("viewer")
    links = export_links(client.get("/matrix/", {"process": "own-process"}).content.decode())
    assert links and all("axis=role" in link and "process=own-process" in link
                         for link in links)
    html = client.get("/matrix/", {"axis": "department", "as_of": "2020-01-01"}).content.decode()
    links = export_links(html)
    assert {"axis=role" in link for link in links} == {True, False}
    assert all("as_of" not in link for link in links)
    assert "Export the summary as CSV" in html
    for link in links:  # each one answers with a file
        assert client.get(link).status_code == 200


@pytest.mark.parametrize("allowed", [True, False])
def test_the_import_link_follows_the_matrix_actions_panel(page_world, client_as, monkeypatch,
                                                         allowed):
    from registry import panels

    monkeypatch.setattr(panels, "_providers", {**panels._providers, "matrix_actions": [
        lambda *, user: {"import_allowed": allowed and user.username == "editor"}]})
    assert ("Import a spreadsheet" in client_as("editor").get("/matrix/").content.decode()) \
        is allowed
    assert "Import a spreadsheet" not in client_as("viewer").get("/matrix/").content.decode()


def test_the_matrix_is_a_grid_read_only_where_the_reader_may_not_edit(page_world, client_as):
    viewer = client_as("viewer").get("/matrix/").content.decode()
    assert '<table class="matrix" id="matrix" role="grid"' in viewer
    assert 'aria-readonly="true"' in viewer.split('role="grid"')[1][:200]
    assert '<td aria-readonly' not in viewer  # said once, on the grid
    mixed = client_as("process_editor").get("/matrix/").content.decode()
    assert 'aria-readonly="true"' not in mixed.split('role="grid"')[1][:200]
    own_row = mixed.split('id="duty-own-duty"')[1].split("</tr>")[0]
    far_row = mixed.split('id="duty-far-duty"')[1].split("</tr>")[0]
    assert "aria-readonly" not in own_row and far_row.count('<td aria-readonly="true"') == \
        far_row.count("<td")
    assert 'id="cell-picker" role="dialog"' in mixed and 'id="matrix-undo"' in mixed
    assert 'id="cell-picker"' not in viewer and 'id="matrix-undo"' not in viewer


def test_department_and_role_pages_open_the_matrix_with_their_column(page_world, client_as):
    from tests import factories

    department = factories.DepartmentFactory(code="brand-new", name="Brand new")
    factories.RoleFactory(code="first-post", department=department)
    client = client_as("editor")
    page = client.get(reverse("responsibilities:department_detail", args=["brand-new"]))
    link = re.search(r'href="(/matrix/\?[^"]+)">Open in the matrix', page.content.decode())
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert header_keys(html)[0] == "department:brand-new" and duty_rows(html)
    assert "No duties match" not in html
    page = client.get(reverse("responsibilities:role_detail", args=["first-post"]))
    link = re.search(r'href="(/matrix/\?[^"]+)">Open in the matrix', page.content.decode())
    assert header_keys(client.get(link.group(1)).content.decode())[0] == "role:first-post"


@pytest.mark.parametrize("query", [
    "show=role:own-role&show=department:far-dept",
    "duty=own-duty&focus=role:far-role",
    "as_of=2020-01-01&show=role:own-role",
    "as_of=not-a-date&show=role:nobody",
])
def test_shown_columns_one_row_and_errors_keep_a_flat_query_count(query, client_as, grow):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("process_editor")

    def count():
        client.get(f"/matrix/?{query}")  # warms the caches as the page-count test does
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/matrix/?{query}").status_code == 200
        return len(queries)

    small = count()
    grow(5)
    assert count() == small
