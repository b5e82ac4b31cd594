"""Names, titles and texts in English and Simplified Chinese: the existing text becomes the
English column, or to the Chinese one when it is Chinese (nothing is lost), and at least one
of the two names (titles) is required. The "中文：…" / "English: …" line the demo used to put in a
duty's description becomes the duty's title in that language."""

import importlib

from django.db import migrations, models

# The helpers of the departments' migration: the same renames, fields, constraint and move of
# Chinese text to its column.
_departments = importlib.import_module("departments.migrations.0002_names_in_two_languages")
chinese_to_its_column = _departments.chinese_to_its_column
one_required = _departments.one_required
two_languages = _departments.two_languages
name, text = _departments.name, _departments.text

TRANSLATED = {"Process": ("name", "description"),
              "Duty": ("title", "description", "out_of_scope")}
PREFIXES = {"中文：": "title_zh_hans", "English: ": "title_en"}


def title(label, help_text):
    return models.CharField(blank=True, max_length=300, verbose_name=label)


def titles_from_descriptions(apps, schema_editor):
    Duty = apps.get_model("responsibilities", "Duty")
    for duty in Duty.objects.filter(description_en__regex=r"(中文：|English: )"):
        kept = []
        for line in duty.description_en.split("\n"):
            field = next((f for p, f in PREFIXES.items() if line.startswith(p)), None)
            if field is None:
                kept.append(line)
                continue
            text_ = line.split(" ", 1)[1] if field == "title_en" else line[len("中文："):]
            if field == "title_en":
                # The title column held the Chinese title: move it over.
                duty.title_zh_hans, duty.title_en = duty.title_en, text_.strip()
            else:
                duty.title_zh_hans = text_.strip()
        duty.description_en = "\n".join(kept)
        duty.save(update_fields=["title_en", "title_zh_hans", "description_en"])
    chinese_to_its_column(apps, "responsibilities", TRANSLATED)


class Migration(migrations.Migration):

    dependencies = [
        ("departments", "0002_names_in_two_languages"),
        ("responsibilities", "0001_initial"),
    ]

    operations = [
        *two_languages("process", "name", "name", name),
        *two_languages("process", "description", "description", text),
        *two_languages("duty", "title", "title", title),
        *two_languages("duty", "description", "description", text),
        *two_languages("duty", "out_of_scope", "out of scope", text,
                       "What this duty does not cover, and who to ask instead."),
        migrations.AlterModelOptions(name="process", options={
            "ordering": ["name_en", "name_zh_hans", "code"],
            "verbose_name": "process", "verbose_name_plural": "processes"}),
        migrations.AlterModelOptions(name="duty", options={
            "ordering": ["process__name_en", "step", "code"],
            "verbose_name": "duty", "verbose_name_plural": "duties"}),
        migrations.RunPython(titles_from_descriptions, migrations.RunPython.noop),
        one_required("process"),
        one_required("duty", "title", "Give the title in English or in Chinese (or both)."),
    ]
