"""Requests no database can take: a NUL character in the URL, the query or a form field.

PostgreSQL cannot store or even compare a string holding NUL, so such a value reaching a query
is a server error there; it is refused up front, the same way on every page and endpoint.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query_dict):
    return any("\x00" in value for values in query_dict.lists() for value in values[1]
               if isinstance(value, str))


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.method == "POST" and request.content_type in FORM_TYPES
        if "\x00" in request.path or _has_nul(request.GET) or (form and _has_nul(request.POST)):
            message = _("The request holds a NUL character (\\0): remove it and send it again.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
