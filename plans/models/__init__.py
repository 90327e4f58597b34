"""The plan's data: the work plan a department presents to a council session with 주요성과
(plans.models.plan), its task cards and their parts (plans.models.cards), and what was
presented, kept as it was (plans.models.publication), each team's 작성 완료 mark
(plans.models.teams), and the 추진실적 of the plan's items through the year
(plans.models.progress).

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
    PERIOD_END,
    ItemProgress,
    ItemProgressQuerySet,
    PeriodKind,
    PeriodStatus,
    ProgressStatus,
    ReportingPeriod,
)
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
    "MAX_KEY_TASKS",
    "PERIOD_END",
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
    "PeriodKind",
    "PeriodStatus",
    "PlanAction",
    "PlanEvent",
    "PlanItem",
    "PlanStatus",
    "ProgressItem",
    "ProgressStatus",
    "PublishedAchievement",
    "PublishedCard",
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
