"""Names in both languages of the organisation: English and Simplified Chinese.

A translated field `name` is stored as two columns, `name_en` and `name_zh_hans`, at least one
of them filled in (a check constraint). The model's `name` is a property: it reads the
reader's language and falls back to the other, and writing it sets the English name, so code
that builds records with `name=` keeps working. Queries name the columns.

We keep the two columns as ordinary fields rather than through django-modeltranslation: its
fields are added after the model class is built, so django-simple-history's tables (the matrix
as of a date) would not carry them, and its fallback does not follow relations in `values()`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

# Column suffixes, in the order a reader of the default language sees them.
SUFFIXES = ("en", "zh_hans")


def reader_is_chinese():
    return (get_language() or "en").lower().startswith("zh")


def _chinese_first(english, chinese):
    return chinese or english or ""


def _english_first(english, chinese):
    return english or chinese or ""


def reader_picker():
    """`pick(english, chinese)`: the text in the reader's language, or in the other one when
    it has none there. Taken once for a loop over many rows: asking for the active language
    costs more than the choice itself."""
    return _chinese_first if reader_is_chinese() else _english_first


def in_reader_language(english, chinese):
    """The text in the reader's language, or in the other one when it has none there."""
    return reader_picker()(english, chinese)


def columns(field):
    """The stored columns of a translated field: ("name_en", "name_zh_hans")."""
    return tuple(f"{field}_{suffix}" for suffix in SUFFIXES)


def translated(field):
    """A property reading `field` in the reader's language; setting it sets the English."""
    english, chinese = columns(field)

    def read(self):
        return in_reader_language(getattr(self, english), getattr(self, chinese))

    def write(self, value):
        setattr(self, english, value)

    return property(read, write, doc=f"The {field} in the reader's language.")


def one_required(field, model_name, message):
    """A check constraint: the text is given in at least one of the two languages."""
    english, chinese = columns(field)
    return models.CheckConstraint(
        condition=~Q(**{english: ""}) | ~Q(**{chinese: ""}),
        name=f"{model_name}_{field}_in_one_language",
        violation_error_message=message,
    )


def reader_order(field, prefix=""):
    """An expression ordering by the text in the reader's language (the other when empty;
    NULL, which sorts as the caller says, when both are)."""
    english, chinese = (prefix + column for column in columns(field))
    first, second = (chinese, english) if reader_is_chinese() else (english, chinese)
    return Coalesce(NullIf(first, models.Value("")), NullIf(second, models.Value("")))


def _is_chinese(text):
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def in_its_language(field, text):
    """{column: text} for a text of unknown language (a spreadsheet's, a command's): the
    Chinese column when it holds Chinese characters, the English one otherwise."""
    english, chinese = columns(field)
    return {chinese if _is_chinese(text) else english: text}


def require_one(instance, field, message):
    """In a model's clean(): the text given in neither language is an error on its English
    field (the database's check constraint says the same, without a field)."""
    english, chinese = columns(field)
    if not (getattr(instance, english) or getattr(instance, chinese)):
        raise ValidationError({english: message})


def in_other_language(english, chinese):
    """The text in the language the reader does not read, when it differs ("" otherwise)."""
    other = english if reader_is_chinese() else chinese
    return "" if other == in_reader_language(english, chinese) else other or ""


def other_language_code():
    """The HTML language code of the other language (for a lang attribute)."""
    return "en" if reader_is_chinese() else "zh-Hans"
