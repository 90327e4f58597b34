"""The plan's data: the work plan a department presents to a council session with 주요성과
(plans.models.plan), its task cards and their parts (plans.models.cards), and what was
presented, kept as it was (plans.models.publication), each team's 작성 완료 mark
(plans.models.teams), and the 추진실적 of the plan's items through the year
(plans.models.progress) with the 추진실적 reports as published
(plans.models.progress_publication).

Only model classes, their querysets and choices belong here: rules that need no database go to
plans.rules, writes that span rows go through the services of plans.workflow, and reads that
feed a page go to plans.report. Everything is re-exported, so code imports from
``plans.models`` alone."""

from .cards import (
    SECTION_NUMERALS,
    CardContact,
    CardFact,
    DataBlock,
    PlanItem,
    ProgressItem,
    ScheduledItem,
    Section,
    TaskCard,
    TaskCardQuerySet,
)
from .plan import (
    MAX_KEY_TASKS,
    AchievementGroup,
    AchievementItem,
    CouncilSession,
    PlanStatus,
    SessionKind,
    WorkPlan,
    WorkPlanQuerySet,
)
from .progress import (
    LOCKED_STATUSES,
    PERIOD_END,
    PERIOD_SLUGS,
    ItemProgress,
    ItemProgressQuerySet,
    PeriodKind,
    PeriodStatus,
    ProgressReminder,
    ProgressStatus,
    ReportingPeriod,
)
from .progress_publication import PeriodAction, PeriodEvent, PublishedProgress
from .publication import (
    FILE_KINDS,
    HEAVY_FIELDS,
    FilesState,
    PlanAction,
    PlanEvent,
    PublishedAchievement,
    PublishedCard,
    PublishedVersion,
    PublishedVersionQuerySet,
    without_contents,
)
from .teams import TeamPart

__all__ = [
    "FILE_KINDS",
    "HEAVY_FIELDS",
    "LOCKED_STATUSES",
    "MAX_KEY_TASKS",
    "PERIOD_END",
    "PERIOD_SLUGS",
    "SECTION_NUMERALS",
    "AchievementGroup",
    "AchievementItem",
    "CardContact",
    "CardFact",
    "CouncilSession",
    "DataBlock",
    "FilesState",
    "ItemProgress",
    "ItemProgressQuerySet",
    "PeriodAction",
    "PeriodEvent",
    "PeriodKind",
    "PeriodStatus",
    "PlanAction",
    "PlanEvent",
    "PlanItem",
    "PlanStatus",
    "ProgressItem",
    "ProgressReminder",
    "ProgressStatus",
    "PublishedAchievement",
    "PublishedCard",
    "PublishedProgress",
    "PublishedVersion",
    "PublishedVersionQuerySet",
    "ReportingPeriod",
    "ScheduledItem",
    "Section",
    "SessionKind",
    "TaskCard",
    "TaskCardQuerySet",
    "TeamPart",
    "WorkPlan",
    "WorkPlanQuerySet",
    "without_contents",
]
