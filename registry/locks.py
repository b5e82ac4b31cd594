"""Locks that make concurrent writes of one kind wait for each other."""

import zlib

from django.db import connection


def serialise(name):
    """Until the current transaction ends, make every other transaction that asks for `name`
    wait (a PostgreSQL advisory lock). SQLite needs none: it lets one transaction write at a
    time, and refuses the second writer of two that read first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
