"""A zip package is checked before anything opens it (issue 12, defect 3): a small .xlsx whose
parts expand to hundreds of megabytes, one with thousands of parts, or one compressed beyond
anything an office program writes is refused with a Korean message by both imports, openpyxl
never sees it, and nothing is written. The check is for any zip package (an HWPX reader will
use it too), so it is also tried without a spreadsheet around it."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from budget.models import BudgetLine
from plans.exchange.packages import PackageRefused, check_package
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
