"""The import page's form."""

import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from spreadsheets.reading import upload_limit, upload_too_large_message


class MatrixImportForm(forms.Form):
    """A spreadsheet to preview or import. After a preview the file comes back in `content`
    (base64), so the import applies exactly the file that was previewed."""

    file = forms.FileField(label=_("Spreadsheet (xlsx or CSV)"), required=False)
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
        elif data.get("content"):
            try:
                data["bytes"] = base64.b64decode(data["content"], validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError(_("The previewed file was damaged: choose it "
                                              "again.")) from None
        else:
            raise forms.ValidationError(_("Choose a spreadsheet to import."))
        return data
