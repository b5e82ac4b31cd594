"""Test-only overrides on top of registry.settings."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright beside live_server

from registry.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collected static files: WhiteNoise scans STATIC_ROOT whenever a handler is built (every test
# Client), and .ci/fuzz_api's collectstatic leaves some 800 files there, which made the suite
# several times slower after a first CI run on the same tree. The tests serve nothing from it.
STATIC_ROOT = None
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "en"
# A replica that is the test database itself (Django's test mirror), for the router's tests;
# the router is switched on only by those tests.
DATABASES.setdefault(  # noqa: F405
    "replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})  # noqa: F405
# The tests' webhook receivers listen on 127.0.0.1.
WEBHOOK_PRIVATE_ADDRESSES = True
