"""Refusals and missing pages answer with the registry's own pages, in the reader's language,
saying what happened; a refusal is one line in the log, not a traceback."""

import logging
import sys

import pytest
from django.template.loader import render_to_string

from registry.log_filters import RefusalsOnOneLine

pytestmark = pytest.mark.django_db


def test_a_refused_edit_says_why_on_a_page_of_the_registry(page_world, client_as):
    response = client_as("viewer").get("/matrix/cell/", {"duty": "own-duty",
                                                         "party": "role:own-role"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not edit the cells of this duty." in html
    assert "Nothing was changed" in html and 'href="/"' in html


def test_a_missing_page_is_the_registrys_own_and_speaks_chinese(page_world, client_as):
    response = client_as("viewer").get("/duties/no-such-duty/",
                                       headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_the_server_error_page_stands_alone_in_both_languages():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "服务器出错了" in html


@pytest.mark.parametrize(("status", "keeps_traceback"), [(403, False), (400, False),
                                                         (500, True)])
def test_only_server_errors_keep_their_traceback_in_the_log(status, keeps_traceback):
    try:
        raise PermissionError("boom")
    except PermissionError:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "%s", ("x",),
                                   exc_info=sys.exc_info())
    record.status_code = status
    assert RefusalsOnOneLine().filter(record)
    assert (record.exc_info is not None) == keeps_traceback
