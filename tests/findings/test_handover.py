"""handover: a role's, a department's or a leaver's letters given to successors in one batch,
through the API (POST /api/v1/handover/) and the page (/handover/)."""

import json
import re
from datetime import date

import pytest

from findings.models import StoredFinding
from findings.store import findings_current
from responsibilities.models import Assignment, Raci
from tests import factories
from tests.api_world import HistoryWatch
from tests.snapshots import matrix_cells as cells

pytestmark = pytest.mark.django_db
URL = "/api/v1/handover/"
PAGE = "/handover/"


def history_count():
    return Assignment.history.count()


def post(client, **payload):
    return client.post(URL, payload, format="json")


@pytest.fixture
def vacant(world):
    """gone-role, a post of own-dept nobody holds: R on own-duty (beside own-dept's R and
    far-role's A) and R on far-duty (far-role A). Its vacancy is a stored finding on both;
    handing its R to far-role (far-dept) makes own-duty's R shared across two departments."""
    gone = factories.RoleFactory(code="gone-role", name="Gone role",
                                 department=world.own_department)
    factories.AssignmentFactory(duty=world.own_duty, role=gone, raci=Raci.RESPONSIBLE)
    factories.AssignmentFactory(duty=world.own_duty, role=world.far_role, raci=Raci.ACCOUNTABLE)
    factories.AssignmentFactory(duty=world.far_duty, role=gone, raci=Raci.RESPONSIBLE)
    world.gone_role = gone
    return world


# --- API: preview and apply ---------------------------------------------------------------


def test_a_dry_run_lists_the_moves_and_the_findings_and_changes_nothing(vacant, api_client_as):
    before, history = cells(), history_count()
    response = post(api_client_as("editor"), party="role:gone-role", to="role:far-role",
                    dry_run=True)
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] is False
    assert body["sources"] == ["role:gone-role"]
    assert sorted((m["duty"], m["letters"], m["successor"], m["successor_letters"])
                  for m in body["moves"]) == [
        ("far-duty", "R", "role:far-role", "A"), ("own-duty", "R", "role:far-role", "A")]
    introduced = [(f["rule"], f["duty"], f["parties"]) for f in body["introduced"]]
    assert introduced == [("shared-responsible", "own-duty",
                           ["department:own-dept", "role:far-role"])]
    assert body["introduced"][0]["message"]
    resolved = [(f["rule"], f["duty"], f["parties"]) for f in body["resolved"]]
    assert sorted(resolved) == [("vacant-owner", "far-duty", ["role:gone-role"]),
                                ("vacant-owner", "own-duty", ["role:gone-role"])]
    assert cells() == before
    assert history_count() == history


def test_the_dry_run_names_the_cells_as_they_stand_for_expect(vacant, api_client_as):
    body = post(api_client_as("editor"), party="role:gone-role", to="role:far-role",
                dry_run=True).json()
    assert sorted((c["duty"], c["party"], c["raci"]) for c in body["cells"]) == [
        ("far-duty", "role:far-role", "A"), ("far-duty", "role:gone-role", "R"),
        ("own-duty", "role:far-role", "A"), ("own-duty", "role:gone-role", "R")]


def test_the_preview_reports_exactly_what_applying_does_and_stores_no_finding(
    vacant, api_client_as
):
    findings_current()  # the factories' writes, as the stored findings
    stored = list(StoredFinding.objects.order_by("pk").values())
    client = api_client_as("editor")
    preview = post(client, party="role:gone-role", to="role:far-role", dry_run=True).json()
    assert list(StoredFinding.objects.order_by("pk").values()) == stored
    applied = post(client, party="role:gone-role", to="role:far-role").json()
    assert applied["introduced"] == preview["introduced"]
    assert applied["resolved"] == preview["resolved"]
    assert StoredFinding.objects.filter(rule="vacant-owner", resolved_at__isnull=True,
                                        parties="role:gone-role").count() == 0
    assert StoredFinding.objects.filter(rule="shared-responsible", duty="own-duty",
                                        resolved_at__isnull=True).count() == 1


def test_applying_moves_the_letters_and_the_successor_holds_both(vacant, api_client_as):
    response = post(api_client_as("editor"), party="role:gone-role", to="role:far-role")
    assert response.status_code == 200
    assert response.json()["applied"] is True
    after = cells()
    assert ("own-duty", "role:gone-role") not in after
    assert ("far-duty", "role:gone-role") not in after
    assert after[("own-duty", "role:far-role")] == "AR"
    assert after[("far-duty", "role:far-role")] == "AR"
    assert after[("own-duty", "department:own-dept")] == "R"


def test_each_letter_moved_leaves_one_history_row_naming_the_user(vacant, api_client_as,
                                                                 editor):
    watch = HistoryWatch()
    post(api_client_as("editor"), party="role:gone-role", to="role:far-role")
    rows = watch.rows()
    assert sorted((row.history_type, row.duty.code, row.role.code, row.raci) for row in rows) == [
        ("+", "far-duty", "far-role", "R"), ("+", "own-duty", "far-role", "R"),
        ("-", "far-duty", "gone-role", "R"), ("-", "own-duty", "gone-role", "R")]
    assert {row.history_user for row in rows} == {editor}
    assert {row.history_change_reason for row in rows} == {"handover"}


def test_a_department_hands_over_to_a_role(vacant, api_client_as):
    response = post(api_client_as("editor"), party="department:own-dept", to="role:own-role")
    assert response.status_code == 200
    after = cells()
    assert ("own-duty", "department:own-dept") not in after
    assert after[("own-duty", "role:own-role")] == "R"


def test_a_gap_the_handover_leaves_as_it_was_is_neither_introduced_nor_resolved(
    world, api_client_as
):
    # own-duty has no Accountable before and after own-role's I goes to far-role
    factories.AssignmentFactory(duty=world.own_duty, role=world.own_role, raci=Raci.INFORMED)
    body = post(api_client_as("editor"), party="role:own-role", to="role:far-role",
                dry_run=True).json()
    assert (body["introduced"], body["resolved"]) == ([], [])


# --- API: duty by duty -----------------------------------------------------------------------


def test_each_duty_may_go_elsewhere_and_an_empty_successor_keeps_it(vacant, api_client_as):
    third = factories.DutyFactory(code="third-duty", process=vacant.own_process)
    factories.AssignmentFactory(duty=third, role=vacant.gone_role, raci=Raci.INFORMED)
    response = post(api_client_as("editor"), party="role:gone-role", to="role:far-role",
                    duties={"far-duty": "department:own-dept", "third-duty": ""})
    assert response.status_code == 200
    successors = {m["duty"]: m["successor"] for m in response.json()["moves"]}
    assert successors == {"own-duty": "role:far-role", "far-duty": "department:own-dept",
                          "third-duty": ""}
    after = cells()
    assert after[("own-duty", "role:far-role")] == "AR"
    assert after[("far-duty", "department:own-dept")] == "R"
    assert after[("far-duty", "role:far-role")] == "A"
    assert after[("third-duty", "role:gone-role")] == "I"
    assert ("far-duty", "role:gone-role") not in after


def test_keeping_every_duty_changes_nothing(vacant, api_client_as):
    before, history = cells(), history_count()
    response = post(api_client_as("editor"), party="role:gone-role",
                    duties={"own-duty": "", "far-duty": ""})
    assert response.status_code == 200
    assert response.json()["applied"] is False
    assert cells() == before
    assert history_count() == history


def test_an_unknown_duty_in_duties_is_a_400_naming_it(vacant, api_client_as):
    before = cells()
    response = post(api_client_as("editor"), party="role:gone-role", to="role:far-role",
                    duties={"no-such-duty": "department:own-dept"})
    assert response.status_code == 400
    assert "no-such-duty" in " ".join(response.json()["duties"])
    assert cells() == before


# --- API: a person leaving ----------------------------------------------------------------


def test_a_person_hands_over_the_roles_they_hold_today(vacant, api_client_as):
    factories.AssignmentFactory(duty=vacant.own_duty, role=vacant.own_role, raci=Raci.INFORMED)
    past = factories.RoleFactory(code="past-role", department=vacant.own_department)
    factories.MembershipFactory(person=vacant.own_person, role=past, is_primary=False,
                                start_date=date(2020, 1, 1), end_date=date(2021, 1, 1))
    factories.AssignmentFactory(duty=vacant.far_duty, role=past, raci=Raci.INFORMED)
    response = post(api_client_as("editor"), person=vacant.own_person.pk,
                    to="department:far-dept")
    assert response.status_code == 200
    assert response.json()["sources"] == ["role:own-role"]
    after = cells()
    assert after[("own-duty", "department:far-dept")] == "I"
    assert ("own-duty", "role:own-role") not in after
    assert after[("far-duty", "role:past-role")] == "I"  # a role left long ago stays


def test_a_person_in_two_posts_on_one_duty_hands_the_successor_each_letter_once(
    vacant, api_client_as
):
    factories.MembershipFactory(person=vacant.own_person, role=vacant.gone_role,
                                is_primary=False)
    factories.AssignmentFactory(duty=vacant.own_duty, role=vacant.own_role, raci=Raci.RESPONSIBLE)
    factories.AssignmentFactory(duty=vacant.own_duty, role=vacant.own_role, raci=Raci.INFORMED)
    response = post(api_client_as("editor"), person=vacant.own_person.pk,
                    to="department:far-dept")
    assert response.status_code == 200
    assert response.json()["sources"] == ["role:gone-role", "role:own-role"]
    after = cells()
    assert after[("own-duty", "department:far-dept")] == "IR"
    assert after[("far-duty", "department:far-dept")] == "R"
    assert not {("own-duty", "role:own-role"), ("own-duty", "role:gone-role")} & set(after)


def test_a_person_holding_no_role_is_a_400(vacant, api_client_as):
    nobody = factories.PersonFactory()
    response = post(api_client_as("editor"), person=nobody.pk, to="role:far-role")
    assert response.status_code == 400
    assert "holds no role" in response.json()["person"][0]


def test_an_unknown_person_is_a_400(vacant, api_client_as):
    response = post(api_client_as("editor"), person=999999, to="role:far-role")
    assert response.status_code == 400
    assert "person" in response.json()


# --- API: refusals change nothing ---------------------------------------------------------


def test_a_user_who_may_edit_only_some_of_the_duties_gets_a_403_and_nothing_moves(
    vacant, api_client_as
):
    before, history = cells(), history_count()
    response = post(api_client_as("process_editor"), party="role:gone-role",
                    to="role:far-role")
    assert response.status_code == 403
    assert "far-duty" in response.json()["detail"]
    assert cells() == before
    assert history_count() == history


def test_a_viewer_gets_a_403(vacant, api_client_as):
    response = post(api_client_as("viewer"), party="role:gone-role", to="role:far-role",
                    dry_run=True)
    assert response.status_code == 403


def test_the_expect_of_a_dry_run_turns_a_later_change_into_a_409(vacant, api_client_as):
    client = api_client_as("editor")
    preview = post(client, party="role:gone-role", to="role:far-role", dry_run=True).json()
    # someone else consults far-role on own-duty between the preview and the apply
    factories.AssignmentFactory(duty=vacant.own_duty, role=vacant.far_role,
                                raci=Raci.CONSULTED)
    before, history = cells(), history_count()
    response = post(client, party="role:gone-role", to="role:far-role",
                    expect=preview["cells"])
    assert response.status_code == 409
    stale = [(c["duty"], c["party"], c["expect"], c["actual"]) for c in response.json()["cells"]]
    assert stale == [("own-duty", "role:far-role", "A", "AC")]
    assert response.json()["detail"]
    assert cells() == before
    assert history_count() == history


def test_the_expect_of_a_dry_run_lets_an_unchanged_handover_through(vacant, api_client_as):
    client = api_client_as("editor")
    preview = post(client, party="role:gone-role", to="role:far-role", dry_run=True).json()
    response = post(client, party="role:gone-role", to="role:far-role",
                    expect=preview["cells"])
    assert response.status_code == 200
    assert cells()[("own-duty", "role:far-role")] == "AR"


@pytest.mark.parametrize(("payload", "field", "words"), [
    ({"party": "role:gone-role", "person": 1, "to": "role:far-role"}, "party", "either"),
    ({"to": "role:far-role"}, "party", "either"),
    ({"party": "role:nobody", "to": "role:far-role"}, "party", "nobody"),
    ({"party": "team:gone", "to": "role:far-role"}, "non_field_errors", "not a party"),
    ({"party": "role:gone-role", "to": "role:gone-role"}, "to", "being handed over"),
    ({"party": "role:gone-role", "to": "role:nobody"}, "to", "no active"),
    ({"party": "role:gone-role", "to": "team:far"}, "to", "not a party"),
    ({"party": "role:gone-role", "to": "role:far-role",
      "duties": {"own-duty": "role:gone-role"}}, "to", "being handed over"),
], ids=["party-and-person", "neither", "unknown-party", "not-a-party", "successor-is-source",
        "unknown-successor", "successor-not-a-party", "duty-back-to-source"])
def test_a_bad_request_is_a_400_naming_the_field_and_changes_nothing(
    vacant, api_client_as, payload, field, words
):
    before = cells()
    response = post(api_client_as("editor"), **payload)
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert cells() == before


@pytest.mark.parametrize("inactive", ["far_role", "far_department"])
def test_an_inactive_successor_or_a_role_of_an_inactive_department_is_a_400(
        vacant, api_client_as, inactive):
    record = getattr(vacant, inactive)
    record.is_active = False
    record.save()
    before = cells()
    response = post(api_client_as("editor"), party="role:gone-role", to="role:far-role")
    assert response.status_code == 400
    assert "no active role “far-role”" in response.json()["to"][0]
    assert cells() == before


def test_an_anonymous_request_is_a_401(vacant, api_client_as):
    before = cells()
    response = post(api_client_as("anonymous"), party="role:gone-role", to="role:far-role")
    assert response.status_code == 401
    assert cells() == before


# --- The page ----------------------------------------------------------------------------
# page_world: own-role holds A and R on own-duty, A on next-duty (own-process) and C on
# far-duty (far-process); far-role holds I, R and A+R there.

OWN_ROLE = PAGE + "?party=role:own-role"


def seen_of(response):
    """The hidden `seen` field of a preview: the cells as the preview read them."""
    found = re.search(r'name="seen" value="([^"]*)"', response.content.decode())
    return json.loads(found.group(1).replace("&quot;", '"'))


def test_the_page_shows_each_duty_with_its_letters_and_a_choice(page_world, client_as):
    response = client_as("editor").get(OWN_ROLE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hand over the duties of Own role" in page
    for code, title in (("own-duty", "Own duty"), ("next-duty", "Next duty"),
                        ("far-duty", "Far duty")):
        assert f'href="/duties/{code}/">{title}</a>' in page
        assert f'<select name="duty-{code}"' in page
        assert f"Who takes over “{title}”" in page
    assert response.context["form"]["duty-own-duty"].field.choices[:2] == [
        ("", "The one chosen above"), ("-", "Keep it here")]
    assert ("role:far-role", "Far role") in response.context["form"]["duty-own-duty"].field.choices
    letters = {move.duty: move.letters for move in response.context["moves"]}
    assert letters == {"own-duty": "AR", "next-duty": "A", "far-duty": "C"}


def test_a_viewer_gets_a_403_page_saying_why(page_world, client_as):
    response = client_as("viewer").get(OWN_ROLE)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page
    assert "so you may not hand these duties over" in page


def test_an_unknown_party_is_a_400_page_saying_so(page_world, client_as):
    response = client_as("editor").get(PAGE + "?party=role:nobody")
    assert response.status_code == 400
    assert "There is no role “nobody”." in response.content.decode()


def test_a_person_that_is_not_an_id_is_a_400_page_saying_so(page_world, client_as):
    response = client_as("editor").get(PAGE + "?person=abc")
    assert response.status_code == 400
    assert "“abc” is not a person" in response.content.decode()


def test_a_preview_shows_the_moves_and_findings_and_changes_nothing(page_world, client_as):
    before, history = cells(), history_count()
    response = client_as("editor").post(OWN_ROLE, {"to": "role:far-role", "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "What it changes" in page
    assert "“Own duty”: AR goes to Far role · Far department (now ARI)" in page
    assert "“Far duty”: C goes to Far role · Far department (now ARC)" in page
    preview = response.context["preview"]
    assert preview.applied is False
    # far-role, already I on own-duty and A+R on far-duty, would hold redundant letters there
    redundant = [(f.duty, f.parties) for f in preview.introduced if f.rule == "redundant-letters"]
    assert sorted(redundant) == [("far-duty", ("role:far-role",)),
                                 ("own-duty", ("role:far-role",))]
    for finding in preview.introduced:
        assert finding.message in page
    assert 'value="apply"' in page
    assert cells() == before
    assert history_count() == history


def test_applying_redirects_to_the_role_with_a_message_and_moves_the_letters(page_world,
                                                                           client_as):
    response = client_as("editor").post(
        OWN_ROLE, {"to": "role:far-role", "duty-far-duty": "-", "action": "apply"}, follow=True)
    assert response.redirect_chain == [("/roles/own-role/", 302)]
    assert "Handed over 2 duties." in response.content.decode()
    after = cells()
    assert ("own-duty", "role:own-role") not in after
    assert after[("own-duty", "role:far-role")] == "AIR"  # its I, and own-role's A and R
    assert after[("next-duty", "role:far-role")] == "AR"
    assert after[("far-duty", "role:own-role")] == "C"  # kept


def test_a_stale_preview_is_a_409_and_nothing_changes(page_world, client_as):
    client = client_as("editor")
    preview = client.post(OWN_ROLE, {"to": "role:far-role", "action": "preview"})
    seen = seen_of(preview)
    assert {"duty": "next-duty", "party": "role:far-role", "raci": "R"} in seen
    # someone else makes far-role Consulted on next-duty after the preview
    factories.AssignmentFactory(duty=page_world.next_duty, role=page_world.far_role,
                                raci=Raci.CONSULTED)
    before, history = cells(), history_count()
    response = client.post(OWN_ROLE, {"to": "role:far-role", "action": "apply",
                                      "seen": json.dumps(seen)})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone changed these cells after your preview. Nothing was handed over" in page
    assert "“Next duty”: A goes to Far role · Far department (now ARC)" in page  # read afresh
    assert cells() == before
    assert history_count() == history
    # confirming the new preview hands over
    confirmed = client.post(OWN_ROLE, {"to": "role:far-role", "action": "apply",
                                       "seen": json.dumps(seen_of(response))})
    assert confirmed.status_code == 302
    assert cells()[("next-duty", "role:far-role")] == "ACR"


def test_each_duty_offers_only_parties_that_may_take_over(page_world, client_as):
    old = factories.RoleFactory(code="old-role", department=page_world.own_department,
                                is_active=False)
    factories.AssignmentFactory(duty=page_world.own_duty, role=old, raci=Raci.INFORMED)
    response = client_as("editor").get(OWN_ROLE)
    offered = [key for key, _name in response.context["form"]["duty-own-duty"].field.choices]
    assert "role:old-role" not in offered


def test_a_process_editor_is_refused_a_role_with_a_far_duty_saying_which(page_world,
                                                                          client_as):
    client = client_as("process_editor")
    assert "“Far duty”" in client.get(OWN_ROLE).content.decode()
    before = cells()
    response = client.post(OWN_ROLE, {"to": "role:far-role", "action": "apply"})
    assert response.status_code == 403
    assert "“Far duty”" in response.content.decode()
    assert cells() == before


def test_a_leaver_is_handed_over_from_their_page_and_sent_back_to_it(page_world, client_as):
    person = page_world.own_role.memberships.get().person
    url = PAGE + f"?person={person.pk}"
    client = client_as("editor")
    page = client.get(url).content.decode()
    assert f'href="/people/{person.pk}/"' in page
    response = client.post(url, {"to": "department:far-dept", "action": "apply"})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    after = cells()
    assert after[("own-duty", "department:far-dept")] == "ACR"  # far-dept was C
    assert not any(party == "role:own-role" for _duty, party in after)


def test_a_person_without_a_role_is_a_400_page(page_world, client_as):
    nobody = factories.PersonFactory()
    response = client_as("editor").get(PAGE + f"?person={nobody.pk}")
    assert response.status_code == 400
    assert "holds no role today" in response.content.decode()


def test_the_page_reads_the_same_number_of_queries_as_the_role_grows(
    client_as, grow, django_assert_num_queries
):
    client = client_as("editor")
    client.get(OWN_ROLE)  # warms the content-type cache guardian reads once per process
    with django_assert_num_queries(QUERIES):
        assert client.get(OWN_ROLE).status_code == 200
    grow(5)
    client.get(OWN_ROLE)
    with django_assert_num_queries(QUERIES):
        response = client.get(OWN_ROLE)
    assert response.status_code == 200
    assert len(response.context["moves"]) > 10


# login (session, user), the role handed over, its letters (the plan: no successor yet, so no
# second query), the user's own and group permissions, the editable duties, the party index
# (roles, departments), the other parties on each duty, the role's name
QUERIES = 11


@pytest.mark.parametrize("person", ["%C2%B2", "99999999999999999999999"])
def test_a_person_id_that_is_no_number_or_too_large_is_a_400_page(page_world, client_as,
                                                                  person):
    response = client_as("editor").get(f"{PAGE}?person={person}")
    assert response.status_code == 400


def test_a_person_id_too_large_is_a_400_in_the_api(world, api_client_as):
    response = post(api_client_as("editor"), person=10**30, to="role:own-role")
    assert response.status_code == 400
    assert "person" in response.json()
