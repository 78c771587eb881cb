import pytest
from django.conf import settings
from django.utils import translation

from gongjian.testing import PASSWORD, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """login(user) logs the Django test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts (and leaves) in the default language, whatever the one before did."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Login throttling (axes) and API throttling (cache) start empty in each test."""
    from django.core.cache import cache

    cache.clear()
