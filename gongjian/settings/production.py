"""Production: PostgreSQL (DATABASE_URL), Redis cache and Celery broker (REDIS_URL), workers."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
# A worker's job (a large import) is killed past the hard time limit, and a worker process is
# replaced once it has grown beyond this many KB, so one bad workbook cannot keep the memory.
CELERY_TASK_TIME_LIMIT = GONGJIAN_IMPORT_TIME_LIMIT_SECONDS + 60  # noqa: F405
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("GONGJIAN_WORKER_MAX_MEMORY_KB", str(1024 * 1024)))
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
WHITENOISE_USE_FINDERS = False

# Behind a reverse proxy that ends HTTPS (the normal set-up): the proxy says the request came
# over HTTPS in X-Forwarded-Proto, and its X-Forwarded-For is believed (GONGJIAN_TRUSTED_PROXIES).
GONGJIAN_HTTPS = env_bool("GONGJIAN_HTTPS", False)  # noqa: F405
GONGJIAN_BEHIND_PROXY = env_bool("GONGJIAN_BEHIND_PROXY", False)  # noqa: F405
if GONGJIAN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("GONGJIAN_USE_X_FORWARDED_HOST", False)  # noqa: F405
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("GONGJIAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SESSION_COOKIE_SECURE = GONGJIAN_HTTPS
CSRF_COOKIE_SECURE = GONGJIAN_HTTPS
SECURE_SSL_REDIRECT = GONGJIAN_HTTPS and env_bool("GONGJIAN_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("GONGJIAN_HSTS_SECONDS", str(31536000 if GONGJIAN_HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GONGJIAN_HSTS_INCLUDE_SUBDOMAINS", GONGJIAN_HTTPS)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("GONGJIAN_HSTS_PRELOAD", GONGJIAN_HTTPS)  # noqa: F405
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The health check of the load balancer talks plain HTTP to the app.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
