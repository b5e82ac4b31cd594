"""Settings for every deployment, read from the environment (see README.md).

The defaults suit development: SQLite in the project folder, debug on, local
memory cache. Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from registry.codes import CODE_PATTERN
from registry.environment import (
    env_address,
    env_bool,
    env_email,
    env_int,
    env_list,
    env_rate,
    env_secret,
    env_site_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when DJANGO_DEBUG is false."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_htmx",
    "csp",
    "axes",
    "django_scim",
    "registry",
    "departments",
    "responsibilities",
    "findings",
    "spreadsheets",
    "governance",
    "identity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "registry.compression.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "registry.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The number of queries of each request in a response header, for the load test (bench/load.py).
if env_bool("REGISTRY_QUERY_COUNT_HEADER", False):
    MIDDLEWARE.insert(0, "registry.middleware.QueryCountMiddleware")

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
# Seconds to wait for the database server to accept a connection, so a server that hangs
# makes requests (and /healthz) fail fast instead of holding a worker.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1)
# A read replica of the primary (docs/operations.md): the pages and read endpoints read from it
# outside write transactions; a browser that wrote reads from the primary for
# REPLICA_LAG_SECONDS afterwards, so it sees its own change.
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10, minimum=0)
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["registry.routers.ReplicaRouter"]
    MIDDLEWARE.insert(1, "registry.middleware.ReadYourWritesMiddleware")
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "registry",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    # First: it refuses a login from a locked-out user name or address before the password
    # is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection for logins (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords
# for one user name, or from one address, logins from either are refused for
# LOGIN_LOCKOUT_MINUTES. The failures are counted in the shared cache (Redis) when there is
# one, else in the database, so that every app process sees them.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.{}".format(
    "cache.AxesCacheHandler" if REDIS_URL else "database.AxesDatabaseHandler"
)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "registry.lockout.lockout_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Single sign-on with OpenID Connect (docs/sso.md), on when OIDC_ISSUER is set: the login
# page then offers the identity provider beside the local accounts. The provider's endpoints
# come from its discovery document ({issuer}/.well-known/openid-configuration).
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
# The claims that carry a person's email address and full name.
OIDC_EMAIL_CLAIM = env_str("OIDC_EMAIL_CLAIM", "email")
OIDC_NAME_CLAIM = env_str("OIDC_NAME_CLAIM", "name")
# How the login page names the provider's button ("Sign in with …"); empty: "Sign in with
# your organisation's account".
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "")
# Seconds to wait for the provider (its discovery document, token, keys and userinfo), and
# the clock difference with it forgiven on an ID token's times.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 5, minimum=1)
OIDC_CLOCK_SKEW_SECONDS = env_int("OIDC_CLOCK_SKEW_SECONDS", 60, minimum=0)
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
# How the client secret reaches the token endpoint: in the form (client_secret_post), or with
# OIDC_TOKEN_USE_BASIC_AUTH in an Authorization header (client_secret_basic).
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False)
# A refused sign-in comes back to the login page, which says why (identity.oidc).
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
# The login page's button ({% load single_sign_on %}): identity has no templatetags package.
TEMPLATES[0]["OPTIONS"]["libraries"] = {"single_sign_on": "identity.oidc_tags"}
if OIDC_ISSUER:
    if not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
        raise ImproperlyConfigured("OIDC_ISSUER is set: set OIDC_CLIENT_ID and "
                                   "OIDC_CLIENT_SECRET (or OIDC_CLIENT_SECRET_FILE) too.")
    AUTHENTICATION_BACKENDS.insert(1, "identity.oidc.RegistryOIDCBackend")
# django-guardian: no anonymous user row; anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The organisation's zone: what "today" is (memberships, reviews, a date typed in a filter)
# and the zone every page shows a time in. Django refuses a name it does not know at start-up.
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
# English dates day first ("30 Nov 2026, 14:05"); Chinese ones as Django writes them.
FORMAT_MODULE_PATH = ["registry.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes "not logged in" a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.api.throttles.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["registry.api.access.ReadAccess"],
    "DEFAULT_RENDERER_CLASSES": [
        "registry.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "registry.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.RegistryPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "registry.api.schemas.RegistrySchema",
    "EXCEPTION_HANDLER": "registry.api.exceptions.exception_handler",
    # Requests per client (registry.api.throttles): a logged-in user, an anonymous address,
    # the imports of one user, and the failed token logins of one address.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_rate("API_RATE_USER", "1200/minute"),
        "anon": env_rate("API_RATE_ANONYMOUS", "120/minute"),
        "import": env_rate("API_RATE_IMPORT", "30/hour"),
        "token_failure": env_rate("API_RATE_TOKEN_FAILURES", "20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Responsibility registry API",
    "DESCRIPTION": "The RACI matrix of an organisation, with its overlaps and gaps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set: several fields are called "kind", and the axis and a party's
    # kind share the values department/role.
    "ENUM_NAME_OVERRIDES": {
        "ProcessKindEnum": "responsibilities.models.ProcessKind",
        "FindingKindEnum": "findings.engine.FindingKind",
        "SeverityEnum": "findings.engine.Severity",
        "PartyKindEnum": "responsibilities.matrix.AXES",
        "DeliveryStateEnum": "governance.models.DeliveryState",
        "ProposalStateEnum": "governance.models.ProposalState",
        "CampaignAnswerEnum": "governance.models.ItemAnswer",
        "VerdictEnum": "governance.models.Verdict",
    },
}

# Findings thresholds (docs/findings.md).
RACI_MAX_ACCOUNTABLE = env_int("RACI_MAX_ACCOUNTABLE", 20, minimum=1)
RACI_MAX_CONSULTED = env_int("RACI_MAX_CONSULTED", 5, minimum=1)


def _duty_pairs(name):
    """The pairs of duty codes in NAME, "approve-payment:execute-payment,approve-refund:..."
    (each pair once, whichever way round); ImproperlyConfigured naming NAME on a bad pair."""
    pairs = {}
    for item in env_list(name, []):
        first, colon, second = (part.strip() for part in item.partition(":"))
        if not (colon and re.match(CODE_PATTERN, first) and re.match(CODE_PATTERN, second)):
            raise ImproperlyConfigured(
                f"{name} must be pairs of duty codes such as approve-payment:execute-payment,"
                f" separated by commas, not {item!r}.")
        if first == second:
            raise ImproperlyConfigured(f"{name} pairs {first!r} with itself.")
        pairs.setdefault(frozenset((first, second)), (first, second))
    return tuple(pairs.values())


# Pairs of duties no one person may be Responsible for together (segregation-of-duties).
RACI_SOD_PAIRS = _duty_pairs("RACI_SOD_PAIRS")
# How many days ahead a waiver of a finding may expire at most (docs/findings.md, "Waivers").
RACI_WAIVER_MAX_DAYS = env_int("RACI_WAIVER_MAX_DAYS", 365, minimum=1)
# A duty whose letters nobody confirmed for this many days gets `stale-confirmation`
# (docs/findings.md); a duty never confirmed counts from its creation.
RACI_CONFIRM_EVERY_DAYS = env_int("RACI_CONFIRM_EVERY_DAYS", 365, minimum=1)
# How many days before a confirmation campaign's deadline the people yet to answer are
# reminded (docs/campaigns.md).
RACI_CAMPAIGN_REMIND_DAYS = env_int("RACI_CAMPAIGN_REMIND_DAYS", 3, minimum=0)
# Days after a proposal is put to the departments after which silence counts as consent
# (`settle_proposals`); 0 waits for every answer (docs/proposals.md).
RACI_CONSENT_DAYS = env_int("RACI_CONSENT_DAYS", 0, minimum=0)
# Let anonymous visitors read pages and the API.
REGISTRY_PUBLIC_READ = env_bool("REGISTRY_PUBLIC_READ", False)
# The largest spreadsheet an import takes, on the page, in the API and on the command line.
REGISTRY_UPLOAD_MAX_MB = env_int("REGISTRY_UPLOAD_MAX_MB", 20, minimum=1)
# The import page sends a previewed file back in a form field, base64: 4/3 of its size, plus
# the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = REGISTRY_UPLOAD_MAX_MB * 1024 * 1024 * 4 // 3 + 64 * 1024
# What an import reads at most: a file past any of these is refused with the limit it hit.
REGISTRY_IMPORT_MAX_ROWS = env_int("REGISTRY_IMPORT_MAX_ROWS", 50_000, minimum=1)
REGISTRY_IMPORT_MAX_COLUMNS = env_int("REGISTRY_IMPORT_MAX_COLUMNS", 2_000, minimum=2)
REGISTRY_IMPORT_MAX_CELLS = env_int("REGISTRY_IMPORT_MAX_CELLS", 5_000_000, minimum=1)
REGISTRY_IMPORT_MAX_SECONDS = env_int("REGISTRY_IMPORT_MAX_SECONDS", 20, minimum=1)

# Content-Security-Policy (django-csp): scripts, styles and everything else come from the app
# itself; no inline script or style attribute, no eval, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_on_one_line": {"()": "registry.log_filters.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["refusals_on_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes tells every successful login at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Background work (registry/tasks.py): Celery with Redis as the broker, or, without
# REDIS_URL, each task run where and when it is sent.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# A task that fails records its failure itself; an error never reaches the request that sent it.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
# A task is taken off the queue when it is done, not when it starts: a worker that dies
# mid-task leaves it to another.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The pause before a failed webhook delivery's second attempt; each later pause doubles it.
WEBHOOK_RETRY_SECONDS = env_int("WEBHOOK_RETRY_SECONDS", 30, minimum=1)
# Let webhooks POST to loopback, private and link-local addresses (an intranet receiver);
# off, such a subscription's deliveries fail, so it cannot probe the registry's network.
WEBHOOK_PRIVATE_ADDRESSES = env_bool("WEBHOOK_PRIVATE_ADDRESSES", False)
CELERY_BEAT_SCHEDULE = {
    "refresh-findings": {"task": "findings.tasks.refresh_findings",
                         "schedule": crontab(hour=0, minute=5)},
    "settle-proposals": {"task": "governance.tasks.settle_proposals",
                         "schedule": crontab(hour=0, minute=15)},
    "settle-campaigns": {"task": "governance.tasks.settle_campaigns",
                         "schedule": crontab(hour=0, minute=20)},
    "deliver-webhooks": {"task": "governance.tasks.deliver_due", "schedule": 60.0},
    # In the morning of TIME_ZONE, after the night's settling: one mail per person.
    "send-digests": {"task": "governance.tasks.send_digests",
                     "schedule": crontab(hour=7, minute=30)},
}

# Mail (docs/notifications.md): EMAIL_URL is console:// (printed on stdout),
# smtp://[user:password@]host[:port], smtp+tls://… (STARTTLS) or smtp+ssl://….
_MAIL = env_email("EMAIL_URL")
EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT = (
    _MAIL["EMAIL_BACKEND"], _MAIL["EMAIL_HOST"], _MAIL["EMAIL_PORT"])
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _MAIL["EMAIL_HOST_USER"], _MAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS, EMAIL_USE_SSL = _MAIL["EMAIL_USE_TLS"], _MAIL["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env_address("EMAIL_FROM", "registry@localhost")
# Seconds to wait for the mail server, so one that hangs does not hold a worker.
EMAIL_TIMEOUT = 10
# Where people reach the registry: the links in mails start with it.
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")

# SCIM 2.0 provisioning (docs/scim.md): the identity provider creates, updates and
# deactivates people, and starts and ends their memberships through the groups mapped to roles,
# at /scim/v2/ with a bearer token of its own (`manage.py create_scim_token`).
_SITE = urlsplit(SITE_URL)
SCIM_SERVICE_PROVIDER = {
    "SCHEME": _SITE.scheme,
    "NETLOC": _SITE.netloc,
    "AUTHENTICATION_SCHEMES": [{
        "type": "oauthbearertoken", "name": "OAuth Bearer Token",
        "description": "A token made by manage.py create_scim_token, sent as "
                       "'Authorization: Bearer <token>'.",
    }],
    "WWW_AUTHENTICATE_HEADER": 'Bearer realm="scim"',
    # Users are people (through identity.models.ScimIdentity), groups stand for roles.
    "USER_MODEL_GETTER": "identity.scim_filters.user_model",
    "USER_ADAPTER": "identity.scim_users.ScimUser",
    "GROUP_MODEL": "identity.models.ScimGroup",
    "GROUP_ADAPTER": "identity.scim_groups.ScimGroupAdapter",
    "USER_FILTER_PARSER": "identity.scim_filters.UserFilter",
    "GROUP_FILTER_PARSER": "identity.scim_filters.GroupFilter",
    "GET_EXTRA_MODEL_FILTER_KWARGS_GETTER": "identity.scim_filters.extra_filter_kwargs_getter",
    "GET_QUERYSET_POST_PROCESSOR_GETTER":
        "identity.scim_filters.queryset_post_processor_getter",
    "GET_OBJECT_POST_PROCESSOR_GETTER": "identity.scim_filters.object_post_processor_getter",
    # Only the identity provider's bearer token opens /scim/v2/; a session or an API token
    # does not.
    "AUTH_CHECK_MIDDLEWARE": "identity.scim_auth.ScimTokenCheck",
}
