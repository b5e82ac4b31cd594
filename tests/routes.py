"""Every named route of the project, read from the URL resolver itself, for the access
tables (tests/access.py, tests/page_access.py) to check that none is left out."""

from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns, namespaces):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns,
                             [*namespaces, pattern.namespace] if pattern.namespace else namespaces)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join([*namespaces, pattern.name])


def url_names():
    """Every named URL as `namespace:name` (or plain `name` outside any namespace)."""
    return set(_walk(get_resolver().url_patterns, []))
