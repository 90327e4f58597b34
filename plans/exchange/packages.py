"""Uploaded zip packages checked before any reader opens them: an .xlsx is a zip of XML parts
(so are .hwpx, .docx and .odt), and a package of a few megabytes can unpack into gigabytes (a
"zip bomb": 2.5 MB of shared strings that expand to 1 GB kept a worker busy for minutes and
took 900 MB). Only the zip's table of contents is read here, which costs nothing whatever the
parts hold: the number of parts, each part's and the total unpacked size, and each part's
compression ratio.

The sizes are those the table of contents declares. A part that would unpack beyond its
declared size cannot fool the readers: Python's zipfile, which openpyxl reads through, stops at
the declared size and refuses the part's checksum.

The limits are settings, read when a file is checked (``UPLOAD_MAX_PACKAGE_PARTS``,
``UPLOAD_MAX_PART_BYTES``, ``UPLOAD_MAX_UNPACKED_BYTES``, ``UPLOAD_MAX_COMPRESSION_RATIO``);
the defaults leave room for the largest spreadsheet an upload may be (``SPREADSHEET_MAX_BYTES``
and ``SPREADSHEET_MAX_ROWS``): office programs compress XML some ten to twenty times."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

MEGABYTE = 1024 * 1024
#: Parts smaller than this are not judged by their ratio: a small part of repeated markup may
#: compress very well, and cannot cost much unpacked.
RATIO_FROM_BYTES = MEGABYTE


class PackageRefused(ValueError):
    """A package not opened; the message is Korean and says why."""


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:,.0f}"


def check_package(data: bytes, *, kind: str) -> None:
    """Refuse the zip package ``data`` (a file of ``kind``, e.g. "엑셀", named in the message)
    if it has too many parts or unpacks too large or too compressed; raises
    :class:`PackageRefused`. A file that is not a zip is left to its reader to refuse."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return
    lead = f"{kind} 파일을 열지 않았습니다."
    most_parts = settings.UPLOAD_MAX_PACKAGE_PARTS
    if len(parts) > most_parts:
        raise PackageRefused(
            f"{lead} 파일 안의 부분이 {len(parts):,}개로, {most_parts:,}개까지 열 수 있습니다. "
            f"정상적인 {kind} 파일인지 확인하십시오."
        )
    largest = settings.UPLOAD_MAX_PART_BYTES
    steepest = settings.UPLOAD_MAX_COMPRESSION_RATIO
    for part in parts:
        if part.file_size > largest:
            raise PackageRefused(
                f"{lead} 압축을 풀면 '{part.filename}' 부분이 {_megabytes(part.file_size)}MB로, "
                f"한 부분에 {_megabytes(largest)}MB까지 풀 수 있습니다. "
                "내용을 나누어 올리십시오."
            )
        if part.file_size >= RATIO_FROM_BYTES:
            ratio = part.file_size / max(part.compress_size, 1)
            if ratio > steepest:
                raise PackageRefused(
                    f"{lead} '{part.filename}' 부분의 압축률이 {ratio:,.0f}배로, "
                    f"{steepest:,}배까지 열 수 있습니다. 정상적인 {kind} 파일인지 확인하십시오."
                )
    total = sum(part.file_size for part in parts)
    most = settings.UPLOAD_MAX_UNPACKED_BYTES
    if total > most:
        raise PackageRefused(
            f"{lead} 압축을 풀면 모두 {_megabytes(total)}MB로, {_megabytes(most)}MB까지 "
            "풀 수 있습니다. 내용을 나누어 올리십시오."
        )
