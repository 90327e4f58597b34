"""An independent renderer's view of the demo plan's 한글 file: rhwp (rhwp-python, not 한글 and
not python-hwpx) lays it out into pages and reads back the cover, the 목차 and every chapter and
card title in the report's order. Skips, saying why, where rhwp cannot run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.report.test_hwpx_report import chapter_and_card_titles, demo  # noqa: F401

sys.path.insert(0, str(Path(settings.BASE_DIR) / "scripts"))
import rhwp_render

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def drawn(demo, tmp_path_factory):  # noqa: F811
    path = tmp_path_factory.mktemp("rhwp") / "report.hwpx"
    path.write_bytes(demo.hwpx)
    try:
        return rhwp_render.run(path, path.parent / "pages")
    except rhwp_render.Unavailable as reason:
        pytest.skip(f"rhwp를 쓸 수 없습니다: {reason}")


def test_rhwp_lays_the_report_out_on_pages_and_draws_each(drawn):
    assert drawn["pages"] >= 15  # the PDF has 17: cover, 목차, chapters, a page per card
    assert len(drawn["images"]) == drawn["pages"]
    for image in drawn["images"]:
        assert Path(image).read_bytes().startswith(b"\x89PNG")


def test_rhwp_reads_the_cover_then_the_titles_in_order(demo, drawn):  # noqa: F811
    paragraphs = drawn["paragraphs"]
    assert paragraphs[:6] == [
        "행정복지국",
        "제353회 임시회",
        "2023. 2. 16. ~ 2. 23.",
        "보고일 2023. 2. 16.(목)",
        "자치행정과",
        "2023년 주요업무계획",
    ]
    assert paragraphs[6] == "목 차"
    titles = chapter_and_card_titles(demo.report)
    entries = [text.split("\t")[0] for text in paragraphs[7 : 7 + len(titles)]]
    assert entries == titles
    body = paragraphs[7 + len(titles) :]
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)
