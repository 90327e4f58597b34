"""A card's printed text by the section names a reader sees (과제명, 개요, 추진방침 …), and chapter
II's groups by their titles: what the search index of a published version holds and what the
plan page's filter matches."""

from __future__ import annotations

from plans.report.context import AchievementSection, CardView
from plans.rules.outline import OutlineNode, walk


def _outline_texts(nodes: list[OutlineNode]) -> list[str]:
    return [node.text for _, node in walk(nodes)]


def card_sections(view: CardView) -> list[tuple[str, list[str]]]:
    """A card's searchable text, by the section names a reader sees."""
    card = view.card
    plan_texts: list[str] = []
    for item in view.plan_items:
        plan_texts += [item.item.text, item.item.target, *_outline_texts(item.details)]
        for township, lines in item.housing:
            plan_texts += [township, *(f"{category}: {names}" for category, names in lines)]
        plan_texts += item.steps
    facts = []
    for fact in view.facts:
        facts += [fact.label, fact.inline, *_outline_texts(fact.children)]
    contacts = [f"{o.position} {o.name} {o.phone} {o.team_name}" for o in view.contacts]
    # The team, not the department: every card of a plan is the department's, so its name in
    # each card made a search for the department list all of them. The search finds the
    # department's plan by the department's name instead (plans.public.search).
    contacts.append(card.team_name)
    return [
        ("과제명", [card.title]),
        ("개요", _outline_texts(view.overview) + facts + [card.facts_title]),
        ("추진방침", _outline_texts(view.policies)),
        ("추진상황", [item.text for item in view.progress]),
        ("추진계획", plan_texts),
        ("기대효과", _outline_texts(view.effects)),
        ("담당", contacts),
    ]


Sections = list[tuple[str, list[str]]]


def achievement_lines(section: AchievementSection) -> list[str]:
    """A chapter II group's printed lines, in reading order (its title not among them)."""
    return [text for text in _outline_texts(section.nodes) if text]
