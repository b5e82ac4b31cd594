"""A throwaway database for the benchmarks: Django set up on it, dropped on the way out."""

import contextlib
import os
import tempfile


@contextlib.contextmanager
def throwaway_database(database_url, *, prefix):
    """Yield Django's connection to a fresh test database: a temporary SQLite file, or
    `test_<name>` next to the PostgreSQL database named in `database_url`."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/unused.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
        import django
        from django.conf import settings

        django.setup()
        settings.DEBUG = False  # production mode: no query log kept in memory
        settings.ALLOWED_HOSTS = ["*"]  # the test client's host
        from django.db import connection

        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = f"{folder}/bench.sqlite3"
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            yield connection
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
