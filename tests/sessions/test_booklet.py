"""The session booklet (회기 전체 보고서), read back as the council clerk's printer and a member
citing "57쪽" would: with poppler (pdftotext, pdfinfo) for what is printed on which page, and
pypdf for the bookmarks and links.

Three small departments (two under one bureau, one directly under the county) are published to
one session without files, as the synthetic county is: building the booklet once for the
module renders and keeps their PDFs (the fill-once path), and every test reads that booklet or
builds another from the stored PDFs."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import pypdf
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from plans.models import CouncilSession, PublishedVersion, WorkPlan
from plans.report.booklet import Booklet, BookletPart, session_booklet
from plans.workflow import booklets
from plans.workflow.booklet_jobs import keep_booklets
from plans.workflow.booklets import booklet_cover, booklet_digest, build_session_booklet
from plans.workflow.services import plan_withdraw
from tests.publishing import publish_now
from tests.sessions.booklet_world import DEPARTMENTS, ORGANIZATION, build_world
from tests.workflow.helpers import staff

pytestmark = pytest.mark.django_db


@dataclass
class World:
    session: CouncilSession
    plans: dict[str, WorkPlan]  # by department name
    booklet: Booklet
    path: Path

    def stored_pdf(self, department: str) -> bytes:
        version = self.plans[department].public_version
        return bytes(PublishedVersion.objects.values_list("pdf", flat=True).get(pk=version.pk))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The session and its booklet, built once; everything is rolled back after the module,
    each test's own changes (a withdrawal, a publication) after the test."""
    with django_db_blocker.unblock(), transaction.atomic():
        session, plans = build_world()
        booklet = build_session_booklet(session)
        path = tmp_path_factory.mktemp("booklet") / "booklet.pdf"
        path.write_bytes(booklet.pdf)
        yield World(session, plans, booklet, path)
        transaction.set_rollback(True)


def page_text(path: Path, page: int, *crop: str) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), *crop, str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def page_count(path: Path) -> int:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", result.stdout, re.M)[1])


def toc_entries(path: Path) -> list[tuple[str, int]]:
    """(department, page) from the 목차 pages: the pages after the cover up to the first
    department's report, each entry a line with its page number at the right margin."""
    entries, page = [], 2
    while not entries or page < entries[0][1]:
        for line in page_text(path, page).splitlines():
            if found := re.fullmatch(r"\s+(가람\S+)\s{2,}(\d+)\s*", line):
                entries.append((found[1], int(found[2])))
        page += 1
    return entries


def outline(reader: pypdf.PdfReader, items=None) -> list[tuple[str, int, list]]:
    tree: list = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            tree[-1] = (*tree[-1][:2], outline(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return tree


def test_the_tocs_page_numbers_are_each_departments_cover(world):
    entries = toc_entries(world.path)
    assert [name for name, _ in entries] == [name for _, name, _ in DEPARTMENTS]
    for name, page in entries:
        cover = page_text(world.path, page)
        assert name in cover
        assert "2023년 주요업무계획" in cover
        assert "제401회 임시회" in cover
        # The page before is the end of the previous report or the 목차, not this cover.
        assert name not in page_text(world.path, page - 1).split()[:3]


def test_the_pages_are_the_front_and_every_report_as_stored(world):
    entries = toc_entries(world.path)
    lengths = [
        len(pypdf.PdfReader(io.BytesIO(world.stored_pdf(name))).pages) for name, _ in entries
    ]
    front = entries[0][1] - 1  # the cover and the 목차
    assert page_count(world.path) == front + sum(lengths)
    for (_, start), (_, following), length in zip(entries, entries[1:], lengths, strict=False):
        assert following == start + length
    assert world.booklet.pages == page_count(world.path)


def test_every_page_but_the_cover_has_its_booklet_number_in_the_corner(world):
    total = page_count(world.path)
    # The bottom right corner at 72 dpi: A4 is 595 × 842 points.
    corner = ["-r", "72", "-x", "420", "-y", "800", "-W", "175", "-H", "42"]
    assert page_text(world.path, 1, *corner).split() == []
    for page in range(2, total + 1):
        assert page_text(world.path, page, *corner).split() == [str(page)]


def test_each_department_keeps_its_own_toc_and_page_numbers(world):
    name, start = toc_entries(world.path)[1]
    own_toc = page_text(world.path, start + 1)
    assert own_toc.split()[:3] == [name, "목", "차"]  # under its own running head
    assert re.search(r"-\s*2\s*-", own_toc)  # the report's own number, as published


def test_bookmarks_name_every_bureau_department_and_chapter_at_its_page(world):
    reader = pypdf.PdfReader(str(world.path))
    tree = outline(reader)
    entries = dict(toc_entries(world.path))
    assert [(title, page) for title, page, _ in tree] == [
        ("목차", 2),
        (ORGANIZATION, entries["가람감사실"]),
        ("가람복지국", entries["가람행정과"]),
    ]
    departments = [child for _, _, children in tree[1:] for child in children]
    assert [(title, page) for title, page, _ in departments] == list(entries.items())
    for name, start, chapters in departments:
        titles = [title for title, _, _ in chapters]
        assert titles[:5] == [
            "목 차",
            "I. 일반현황",
            "II. 2022년 주요성과",
            "III. 2023년 정책방향",
            "IV. 2023년 주요업무계획",
        ]
        for title, page, _ in chapters:
            assert page >= start
            assert title.replace(" ", "") in page_text(world.path, page).replace(" ", "")
        cards = chapters[4][2]
        card_count = next(count for _, department, count in DEPARTMENTS if department == name)
        assert [title for title, _, _ in cards] == [
            f"{number} {name} 과제 {number}" for number in range(1, card_count + 1)
        ]


def test_a_departments_toc_links_lead_into_its_own_chapters(world):
    """Every department's file names its chapters alike (chapter-1 …): in the booklet each
    department's 목차 must lead to its own pages, not the first department's."""
    reader = pypdf.PdfReader(str(world.path))
    entries = toc_entries(world.path)
    bounds = [*(start for _, start in entries), page_count(world.path) + 1]
    for index, (name, start) in enumerate(entries):
        links = [a.get_object() for a in reader.pages[start].get("/Annots", ())]
        targets = [reader.get_page_number(link["/Dest"][0].get_object()) + 1 for link in links]
        assert targets, name
        assert all(start < target < bounds[index + 1] for target in targets), name


def test_the_booklets_toc_entries_link_to_the_departments(world):
    reader = pypdf.PdfReader(str(world.path))
    links = [a.get_object() for a in reader.pages[1].get("/Annots", ())]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) + 1 for link in links]
    assert targets == [start for _, start in toc_entries(world.path)]


def test_the_address_serves_it_with_a_korean_name_and_answers_304(world):
    session = world.session
    url = reverse("plans:session_booklet", args=[ORGANIZATION, session.number])
    page = Client().get(reverse("plans:session_detail", args=[ORGANIZATION, session.number]))
    assert url in page.content.decode()
    client = Client()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == world.booklet.pdf
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename*=utf-8''")
    assert unquote(disposition.partition("''")[2]) == (
        f"2023년_{ORGANIZATION}_주요업무계획_전체(제{session.number}회_임시회).pdf"
    )
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.usefixtures("empty_report_cache")
def test_the_queues_job_keeps_both_booklets_and_the_address_builds_neither(world, monkeypatch):
    # As the job and the address read it (the factory's instance holds its kind as an enum).
    session = CouncilSession.objects.select_related("organization").get(pk=world.session.pk)

    built = keep_booklets(session.pk, booklet_digest(session), last_try=True)

    assert built == ["pdf", "hwpx"]

    def build_again(session):
        raise AssertionError("the address built a booklet the job had kept")

    for kind in booklets.BUILDERS:
        monkeypatch.setitem(booklets.BUILDERS, kind, build_again)
    pdf = Client().get(reverse("plans:session_booklet", args=[ORGANIZATION, session.number]))
    hwpx = Client().get(reverse("plans:session_booklet_hwpx", args=[ORGANIZATION, session.number]))
    assert (pdf.status_code, hwpx.status_code) == (200, 200)
    assert pdf.content == world.booklet.pdf
    assert hwpx.content.startswith(b"PK")


def test_a_withdrawn_version_is_not_in_it(world, tmp_path):
    withdrawn = world.plans["가람민원과"]
    before = booklet_digest(world.session)
    plan_withdraw(plan=withdrawn, user=staff("root", team=None, superuser=True), note="철회 사유")
    assert booklet_digest(world.session) != before
    path = tmp_path / "booklet.pdf"
    path.write_bytes(build_session_booklet(world.session).pdf)
    assert [name for name, _ in toc_entries(path)] == ["가람감사실", "가람행정과"]
    length = len(pypdf.PdfReader(io.BytesIO(world.stored_pdf("가람민원과"))).pages)
    assert page_count(path) == page_count(world.path) - length
    assert all("가람민원과" not in page_text(path, page) for page in range(1, page_count(path) + 1))


def test_a_new_publication_makes_a_new_booklet(world, tmp_path):
    client = Client()
    url = reverse("plans:session_booklet", args=[ORGANIZATION, world.session.number])
    first = client.get(url)
    plan = world.plans["가람감사실"]
    card = plan.cards.get(number=1)
    card.title = "새로 고친 과제"
    card.save()
    publish_now(plan)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    path = tmp_path / "booklet.pdf"
    path.write_bytes(second.content)
    start = dict(toc_entries(path))["가람감사실"]
    assert "새로 고친 과제" in page_text(path, start + 1)


def test_a_report_without_bookmarks_gets_its_chapters_from_its_text(world, tmp_path):
    """A department file without an outline (made by another tool) is bookmarked at the pages
    where its chapter headings are printed."""
    stored = pikepdf.Pdf.open(io.BytesIO(world.stored_pdf("가람행정과")))
    del stored.Root["/Outlines"]
    bare = io.BytesIO()
    stored.save(bare)
    cover = booklet_cover(world.session)
    part = BookletPart(bureau="가람복지국", department="가람행정과", pdf=bare.getvalue())
    path = tmp_path / "booklet.pdf"
    path.write_bytes(session_booklet(cover, [part]).pdf)
    department = outline(pypdf.PdfReader(str(path)))[1][2][0]
    assert department[0] == "가람행정과"
    chapters = department[2]
    assert [title.split(" ")[0] for title, _, _ in chapters] == ["I.", "II.", "III.", "IV."]
    for title, page, _ in chapters:
        assert title.replace(" ", "") in page_text(path, page).replace(" ", "")
