"""Checks on uploads (evidence 佐证材料, photos of paper suggestions, …), before anything is stored.

- The type comes from the file's first bytes, never from its name or the browser's claim:
  JPEG, PNG, PDF, and Word / Excel documents (.docx / .xlsx) are accepted.
- The size is capped (``GONGJIAN_UPLOAD_MAX_BYTES``, else ``GONGJIAN_EVIDENCE_MAX_BYTES``,
  10 MB by default).
- Photos are decoded and re-encoded with Pillow: EXIF (with any GPS location), XMP, comments
  and text chunks are dropped, the picture is turned upright first (so dropping the
  orientation tag does not tip it over) and shrunk to at most 2048 px on its longer side.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .exceptions import ApplicationError

MAX_SIDE = 2048
#: Refuse pictures whose pixel count could exhaust memory when decoded (decompression bombs).
MAX_PIXELS = 50_000_000

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PHOTO_TYPES = {JPEG, PNG}


class UploadError(ApplicationError):
    """The upload cannot be kept; the message says why, for the user."""


EvidenceError = UploadError


@dataclass
class CheckedFile:
    """An upload that passed: its sniffed type, whether it is a photo and the bytes to store."""

    content_type: str
    is_photo: bool
    data: bytes
    original_name: str

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    default = getattr(settings, "GONGJIAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
    return int(getattr(settings, "GONGJIAN_UPLOAD_MAX_BYTES", default))


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The content type the bytes show, or None for anything not accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def _read(upload) -> bytes:
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UploadError(_("“%(name)s” is larger than %(max)s.") % {"name": getattr(upload, "name", ""), "max": filesizeformat(limit)})
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("“%(name)s” is larger than %(max)s.") % {"name": getattr(upload, "name", ""), "max": filesizeformat(limit)})
    if not data:
        raise UploadError(_("“%(name)s” is empty.") % {"name": getattr(upload, "name", "")})
    return data


def strip_photo(data: bytes, content_type: str) -> bytes:
    """Decode and re-encode a JPEG or PNG without any metadata (EXIF, GPS, XMP, text)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise UploadError(_("The picture is too large (%(w)s × %(h)s pixels).") % {"w": width, "h": height})
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            if max(img.size) > MAX_SIDE:
                img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if content_type == JPEG:
                if img.mode not in ("RGB", "L"):
                    img = img.convert("RGB")
                # A fresh image carries no info dict: nothing of the original's metadata is written.
                clean = Image.new(img.mode, img.size)
                clean.paste(img)
                clean.save(out, format="JPEG", quality=85, optimize=True)
            else:
                if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                    img = img.convert("RGBA")
                clean = Image.new(img.mode, img.size)
                if img.mode == "P":
                    clean.putpalette(img.getpalette())
                clean.paste(img)
                clean.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except UploadError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UploadError(_("The picture could not be read; it may be damaged.")) from None


def check_upload(upload) -> CheckedFile:
    """Read, sniff, cap and clean one uploaded file; raises UploadError with the reason."""
    name = (getattr(upload, "name", "") or "")[-200:]
    data = _read(upload)
    content_type = sniff(data[:16], data)
    if content_type is None:
        raise UploadError(
            _("“%(name)s” is not a photo (JPEG, PNG) or a document (PDF, Word .docx, Excel .xlsx).") % {"name": name}
        )
    if content_type in PHOTO_TYPES:
        data = strip_photo(data, content_type)
    return CheckedFile(content_type=content_type, is_photo=content_type in PHOTO_TYPES, data=data, original_name=name)
