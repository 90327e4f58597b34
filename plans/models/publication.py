"""What was presented, kept as it was: the workflow log of a plan and its published versions.

The plan rows (WorkPlan and its cards) are the working copy that staff edit. Publishing freezes
the report the public reads into a `PublishedVersion` (content hash, who, when, the plan
document, the report context, the PDF, the workbook and the 한글 file); the public pages and
downloads read
that version, so later edits reach the public only with the next publication. `PublishedCard`
rows index a version's card text for the site-wide search, `PublishedAchievement` rows its
chapter II (주요성과).

They live beside plans.models.plan to keep that module about the plan itself."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PlanAction(models.TextChoices):
    SUBMIT = "submit", _("검토 요청")
    RETURN = "return", _("반려")
    APPROVE = "approve", _("승인")
    PUBLISH = "publish", _("게시")
    WITHDRAW = "withdraw", _("게시 철회")
    REVISE = "revise", _("개정판 작성 시작")
    # Not a transition: the plan was created as a draft from last year's (plans.workflow.nextyear).
    START_FROM_PREVIOUS = "start_from_previous", _("작년 계획에서 시작")
    # The steps of a publication whose files a job renders (plans.workflow.rendering): 게시 is
    # requested (the version frozen, its files pending), the job gives up after its last try, or
    # staff ask it to try again. The 게시 step itself is recorded when the version goes public.
    PUBLISH_REQUEST = "publish_request", _("게시 요청")
    RENDER_FAILED = "render_failed", _("게시 파일 만들기 실패")
    RENDER_RETRY = "render_retry", _("게시 파일 다시 만들기")


class PlanEvent(models.Model):
    """One workflow step of a plan: which transition, from and to which status, who and when."""

    plan = models.ForeignKey(
        "plans.WorkPlan", models.CASCADE, related_name="events", verbose_name=_("업무계획")
    )
    action = models.CharField(_("처리"), max_length=20, choices=PlanAction.choices)
    from_status = models.CharField(_("이전 상태"), max_length=20)
    to_status = models.CharField(_("바뀐 상태"), max_length=20)
    at = models.DateTimeField(_("처리 시각"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리자"),
    )
    # The name as it was, so the log still says who after an account is deleted.
    actor_name = models.CharField(_("처리자 이름"), max_length=150, blank=True)
    note = models.TextField(_("의견"), blank=True)
    version = models.ForeignKey(
        "plans.PublishedVersion",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("게시본"),
    )

    class Meta:
        ordering = ["plan", "-at", "-pk"]
        verbose_name = _("처리 이력")
        verbose_name_plural = _("처리 이력")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.actor_name or '-'})"


def rewritten_field(
    instance: models.Model, *, mutable: frozenset = frozenset(), fill_once: frozenset = frozenset()
) -> models.Field | None:
    """The first field of a stored, written-once row (a published version) that ``instance``
    would change, or None. ``mutable`` fields may change; ``fill_once`` fields may be filled
    where they are still empty (files rendered on the first download)."""
    stored = type(instance)._default_manager.filter(pk=instance.pk).values().first()
    if stored is None:
        return None
    for field in instance._meta.concrete_fields:
        name = field.attname
        if name in mutable:
            continue
        before, after = stored[name], getattr(instance, name)
        if isinstance(before, memoryview):
            before = bytes(before)
        if isinstance(after, memoryview):
            after = bytes(after)
        if name in fill_once and before is None:
            continue
        if before != after:
            return field
    return None


# A version's large columns: read only where needed (the report is decoded once per process,
# the document and files are downloads).
HEAVY_FIELDS = ("document", "report", "pdf", "xlsx", "hwpx")


def without_contents(prefix: str = "") -> list[str]:
    """The heavy columns of a version to defer, reached through ``prefix`` (e.g.
    ``"public_version__"`` from a plan)."""
    return [f"{prefix}{name}" for name in HEAVY_FIELDS]


class FilesState(models.TextChoices):
    """Where a version's PDF, workbook and 한글 file are: a publication's job renders them while
    the version is pending, and the version goes public only once all three are stored."""

    PENDING = "pending", _("파일 만드는 중")
    READY = "ready", _("게시됨")
    FAILED = "failed", _("실패")


#: The files a published version hands out, in the order the job renders them.
FILE_KINDS = ("pdf", "xlsx", "hwpx")


class FilesJobState(models.Model):
    """Where the job making a published record's files stands: a plan's version (which waits
    for them to go public) and a 추진실적 보고본 (public at once, its files filled in after)
    share the states, the reason of a failure and what they say."""

    files_state = models.CharField(
        _("파일 상태"), max_length=10, choices=FilesState.choices, default=FilesState.READY
    )
    render_error = models.TextField(_("파일 만들기 오류"), blank=True)

    #: The fields the job writes on a record otherwise written once.
    FILES_JOB_FIELDS = frozenset({"files_state", "render_error"})

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.files_state == FilesState.PENDING

    @property
    def has_failed(self) -> bool:
        return self.files_state == FilesState.FAILED


class PublishedVersionQuerySet(models.QuerySet):
    def light(self):
        return self.defer(*without_contents())

    def released(self):
        """Versions that went public, withdrawn ones included: never one whose files are being
        made or failed to be made."""
        return self.filter(files_state=FilesState.READY)

    def public(self):
        return self.released().filter(withdrawn_at__isnull=True)

    def with_context(self):
        return self.select_related(
            "plan__department__organization",
            "plan__department__bureau",
            "session__organization",
        )


class PublishedVersion(FilesJobState):
    """Exactly what one publication presented. Written once; only its withdrawal is recorded
    later, and files missing from a version built without them are filled in once."""

    plan = models.ForeignKey(
        "plans.WorkPlan", models.PROTECT, related_name="versions", verbose_name=_("업무계획")
    )
    number = models.PositiveSmallIntegerField(_("판 번호"))
    session = models.ForeignKey(
        "plans.CouncilSession", models.PROTECT, related_name="+", verbose_name=_("보고 회기")
    )
    published_at = models.DateTimeField(_("게시 시각"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("게시자"),
    )
    published_by_name = models.CharField(_("게시자 이름"), max_length=150, blank=True)
    content_hash = models.CharField(
        _("내용 해시"), max_length=64, help_text=_("계획 문서(JSON)의 SHA-256")
    )
    document = models.JSONField(_("계획 문서"))
    # The report context the pages print, as plain JSON (plans.workflow.freezing), with the
    # number of its format inside and beside it, so a version can be judged without reading it.
    report = models.JSONField(_("보고서 내용"))
    report_format = models.PositiveSmallIntegerField(_("보고서 내용 형식"))
    pdf = models.BinaryField(_("보고서 PDF"), null=True, blank=True)
    xlsx = models.BinaryField(_("엑셀 통합문서"), null=True, blank=True)
    hwpx = models.BinaryField(_("보고서 한글 파일(HWPX)"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("철회 시각"), null=True, blank=True)
    withdrawn_by_name = models.CharField(_("철회자 이름"), max_length=150, blank=True)
    withdrawal_reason = models.TextField(_("철회 사유"), blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("파일 만들기 시도 횟수"), default=0)

    objects = PublishedVersionQuerySet.as_manager()

    # Fields that may change after the version is written: its withdrawal, the state of the job
    # that renders its files, and files that a version built without them (the synthetic county)
    # gets on first download or from that job.
    MUTABLE_FIELDS = (
        frozenset({"withdrawn_at", "withdrawn_by_name", "withdrawal_reason", "render_attempts"})
        | FilesJobState.FILES_JOB_FIELDS
    )
    FILL_ONCE_FIELDS = frozenset({"pdf", "xlsx", "hwpx"})

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("게시본")
        verbose_name_plural = _("게시본")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("이 업무계획에 같은 번호의 게시본이 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}년 {self.plan.department} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_rewrite()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "plans:version_detail",
            args=[self.plan.year, self.plan.department.slug, self.number],
        )

    def delete(self, *args, **kwargs):
        raise ValidationError(_("게시본은 지울 수 없습니다. 필요하면 게시를 철회하십시오."))

    def _refuse_rewrite(self) -> None:
        changed = rewritten_field(
            self, mutable=self.MUTABLE_FIELDS, fill_once=self.FILL_ONCE_FIELDS
        )
        if changed is not None:
            raise ValidationError(
                _("게시본은 고칠 수 없습니다(%(field)s). 고친 내용은 새로 게시하십시오.")
                % {"field": changed.verbose_name}
            )

    @property
    def label(self) -> str:
        """'제353회 임시회 보고본', the name a council member knows the version by."""
        return f"{self.session} 보고본"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PublishedCard(models.Model):
    """A task card of a published version as the search reads it: its printed text by the
    section names a reader sees."""

    version = models.ForeignKey(
        PublishedVersion, models.CASCADE, related_name="cards", verbose_name=_("게시본")
    )
    section = models.CharField(_("장"), max_length=10)
    number = models.PositiveSmallIntegerField(_("번호"))
    code = models.CharField(_("과제 번호"), max_length=10)
    title = models.CharField(_("과제명"), max_length=200)
    team_name = models.CharField(_("담당 팀"), max_length=50)
    kinds = models.CharField(_("사업구분"), max_length=30, blank=True)
    text = models.TextField(_("본문"))
    sections = models.JSONField(_("부분별 본문"))

    class Meta:
        ordering = ["version", "section", "number"]
        verbose_name = _("게시 과제")
        verbose_name_plural = _("게시 과제")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PublishedAchievement(models.Model):
    """A □ group of chapter II (주요성과) of a published version as the search reads it: the
    group's title and its printed lines. Chapter II is the plan's, not any card's, so it is
    indexed beside the cards rather than as one of them (a 과제 count must not include it)."""

    version = models.ForeignKey(
        PublishedVersion, models.CASCADE, related_name="achievements", verbose_name=_("게시본")
    )
    order = models.PositiveSmallIntegerField(_("순서"))
    title = models.CharField(_("제목"), max_length=200)
    text = models.TextField(_("본문"))
    lines = models.JSONField(_("줄별 본문"))

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("게시 주요성과")
        verbose_name_plural = _("게시 주요성과")

    def __str__(self) -> str:
        return self.title
