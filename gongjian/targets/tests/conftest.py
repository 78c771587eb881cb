import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.targets import services

YEAR = 2010


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded evidence goes to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan(world):
    """江滨's 2010 plan (draft), with the district's five work categories."""
    return services.plan_create(actor=world.users["community"], community=world.communities["江滨社区"], year=YEAR)


@pytest.fixture
def make_task(world, plan):
    """make_task(**fields): a task of 江滨's plan led by 江滨单位 (whose liaison user is
    ``world.users["liaison"]``), deadline end of September."""

    def _make(plan=plan, lead=None, co_organisers=(), **fields):
        category = plan.community.street.district.work_categories.order_by("order").first()
        values = {
            "category": category, "title": "老旧下水道改造", "target_what": "改造破损下水管道", "target_quantity": 800,
            "target_unit": "米", "deadline": datetime.date(plan.year, 9, 30), "leader_name": "王建国", "leader_title": "所长",
        }
        values.update(fields)
        return services.task_create(
            actor=world.users["community"], plan=plan, lead_organisation=lead or world.orgs["江滨单位"], co_organisers=co_organisers, **values,
        )

    return _make


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A small JPEG carrying EXIF with a GPS position, a camera model and an orientation."""
    from PIL import Image

    img = Image.new("RGB", size, (200, 30, 40))
    exif = Image.Exif()
    exif[0x0110] = "Test Camera"  # Model
    exif[0x0112] = 1  # Orientation
    gps = {1: "N", 2: (26.0, 16.0, 5.5), 3: "E", 4: (117.0, 38.0, 11.2)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
