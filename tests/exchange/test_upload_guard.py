"""A zip package is checked before anything opens it (issue 12, defect 3): a small .xlsx whose
parts expand to hundreds of megabytes, one with thousands of parts, or one compressed beyond
anything an office program writes is refused with a Korean message by both imports, openpyxl
never sees it, and nothing is written. The check is for any zip package (the HWPX reader
uses it too, with limits of its own), so it is also tried without a spreadsheet around it."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from budget.models import BudgetLine
from plans.exchange.hwpx import package as hwpx_package
from plans.exchange.packages import (
    PackageLimits,
    PackageRefused,
    check_package,
    check_parts,
    read_part,
    upload_limits,
)
from tests.exchange.files import everything, page_text, upload_table, upload_workbook

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
WORKBOOK_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
}


def package(parts: dict[str, bytes] | None = None, *, huge: tuple[str, int] | None = None) -> bytes:
    """A zip package with ``parts``, and a part ``huge`` = (name, size) of one string repeated,
    written in chunks so the test never holds it in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in (parts or WORKBOOK_PARTS).items():
            archive.writestr(name, content)
        if huge is not None:
            name, size = huge
            chunk = b"<si><t>a</t></si>" * 65536
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(size // len(chunk)):
                    member.write(chunk)
                member.write(chunk[: size % len(chunk)])
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """Under a megabyte on disk, 300 MB of shared strings once unpacked."""
    data = package(huge=("xl/sharedStrings.xml", 300 * MB))
    assert len(data) < MB
    return data


@pytest.fixture
def openpyxl_unused(monkeypatch):
    """Fails the test if openpyxl is asked to open a file."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a package the guard should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


BOMB_MESSAGE = (
    "엑셀 파일을 열지 않았습니다. 압축을 풀면 'xl/sharedStrings.xml' 부분이 300MB로, "
    "한 부분에 100MB까지 풀 수 있습니다."
)


def test_a_zip_bomb_is_refused_by_the_per_table_import_before_it_is_opened(
    editor, demo_draft, bomb, openpyxl_unused
):
    before = everything()
    response = upload_table(editor, BudgetLine, bomb, "lines.xlsx")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert BOMB_MESSAGE in page_text(response)
    assert everything() == before


def test_a_zip_bomb_is_refused_by_the_workbook_import_before_it_is_opened(
    editor, demo_draft, bomb, openpyxl_unused, pending_dir
):
    before = everything()
    response = upload_workbook(editor, bomb)
    assert response.status_code == 200
    assert BOMB_MESSAGE in page_text(response)
    assert "token" not in response.context
    assert everything() == before
    assert not list(pending_dir.iterdir())


def test_a_package_of_too_many_parts_is_refused(editor, demo_draft, openpyxl_unused):
    parts = {**WORKBOOK_PARTS, **{f"xl/media/image{n}.png": b"" for n in range(1001)}}
    before = everything()
    response = upload_table(editor, BudgetLine, package(parts), "lines.xlsx")
    assert (
        "엑셀 파일을 열지 않았습니다. 파일 안의 부분이 1,003개로, 1,000개까지 열 수 있습니다."
        in page_text(response)
    )
    assert everything() == before


def test_a_part_compressed_beyond_any_office_program_is_refused(
    editor, demo_draft, openpyxl_unused, pending_dir
):
    # 20 MB, well under the size limits, but a thousand times smaller on disk.
    data = package(huge=("xl/worksheets/sheet1.xml", 20 * MB))
    before = everything()
    response = upload_workbook(editor, data)
    assert "엑셀 파일을 열지 않았습니다. 'xl/worksheets/sheet1.xml' 부분의 압축률이 " in page_text(
        response
    )
    assert "배로, 200배까지 열 수 있습니다." in page_text(response)
    assert everything() == before


def test_the_sum_of_the_parts_is_limited_too(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 30 * MB
    parts = {**WORKBOOK_PARTS}
    data = package(parts, huge=("xl/worksheets/sheet1.xml", 20 * MB))
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"<x/>" * (5 * MB))
        archive.writestr("xl/worksheets/sheet3.xml", b"<y/>" * (5 * MB))
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000  # only the sizes are tried here
    with pytest.raises(PackageRefused) as refusal:
        check_package(buffer.getvalue(), kind="엑셀")
    assert str(refusal.value) == (
        "엑셀 파일을 열지 않았습니다. 압축을 풀면 모두 60MB로, 30MB까지 풀 수 있습니다. "
        "내용을 나누어 올리십시오."
    )


def test_the_guard_is_for_any_zip_package():
    data = package({"mimetype": b"application/hwp+zip"}, huge=("Contents/section0.xml", 150 * MB))
    with pytest.raises(PackageRefused) as refusal:
        check_package(data, kind="한글(HWPX)")
    assert str(refusal.value).startswith(
        "한글(HWPX) 파일을 열지 않았습니다. 압축을 풀면 'Contents/section0.xml' 부분이 150MB로"
    )


def test_an_ordinary_workbook_passes_the_guard(demo_workbook):
    check_package(demo_workbook, kind="엑셀")


def test_the_hwpx_reader_checks_with_the_limits_of_a_hwpx_file():
    """The 한글 reader uses this guard with limits of its own: 64 MB in all, not 200 MB. Three
    members are declared at 30.5 MB each, ten times their compressed size, as a table of
    contents says; nothing needs to be inflated to refuse them."""
    members = []
    for n in range(3):
        info = zipfile.ZipInfo(f"Contents/section{n}.xml")
        info.file_size = 30 * MB + MB // 2
        info.compress_size = info.file_size // 10
        members.append(info)
    total = sum(info.file_size for info in members)
    assert total <= upload_limits().unpacked_bytes  # a spreadsheet of this size would pass
    with pytest.raises(PackageRefused) as refusal:
        check_parts(members, kind=hwpx_package.KIND, limits=hwpx_package.LIMITS)
    assert str(refusal.value) == (
        f"한글(HWPX) 파일을 열지 않았습니다. 압축을 풀면 모두 {total / MB:,.1f}MB로, "
        f"{hwpx_package.LIMITS.unpacked_bytes // MB}MB까지 풀 수 있습니다. "
        "내용을 나누어 올리십시오."
    )


def test_a_part_read_through_the_guard_is_checked_first():
    """A reader that inflates parts itself (the 한글 reader) reads them through read_part, which
    refuses a part declared past the limits it is given before inflating a byte of it."""
    content = b"<p/>" * (3 * MB // 8)  # 1.5 MB
    data = package({"Contents/section0.xml": content})
    roomy = PackageLimits(parts=10, part_bytes=2 * MB, unpacked_bytes=10 * MB, ratio=10_000)
    tight = PackageLimits(parts=10, part_bytes=MB, unpacked_bytes=10 * MB, ratio=10_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.getinfo("Contents/section0.xml")
        assert read_part(archive, part, kind="한글(HWPX)", limits=roomy) == content
        with pytest.raises(PackageRefused) as refusal:
            read_part(archive, part, kind="한글(HWPX)", limits=tight)
    assert str(refusal.value) == (
        "한글(HWPX) 파일을 열지 않았습니다. 압축을 풀면 'Contents/section0.xml' 부분이 "
        f"{len(content) / MB:,.1f}MB로, 한 부분에 {tight.part_bytes // MB}MB까지 풀 수 있습니다. "
        "내용을 나누어 올리십시오."
    )
