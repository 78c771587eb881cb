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
SESSION_COOKIE_SECURE = env_bool("GONGJIAN_HTTPS", False)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
WHITENOISE_USE_FINDERS = False
