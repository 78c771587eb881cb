"""The test profile: the embedded default, or PostgreSQL when DATABASE_URL says so."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
ALLOWED_HOSTS = ["*"]
GONGJIAN_IMPORT_BACKGROUND_ROWS = 50
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise wants it to exist)
GONGJIAN_JOBS_SYNC = True
GONGJIAN_FORM_MIN_SECONDS = 0  # tests send public forms at once (a test sets it to check the guard)

import tempfile  # noqa: E402

# Uploads made by tests (evidence photos) go to a throwaway folder, never var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongjian-test-media-"))  # noqa: F405
