"""Checks on evidence uploads: moved to ``gongjian.core.uploads`` (every app's uploads use
them); this module keeps the old import working."""

from gongjian.core.uploads import (  # noqa: F401
    DOCX,
    JPEG,
    MAX_PIXELS,
    MAX_SIDE,
    PDF,
    PHOTO_TYPES,
    PNG,
    XLSX,
    CheckedFile,
    EvidenceError,
    UploadError,
    check_upload,
    max_bytes,
    sniff,
    strip_photo,
)
