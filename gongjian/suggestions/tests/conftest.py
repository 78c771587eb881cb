import io

import pytest
from django.core.cache import cache

from gongjian.suggestions import services


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(world):
    return services.campaign_create(actor=world.users["community"], community=world.communities["江滨社区"], year=2010)


@pytest.fixture
def campaign_fx(world):
    return services.campaign_create(actor=None, community=world.communities["富兴社区"], year=2010)


def jpeg_with_gps() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (26.0, 16.0, 5.5), 3: "E", 4: (117.0, 38.0, 11.2)}
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()
