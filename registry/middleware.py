"""Requests no database can take (a NUL character in the URL, the query or a form field);
reads on the primary after a write, with a read replica; the query count of a request, for the
load test.

PostgreSQL cannot store or even compare a string holding NUL, so such a value reaching a query
is a server error there; it is refused up front, the same way on every page and endpoint.
"""

from django.conf import settings
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from registry.routers import primary_reads

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


class QueryCountMiddleware:
    """Say in a `X-Query-Count` header how many database queries the request ran (those made
    while the response streams are not counted). Installed only when REGISTRY_QUERY_COUNT_HEADER
    is true: the load test reads it (bench/load.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Query-Count"] = str(len(queries))
        return response


# The cookie that sends a browser's reads to the primary for a while after it wrote.
WROTE_COOKIE = "registry_wrote"


class ReadYourWritesMiddleware:
    """With a read replica: a request that may write (not GET, HEAD or OPTIONS), and every
    request of the same browser for REPLICA_LAG_SECONDS after one, reads from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        if not (writes or WROTE_COOKIE in request.COOKIES):
            return self.get_response(request)
        with primary_reads():
            response = self.get_response(request)
        if writes:
            response.set_cookie(WROTE_COOKIE, "1", max_age=settings.REPLICA_LAG_SECONDS,
                                httponly=True, samesite="Lax", secure=request.is_secure())
        return response
