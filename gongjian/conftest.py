import pytest

from gongjian.testing import PASSWORD, build_world

#: The fixture that loads the demo district; tests asking for it run last (see below).
DEMO_FIXTURE = "demo_district"


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


@pytest.fixture(scope="session")
def demo_district(django_db_setup, django_db_blocker):
    """The demo district (梅列区 with every registered demo part), built once per test session
    and shared by every module that needs it; each test still runs in its own transaction,
    rolled back. The tests that use it are run after all the others (so that those see an
    empty database), and it is deleted at the end of the session."""
    from gongjian.registry.demo import build_demo, delete_demo
    from gongjian.registry.demo import demo_district as find

    with django_db_blocker.unblock():
        build_demo()
        yield find()
        delete_demo()


def pytest_collection_modifyitems(config, items):
    """Tests that use the demo district go last, in their order: it is built once, when the
    first of them starts, and stays until the session ends."""
    uses = [item for item in items if DEMO_FIXTURE in getattr(item, "fixturenames", ())]
    if uses:
        rest = [item for item in items if DEMO_FIXTURE not in getattr(item, "fixturenames", ())]
        items[:] = rest + uses
