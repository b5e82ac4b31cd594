"""English and Simplified Chinese: the active language, the switcher, a complete catalogue."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_pages_follow_accept_language(page_world, client_as):
    html = client_as("viewer").get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}
                                   ).content.decode()
    assert '<html lang="zh-hans">' in html and "这归谁管？" in html


def test_english_is_the_default(page_world, client_as):
    html = client_as("viewer").get("/").content.decode()
    assert '<html lang="en">' in html and "Who owns this?" in html


def test_the_switcher_posts_to_set_language_and_sticks(page_world, client_as):
    client = client_as("viewer")
    html = client.get("/matrix/").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    assert 'name="language" value="zh-hans"' in html
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/matrix/"})
    assert response.status_code == 302 and response.url == "/matrix/"
    assert "职责矩阵" in client.get("/matrix/").content.decode()


def test_finding_messages_and_letters_are_translated(page_world, client_as):
    page_world.own_duty.assignments.filter(raci="A").delete()
    html = client_as("viewer").get("/duties/own-duty/", headers={"Accept-Language": "zh-hans"}
                                   ).content.decode()
    assert "请为 “Own duty” 指定唯一一个批准方（A）。" in html
    assert 'title="批准">A</abbr>' in html


def test_every_message_of_the_catalogue_is_translated():
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the header first
    untranslated = [
        entry for entry in entries
        if re.search(r'^msgstr(\[0\])? ""\n?$', entry, re.MULTILINE) and
        not re.search(r'^msgstr(\[0\])? ""\n"', entry, re.MULTILINE)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert CATALOGUE.with_suffix(".mo").stat().st_mtime >= CATALOGUE.stat().st_mtime - 1
