"""The shared services moved into core: upload checks (the old targets import still works),
logged bulk creation and the demo parts' delete with its change-log rows."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.core import services, uploads
from gongjian.core.models import ObjectChange


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_upload_checks_live_in_core_and_the_old_import_works(settings):
    from gongjian.targets import evidence

    assert evidence.check_upload is uploads.check_upload and evidence.EvidenceError is uploads.UploadError
    assert uploads.check_upload(SimpleUploadedFile("a.png", _png())).content_type == uploads.PNG
    settings.GONGJIAN_UPLOAD_MAX_BYTES = 10
    with pytest.raises(uploads.UploadError):
        uploads.check_upload(SimpleUploadedFile("a.png", _png()))


@pytest.mark.django_db
def test_bulk_create_logged_and_delete_with_changes(world):
    from gongjian.registry.models import Compound
    from gongjian.targets import services as target_services

    assert target_services.bulk_create_logged is services.bulk_create_logged
    community = world.communities["江滨社区"]
    made = [Compound(community=community, name=f"小区{i}") for i in range(3)]
    for obj in made:
        obj.full_clean()
    services.bulk_create_logged(actor=None, model=Compound, objs=made, source="test")
    ct = ContentType.objects.get_for_model(Compound)
    assert ObjectChange.objects.filter(content_type=ct, object_id__in=[c.pk for c in made], source="test").count() == 3
    assert services.delete_with_changes(Compound, Compound.objects.filter(pk__in=[c.pk for c in made[:2]])) == 2
    assert list(Compound.objects.filter(community=community)) == [made[2]]
    assert ObjectChange.objects.filter(content_type=ct, object_id__in=[c.pk for c in made]).count() == 1
    assert services.delete_with_changes(Compound, Compound.objects.none()) == 0


def test_registry_demo_keeps_the_old_name():
    from gongjian.registry import demo

    assert demo._delete_with_changes is services.delete_with_changes
