"""Civic records of the organization: townships, resident councils, participation points, the
hometown-love fund, town promotion, elections and field visits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from civic.models import (
    Election,
    FieldVisit,
    HometownDonation,
    HometownLoveFund,
    HousingProject,
    ParticipationPointYear,
    ResidentCouncil,
    TownPromotionRule,
    TownPromotionStep,
    TownPromotionTarget,
    Township,
)
from personnel.models import Organization

from .loading import Loader
from .shapes import (
    Row,
    Shape,
    clean_text,
    compact,
    entries,
    fail,
    grouped,
    lookup,
    number_text,
    time_text,
)

CIVIC = Shape(
    None,
    "townships resident_councils participation_points hometown_love_fund town_promotion"
    " elections field_visits",
)
TOWNSHIP = Shape(Township, "name kind", required=True, key="name")
RESIDENT_COUNCIL = Shape(
    ResidentCouncil,
    "township stage approved members_appointed note",
    required="township stage",
    key="township",
)
PARTICIPATION_POINTS = Shape(
    ParticipationPointYear,
    "year points_awarded as_of incentive_threshold incentive_recipients incentive_kind",
    required="year points_awarded as_of incentive_threshold incentive_recipients",
    key="year",
)
HOMETOWN_FUND = Shape(
    HometownLoveFund,
    "law_enacted law_effective ordinance_enacted fund_established donations",
    required="law_enacted law_effective",
)
DONATION = Shape(HometownDonation, "year month donor_count amount", required=True, key="year month")
TOWN_PROMOTION = Shape(None, "rule steps targets housing_projects")
PROMOTION_RULE = Shape(
    TownPromotionRule, "legal_basis min_population min_urban_ratio description", required=True
)
PROMOTION_TARGET = Shape(
    TownPromotionTarget, "township start_year end_year", required=True, key="township"
)
HOUSING_TOWNSHIP = Shape(None, "township projects", required="township")
HOUSING_PROJECT = Shape(
    HousingProject,
    "category name households completion",
    required="category name households",
    key="order",
)
ELECTION = Shape(
    Election,
    "name date electorate voters clerks polling_staff counting_staff",
    required=True,
    key="name",
)
FIELD_VISIT = Shape(
    FieldVisit,
    "kind title start_date end_date start_time place program reported_suggestions",
    required="kind title start_date place",
    key="title start_date",
)


# ---------------------------------------------------------------------------------------------
# Loading


def load_civic(loader: Loader, data: Any) -> None:
    data = CIVIC.read({} if data is None else data, place="civic")
    of_organization = {"organization": loader.organization}
    rows = [
        TOWNSHIP.row(item, place=f"{place}({item['name']})", order=number)
        for number, item, place in entries(data.get("townships"), place="읍·면", shape=TOWNSHIP)
    ]
    if rows:
        loader.sync(Township, scope=of_organization, rows=rows, place="읍·면", delete=False)
    loader.townships = {
        township.name: township
        for township in Township.objects.filter(organization=loader.organization)
    }

    for item, township, _ in _per_township(
        loader, data.get("resident_councils"), place="주민자치회", shape=RESIDENT_COUNCIL
    ):
        row = RESIDENT_COUNCIL.row(item, place=f"주민자치회 {township.name}", township=township)
        loader.save(ResidentCouncil, row)

    for _, item, _ in entries(
        data.get("participation_points"), place="주민참여포인트", shape=PARTICIPATION_POINTS
    ):
        row = PARTICIPATION_POINTS.row(item, place=f"주민참여포인트 {item['year']}년")
        loader.save(ParticipationPointYear, row, scope=of_organization)

    if data.get("hometown_love_fund") is not None:
        load_hometown_fund(loader, data["hometown_love_fund"])
    if data.get("town_promotion") is not None:
        load_town_promotion(loader, data["town_promotion"])

    for _, item, _ in entries(data.get("elections"), place="선거", shape=ELECTION):
        row = ELECTION.row(item, place=f"선거 {item['name']}")
        loader.save(Election, row, scope=of_organization)

    for _, item, place in entries(data.get("field_visits"), place="현장 방문", shape=FIELD_VISIT):
        row = FIELD_VISIT.row(item, place=f"{place}({item['title']})")
        loader.save(FieldVisit, row, scope=of_organization)


def load_hometown_fund(loader: Loader, data: Any) -> None:
    place = "고향사랑기금"
    data = HOMETOWN_FUND.read(data, place=place)
    fund = loader.save(
        HometownLoveFund,
        HOMETOWN_FUND.row(data, place=place),
        scope={"organization": loader.organization},
    )
    if "donations" not in data:
        return
    rows = [
        DONATION.row(item, place=row_place)
        for _, item, row_place in entries(
            data["donations"], place=place, each="고향사랑기부금", shape=DONATION
        )
    ]
    loader.sync(HometownDonation, scope={"fund": fund}, rows=rows, place="고향사랑기부금")


def load_town_promotion(loader: Loader, data: Any) -> None:
    data = TOWN_PROMOTION.read(data, place="읍 승격")
    if data.get("rule") is not None:
        place = "읍 승격 요건"
        rule = PROMOTION_RULE.read(data["rule"], place=place)
        # One set of legal thresholds (national law): update it rather than add another.
        loader.save(
            TownPromotionRule,
            PROMOTION_RULE.row(rule, place=place),
            instance=TownPromotionRule.objects.order_by("pk").first(),
        )
    if data.get("steps") is not None:
        rows = [
            Row({"order": number}, {"name": name}, place)
            for number, name, place in entries(data["steps"], place="읍 승격 절차")
        ]
        loader.sync(TownPromotionStep, scope={}, rows=rows, place="읍 승격 절차")
    for item, township, _ in _per_township(
        loader, data.get("targets"), place="읍 승격 대상", shape=PROMOTION_TARGET
    ):
        row = PROMOTION_TARGET.row(
            item, place=f"읍 승격 대상 {item['township']}", township=township
        )
        loader.save(TownPromotionTarget, row)
    for group, township, place in _per_township(
        loader,
        data.get("housing_projects"),
        place="공동주택",
        unit="번째 묶음",
        shape=HOUSING_TOWNSHIP,
    ):
        table = f"공동주택 {township.name}"
        rows = [
            HOUSING_PROJECT.row(item, place=row_place, order=line)
            for line, item, row_place in entries(
                group.get("projects"), place=place, each=table, shape=HOUSING_PROJECT
            )
        ]
        loader.sync(HousingProject, scope={"township": township}, rows=rows, place=table)


# ---------------------------------------------------------------------------------------------
# References from later parts


def find_township(loader: Loader, name: Any, *, place: str) -> Township:
    return lookup(loader.townships, name, place=place, missing=f"읍·면 '{name}'이(가) 없습니다.")


def _per_township(
    loader: Loader, data: Any, *, place: str, shape: Shape, unit: str = "행"
) -> Iterator[tuple[dict[str, Any], Township, str]]:
    """The entries of a list whose items each name a township: item, township, place."""
    for _, item, item_place in entries(data, place=place, unit=unit, shape=shape):
        yield item, find_township(loader, item["township"], place=item_place), item_place


def find_election(loader: Loader, name: Any, *, place: str) -> Election | None:
    if not name:
        return None
    election = Election.objects.filter(
        organization=loader.organization, name=clean_text(name)
    ).first()
    if election is None:
        raise fail(place, f"선거 '{name}'이(가) 없습니다. civic.elections에 적으십시오.")
    return election


# ---------------------------------------------------------------------------------------------
# Dumping


def dump_civic(organization: Organization, years: tuple[int, ...]) -> dict[str, Any]:
    townships = list(Township.objects.filter(organization=organization).order_by("order"))
    councils = ResidentCouncil.objects.filter(township__organization=organization).select_related(
        "township"
    )
    points = ParticipationPointYear.objects.filter(organization=organization, year__in=years)
    fund = HometownLoveFund.objects.filter(organization=organization).first()
    elections = Election.objects.filter(organization=organization, date__year__in=years)
    visits = FieldVisit.objects.filter(organization=organization, start_date__year__in=years)
    return compact(
        CIVIC.dump(
            townships=[TOWNSHIP.dump(township) for township in townships],
            resident_councils=[
                compact(RESIDENT_COUNCIL.dump(council, township=council.township.name))
                for council in councils.order_by("township__order")
            ],
            participation_points=[
                compact(PARTICIPATION_POINTS.dump(item)) for item in points.order_by("year")
            ],
            hometown_love_fund=fund and _dump_hometown_fund(fund),
            town_promotion=_dump_town_promotion(organization, townships),
            elections=[ELECTION.dump(election) for election in elections.order_by("date", "name")],
            field_visits=[
                compact(FIELD_VISIT.dump(visit, start_time=time_text(visit.start_time)))
                for visit in visits.order_by("start_date", "pk")
            ],
        )
    )


def _dump_hometown_fund(fund: HometownLoveFund) -> dict[str, Any]:
    donations = fund.donations.order_by("year", "month")
    return compact(
        HOMETOWN_FUND.dump(fund, donations=[DONATION.dump(donation) for donation in donations])
    )


def _dump_town_promotion(organization: Organization, townships: list[Township]) -> dict[str, Any]:
    names = {township.pk: township.name for township in townships}
    rule = TownPromotionRule.objects.order_by("pk").first()
    targets = TownPromotionTarget.objects.filter(township__organization=organization)
    projects = HousingProject.objects.filter(township__organization=organization)
    housing = grouped(
        projects.order_by("township__order", "order"), key=lambda project: project.township_id
    )
    return compact(
        TOWN_PROMOTION.dump(
            rule=rule
            and PROMOTION_RULE.dump(rule, min_urban_ratio=number_text(rule.min_urban_ratio)),
            steps=list(TownPromotionStep.objects.order_by("order").values_list("name", flat=True)),
            targets=[
                PROMOTION_TARGET.dump(target, township=names[target.township_id])
                for target in targets.order_by("township__order")
            ],
            housing_projects=[
                HOUSING_TOWNSHIP.dump(
                    township=names[township_id],
                    projects=[compact(HOUSING_PROJECT.dump(project)) for project in group],
                )
                for township_id, group in housing.items()
            ],
        )
    )
