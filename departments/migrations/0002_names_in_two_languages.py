"""Names and descriptions in English and Simplified Chinese: the existing text goes to the
English column, or to the Chinese one when it is Chinese (nothing is lost), and at least one
of the two names is required."""

import re

from django.db import migrations, models
from django.db.models import Q

NAME_REQUIRED = "Give the name in English or in Chinese (or both)."


def two_languages(model, field, label, make, help_text=""):
    """Rename `field` to `field_en` (table and history table) and add `field_zh_hans`, each
    made by `make(verbose name, help text)`. The responsibilities' migration uses it too."""
    operations = []
    for name in (model, f"historical{model}"):
        operations += [
            migrations.RenameField(name, field, f"{field}_en"),
            migrations.AlterField(name, f"{field}_en", make(f"{label} (English)", help_text)),
            migrations.AddField(name, f"{field}_zh_hans", make(f"{label} (Chinese)", "")),
        ]
    return operations


def name(label, help_text):
    return models.CharField(blank=True, max_length=200, verbose_name=label)


def text(label, help_text):
    return models.TextField(blank=True, help_text=help_text, verbose_name=label)


CHINESE = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
TRANSLATED = {"Department": ("name", "description"), "Role": ("name", "description"),
              "Person": ("name",)}


def chinese_to_its_column(apps, app_label, translated):
    """Text written in Chinese (Chinese characters, no Latin letters) moves to `_zh_hans`."""
    for model_name, fields in translated.items():
        model = apps.get_model(app_label, model_name)
        for row in model.objects.all():
            moved = []
            for field in fields:
                text = getattr(row, f"{field}_en")
                if CHINESE.search(text) and not LATIN.search(text):
                    setattr(row, f"{field}_zh_hans", text)
                    setattr(row, f"{field}_en", "")
                    moved += [f"{field}_en", f"{field}_zh_hans"]
            if moved:
                row.save(update_fields=moved)


def move_chinese(apps, schema_editor):
    chinese_to_its_column(apps, "departments", TRANSLATED)


def one_required(model, field="name", message=NAME_REQUIRED):
    return migrations.AddConstraint(model, models.CheckConstraint(
        condition=~Q(**{f"{field}_en": ""}) | ~Q(**{f"{field}_zh_hans": ""}),
        name=f"{model}_{field}_in_one_language",
        violation_error_message=message,
    ))


class Migration(migrations.Migration):

    dependencies = [
        ("departments", "0001_initial"),
    ]

    operations = [
        *two_languages("department", "name", "name", name),
        *two_languages("department", "description", "description", text),
        *two_languages("role", "name", "name", name),
        *two_languages("role", "description", "job description", text),
        *two_languages("person", "name", "name", name),
        migrations.AlterModelOptions(name="department", options={
            "ordering": ["name_en", "name_zh_hans", "code"],
            "verbose_name": "department", "verbose_name_plural": "departments"}),
        migrations.AlterModelOptions(name="role", options={
            "ordering": ["department__name_en", "name_en", "name_zh_hans", "code"],
            "verbose_name": "role", "verbose_name_plural": "roles"}),
        migrations.AlterModelOptions(name="person", options={
            "ordering": ["name_en", "name_zh_hans", "id"],
            "verbose_name": "person", "verbose_name_plural": "people"}),
        migrations.AlterModelOptions(name="membership", options={
            "ordering": ["role__name_en", "person__name_en", "id"],
            "verbose_name": "membership", "verbose_name_plural": "memberships"}),
        migrations.RunPython(move_chinese, migrations.RunPython.noop),
        one_required("department"),
        one_required("role"),
        one_required("person"),
    ]
