"""The import page's form."""

import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from spreadsheets.reading import upload_limit, upload_too_large_message
from spreadsheets.spellings import mapping_parse

TRANSPOSE = {"": None, "no": False, "yes": True}
# The preview's fields for the code of each department, role or process the import creates.
CODE_FIELD = "code:"
CREATED_KINDS = ("department", "role", "process")


class MatrixImportForm(forms.Form):
    """A spreadsheet to preview or import. After a preview the file comes back in `content`
    (base64), so the import applies exactly the file that was previewed."""

    file = forms.FileField(label=_("Spreadsheet (xlsx, CSV, TSV or Markdown)"), required=False)
    paste = forms.CharField(
        label=_("Or paste a table"), required=False, max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Copied from a sheet (tab-separated), a web page, a wiki or Markdown."))
    create_missing = forms.BooleanField(
        label=_("Create the departments, roles and processes the file names that do not exist"),
        required=False)
    letters = forms.CharField(
        label=_("What spellings mean"), required=False, max_length=500,
        help_text=_("For the whole file, like “X=R, N/A=” (a tick means Responsible, N/A "
                    "nobody)."))
    sheet = forms.CharField(label=_("Sheet"), required=False, max_length=200,
                            help_text=_("Default: the sheet holding the most letters."))
    transpose = forms.ChoiceField(
        label=_("Parties are"), required=False, initial="",
        choices=[("", _("found out from the sheet")), ("no", _("columns")), ("yes", _("rows"))])
    content = forms.CharField(required=False, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("preview", _("Preview")), ("import", _("Import"))],
                               initial="preview", widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > upload_limit():
                raise forms.ValidationError(upload_too_large_message())
            data["bytes"], data["filename"] = upload.read(), upload.name
        elif data.get("paste"):
            text = data["paste"]
            markdown = any(line.lstrip().startswith("|") for line in text.splitlines())
            data["bytes"] = text.encode()
            data["filename"] = "pasted.md" if markdown else "pasted.tsv"
        elif data.get("content"):
            try:
                data["bytes"] = base64.b64decode(data["content"], validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError(_("The previewed file was damaged: choose it "
                                              "again.")) from None
        else:
            raise forms.ValidationError(_("Choose a spreadsheet to import, or paste a table."))
        data["transpose"] = TRANSPOSE[data.get("transpose") or ""]
        return data

    def clean_letters(self):
        try:
            return mapping_parse(self.cleaned_data["letters"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def options(self):
        """The import options chosen, as matrix_import takes them; with the codes edited on
        the preview for what the import creates (fields `code:<kind>:<name>`)."""
        data = self.cleaned_data
        codes = {}
        for field, value in self.data.items():
            kind, _colon, name = field.removeprefix(CODE_FIELD).partition(":")
            if field.startswith(CODE_FIELD) and kind in CREATED_KINDS and value.strip():
                codes[(kind, name)] = value.strip()
        return {"create_missing": data["create_missing"], "letters": data["letters"],
                "sheet": data["sheet"] or None, "transpose": data["transpose"], "codes": codes}
