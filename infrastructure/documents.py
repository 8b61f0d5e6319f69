"""The documents attached to general assemblies (issue 20), stored once per content.

A secretary attaches files to an assembly's convocation (annual accounts, reports, candidate sheets). The
governance event records only what identifies each file: its SHA-256, name, size, media type and date; the
bytes live here, in the `documents` table (infrastructure/accounts_tables.py), keyed by that SHA-256. So the
register names exactly the content that was sent (a document cannot change under its event: `load_document`
checks the bytes against their key), and the same file attached twice, or to two assemblies, is one row.

Only the kinds of file a convocation needs are accepted (`ALLOWED_TYPES`), each recognised by its extension
*and* by its content: a program, a web page or a macro document renamed `.pdf` is refused, so what members
download from their pole's convocation is what its name says.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from datetime import UTC, datetime
from typing import Mapping

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from governance import clock
from governance.base import MAX_NAME
from governance.errors import InvalidInput
from infrastructure.accounts_tables import documents

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # a year's accounts, scanned; a web request carrying one must be allowed more
MAX_FILE_NAME = MAX_NAME  # a document's name is shown (and recorded) like any name: at most 200 characters
MAX_EXTENSION = 16  # a longer "extension" is part of the name, cut like the rest when the name is too long

ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# The media types accepted, each with its file extensions (lower case, with the dot).
ALLOWED_TYPES: Mapping[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    ODT: (".odt",),
    ODS: (".ods",),
    ODP: (".odp",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
TYPE_OF_EXTENSION: Mapping[str, str] = {ext: kind for kind, exts in ALLOWED_TYPES.items() for ext in exts}

OPENDOCUMENT = frozenset({ODT, ODS, ODP})
TEXT = frozenset({"text/plain", "text/csv"})
MAGIC = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
ZIP_MAGIC = b"PK\x03\x04"
MAX_MANIFEST_BYTES = 1024 * 1024  # an archive's `mimetype` or `[Content_Types].xml` is read up to this size
# Office's part type for VBA macros: a .docx holding it is a macro document (.docm) renamed.
VBA_PART = "application/vnd.ms-office.vbaProject"
# Characters Windows refuses in a file name (the path separators are cut before): replaced by "_", so the
# name a member downloads is the name shown.
UNSAFE_IN_NAME = re.compile(r'[<>:"|?*]')
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class DocumentRefused(InvalidInput):
    """A file that cannot be attached: too big, empty, of a kind not accepted, or whose content is not what its
    name says. An invalid input (HTTP 422) like the governance ones; `message` is the English text, `template`
    and `params` let the pages translate it."""

    rule = "document"


class DocumentCorrupted(Exception):
    """A stored document whose bytes no longer hash to its key: changed in the database since it was stored.
    Never served: the event naming that SHA-256 named other content."""


def now() -> datetime:
    """Naive UTC, as the accounts' tables store times (governance.clock: tests and the demo can freeze it)."""
    return clock.now().astimezone(UTC).replace(tzinfo=None)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# -- checking a file ---------------------------------------------------------------------------------------

def check_document(name: str, content: bytes) -> tuple[str, str]:
    """The media type and the cleaned name of a file a secretary attaches, or `DocumentRefused`.

    The type comes from the name's extension and must be confirmed by the content (`check_content`): a name
    alone decides nothing, since it is the uploader's to choose."""
    clean = clean_file_name(name)
    media_type = TYPE_OF_EXTENSION.get(extension(clean))
    if media_type is None:
        raise DocumentRefused("this kind of file is not accepted (PDF, OpenDocument, Office, text, CSV, PNG, JPEG)")
    check_content(media_type, content)
    return media_type, clean


def extension(name: str) -> str:
    """The name's extension, lower case with its dot ("" without one; a leading dot starts no extension)."""
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def clean_file_name(name: str) -> str:
    """The name as it will be recorded and shown: its last path part only (browsers on Windows send
    "C:\\...\\file.pdf"), NFC, no control, invisible or direction-changing character (a name must not pass
    for another, as in governance.base.clean_text), no character Windows refuses, no leading or trailing space
    or dot, at most MAX_FILE_NAME characters (the end of the stem cut, the extension kept)."""
    base = re.split(r"[/\\]", name or "")[-1]
    text = "".join(" " if ch.isspace() else ch for ch in unicodedata.normalize("NFC", base)
                   if ch.isspace() or _visible(ch))  # a tab or line break parts words: a space
    text = " ".join(UNSAFE_IN_NAME.sub("_", text).split()).strip(" .")
    if not text:
        raise DocumentRefused("the file needs a name")
    if len(text) > MAX_FILE_NAME:
        kept = len(extension(text)) if len(extension(text)) <= MAX_EXTENSION else 0
        stem, ext = text[:len(text) - kept], text[len(text) - kept:]
        text = stem[:MAX_FILE_NAME - kept].rstrip(" .") + ext
    return text


def _visible(ch: str) -> bool:
    # Cc: controls (tab and line breaks too), Cf: format (bidi controls, zero-width), Zl/Zp: line and
    # paragraph separators, Cs: lone surrogates (a name from a broken encoding), Co/Cn: private or unassigned.
    return unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def check_content(media_type: str, content: bytes) -> None:
    """Refuse content that is empty, too big, a program, or not of `media_type` (a type of ALLOWED_TYPES)."""
    if media_type not in ALLOWED_TYPES:
        raise DocumentRefused("this kind of file is not accepted (PDF, OpenDocument, Office, text, CSV, PNG, JPEG)")
    if not content:
        raise DocumentRefused("the file is empty")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused("a document holds at most {maximum} MB (this one: {size} MB)",
                              maximum=MAX_DOCUMENT_BYTES // (1024 * 1024),
                              size=f"{len(content) / (1024 * 1024):.1f}")
    if is_program(content):
        raise DocumentRefused("programs are not accepted")
    if media_type in TEXT:
        _check_text(content)
    elif not _content_fits(media_type, content):
        raise DocumentRefused("the file's content does not match its type")


def is_program(content: bytes) -> bool:
    """Whether the content is an executable: ELF (Linux), PE (Windows: "MZ" and the "PE" signature where the
    header points), Mach-O (macOS, and universal binaries)."""
    if content.startswith((b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                           b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return True
    if content.startswith(b"MZ") and len(content) >= 0x40:
        offset = int.from_bytes(content[0x3C:0x40], "little")
        return content[offset:offset + 4] == b"PE\x00\x00"
    return False


def _check_text(content: bytes) -> None:
    """Text and CSV: UTF-8 (a byte-order mark allowed), with no NUL (which no text holds, and every binary
    does)."""
    if b"\x00" in content:
        raise DocumentRefused("the file's content does not match its type")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentRefused("a text or CSV file must be encoded in UTF-8 (save it again choosing UTF-8)") from None


def _content_fits(media_type: str, content: bytes) -> bool:
    if media_type in MAGIC:
        return content.startswith(MAGIC[media_type])
    if not content.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if media_type in OPENDOCUMENT:
                return _opendocument_fits(archive, media_type)
            return _office_fits(archive, media_type)  # the three Office types (the others were checked above)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError):  # broken, unsupported or encrypted archives, undecodable manifests
        return False


def _opendocument_fits(archive: zipfile.ZipFile, media_type: str) -> bool:
    """An OpenDocument file names its type in its `mimetype` entry (ODF 1.2 part 3, 3.3)."""
    return _entry(archive, "mimetype").decode("ascii").strip() == media_type


def _office_fits(archive: zipfile.ZipFile, media_type: str) -> bool:
    """An Office Open XML file declares its main part's type in `[Content_Types].xml` (ECMA-376 part 2): the
    document's type with ".main+xml" (a template, a slide show, a macro document declare another); a file
    holding macros is refused whatever its main part."""
    types = _entry(archive, "[Content_Types].xml").decode("utf-8")
    return f'"{media_type}.main+xml"' in types and VBA_PART not in types


def _entry(archive: zipfile.ZipFile, name: str) -> bytes:
    """A small entry of the archive (b"" if absent), read no further than MAX_MANIFEST_BYTES whatever its
    header claims (a zip bomb stops there)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    with archive.open(info) as entry:
        data = entry.read(MAX_MANIFEST_BYTES + 1)
    return data if len(data) <= MAX_MANIFEST_BYTES else b""


# -- storing and loading -----------------------------------------------------------------------------------

def store_document(engine: Engine, content: bytes, media_type: str) -> str:
    """Store a document's bytes (checked again: nothing unchecked enters the table); returns its SHA-256 (hex).

    Content already stored is not stored again: the insert does nothing on a key already there, also when
    another request stores the same file at the same moment (ON CONFLICT DO NOTHING waits for the other
    transaction on PostgreSQL; SQLite runs one writer at a time). The row keeps the media type it was first
    stored with: the same bytes attached as .txt and as .csv are one row, and each event keeps its own type."""
    check_content(media_type, content)
    digest = sha256_of(content)
    with engine.begin() as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(documents).values(
            sha256=digest, media_type=media_type, size=len(content), content=content, stored_at=now(),
        ).on_conflict_do_nothing(index_elements=["sha256"]))
    return digest


def load_document(engine: Engine, sha256: str) -> tuple[bytes, str] | None:
    """The bytes and media type stored under `sha256`, or None (no such document, or not a SHA-256: the
    key may come from a URL). `DocumentCorrupted` if the bytes no longer hash to their key."""
    key = (sha256 or "").lower()
    if not SHA256_HEX.fullmatch(key):
        return None
    with engine.connect() as conn:
        row = conn.execute(select(documents.c.content, documents.c.media_type)
                           .where(documents.c.sha256 == key)).first()
    if row is None:
        return None
    content = bytes(row.content)
    if sha256_of(content) != key:
        raise DocumentCorrupted(f"document {key} was changed since it was stored")
    return content, row.media_type
