"""A minimal OpenID provider for the single sign-on tests: django-oauth-toolkit with OIDC, in a
Django project of its own that tests/identity/test_oidc.py migrates, seeds and serves."""
