"""Uploaded zip packages checked before any reader opens them: an .xlsx is a zip of XML parts
(so are .hwpx, .docx and .odt), and a package of a few megabytes can unpack into gigabytes (a
"zip bomb": 2.5 MB of shared strings that expand to 1 GB kept a worker busy for minutes and
took 900 MB). Only the zip's table of contents is read here, which costs nothing whatever the
parts hold: the number of parts, each part's and the total unpacked size, and each part's
compression ratio. This is the one guard of every upload that is a zip: the Excel imports
(plans.exchange.cells) and the 한글 reader (plans.exchange.hwpx.package), each with the limits
of its kind of file (:class:`PackageLimits`) and its own checks beside these.

The sizes are those the table of contents declares. A part that would unpack beyond its
declared size cannot fool the readers: Python's zipfile, which openpyxl reads through, stops at
the declared size and refuses the part's checksum; a reader that inflates parts itself does it
through :func:`read_part`, which counts the bytes as they come.

The spreadsheet limits are settings, read when a file is checked (``UPLOAD_MAX_PACKAGE_PARTS``,
``UPLOAD_MAX_PART_BYTES``, ``UPLOAD_MAX_UNPACKED_BYTES``, ``UPLOAD_MAX_COMPRESSION_RATIO``);
the defaults leave room for the largest spreadsheet an upload may be (``SPREADSHEET_MAX_BYTES``
and ``SPREADSHEET_MAX_ROWS``): office programs compress XML some ten to twenty times."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

MEGABYTE = 1024 * 1024
#: Read from a part at a time while counting what it inflates to.
CHUNK = 64 * 1024


class PackageRefused(ValueError):
    """A package not opened; the message is Korean and says why."""


@dataclass(frozen=True)
class PackageLimits:
    """What one kind of zip package may hold, as its table of contents declares it."""

    parts: int
    part_bytes: int  # one part unpacked
    unpacked_bytes: int  # all the parts together
    ratio: int  # how many times a part may be compressed…
    #: …once it unpacks to this much: a small part of repeated markup may compress very well,
    #: and cannot cost much unpacked.
    ratio_from: int = MEGABYTE


def upload_limits() -> PackageLimits:
    """The spreadsheet limits, from the ``UPLOAD_MAX_*`` settings as they are now."""
    return PackageLimits(
        parts=settings.UPLOAD_MAX_PACKAGE_PARTS,
        part_bytes=settings.UPLOAD_MAX_PART_BYTES,
        unpacked_bytes=settings.UPLOAD_MAX_UNPACKED_BYTES,
        ratio=settings.UPLOAD_MAX_COMPRESSION_RATIO,
    )


def megabytes(size: int) -> str:
    """``size`` in megabytes for a message: "300", "32.4" (one decimal, and none when whole)."""
    return f"{size / MEGABYTE:,.1f}".removesuffix(".0")


def check_package(data: bytes, *, kind: str, limits: PackageLimits | None = None) -> None:
    """Refuse the zip package ``data`` (a file of ``kind``, e.g. "엑셀", named in the message)
    if it has more parts or unpacks larger or more compressed than ``limits`` allow (the
    spreadsheet settings when not given); raises :class:`PackageRefused`. A file that is not a
    zip is left to its reader to refuse."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return
    check_parts(parts, kind=kind, limits=limits or upload_limits())


def check_parts(parts: list[zipfile.ZipInfo], *, kind: str, limits: PackageLimits) -> None:
    """The checks of :func:`check_package` on a table of contents already read."""
    lead = f"{kind} 파일을 열지 않았습니다."
    if len(parts) > limits.parts:
        raise PackageRefused(
            f"{lead} 파일 안의 부분이 {len(parts):,}개로, {limits.parts:,}개까지 열 수 있습니다. "
            f"정상적인 {kind} 파일인지 확인하십시오."
        )
    for part in parts:
        if part.file_size > limits.part_bytes:
            raise PackageRefused(
                f"{lead} 압축을 풀면 '{part.filename}' 부분이 {megabytes(part.file_size)}MB로, "
                f"한 부분에 {megabytes(limits.part_bytes)}MB까지 풀 수 있습니다. "
                "내용을 나누어 올리십시오."
            )
        if part.file_size >= limits.ratio_from:
            ratio = part.file_size / max(part.compress_size, 1)
            if ratio > limits.ratio:
                raise PackageRefused(
                    f"{lead} '{part.filename}' 부분의 압축률이 {ratio:,.0f}배로, "
                    f"{limits.ratio:,}배까지 열 수 있습니다. 정상적인 {kind} 파일인지 확인하십시오."
                )
    total = sum(part.file_size for part in parts)
    if total > limits.unpacked_bytes:
        raise PackageRefused(
            f"{lead} 압축을 풀면 모두 {megabytes(total)}MB로, "
            f"{megabytes(limits.unpacked_bytes)}MB까지 풀 수 있습니다. 내용을 나누어 올리십시오."
        )


def read_part(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, kind: str, limits: PackageLimits
) -> bytes:
    """A part's bytes, counting what is actually inflated: a part declared past ``limits`` is
    not opened, reading stops past the size its table of contents declares (a forged size), and
    a part whose bytes do not match its declared size or checksum is refused; raises
    :class:`PackageRefused`."""
    check_parts([part], kind=kind, limits=limits)
    limit = part.file_size
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(part) as member:
            while chunk := member.read(CHUNK):
                read += len(chunk)
                if read > limit:
                    raise PackageRefused(
                        f"{kind} 파일 안의 '{part.filename}' 부분이 적힌 크기"
                        f"({part.file_size:,}바이트)보다 크게 풀립니다. "
                        "손상되었거나 조작된 파일이라 읽지 않습니다."
                    )
                chunks.append(chunk)
    except PackageRefused:
        raise  # a ValueError too, and already says what happened
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        # CPython stops at the declared size itself and then finds the checksum wrong.
        raise PackageRefused(
            f"{kind} 파일 안의 '{part.filename}' 부분이 적힌 크기·검사값과 맞지 않습니다. "
            "손상되었거나 조작된 파일이라 읽지 않습니다."
        ) from error
    return b"".join(chunks)
