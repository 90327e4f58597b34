"""A 한글 report made into a draft plan (plans.exchange.hwpx): the portal's own HWPX of the demo
plan comes back as the demo's plan document, apart from what the report does not print; what
the recognition cannot place is listed and kept; and a file that is not a safe HWPX is refused
with a Korean message before anything is parsed or written."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable

import pytest
import yaml
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import transaction

from plans.exchange.documents import load_plan_document
from plans.exchange.hwpx import NOT_CARRIED, import_hwpx_report, read_hwpx_report
from plans.exchange.hwpx import package as hwpx_package
from plans.exchange.hwpx.package import read_body
from plans.exchange.hwpx.shape import recognise
from plans.history import recording
from plans.models import PlanStatus, WorkPlan
from plans.report.context import plan_report
from plans.report.hwpx import render_layout, report_layout
from plans.workflow.freezing import content_hash, plan_document
from tests.demo import DEMO
from tests.publishing import publish_now

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> tuple[bytes, dict]:
    """The demo plan's 한글 file and its plan document as ``manage.py load_demo`` leaves it
    (plans.workflow.freezing.plan_document, the digest's input), made once; the database is
    left empty again."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
        plan = WorkPlan.objects.get()
        data = render_layout(report_layout(plan_report(plan), draft=False))
        document = plan_document(plan)
        transaction.set_rollback(True)
    return data, document


def row_counts() -> dict[str, int]:
    """Rows of every table of the project, their change history and the admin's log."""
    counts = {
        model._meta.label: model._default_manager.count()
        for app in ("personnel", "budget", "civic", "plans")
        for model in apps.get_app_config(app).get_models()
    }
    counts["admin.LogEntry"] = LogEntry.objects.count()
    return counts


def without(document: dict, paths) -> dict:
    document = copy.deepcopy(document)
    for path in paths:
        *parents, name = path.split(".")
        node = document
        for parent in parents:
            node = node.get(parent, {})
        node.pop(name, None)
    return document


def imported(data: bytes, **options):
    reading, result = import_hwpx_report(data, dry_run=False, **options)
    assert reading.errors == []
    return reading, result


# ---------------------------------------------------------------------------------------------
# The round trip


def test_the_demo_hwpx_comes_back_as_the_demo_document_into_an_empty_database(demo):
    data, expected = demo
    assert WorkPlan.objects.count() == 0
    reading, result = imported(data)
    assert reading.unplaced == []
    document = plan_document(result.plan)
    assert without(document, NOT_CARRIED) == without(expected, NOT_CARRIED)
    assert content_hash(without(document, NOT_CARRIED)) == content_hash(
        without(expected, NOT_CARRIED)
    )
    # What the report does not print, and so does not come back:
    assert "county" in expected["budget"] and "county" not in document["budget"]
    assert len(expected["civic"]["townships"]) == 9
    assert [t["name"] for t in document["civic"]["townships"]] == ["맹동면", "대소면"]
    for name in ("resident_councils", "participation_points", "hometown_love_fund", "field_visits"):
        assert name in expected["civic"] and name not in document["civic"]
    assert {"rule", "targets"} <= set(expected["civic"]["town_promotion"])
    assert not {"rule", "targets"} & set(document["civic"]["town_promotion"])
    # The import's notes say what it inferred; the demo's own corrections are not printed.
    assert expected["notes"] != document["notes"]
    assert any("정원외 인력" in note for note in document["notes"])


def test_the_import_is_a_draft_with_its_change_history(demo):
    data, _ = demo
    with recording(reason="한글 파일로 초안 만들기: report.hwpx"):
        _, result = imported(data)
    plan = result.plan
    assert (plan.status, plan.published_at) == (PlanStatus.DRAFT, None)
    assert plan.public_version is None
    record = plan.history.get()
    assert record.history_change_reason == "한글 파일로 초안 만들기: report.hwpx"
    assert "정원외 인력" in plan.corrections_note


def test_importing_the_same_file_again_changes_nothing(demo):
    data, _ = demo
    imported(data)
    _, again = imported(data)
    assert not again.changed, again.summary()


def test_a_dry_run_writes_nothing(demo):
    data, _ = demo
    before = row_counts()
    reading, result = import_hwpx_report(data, dry_run=True)
    assert reading.errors == [] and result.changed
    assert row_counts() == before


def test_a_plan_that_is_not_a_draft_is_never_loaded_over(demo):
    data, _ = demo
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    publish_now(WorkPlan.objects.get())
    before = row_counts()
    reading, result = import_hwpx_report(data, dry_run=False)
    assert result is None
    assert reading.errors == [
        "2023년 자치행정과 업무계획은 '게시' 상태라 고칠 수 없습니다. "
        "검토자가 반려하거나 개정판 작성을 시작하면 고칠 수 있습니다."
    ]
    assert row_counts() == before


def test_last_years_report_as_this_years_draft_leaves_last_years_tables_alone(demo):
    """Into another year the plan's text comes in; the staffing and budget tables of the year
    the file printed are not written into it, and the notes say so."""
    data, _ = demo
    reading, result = imported(data, year=2024)
    plan = result.plan
    assert plan.year == 2024 and plan.cards.count() == 9
    assert not plan.department.teams.filter(staffing__isnull=False).exists()
    notes = "\n".join(reading.notes)
    assert "2023년 인력 현황 표는 2024년 계획에 넣지 않았습니다" in notes
    assert "2023년 예산규모 표는 2024년 계획에 넣지 않았습니다" in notes
    welfare = plan.achievement_groups.get(order=4).items.get(order=1)
    assert welfare.welfare_program is None
    assert welfare.text.startswith("맞춤형 복지포인트 제공: 1,315명 / 1,500,724천원")


# ---------------------------------------------------------------------------------------------
# What cannot be placed is listed and kept


def edited_section(data: bytes, change: Callable[[str], str]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "Contents/section0.xml":
                payload = change(payload.decode()).encode()
            target.writestr(info, payload)
    return buffer.getvalue()


STRAY_PARAGRAPH = (
    '<hp:p id="9000001" paraPrIDRef="0" styleIDRef="1" pageBreak="0" columnBreak="0" merged="0">'
    '<hp:run charPrIDRef="0"><hp:t>붙임: 기관장 지시사항 목록</hp:t></hp:run></hp:p>'
)


def stray_table(text: str) -> str:
    return (
        '<hp:p id="9000002" paraPrIDRef="0" styleIDRef="1" pageBreak="0" columnBreak="0" '
        'merged="0"><hp:run charPrIDRef="0"><hp:tbl rowCnt="1" colCnt="2"><hp:tr>'
        + "".join(
            f'<hp:tc><hp:subList><hp:p id="0"><hp:run charPrIDRef="0"><hp:t>{cell}</hp:t>'
            f'</hp:run></hp:p></hp:subList><hp:cellAddr colAddr="{col}" rowAddr="0"/>'
            '<hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>'
            for col, cell in enumerate(["구 분", text])
        )
        + "</hp:tr></hp:tbl></hp:run></hp:p>"
    )


def after_paragraph(section: str, text: str, extra: str) -> str:
    """``extra`` inserted after the top-level paragraph whose text is ``text``."""
    position = section.index(f"<hp:t>{text}</hp:t>")
    end = section.index("</hp:p>", position) + len("</hp:p>")
    return section[:end] + extra + section[end:]


def test_paragraphs_and_tables_it_cannot_place_are_listed_and_kept_in_the_notes(demo):
    data, _ = demo

    def change(section: str) -> str:
        section = after_paragraph(section, "II. 2022년 주요성과", STRAY_PARAGRAPH)
        return after_paragraph(section, "III. 2023년 정책방향", stray_table("연락처 010-0000"))

    reading, result = imported(edited_section(data, change))
    places = dict(reading.unplaced)
    paragraph = next(place for place, text in reading.unplaced if "기관장 지시사항" in text)
    assert re.fullmatch(r"\d+번째 문단", paragraph)
    assert places[paragraph] == "붙임: 기관장 지시사항 목록"
    table = next(place for place, text in reading.unplaced if "연락처" in text)
    assert table == "표 4 (1행 2열)"
    note = result.plan.corrections_note
    assert f"{paragraph}: 붙임: 기관장 지시사항 목록" in note
    assert "표 4 (1행 2열): 구 분 | 연락처 010-0000" in note
    # The rest came in as usual.
    assert result.plan.cards.count() == 9 and result.plan.policy_goal


# ---------------------------------------------------------------------------------------------
# Files refused before anything is parsed or written


def zip_of(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, payload in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            archive.writestr(info, payload)
    return buffer.getvalue()


def hwpx_of(section: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A stored (uncompressed) HWPX package of one section."""
    return zip_of(
        {
            "mimetype": b"application/hwp+zip",
            "Contents/header.xml": b'<hh:head xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"/>',
            "Contents/section0.xml": section,
            **(extra or {}),
        },
        compression=zipfile.ZIP_STORED,
    )


SECTION_OPEN = b'<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'


def patched(data: bytes, name: str, *, local: int, central: int, value: bytes) -> bytes:
    """``data`` with ``value`` written at offset ``local`` of member ``name``'s local header
    and at offset ``central`` of its central directory record (ZIP's own layout)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    raw = bytearray(data)
    raw[info.header_offset + local : info.header_offset + local + len(value)] = value
    record = data.index(b"PK\x01\x02")
    while int.from_bytes(raw[record + 42 : record + 46], "little") != info.header_offset:
        sizes = [
            int.from_bytes(raw[record + at : record + at + 2], "little") for at in (28, 30, 32)
        ]
        record += 46 + sum(sizes)
    raw[record + central : record + central + len(value)] = value
    return bytes(raw)


def forged_size(data: bytes, name: str, size: int) -> bytes:
    """The uncompressed size of ``name`` written as ``size``."""
    return patched(data, name, local=22, central=24, value=size.to_bytes(4, "little"))


def encrypted(data: bytes, name: str) -> bytes:
    """``name`` flagged as encrypted (general purpose bit 0), as a password-protected ZIP."""
    flags = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).flag_bits | 0x1
    return patched(data, name, local=6, central=8, value=flags.to_bytes(2, "little"))


def bad_files(demo_bytes: bytes) -> list[tuple[str, bytes, str]]:
    many = b"".join(b"<hp:p/>" for _ in range(1_000_000))
    bomb = zip_of({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"\0" * (20 << 20)})
    bombed = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("Contents/section0.xml")
    bomb_ratio = bombed.file_size / bombed.compress_size
    return [
        ("not a zip", b"%PDF-1.7 a PDF, not HWPX", "HWPX 파일이 아닙니다"),
        ("hwp 5", hwpx_package.OLE2_MAGIC + b"\0" * 512, "한글 97~2018 형식(.hwp) 파일입니다"),
        (
            "an encrypted member",
            encrypted(hwpx_of(SECTION_OPEN + b"</hs:sec>"), "Contents/section0.xml"),
            "암호가 걸린 파일은 읽을 수 없습니다",
        ),
        (
            "a password-protected hwpx",
            hwpx_of(
                SECTION_OPEN + b"</hs:sec>",
                {"META-INF/manifest.xml": b"<odf:manifest><odf:encryption-data/></odf:manifest>"},
            ),
            "암호가 걸린 파일은 읽을 수 없습니다",
        ),
        ("cut short", demo_bytes[: len(demo_bytes) // 2], "파일이 손상되어 열 수 없습니다"),
        (
            "broken xml",
            hwpx_of(SECTION_OPEN + b"<hp:p><hp:run>"),
            "파일이 손상되어 읽을 수 없습니다",
        ),
        (
            "another zip",
            zip_of({"mimetype": b"application/zip", "a.txt": b"a"}),
            "문서 형식 표시가 다릅니다",
        ),
        ("no body", zip_of({"mimetype": b"application/hwp+zip"}), "본문(Contents/section0.xml)"),
        (
            "huge",
            b"PK" + b"\0" * hwpx_package.MAX_BYTES,
            f"파일이 너무 큽니다({(hwpx_package.MAX_BYTES + 2) / 1024 / 1024:,.1f}MB)",
        ),
        (
            "a zip bomb",
            bomb,
            f"한글(HWPX) 파일을 열지 않았습니다. 'Contents/section0.xml' 부분의 압축률이 "
            f"{bomb_ratio:,.0f}배로, 100배까지 열 수 있습니다.",
        ),
        (
            "a member past the limit",
            zip_of({"Contents/section0.xml": b"\0" * (33 << 20)}),
            "압축을 풀면 'Contents/section0.xml' 부분이 33MB로, 한 부분에 32MB까지 풀 수 있습니다.",
        ),
        (
            "a forged size",
            forged_size(
                zip_of(
                    {
                        "mimetype": b"application/hwp+zip",
                        "Contents/header.xml": b"<a/>",
                        "Contents/section0.xml": SECTION_OPEN + b"<hp:p/>" * 50_000 + b"</hs:sec>",
                    }
                ),
                "Contents/section0.xml",
                1_000,
            ),
            "한글(HWPX) 파일 안의 'Contents/section0.xml' 부분이 적힌 크기·검사값과 "
            "맞지 않습니다. 손상되었거나 조작된 파일이라 읽지 않습니다.",
        ),
        (
            "too many members",
            zip_of({f"BinData/image{n}.png": b"x" for n in range(300)}),
            "한글(HWPX) 파일을 열지 않았습니다. "
            "파일 안의 부분이 300개로, 256개까지 열 수 있습니다.",
        ),
        (
            "a million paragraphs",
            hwpx_of(SECTION_OPEN + many + b"</hs:sec>"),
            "문단이 너무 많습니다(1,000,000개, 최대 20,000개)",
        ),
        (
            "an entity declaration",
            hwpx_of(b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + SECTION_OPEN + b"&a;</hs:sec>"),
            "DOCTYPE",
        ),
    ]


def test_every_bad_file_is_refused_with_its_message_and_nothing_written(demo):
    data, _ = demo
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    plan = WorkPlan.objects.get()
    plan.history.all().delete()
    before = row_counts()
    history = plan.history.count()
    for name, payload, message in bad_files(data):
        reading, result = import_hwpx_report(payload, dry_run=False)
        assert result is None, name
        assert len(reading.errors) == 1, (name, reading.errors)
        assert message in reading.errors[0], (name, reading.errors)
        assert row_counts() == before, name
        assert plan.history.count() == history, name


def test_the_paragraph_limit_holds_before_parsing(demo, monkeypatch):
    data, _ = demo
    monkeypatch.setattr(hwpx_package, "MAX_PARAGRAPHS", 100)
    parsed = []
    monkeypatch.setattr(hwpx_package, "_parse_xml", lambda *args: parsed.append(args))
    reading = read_hwpx_report(data)
    assert reading.errors and reading.errors[0].startswith("문단이 너무 많습니다(")
    assert reading.errors[0].endswith("최대 100개). 한 과의 업무보고가 아닌 것 같습니다.")
    assert parsed == []


def test_a_hwpx_that_is_not_a_report_says_what_it_missed():
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    document.paragraphs[0].text = "회의 자료"
    document.add_paragraph("안건 1. 예산 조정")
    data = document.to_bytes()
    before = row_counts()
    reading, result = import_hwpx_report(data, dry_run=False)
    assert result is None
    assert reading.errors == [
        "표지에서 연도(예: 2023년 주요업무계획)를 찾지 못했습니다. 연도를 고르십시오."
    ]
    reading = read_hwpx_report(data, year=2024)
    # The 국 is not required (a department directly under the county has none); the 과 is.
    assert reading.errors == ["표지에서 과를 찾지 못했습니다. 가져올 과를 고르십시오."]
    assert row_counts() == before


def test_a_value_the_plan_refuses_is_named_by_its_card_and_place_in_the_file(demo):
    data, _ = demo
    negative = edited_section(
        data, lambda section: section.replace("<hp:t>58</hp:t>", "<hp:t>△58</hp:t>", 1)
    )
    before = row_counts()
    reading, result = import_hwpx_report(negative, dry_run=False)
    assert result is None
    card = next(card for card in reading.recognised.cards if card.title == "주민자치회 전면 실시")
    assert reading.errors[0].startswith(f"과제 IV-7({card.place}부터) 소요예산 1행: ")
    assert row_counts() == before


def test_a_report_typed_in_hangul_is_read_by_its_outline_and_automatic_bullets():
    """A report as a clerk types it: chapter and card titles as outline paragraphs that 한글
    numbers itself (the text holds no I. or 1.), 한글's automatic ○ bullets (not in the text),
    every line at the same indent with the symbols giving the levels; and a footnote, which the
    report has no place for, listed with its paragraph."""
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    document.paragraphs[0].text = "행정복지국"
    for line in ["제353회 음성군의회 임시회", "2023. 2. 16.(목) ~ 2. 23.(목)", "자치행정과"]:
        document.add_paragraph(line, style="본문")
    document.add_paragraph("2023년 주요업무계획", style="본문")
    document.add_heading("2023년 정책방향", level=1)
    document.add_paragraph("추진방향", style="본문")
    first = len(document.paragraphs)
    for line in ["공정과 신뢰를 바탕으로 한 공직풍토 조성", "군민이 주인이 되는 소통행정 구현"]:
        document.add_paragraph(line, style="본문")
    document.styles.apply_list_format(
        paragraph_indexes=[first, first + 1], kind="bullet", bullet_char="○"
    )
    document.add_heading("2023년 주요업무 추진계획", level=1)
    document.add_heading("주민자치회 전면 실시", level=2)
    for line in ["□ 추진계획", "○ 의제 발굴 및 자치계획 수립\t'23. 3. ~ 7.", "- 읍면별 의제 발굴"]:
        paragraph = document.add_paragraph(line, style="본문")
    document.notes.add_footnote("읍면별 일정은 따로 알림", paragraph)
    table = document.add_table(1, 6)
    cells = [
        "부서/팀",
        "자치행정과/ 대외협력팀",
        "담당자",
        "행정7급 지은이",
        "전화번호",
        "871-3182",
    ]
    for column, text in enumerate(cells):
        table.cell(0, column).text = text

    found = recognise(read_body(document.to_bytes()))
    assert found.problems == []
    assert found.unplaced == [("14번째 문단의 각주", "읍면별 일정은 따로 알림")]
    assert (found.session_number, found.year, found.bureau, found.department) == (
        353,
        2023,
        "행정복지국",
        "자치행정과",
    )
    assert (
        found.directions
        == "공정과 신뢰를 바탕으로 한 공직풍토 조성\n군민이 주인이 되는 소통행정 구현"
    )
    [card] = found.cards
    assert (card.number, card.title, card.team) == (1, "주민자치회 전면 실시", "대외협력팀")
    [item] = card.plan_items
    assert (item.text, item.schedule, item.details) == (
        "의제 발굴 및 자치계획 수립",
        "'23. 3. ~ 7.",
        "읍면별 의제 발굴",
    )
    assert card.contacts == [("행정7급", "지은이", "871-3182")]
