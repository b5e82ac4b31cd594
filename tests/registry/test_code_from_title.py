"""Codes derived from titles and names: slugs a person can read, also for Chinese names."""

import pytest

from registry.codes import CODE_MAX_LENGTH, code_from_title


@pytest.mark.parametrize(("title", "code"), [
    ("Security & Compliance", "security-compliance"),
    ("CISO/SSO", "ciso-sso"),
    ("客服部", "ke-fu-bu"),
    ("處理投訴 v2", "chu-li-tou-su-v2"),
    ("Café déjà vu", "cafe-deja-vu"),
    ("", "duty"),
    ("!!!", "duty"),
])
def test_a_title_becomes_a_readable_slug(title, code):
    assert code_from_title(title, set(), fallback="duty") == code


def test_a_code_is_made_unique_and_cut_to_fit():
    assert code_from_title("Deploy", {"deploy", "deploy-2"}) == "deploy-3"
    long = code_from_title("x" * 300, {"x" * CODE_MAX_LENGTH})
    assert len(long) <= CODE_MAX_LENGTH and long.endswith("-2")
