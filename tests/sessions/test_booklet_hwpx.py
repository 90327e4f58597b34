"""The session booklet in 한글 (booklet.hwpx), read back with the tests' own OWPML reader
(tests.report.owpml) and checked by python-hwpx's validator, over the small session of the PDF
booklet's tests (tests.sessions.booklet_world)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from lxml import etree

from plans.models import CouncilSession, WorkPlan
from plans.report.hwpx import CONTENT_TYPE
from plans.rules import figures
from plans.workflow.booklets import booklet_digest, build_session_booklet_hwpx
from plans.workflow.services import plan_withdraw
from tests.factories import CouncilSessionFactory
from tests.report import owpml
from tests.sessions.booklet_world import DEPARTMENTS, ORGANIZATION, build_world
from tests.workflow.helpers import staff

pytestmark = pytest.mark.django_db

NAMES = [name for _, name, _ in DEPARTMENTS]


@dataclass
class World:
    session: CouncilSession
    plans: dict[str, WorkPlan]
    hwpx: bytes
    package: owpml.Package


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        session, plans = build_world()
        data = build_session_booklet_hwpx(session)
        yield World(session, plans, data, owpml.read(data))
        transaction.set_rollback(True)


def test_python_hwpx_validates_the_file_and_opens_it_again(world):
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package

    report = validate_package(io.BytesIO(world.hwpx))
    assert [issue for issue in report.issues if issue.level == "error"] == []
    document = HwpxDocument.open(world.hwpx)
    try:
        assert document.validate().issues == ()
        assert len(document.sections) == 1 + len(DEPARTMENTS)
    finally:
        document.close()


def test_the_session_cover_comes_first(world):
    session = world.session
    year = max(plan.year for plan in world.plans.values())
    cover = [text for _, text in world.package.paragraphs[:6]]
    assert cover == [
        f"{ORGANIZATION}의회",
        str(session),
        figures.format_date_range(session.start_date, session.end_date, weekday=False),
        f"보고일 {figures.format_date(session.start_date)}",
        f"{year}년 주요업무계획",
        ORGANIZATION,
    ]


def test_each_department_is_a_section_with_its_cover_and_running_head(world):
    """The front, then a section per department in the council's order, each opening with its
    own cover (its name the booklet's first outline level) and naming it at the top of its
    pages."""
    package = world.package
    assert [text for style, text in package.paragraphs if style == "개요 1"] == NAMES
    heads = [f"{ORGANIZATION}의회 {world.session}", *NAMES]
    front = etree.fromstring(package.members["Contents/section0.xml"])
    first_page = etree.tostring(front.find(f".//{owpml.HP}pagePr"))
    for number, head in enumerate(heads):
        section = etree.fromstring(package.members[f"Contents/section{number}.xml"])
        # python-hwpx writes a header twice, in the section's settings and as its control.
        assert {"".join(h.itertext()) for h in section.iter(f"{owpml.HP}header")} == {head}
        # Every section has the page and margins of the first, and counts its pages on.
        assert etree.tostring(section.find(f".//{owpml.HP}pagePr")) == first_page
        assert section.find(f".//{owpml.HP}startNum").get("page") == "0"
    for number, name in enumerate(NAMES, start=1):
        section = etree.fromstring(package.members[f"Contents/section{number}.xml"])
        texts = ["".join(p.itertext()) for p in section.findall(f"{owpml.HP}p")]
        opening = [text for text in texts if text.strip()][:5]
        assert name in opening
        assert all(other not in "".join(texts) for other in NAMES if other != name)


def test_chapters_and_cards_are_one_outline_level_down(world):
    titles = [text for style, text in world.package.paragraphs if style == "개요 3"]
    # The cards booklet_world made: "과제 1" … of each department, in the council's order.
    expected = [
        f"{number}. {name} 과제 {number}"
        for _, name, cards in DEPARTMENTS
        for number in range(1, cards + 1)
    ]
    assert titles == expected
    chapters = [text for style, text in world.package.paragraphs if style == "개요 2"]
    assert chapters.count("I. 일반현황") == len(DEPARTMENTS)


def test_the_contents_is_one_field_over_the_departments(world):
    """한글 rebuilds the booklet's one TABLEOFCONTENTS field, with its pages, on opening: it
    lists the first outline level, the departments; no department keeps a 목차 of its own."""
    package = world.package
    fields = [field for field in package.fields if field.get("type") == "TABLEOFCONTENTS"]
    assert len(fields) == 1
    assert fields[0].get("dirty") == "1"
    assert "ContentsLevel:int:1" in "".join(fields[0].itertext())
    entries = [text for style, text in package.paragraphs if "\t" in text and style == "바탕글"]
    assert [text.split("\t")[0] for text in entries] == NAMES
    # Until 한글 rebuilds them, the numbers are python-hwpx's estimate over every section: each
    # department after the cover and the 목차, on a page of its own.
    pages = [int(text.split("\t")[1]) for text in entries]
    assert pages[0] > 2 and pages == sorted(set(pages))
    links = [field for field in package.fields if field.get("type") == "HYPERLINK"]
    assert len(links) == len(NAMES)


def test_ids_are_unique_across_the_file_and_links_find_their_titles(world):
    """The body's paragraphs, the fields and each section's running header have ids of their
    own across the sections, and every 목차 link names a paragraph of the file."""
    paragraphs, fields, headers = [], [], []
    for name, data in world.package.members.items():
        if re.fullmatch(r"Contents/section\d+\.xml", name):
            root = etree.fromstring(data)
            paragraphs += [p.get("id") for p in root.findall(f"{owpml.HP}p")]
            fields += [f.get("id") for f in root.iter(f"{owpml.HP}fieldBegin")]
            headers += [h.get("id") for h in root.iter(f"{owpml.HP}header")][:1]
    assert len(paragraphs) == len(set(paragraphs))
    assert len(fields) == len(set(fields))
    assert len(headers) == len(set(headers)) == 1 + len(NAMES)
    targets = [
        re.search(r"\?#(\d+)", "".join(field.itertext()))[1]
        for field in world.package.fields
        if field.get("type") == "HYPERLINK"
    ]
    assert targets and set(targets) <= set(paragraphs)


def test_a_withdrawn_version_is_not_in_it(world):
    withdrawn = world.plans["가람민원과"]
    before = booklet_digest(world.session)
    plan_withdraw(plan=withdrawn, user=staff("root", team=None, superuser=True), note="철회 사유")
    assert booklet_digest(world.session) != before
    package = owpml.read(build_session_booklet_hwpx(world.session))
    assert [text for style, text in package.paragraphs if style == "개요 1"] == NAMES[:2]
    assert "가람민원과" not in package.text()
    assert "가람민원과" not in package.header_texts


def test_the_address_serves_it_with_a_korean_name_and_answers_304(world):
    session = world.session
    url = reverse("plans:session_booklet_hwpx", args=[ORGANIZATION, session.number])
    page = Client().get(reverse("plans:session_detail", args=[ORGANIZATION, session.number]))
    html = page.content.decode()
    assert f'href="{url}">회기 전체 보고서 한글</a>' in html
    client = Client()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response.content == world.hwpx
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    year = max(plan.year for plan in world.plans.values())
    assert unquote(disposition.partition("''")[2]) == (
        f"{year}년_{ORGANIZATION}_주요업무계획_전체(제{session.number}회_임시회).hwpx"
    )
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_session_with_no_published_report_is_its_cover_alone(world):
    """No department to list: the file is the session's cover, without a 목차 field (한글
    builds one from titles, and there are none)."""
    empty = CouncilSessionFactory(organization=world.session.organization, number=402)
    package = owpml.read(build_session_booklet_hwpx(empty))
    assert [text for _, text in package.paragraphs][:2] == [f"{ORGANIZATION}의회", str(empty)]
    assert "목 차" not in package.text()
    assert package.fields == []
    assert [name for name in package.members if name.startswith("Contents/section")] == [
        "Contents/section0.xml"
    ]
