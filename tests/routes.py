"""Every named route of the project and the HTTP methods its view answers, read from the URL
resolver and the views themselves, for the access tables (tests/access.py,
tests/page_access.py) to check that no (route, method) is left out."""

import logging

from django.http import HttpResponseNotAllowed
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

# The methods a view that restricts nothing answers: Django's View.http_method_names.
EVERY_METHOD = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"})
# A method no view answers: a function view decorated with require_http_methods() refuses it
# with a 405 whose Allow header lists the methods it does answer.
UNHEARD_OF = "UNHEARD-OF"


def _walk(patterns, namespaces):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns,
                             [*namespaces, pattern.namespace] if pattern.namespace else namespaces)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join([*namespaces, pattern.name]), pattern.callback


def url_views():
    """{`namespace:name` (or plain `name` outside any namespace): the view it resolves to}."""
    return dict(_walk(get_resolver().url_patterns, []))


def url_names():
    """Every named URL as `namespace:name` (or plain `name` outside any namespace)."""
    return set(url_views())


def _class_methods(view):
    """The methods of a class-based view: DRF's APIView and viewsets, Django's View."""
    cls = getattr(view, "cls", None) or view.view_class
    # as_view(http_method_names=...) narrows the class's list for one route
    names = getattr(view, "view_initkwargs", {}).get("http_method_names", cls.http_method_names)
    allowed = {name for name in names if hasattr(cls, name)}
    actions = getattr(view, "actions", None)  # a viewset route binds methods to actions
    if actions is not None:
        # `options` is the class's own handler (DRF's metadata), whatever the route binds.
        allowed = (set(actions) | {"options"}) & set(names)
    if "get" in allowed:
        allowed.add("head")  # Django's View.setup() and DRF's viewsets answer HEAD with GET
    return {name.upper() for name in allowed}


def _function_methods(view):
    """The methods of a function view: the Allow header of the 405 that
    require_http_methods() answers a method no view takes with; every method when the view
    answers that method itself (it restricts nothing)."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # not a "Method Not Allowed" warning per view
    try:
        response = view(RequestFactory().generic(UNHEARD_OF, "/"))
    finally:
        request_log.setLevel(level)
    if isinstance(response, HttpResponseNotAllowed):
        return {method.strip() for method in response["Allow"].split(",")}
    return set(EVERY_METHOD)


def accepted_methods(view):
    """The HTTP methods `view` (a resolved URL's callback) has a handler for."""
    if hasattr(view, "cls") or hasattr(view, "view_class"):
        return _class_methods(view)
    return _function_methods(view)


def url_methods(names):
    """{(name, method)} of every method the views of these URL names accept."""
    views = url_views()
    return {(name, method) for name in names for method in accepted_methods(views[name])}
