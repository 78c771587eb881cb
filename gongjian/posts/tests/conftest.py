import pytest

from . import matrix


@pytest.fixture
def posts(world):
    """The matrix's objects: posts in 江滨 and 富兴 with holders and entries, a pending claim."""
    return matrix.objects(world)
