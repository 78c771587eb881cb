"""The embedded default: one process, an SQLite file under var/, jobs run in-process."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

# Off unless switched on for development (DJANGO_DEBUG=1): the debug page lists every URL
# pattern and settings. Static files are served by WhiteNoise (from the finders) either way.
DEBUG = env_bool("DJANGO_DEBUG", False)
if not SECRET_KEY:  # noqa: F405
    # A per-machine key kept beside the database, created on first start.
    _key_file = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _key_file.write_text(get_random_secret_key())
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
