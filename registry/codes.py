"""Codes: the slugs that address every department, role, process and duty."""

import argparse
import re

from django.core.validators import RegexValidator
from django.db.models import CheckConstraint, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin

CODE_MAX_LENGTH = 100
CODE_PATTERN = r"^[-a-zA-Z0-9_]+\Z"

validate_code = RegexValidator(
    CODE_PATTERN,
    _("Use only letters, digits, hyphens and underscores (Chinese text belongs in the name)."),
    code="invalid_code",
)


def code_is_slug(prefix):
    """The check constraint that keeps a model's `code` a slug, in every database."""
    return CheckConstraint(condition=Q(code__regex=CODE_PATTERN), name=f"{prefix}_code_is_slug")


def code_from_title(title, taken, *, fallback="item"):
    """A slug for `title` (Chinese written in pinyin: 客服部 → ke-fu-bu), cut to fit and made
    unique against the set `taken`."""
    words = re.sub(r"[^\w\s-]", " ", " ".join(lazy_pinyin(title)))  # "CISO/SSO": two words
    base = slugify(words)[:CODE_MAX_LENGTH].strip("-_") or fallback
    code, number = base, 2
    while code in taken:
        suffix = f"-{number}"
        code = f"{base[: CODE_MAX_LENGTH - len(suffix)]}{suffix}"
        number += 1
    return code


def code_argument(text):
    """A command-line argument that must be a code (argparse `type=`): a bad one is a usage
    error naming the argument, before anything reads the database."""
    if len(text) > CODE_MAX_LENGTH or not re.match(CODE_PATTERN, text):
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a code: use only letters, digits, hyphens and underscores, "
            f"at most {CODE_MAX_LENGTH}.")
    return text


def record_id(text):
    """The id `text` writes in ASCII digits (at most 18, so it fits a database integer), or
    None for anything else ("abc", "²", a number too large)."""
    return int(text) if re.fullmatch(r"[0-9]{1,18}", text or "") else None
