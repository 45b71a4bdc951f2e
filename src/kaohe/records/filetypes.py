"""佐证材料 file types: an allowlist recognised by content (magic bytes), not by name.

Only formats a 党务工作者 actually hands in and that cannot carry macros: PDF, PNG,
JPEG, and the OOXML Word/Excel formats. OLE2 (.doc/.xls) is refused — it is where macro
malware lives — with a message asking for the newer format.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    code: str
    mime_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileType("pdf", "application/pdf", (".pdf",), "PDF")
PNG = FileType("png", "image/png", (".png",), "PNG")
JPEG = FileType("jpeg", "image/jpeg", (".jpg", ".jpeg"), "JPEG")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    "Word (.docx)",
)
XLSX = FileType(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    "Excel (.xlsx)",
)
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX)
BY_CODE = {t.code: t for t in ALLOWED}

ALLOWED_LABEL = _("PDF, PNG, JPEG, Word (.docx), Excel (.xlsx)")

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
# The part each OOXML package must hold, besides [Content_Types].xml, to be that kind.
_OOXML_MAIN_PART = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))


def _not_allowed() -> ValidationError:
    return ValidationError(
        _("This file type is not allowed. Allowed types: %(types)s."),
        code="file_type",
        params={"types": ALLOWED_LABEL},
    )


def sniff(stream: BinaryIO) -> FileType:
    """The allowed type `stream` holds judging by its content, or ValidationError."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    for signature, file_type in _SIGNATURES:
        if head.startswith(signature):
            return file_type
    if head.startswith(_OLE2):
        raise ValidationError(
            _(
                "Old Word/Excel files (.doc, .xls) are not accepted: save the file as "
                ".docx or .xlsx, or as PDF. Allowed types: %(types)s."
            ),
            code="file_type",
            params={"types": ALLOWED_LABEL},
        )
    if head.startswith(_ZIP):
        try:
            # Reads the central directory only; nothing is decompressed.
            names = set(zipfile.ZipFile(stream).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ValidationError(
                _("The file is damaged and cannot be read."), code="file_damaged"
            ) from None
        finally:
            stream.seek(0)
        if "[Content_Types].xml" in names:
            for part, file_type in _OOXML_MAIN_PART:
                if part in names:
                    return file_type
    raise _not_allowed()


def check_upload(upload, *, max_bytes: int) -> FileType:
    """Validate an uploaded file: not empty, not too large, allowed content, matching name.

    Reads the file but writes nothing.
    """
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(limit)s MB is allowed."),
            code="file_too_large",
            params={"limit": max_bytes // (1024 * 1024) or 1},
        )
    file_type = sniff(upload)
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            _(
                "The file name ends in “%(extension)s” but the content is %(kind)s: "
                "rename the file or upload the right one."
            ),
            code="file_mismatch",
            params={"extension": extension or _("(no extension)"), "kind": file_type.label},
        )
    return file_type
