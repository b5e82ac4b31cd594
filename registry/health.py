"""The load balancer's health check."""

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEALTH_TIMEOUT_MS = 3000


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 otherwise, also when it does not answer in
    time; no login needed."""
    try:
        # connecting waits at most DATABASE_CONNECT_TIMEOUT; the query, HEALTH_TIMEOUT_MS
        with connection.cursor() as cursor, transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = %s", [HEALTH_TIMEOUT_MS])
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
