"""Single sign-on against a real OpenID provider: django-oauth-toolkit with OIDC in a Django
project of its own (tests/identity/oidc_provider), migrated, seeded and served by runserver in a
subprocess on 127.0.0.1, while the registry runs in pytest-django's live server. A real HTTP
client (requests) follows every redirect and logs in at the provider's own login form."""

import html
import os
import re
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from departments.models import Person
from identity.oidc import RegistryOIDCBackend
from identity.oidc_accounts import CREATED, LINKED
from responsibilities.models import Raci
from tests.factories import (
    AssignmentFactory,
    DutyFactory,
    MembershipFactory,
    PersonFactory,
    RoleFactory,
)

pytest.importorskip("oauth2_provider", reason="django-oauth-toolkit (the test provider) is not "
                                              "installed")
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

from tests.identity.oidc_provider.seed import CLIENTS, PASSWORD  # noqa: E402

PROVIDER_SETTINGS = "tests.identity.oidc_provider.settings"
BACKENDS = ["axes.backends.AxesStandaloneBackend", "identity.oidc.RegistryOIDCBackend",
            "django.contrib.auth.backends.ModelBackend",
            "guardian.backends.ObjectPermissionBackend"]
REFUSED_ISSUER = "did not come from the identity provider the registry is set up for"
REFUSED_EXPIRED = "answer had expired"
UNAVAILABLE = "Single sign-on is unavailable now"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rsa_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def wait_until_serving(url, process, deadline_seconds=30):
    """Poll `url` until it answers 200, or fail with the server's output past the deadline."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the test provider stopped: {process.stdout.read()}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
    process.kill()
    pytest.fail(f"the test provider did not answer {url} within {deadline_seconds}s")


@pytest.fixture(scope="session")
def provider(live_server, tmp_path_factory):
    """The issuer URL of a running test provider whose applications send the browser back to
    the live server's /oidc/callback/; stopped at the end."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": PROVIDER_SETTINGS,
           "PROVIDER_DATABASE": str(tmp_path_factory.mktemp("provider") / "provider.sqlite3"),
           "PROVIDER_RSA_KEY": rsa_key_pem(), "PROVIDER_ISSUER": issuer}
    run = {"cwd": django_settings.BASE_DIR, "env": env, "check": True, "capture_output": True}
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput"], **run)
    subprocess.run([sys.executable, "-m", "tests.identity.oidc_provider.seed",
                    f"{live_server.url}/oidc/callback/"], **run)
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=django_settings.BASE_DIR, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_serving(f"{issuer}/.well-known/openid-configuration", process)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider):
    """Single sign-on on, with the registry's application at the test provider."""
    settings.OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENTS["registry"]
    settings.OIDC_PROVIDER_NAME = "Example ID"
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    return settings


def sign_in(site, username):
    """(the requests session, the page it ends on) after starting single sign-on at `site`
    and logging in as `username` at the provider's login form."""
    browser = requests.Session()
    form = browser.get(f"{site}/oidc/authenticate/", timeout=10)
    assert "/accounts/login/" in form.url, form.url
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|next)" value="([^"]*)"', form.text))
    page = browser.post(form.url, timeout=10, headers={"Referer": form.url}, data={
        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
        "next": html.unescape(fields["next"]), "username": username, "password": PASSWORD})
    return browser, page


def logged_in(browser, site):
    """True when `browser` holds a session of the registry's: a page needs a login."""
    return browser.get(f"{site}/people/", allow_redirects=False, timeout=10).status_code == 200


def logins():
    return get_user_model().objects.filter(is_superuser=False)


def test_a_new_employee_s_first_sign_in_makes_their_login_and_links_their_entry(
        sso, live_server):
    person = PersonFactory(name="New Hire", email="newhire@example.com")
    role = RoleFactory(name="Complaint specialist")
    MembershipFactory(person=person, role=role)
    AssignmentFactory(duty=DutyFactory(title="Classify complaints"), role=role,
                      raci=Raci.RESPONSIBLE)

    browser, page = sign_in(live_server.url, "newhire")

    assert page.status_code == 200 and page.url == f"{live_server.url}/"
    # the home page shows them their own post and duties
    own = page.text[page.text.index('id="own-heading"'):]
    assert "Complaint specialist" in own and "Classify complaints" in own
    assert 'class="user-name">newhire@example.com<' in page.text
    assert logged_in(browser, live_server.url)
    person.refresh_from_db()
    assert person.user.username == "newhire@example.com"
    assert person.user.email == "NewHire@example.com"  # as the provider sends it
    assert not person.user.has_usable_password()
    assert person.history.first().history_change_reason == LINKED
    assert person.history.first().history_user == person.user


def test_a_second_sign_in_comes_back_to_the_same_login(sso, live_server):
    PersonFactory(name="New Hire", email="newhire@example.com")

    sign_in(live_server.url, "newhire")
    browser, page = sign_in(live_server.url, "newhire")

    assert logged_in(browser, live_server.url)
    assert logins().count() == 1
    assert Person.objects.get(email="newhire@example.com").history.count() == 2


def test_someone_with_no_entry_gets_one_named_as_the_provider_names_them(sso, live_server):
    browser, page = sign_in(live_server.url, "stranger")

    assert logged_in(browser, live_server.url)
    person = Person.objects.get(email__iexact="stranger@example.com")
    assert (person.name_en, person.user.username) == ("Sam Stranger", "stranger@example.com")
    row = person.history.get()
    assert (row.history_type, row.history_change_reason, row.history_user) == (
        "+", CREATED, person.user)


def test_a_login_whose_entry_has_the_address_is_the_one_signed_in(sso, live_server):
    login = get_user_model().objects.create_user("nh", password="local-pw-1234")
    PersonFactory(name="New Hire", email="newhire@example.com", user=login)

    browser, page = sign_in(live_server.url, "newhire")

    assert 'class="user-name">nh<' in page.text
    assert list(logins()) == [login]


def test_an_id_token_from_another_issuer_is_refused_and_makes_no_login(sso, live_server):
    # The same provider reached by another name: its tokens still say 127.0.0.1.
    sso.OIDC_ISSUER = sso.OIDC_ISSUER.replace("127.0.0.1", "localhost")
    PersonFactory(name="New Hire", email="newhire@example.com")

    browser, page = sign_in(live_server.url, "newhire")

    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert REFUSED_ISSUER in page.text
    assert not logged_in(browser, live_server.url)
    assert not logins().exists()
    assert Person.objects.get().user is None


def test_an_expired_id_token_is_refused_and_logs_nobody_in(sso, live_server):
    sso.OIDC_RP_CLIENT_ID, sso.OIDC_RP_CLIENT_SECRET = CLIENTS["expired"]

    browser, page = sign_in(live_server.url, "stranger")

    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert REFUSED_EXPIRED in page.text
    assert not logged_in(browser, live_server.url)
    assert not logins().exists() and not Person.objects.exists()


def test_a_deactivated_person_is_refused(sso, live_server):
    PersonFactory(name="New Hire", email="newhire@example.com", is_active=False)

    browser, page = sign_in(live_server.url, "newhire")

    assert "Your entry in the registry is deactivated" in page.text
    assert not logged_in(browser, live_server.url)
    assert not logins().exists()


def test_a_deactivated_login_is_refused(sso, live_server):
    get_user_model().objects.create_user("sam", "Stranger@example.com", is_active=False)

    browser, page = sign_in(live_server.url, "stranger")

    assert "Your login to the registry is deactivated" in page.text
    assert not logged_in(browser, live_server.url)
    assert not Person.objects.exists()


def test_a_person_the_provider_sends_no_address_for_is_refused(sso, live_server):
    browser, page = sign_in(live_server.url, "nomail")

    assert "did not send your email address" in page.text
    assert not logged_in(browser, live_server.url) and not logins().exists()


def test_a_callback_this_browser_did_not_start_is_refused_on_the_login_page(sso, live_server):
    page = requests.get(f"{live_server.url}/oidc/callback/?code=stolen&state=other", timeout=10)

    assert page.status_code == 200 and page.url.startswith(f"{live_server.url}/accounts/login/")
    assert "did not sign you in" in page.text
    assert not logins().exists()


def test_a_provider_that_cannot_be_reached_is_said_unavailable_on_the_login_page(
        sso, live_server):
    sso.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/o"

    page = requests.get(f"{live_server.url}/oidc/authenticate/?next=/people/", timeout=10)

    assert page.status_code == 200
    assert page.url == f"{live_server.url}/accounts/login/?next=%2Fpeople%2F"
    assert UNAVAILABLE in page.text
    assert 'name="password"' in page.text


def test_the_login_page_offers_the_provider_above_the_local_form(sso, client):
    page = client.get("/accounts/login/?next=/people/").content.decode()

    button = page.index('href="/oidc/authenticate/?next=/people/">Sign in with Example ID</a>')
    assert button < page.index("Or with a local account") < page.index('name="password"')


def test_a_local_account_still_logs_in_when_single_sign_on_is_on(sso, client):
    get_user_model().objects.create_user("breakglass", password="local-pw-1234")

    answer = client.post("/accounts/login/", {"username": "breakglass",
                                              "password": "local-pw-1234"})

    assert answer.status_code == 302 and answer.url == "/"
    assert client.get("/people/").status_code == 200


@pytest.mark.django_db
def test_without_an_issuer_the_single_sign_on_routes_are_not_found(settings, client):
    settings.OIDC_ISSUER = ""

    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=a&state=b").status_code == 404
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in page and "Or with a local account" not in page
    assert 'name="password"' in page and "autofocus" in page


def test_a_provider_s_refusal_comes_back_to_the_login_page_and_logs_nobody_out(sso, client):
    client.force_login(get_user_model().objects.create_user("breakglass"))

    answer = client.get("/oidc/callback/?error=access_denied&state=x", follow=True)

    assert answer.redirect_chain[0] == ("/accounts/login/", 302)
    assert "did not sign you in" in answer.content.decode()
    assert client.get("/people/").status_code == 200


def test_the_client_secret_may_go_in_an_authorization_header(sso, live_server):
    sso.OIDC_TOKEN_USE_BASIC_AUTH = True

    browser, page = sign_in(live_server.url, "stranger")

    assert logged_in(browser, live_server.url)


def test_an_administrators_local_login_is_not_taken_over_by_its_address(sso, live_server):
    get_user_model().objects.create_superuser("admin", "NewHire@example.com", "pw-local-admin")

    browser, page = sign_in(live_server.url, "newhire")

    assert "belongs to an administrator" in html.unescape(page.text)
    assert not logged_in(browser, live_server.url)
    assert not Person.objects.filter(email__iexact="newhire@example.com").exists()


def test_an_entry_linked_to_an_administrators_login_does_not_sign_in_as_it(sso, live_server):
    admin = get_user_model().objects.create_superuser("boss", "boss-local@example.com", "pw-x1")
    PersonFactory(name="New Hire", email="newhire@example.com", user=admin)

    browser, page = sign_in(live_server.url, "newhire")

    assert "belongs to an administrator" in html.unescape(page.text)
    assert not logged_in(browser, live_server.url)


def test_only_the_callback_runs_the_code_flow(sso, rf):
    request = rf.post("/accounts/login/?code=stolen&state=any")
    assert RegistryOIDCBackend().authenticate(request) is None
