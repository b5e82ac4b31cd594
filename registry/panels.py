"""What a higher app adds to the page of a lower one, without the lower one importing it.

The apps form layers (docs/architecture.md): a duty page belongs to `responsibilities`, but
the duty's findings are known to `findings`, the layer above. So the findings app registers a
provider for the page in its AppConfig.ready(), and the page's view merges what every
provider returns into its template context:

    panels.register("duty_detail", lambda *, code: {"findings": findings_list(duty=code)})
    context = {..., **panels.context("duty_detail", code=code)}

A page without providers gets an empty dict, so each app's pages also work alone.
"""

_providers = {}


def register(page, provider):
    """Call `provider(**scope)` for `page`; it returns a dict of template context."""
    _providers.setdefault(page, []).append(provider)


def context(page, **scope):
    """The template context every provider of `page` adds for this `scope`."""
    extra = {}
    for provider in _providers.get(page, ()):
        extra.update(provider(**scope))
    return extra
