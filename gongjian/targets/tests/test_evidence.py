import datetime
import io
import zipfile

import pytest
from PIL import Image, PngImagePlugin

from gongjian.targets import services
from gongjian.targets.evidence import DOCX, JPEG, PDF, PNG, EvidenceError, check_upload
from gongjian.targets.models import Evidence

from .conftest import jpeg_with_gps, upload


def test_jpeg_loses_exif_and_gps_but_stays_a_picture():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has a position
    checked = check_upload(upload(original))
    assert checked.content_type == JPEG and checked.is_photo
    img = Image.open(io.BytesIO(checked.data))
    assert img.format == "JPEG" and img.size == (64, 48)
    assert len(img.getexif()) == 0 and not img.getexif().get_ifd(0x8825)
    assert b"Exif" not in checked.data and b"Test Camera" not in checked.data


def test_png_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "26.27N 117.63E")
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 255, 128)).save(buffer, format="PNG", pnginfo=info)
    checked = check_upload(upload(buffer.getvalue(), "x.png", "image/png"))
    assert checked.content_type == PNG
    assert b"Location" not in checked.data
    assert Image.open(io.BytesIO(checked.data)).size == (20, 10)


def test_type_comes_from_the_bytes_not_the_name():
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    checked = check_upload(upload(pdf, "looks-like-a-photo.jpg", "image/jpeg"))
    assert checked.content_type == PDF and not checked.is_photo
    with pytest.raises(EvidenceError):
        check_upload(upload(b"MZ\x90\x00 a program", "photo.jpg", "image/jpeg"))
    with pytest.raises(EvidenceError):
        check_upload(upload(b"<html><script>alert(1)</script>", "report.pdf", "application/pdf"))
    with pytest.raises(EvidenceError):  # a JPEG header on garbage is not a photo
        check_upload(upload(b"\xff\xd8\xff\xe0" + b"0" * 100, "broken.jpg"))


def test_word_documents_are_recognised():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert check_upload(upload(buffer.getvalue(), "方案.docx", "application/octet-stream")).content_type == DOCX
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(EvidenceError):
        check_upload(upload(plain.getvalue(), "x.docx"))


def test_size_is_capped(settings):
    settings.GONGJIAN_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(EvidenceError):
        check_upload(upload(jpeg_with_gps((400, 300)) + b"\0" * 1000))
    with pytest.raises(EvidenceError):
        check_upload(upload(b""))


@pytest.mark.django_db
def test_a_bad_file_refuses_the_whole_report_and_leaves_nothing(world, make_task, media):
    task = make_task()
    with pytest.raises(EvidenceError):
        services.report_submit(
            actor=None, task=task, month=datetime.date(2010, 5, 1), percent=30, done_text="x", status="on_track",
            uploads=[upload(jpeg_with_gps()), upload(b"not a file we keep", "x.jpg")],
        )
    assert not task.reports.exists() and not Evidence.objects.exists()
    assert not (media / "evidence").exists() or not any((media / "evidence").iterdir())
    report = services.report_submit(
        actor=None, task=task, month=datetime.date(2010, 5, 1), percent=30, done_text="x", status="on_track",
        uploads=[upload(jpeg_with_gps())], captions=["现场"],
    )
    evidence = report.evidence.get()
    assert evidence.kind == Evidence.Kind.PHOTO and evidence.caption == "现场" and evidence.original_name == "photo.jpg"
    stored = (media / evidence.file.name).read_bytes()
    assert b"Exif" not in stored and evidence.size == len(stored)
    assert evidence.file.name.startswith("evidence/") and "photo" not in evidence.file.name
