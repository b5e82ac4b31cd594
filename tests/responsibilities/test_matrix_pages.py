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
    assert 'role="tooltip"' in row and "Give own-duty exactly one Accountable." in row
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
