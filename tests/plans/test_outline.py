"""The seed's bullet forms typed as indented lines and read back by plans.rules.outline."""

import pytest

from plans.rules.outline import (
    DEFAULT_SYMBOLS,
    MARKERS,
    OutlineError,
    OutlineNode,
    first_line_and_rest,
    parse_outline,
    render_text,
    symbol_for,
    validate_outline,
    walk,
)


def shape(nodes: list[OutlineNode]) -> list[tuple[int, str, str | None, str]]:
    """(depth, kind, marker, text) for every node, in reading order: easy to compare."""
    return [(depth, node.kind, node.marker, node.text) for depth, node in walk(nodes)]


def test_plain_nested_bullets() -> None:
    text = (
        "제20대 대통령선거: 2022. 3. 9.(수)\n"
        "  선거인수: 80,946명 / 투표자수: 58,315명 / 투표율: 72.04%\n"
        "  선거사무 종사자: 간사서기 18명, (사전)투표 298명, 개표 60명\n"
        "제8회 전국동시지방선거: 2022. 6. 1.(수)\n"
        "  선거인수: 81,419명 / 투표자수: 40,617명 / 투표율: 49.89%\n"
    )
    nodes = parse_outline(text)
    assert [node.text for node in nodes] == [
        "제20대 대통령선거: 2022. 3. 9.(수)",
        "제8회 전국동시지방선거: 2022. 6. 1.(수)",
    ]
    assert len(nodes[0].children) == 2
    assert nodes[1].children[0].text.endswith("49.89%")
    assert all(node.kind == "bullet" and node.marker is None for _, node in walk(nodes))
    assert render_text(nodes) == (
        "○ 제20대 대통령선거: 2022. 3. 9.(수)\n"
        "  - 선거인수: 80,946명 / 투표자수: 58,315명 / 투표율: 72.04%\n"
        "  - 선거사무 종사자: 간사서기 18명, (사전)투표 298명, 개표 60명\n"
        "○ 제8회 전국동시지방선거: 2022. 6. 1.(수)\n"
        "  - 선거인수: 81,419명 / 투표자수: 40,617명 / 투표율: 49.89%"
    )


def test_three_levels_take_the_default_symbols() -> None:
    text = "2023년 군수 읍·면 방문\n  장 소: 9개 읍면 회의실\n    군정보고\n      더 깊은 줄"
    assert render_text(parse_outline(text)) == (
        "○ 2023년 군수 읍·면 방문\n  - 장 소: 9개 읍면 회의실\n    · 군정보고\n      · 더 깊은 줄"
    )


def test_notes_nested_under_items() -> None:
    text = (
        "출산공무원 축하금 지급: 36명 / 11,700천원\n"
        "  ※ 첫째·둘째아 300천원, 셋째아 500천원 지급\n"
        "장제서비스 지원: 36명 / 18,000천원\n"
        "  ※ 1인당 500천원 지원\n"
    )
    assert shape(parse_outline(text)) == [
        (0, "bullet", None, "출산공무원 축하금 지급: 36명 / 11,700천원"),
        (1, "note", "※", "첫째·둘째아 300천원, 셋째아 500천원 지급"),
        (0, "bullet", None, "장제서비스 지원: 36명 / 18,000천원"),
        (1, "note", "※", "1인당 500천원 지원"),
    ]


def test_footnotes_at_depth_two_with_escaped_stars() -> None:
    text = (
        "열심히 일하는 조직풍토 조성으로 직무 중심의 인사관리 정착\n"
        "  승진후보자명부 반영 비율 조정\\* 및 비위공무원 불이익 조치 확대\\*\\*\n"
        "    \\* 근무성적평정 반영 비율 확대:(현행) 70% ⇨ (개정) 80%\n"
        "    ** 팀장 보직해임제:(현행) 음주운전 ⇨ (개정) 금품향응수수, 성범죄, 갑질 등\n"
    )
    nodes = parse_outline(text)
    assert shape(nodes)[1:] == [
        (1, "bullet", None, "승진후보자명부 반영 비율 조정* 및 비위공무원 불이익 조치 확대**"),
        (2, "footnote", "*", "근무성적평정 반영 비율 확대:(현행) 70% ⇨ (개정) 80%"),
        (
            2,
            "footnote",
            "**",
            "팀장 보직해임제:(현행) 음주운전 ⇨ (개정) 금품향응수수, 성범죄, 갑질 등",
        ),
    ]
    assert render_text(nodes).splitlines()[2:] == [
        "    * 근무성적평정 반영 비율 확대:(현행) 70% ⇨ (개정) 80%",
        "    ** 팀장 보직해임제:(현행) 음주운전 ⇨ (개정) 금품향응수수, 성범죄, 갑질 등",
    ]


@pytest.mark.parametrize(
    ("marker", "kind"), [("*", "footnote"), ("**", "footnote"), ("***", "footnote")]
)
def test_star_count_is_the_marker(marker: str, kind: str) -> None:
    (node,) = parse_outline(f"{marker} 주석")
    assert (node.kind, node.marker, node.text) == (kind, marker, "주석")


def test_highlights() -> None:
    text = (
        "주민참여 확대를 위한 주민참여포인트제 지속(연중) 추진\n"
        "  ▶ 일정 포인트(1만 포인트) 누적 시 인센티브(음성행복페이, 상품권 제공)\n"
        "  ▶ 2022년 총3,543,000포인트 부여(2022.12.31.기준) / 인센티브 59명 지급\n"
    )
    children = parse_outline(text)[0].children
    assert [(c.kind, c.marker) for c in children] == [("highlight", "▶"), ("highlight", "▶")]
    assert children[1].text == "2022년 총3,543,000포인트 부여(2022.12.31.기준) / 인센티브 59명 지급"


def test_feature_lines() -> None:
    (node,) = parse_outline("❖ 인사관리, 직제 정원관리, 군수부군수 회의, 선거 등")
    assert (node.kind, node.marker) == ("feature", "❖")


def test_circled_numbers() -> None:
    text = (
        "① 자치분권 확대 및 공정하고 합리적인 인사·조직 운영\n"
        "② 행복한 직장 분위기 조성을 위한 후생복지 확대\n"
        "③ 다양한 소통채널 가동으로 군민 친화적 행정 추진\n"
        "④ 함께하는 주민자치, 참여하는 주민자치 실현\n"
    )
    nodes = parse_outline(text)
    assert [(n.kind, n.marker) for n in nodes] == [
        ("numbered", "①"),
        ("numbered", "②"),
        ("numbered", "③"),
        ("numbered", "④"),
    ]
    assert render_text(nodes).splitlines()[3] == "④ 함께하는 주민자치, 참여하는 주민자치 실현"


@pytest.mark.parametrize("marker", ["①", "⑩", "⑳", "➊", "➓", "❶"])
def test_every_number_marker(marker: str) -> None:
    (node,) = parse_outline(f"{marker} 과제")
    assert (node.kind, node.marker, node.text) == ("numbered", marker, "과제")


def test_heading_lines_with_children() -> None:
    text = (
        "□ 추진방침\n"
        "  객관적이고 투명한 인사행정으로 일하는 조직문화 실현\n"
        "  행정수요 변화에 즉각적이고 군정현안에 능동적인 조직 관리\n"
        "□ 추진계획\n"
        "  예측 가능한 인사운영 및 공정성과 객관성 확보\n"
        "    인사시기, 승진·보직관리 기준 사전공개(인사운영 기본계획 수립)\n"
        "▣ 공동주택건설 주요사업\n"
        "  ▶ 행복주택: 근로자전용(294세대, 24년 하반기 준공), 일자리연계(300세대)\n"
    )
    nodes = parse_outline(text)
    assert [(n.kind, n.marker, n.text) for n in nodes] == [
        ("heading", "□", "추진방침"),
        ("heading", "□", "추진계획"),
        ("heading", "▣", "공동주택건설 주요사업"),
    ]
    # Under a printed □ heading the first level is ○: base shifts the symbols.
    assert render_text(nodes).splitlines()[:3] == [
        "□ 추진방침",
        "  - 객관적이고 투명한 인사행정으로 일하는 조직문화 실현",
        "  - 행정수요 변화에 즉각적이고 군정현안에 능동적인 조직 관리",
    ]
    assert render_text(nodes[1].children) == (
        "○ 예측 가능한 인사운영 및 공정성과 객관성 확보\n"
        "  - 인사시기, 승진·보직관리 기준 사전공개(인사운영 기본계획 수립)"
    )


@pytest.mark.parametrize(
    ("line", "kind", "marker", "text"),
    [
        ("□ 기 구: 1과 4팀", "heading", "□", "기 구: 1과 4팀"),
        ("▣ 공동주택건설", "heading", "▣", "공동주택건설"),
        ("○ 항목", "bullet", "○", "항목"),
        ("- 항목", "bullet", "-", "항목"),
        ("· 항목", "bullet", "·", "항목"),
        ("◦ 항목", "bullet", "◦", "항목"),
        ("※ 참고", "note", "※", "참고"),
        ("* 주석", "footnote", "*", "주석"),
        ("\\* 주석", "footnote", "*", "주석"),
        ("\\*\\* 주석", "footnote", "**", "주석"),
        ("*** 주석", "footnote", "***", "주석"),
        ("▶ 강조", "highlight", "▶", "강조"),
        ("❖ 기능", "feature", "❖", "기능"),
        ("③ 셋째", "numbered", "③", "셋째"),
        ("항목", "bullet", None, "항목"),
        # Korean documents often glue a symbol to its text; ASCII markers need the space.
        ("※참고", "note", "※", "참고"),
        ("□추진계획", "heading", "□", "추진계획"),
        ("-5% 감소", "bullet", None, "-5% 감소"),
        ("*강조*", "bullet", None, "*강조*"),
        ("**군민과 소통하는 자치행정 실현**", "bullet", None, "**군민과 소통하는 자치행정 실현**"),
        ("①②③ 단계", "bullet", None, "①②③ 단계"),
        # markdown conversions put "- " before the real marker
        ("- ※ 1인당 500천원 지원", "note", "※", "1인당 500천원 지원"),
        ("- \\* 근무성적평정", "footnote", "*", "근무성적평정"),
        ("- ▶ 행복주택", "highlight", "▶", "행복주택"),
        ("- ❖ 인사관리", "feature", "❖", "인사관리"),
        ("- ① 자치분권", "numbered", "①", "자치분권"),
        ("- - 항목", "bullet", "-", "- 항목"),
        ("○  여러 칸   띄움  ", "bullet", "○", "여러 칸   띄움"),
    ],
)
def test_markers(line: str, kind: str, marker: str | None, text: str) -> None:
    (node,) = parse_outline(line)
    assert (node.kind, node.marker, node.text) == (kind, marker, text)


def test_marker_table_kinds() -> None:
    assert MARKERS["□"] == MARKERS["▣"] == "heading"
    assert {MARKERS[m] for m in "○-·◦"} == {"bullet"}
    assert MARKERS["※"] == "note"


def test_indentation_jump_attaches_one_level_deeper_only() -> None:
    text = "첫째\n      여섯 칸 들여쓴 줄\n      같은 깊이\n  두 칸\n둘째"
    assert shape(parse_outline(text)) == [
        (0, "bullet", None, "첫째"),
        (1, "bullet", None, "여섯 칸 들여쓴 줄"),
        (1, "bullet", None, "같은 깊이"),
        (1, "bullet", None, "두 칸"),
        (0, "bullet", None, "둘째"),
    ]


def test_indented_first_line_starts_at_depth_zero() -> None:
    assert shape(parse_outline("    첫 줄\n      다음 줄\n    둘째")) == [
        (0, "bullet", None, "첫 줄"),
        (1, "bullet", None, "다음 줄"),
        (0, "bullet", None, "둘째"),
    ]


def test_jump_then_dedent_between_levels() -> None:
    text = "가\n  나\n      다\n    라"
    # 다 is a child of 나 (one level, not two); 라 at level 2 is still under 나.
    assert [(d, n.text) for d, n in walk(parse_outline(text))] == [
        (0, "가"),
        (1, "나"),
        (2, "다"),
        (2, "라"),
    ]


@pytest.mark.parametrize(
    ("indent", "depth"),
    [("", 0), (" ", 0), ("  ", 1), ("   ", 1), ("\t", 1), (" \t", 1), ("\u3000", 1)],
)
def test_indentation_widths(indent: str, depth: int) -> None:
    nodes = parse_outline(f"위\n{indent}아래")
    assert [d for d, _ in walk(nodes)] == [0, depth]


def test_tabs_count_as_two_spaces() -> None:
    text = "가\n\t나\n\t\t다\n\t  라"
    assert [(d, n.text) for d, n in walk(parse_outline(text))] == [
        (0, "가"),
        (1, "나"),
        (2, "다"),
        (2, "라"),
    ]


def test_crlf_blank_lines_and_trailing_spaces() -> None:
    text = "\r\n가   \r\n\r\n  나\t \r\n   \r\n  다\r\n\r\n"
    nodes = parse_outline(text)
    assert shape(nodes) == [
        (0, "bullet", None, "가"),
        (1, "bullet", None, "나"),
        (1, "bullet", None, "다"),
    ]
    assert nodes[0].children[1].line == 6  # 1-based, counting blank lines


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\r\n \r\n"])
def test_empty_outline(text: str) -> None:
    assert parse_outline(text) == []
    assert render_text(parse_outline(text)) == ""
    validate_outline(text)


def test_depth_attribute() -> None:
    nodes = parse_outline("가\n  나\n    다")
    assert [node.depth for _, node in walk(nodes)] == [0, 1, 2]


def test_nodes_compare_by_content() -> None:
    assert parse_outline("※ 참고") == [OutlineNode("note", "※", "참고")]


@pytest.mark.parametrize(
    ("marker", "depth", "base", "symbol"),
    [
        (None, 0, 0, "○"),
        (None, 1, 0, "-"),
        (None, 2, 0, "·"),
        (None, 5, 0, "·"),
        (None, 0, 1, "-"),
        (None, 1, 1, "·"),
        (None, 0, 2, "·"),
        ("※", 0, 0, "※"),
        ("**", 2, 0, "**"),
        ("▶", 1, 1, "▶"),
    ],
)
def test_symbol_for(marker: str | None, depth: int, base: int, symbol: str) -> None:
    node = OutlineNode("bullet", marker, "내용")
    assert symbol_for(node, depth, base=base) == symbol
    assert DEFAULT_SYMBOLS == ("○", "-", "·")


def test_render_text_with_base() -> None:
    nodes = parse_outline("가\n  나\n    ※ 참고")
    assert render_text(nodes, base=1) == "- 가\n  · 나\n    ※ 참고"


def test_render_round_trip_keeps_the_tree() -> None:
    text = "□ 추진계획\n  가\n    ※ 참고\n    * 주석\n  ▶ 강조\n① 하나"
    nodes = parse_outline(text)
    again = parse_outline(render_text(nodes))
    assert [(d, n.kind, n.text) for d, n in walk(again)] == [
        (d, n.kind, n.text) for d, n in walk(nodes)
    ]


def test_walk_order_and_relative_depth() -> None:
    nodes = parse_outline("가\n  나\n    다\n  라\n마")
    assert [(d, n.text) for d, n in walk(nodes)] == [
        (0, "가"),
        (1, "나"),
        (2, "다"),
        (1, "라"),
        (0, "마"),
    ]
    assert [(d, n.text) for d, n in walk(nodes[0].children)] == [(0, "나"), (1, "다"), (0, "라")]


@pytest.mark.parametrize(
    ("text", "head", "rest"),
    [
        (
            "우편모아시스템 구축\n  대상부서: 전 부서\n  소요예산\n    (2023년) 480천원\n",
            "우편모아시스템 구축",
            "대상부서: 전 부서\n소요예산\n  (2023년) 480천원",
        ),
        ("2022. ~ 2026.", "2022. ~ 2026.", ""),
        ("\n\n  머리 줄  \r\n    아래\r\n", "머리 줄", "아래"),
        ("머리\n\t아래\n\t\t더 아래", "머리", "아래\n  더 아래"),
        ("머리\n같은 깊이", "머리", "같은 깊이"),
        ("머리\n  가\n\n  나\n\n", "머리", "가\n\n나"),
        ("", "", ""),
        ("   \n  ", "", ""),
    ],
)
def test_first_line_and_rest(text: str, head: str, rest: str) -> None:
    assert first_line_and_rest(text) == (head, rest)


def test_first_line_and_rest_children_parse_at_depth_zero() -> None:
    _, rest = first_line_and_rest("사업명: 우편모아시스템 구축\n  대상부서: 전 부서\n    세부")
    assert [(d, n.text) for d, n in walk(parse_outline(rest))] == [
        (0, "대상부서: 전 부서"),
        (1, "세부"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("가\n  나\n  ※", "3번째 줄: 기호 뒤에 내용이 없습니다."),
        ("가\n\n  -   ", "3번째 줄: 기호 뒤에 내용이 없습니다."),
        ("□", "1번째 줄: 기호 뒤에 내용이 없습니다."),
        ("가\r\n**", "2번째 줄: 기호 뒤에 내용이 없습니다."),
        ("가\n- ※", "2번째 줄: 기호 뒤에 내용이 없습니다."),
        ("①", "1번째 줄: 기호 뒤에 내용이 없습니다."),
        ("가\n  " + "나" * 1001, "2번째 줄: 한 줄은 1,000자를 넘을 수 없습니다(현재 1,001자)."),
        ("○ " + "나" * 1001, "1번째 줄: 한 줄은 1,000자를 넘을 수 없습니다"),
    ],
)
def test_validate_outline_names_the_line(text: str, message: str) -> None:
    with pytest.raises(OutlineError) as caught:
        validate_outline(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "가\n  나",
        "○ " + "나" * 1000,
        "※ 참고\n  * 주석\n  ** 주석",
        "-5% 감소",
        "①②③ 단계",
    ],
)
def test_validate_outline_accepts(text: str) -> None:
    validate_outline(text)


def test_parse_is_lenient_where_validation_refuses() -> None:
    (node,) = parse_outline("※")
    assert (node.kind, node.marker, node.text) == ("note", "※", "")
    assert render_text([node]) == "※"
