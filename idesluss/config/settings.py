"""Idésluss settings: every value comes from the environment (see README.md).

Defaults suit trying the platform out on one machine (embedded SQLite); production
sets DEBUG=false (the default) with a real SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=true to try out).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "idesluss.core",
    "idesluss.goals",
    "idesluss.accounts",
    "idesluss.ideas",
    "idesluss.challenges",
    "idesluss.groups",
    "idesluss.workshops",
    "idesluss.notifications",
    "idesluss.conversations",
    "idesluss.learning",
    "idesluss.showcase",
    "idesluss.network",
    "idesluss.insights",
    "idesluss.home",
    "idesluss.core.admin_config.IdeslussAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # First: it times and counts every answer (docs/operations.md, /metrics).
    "idesluss.core.middleware.MetricsMiddleware",
    "idesluss.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "idesluss.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Form widgets may be overridden by the project's templates; labels have no colon.
FORM_RENDERER = "idesluss.core.renderers.Renderer"

ROOT_URLCONF = "idesluss.config.urls"
WSGI_APPLICATION = "idesluss.config.wsgi.application"

# What every page's context carries, in Jinja2 and Django templates alike.
TEMPLATE_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.template.context_processors.csp",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "idesluss.core.context_processors.site",
    "idesluss.notifications.context_processors.unread",
]
TEMPLATES = [
    # The application's pages, converted one by one (issue 13): Jinja2 renders them
    # faster. First, so a name in idesluss/jinja2/ wins; only that directory (no app's
    # `jinja2` folder), so forms and third-party pages keep their Django templates.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "idesluss.core.jinja2.environment",
            "context_processors": TEMPLATE_CONTEXT_PROCESSORS,
        },
    },
    # The admin, allauth, forms and the pages not yet converted.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": TEMPLATE_CONTEXT_PROCESSORS},
    },
]

# Database: the embedded SQLite file by default, PostgreSQL in production.
DATA_DIR = Path(env("DATA_DIR", str(PROJECT_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'idesluss.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Tests use a file too (not Django's shared in-memory database), so that
    # concurrent requests lock as they do in a real installation.
    DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}-test"}
    # Concurrent requests and the task worker share the file: wait for locks
    # instead of failing, and let readers work beside the writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # PostgreSQL plans a page's main queries (an idea with its stage, unit, people,
    # challenge and workshop) in several times the time it runs them: with server-side
    # binding, psycopg prepares a statement met twice on a connection, and PostgreSQL
    # plans it once. Turn off behind a pooler in transaction mode (PgBouncer < 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env("CACHE_URL", "locmem://")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": _cache_url.removeprefix("db://") or "idesluss_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read on every request: from the shared cache when there is one (written
# through to the database, so a restarted cache loses no one's sign-in). A cache of one
# process (locmem) would show other workers' stale copies, so sessions then stay in the
# database only.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _cache_url.startswith(("redis://", "rediss://"))
    else "django.contrib.sessions.backends.db"
)

# Accounts and sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "idesluss.accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env("PASSWORD_HASHER") == "md5":  # only for the test suite: hashing fast
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home:start"
ACCOUNT_ADAPTER = "idesluss.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "idesluss.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "idesluss.accounts.forms.SignupForm"
ACCOUNT_FORMS = {"reset_password": "idesluss.accounts.password_reset.ResetPasswordForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Staff normally come from the HR import or single sign-on. Self sign-up is only
# open for addresses in these domains (empty: closed).
SIGNUP_EMAIL_DOMAINS = [d.lower() for d in env_list("SIGNUP_EMAIL_DOMAINS")]
# After LOGIN_ATTEMPTS_LIMIT failed sign-ins for one address, that address is
# locked out for LOGIN_ATTEMPTS_TIMEOUT seconds.
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"10/m/ip,{env('LOGIN_ATTEMPTS_LIMIT', '5')}/{env('LOGIN_ATTEMPTS_TIMEOUT', '300')}s/key"
    ),
}
# Behind a TLS-terminating proxy every request arrives from the proxy's address, so
# the per-address limit above would lock everyone out at once. The client's address
# is then taken from the proxy's header: by default the last X-Forwarded-For entry
# (the one our proxy added; earlier ones are the client's own claim and ignored), or
# a header the proxy sets itself (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP).
# Without BEHIND_PROXY forwarded headers are ignored: anyone could send them.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1")) if BEHIND_PROXY else 0
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    (env("TRUSTED_CLIENT_IP_HEADER") or None) if BEHIND_PROXY else None
)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Idésluss] "
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

# Optional single sign-on through OpenID Connect (e.g. Microsoft Entra ID:
# OIDC_SERVER_URL=https://login.microsoftonline.com/<tenant>/v2.0).
SOCIALACCOUNT_PROVIDERS: dict = {}
if env("OIDC_CLIENT_ID") and env("OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env("OIDC_PROVIDER_ID", "entra"),
                "name": env("OIDC_NAME", "Microsoft Entra ID"),
                "client_id": env("OIDC_CLIENT_ID"),
                "secret": env("OIDC_CLIENT_SECRET"),
                "settings": {
                    # Entra ID sends no email_verified claim: addresses in the
                    # organisation's own domains are trusted as verified.
                    "verified_email": [d.lower() for d in env_list("OIDC_EMAIL_DOMAINS")],
                    "server_url": env("OIDC_SERVER_URL"),
                    "token_auth_method": env("OIDC_TOKEN_AUTH_METHOD", "client_secret_post"),
                },
            }
        ],
    }
_sso_origins = []
if env("OIDC_SERVER_URL"):
    from urllib.parse import urlsplit

    _parts = urlsplit(env("OIDC_SERVER_URL"))
    _sso_origins.append(f"{_parts.scheme}://{_parts.netloc}")
# Addresses signing in by single sign-on must belong to these domains (empty: any).
OIDC_EMAIL_DOMAINS = [d.lower() for d in env_list("OIDC_EMAIL_DOMAINS")]

# Internationalisation: Swedish first, English second.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "idesluss_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files, served by WhiteNoise (no separate web server needed).
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
_static_manifest = env_bool("STATIC_MANIFEST", not DEBUG)
# Without collected files (development, tests) WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not _static_manifest
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _static_manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Mail through Django's mail framework. Without EMAIL_HOST mail goes to the console.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Idésluss <idesluss@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Without EMAIL_HOST mail is written to the console (fine for trying it out).
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER") or None,
                "password": env("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": int(env("EMAIL_TIMEOUT", "20")),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
        }
    }
ADMINS = [("Admin", a) for a in env_list("ADMINS")]

# Background work through Django's tasks framework, stored in the database and
# run by `idesluss db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Security. Production (DEBUG off) is strict by default; each can be relaxed by
# the environment, e.g. SECURE_SSL_REDIRECT=false behind a TLS-terminating proxy.
_secure = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _secure)
# Load balancers and orchestrators probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if _secure else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _secure)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _secure)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _secure)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _secure)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF token from its cookie (forms and htmx send the form's field).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses, refused to every page (and to anything injected into one).
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Single sign-on posts to us and is redirected on to the identity provider.
    "form-action": [CSP.SELF, *_sso_origins],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Logs go to standard error: as text lines, or with LOG_FORMAT=json one JSON object a line
# for a log collector (time, level, logger, message, and the request's method and path).
LOG_FORMAT = env("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("LOG_FORMAT is either text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "idesluss.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Monitoring (docs/operations.md). /readyz answers 503 when a task has waited for a worker
# longer than this many seconds (no worker running, or too few).
READY_MAX_TASK_WAIT = int(env("READY_MAX_TASK_WAIT", "900"))
# /metrics answers only with this bearer token (without one it does not exist: 404).
METRICS_TOKEN = env("METRICS_TOKEN")
# Where to report a vulnerability (an address or https:// URL), shown in
# /.well-known/security.txt (docs/security.md); without it that file does not exist.
SECURITY_CONTACT = env("SECURITY_CONTACT")
SECURITY_POLICY_URL = env("SECURITY_POLICY_URL")

# The idea sluice: days an idea may wait for an answer, unless its stage says otherwise.
IDEA_RESPONSE_DAYS = int(env("IDEA_RESPONSE_DAYS", "14"))
IDEA_ATTACHMENT_MAX_BYTES = int(env("IDEA_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
# Groups: days before an action's due date its owner is reminded (and once more when late).
ACTION_REMINDER_DAYS = int(env("ACTION_REMINDER_DAYS", "2"))

# Notifications: an immediate e-mail waits this many seconds, so that events close together
# (comments, "we have it too") go out in one e-mail; repeated events on the same thing to the
# same person within the window are collapsed into one notification, and such a thing is
# e-mailed at most once per window. Failed e-mails are tried again after these delays
# (seconds), then given up and shown as failed in the back office.
NOTIFICATION_EMAIL_DELAY = int(env("NOTIFICATION_EMAIL_DELAY", "120"))
NOTIFICATION_COLLAPSE_WINDOW = int(env("NOTIFICATION_COLLAPSE_WINDOW", "600"))
NOTIFICATION_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("NOTIFICATION_RETRY_DELAYS", "60,300,1800,7200,43200")
]

# The organisation this installation serves (shown in the header and mails).
ORGANISATION_NAME = env("ORGANISATION_NAME", "Tranås kommun")
# The innovation network (docs/network.md): hosts whose feeds may be read over plain http
# and on private addresses (e.g. a neighbour's installation on the internal network).
NETWORK_ALLOWED_HOSTS = env_list("NETWORK_ALLOWED_HOSTS")
