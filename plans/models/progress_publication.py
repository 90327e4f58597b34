"""What a 추진실적 report presented, kept as it was: the review log of a reporting period and
its published versions.

A period's entries (plans.models.progress) are the working copy. Publishing a period freezes
its report (plans.report.progress_report, the cover, the summary by status, every card with
its items and the changes since the last published period) into a `PublishedProgress`: its
number, the council session it is presented to, who and when, the report as JSON, the PDF and
the workbook, and the SHA-256 of the report. The public report page, its files and the public
card pages' timeline read these versions, never the entries, so an edit made after a period is
reopened reaches nobody until the next publication.

`PeriodEvent` is the period's 처리 이력, one row per step, as `PlanEvent` is the plan's. The two
are kept apart from the plan's (rather than a period FK on PlanEvent) because a plan's log is
what the plan went through: a reader of it should not have to sort out four periods' steps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .progress import PeriodStatus
from .publication import FilesJobState, rewritten_field


class PeriodAction(models.TextChoices):
    SUBMIT = "submit", _("검토 요청")
    RETURN = "return", _("반려")
    APPROVE = "approve", _("승인")
    PUBLISH = "publish", _("공개")
    REOPEN = "reopen", _("다시 작성")


class PublishedProgress(FilesJobState):
    """Exactly what one publication of a period presented. Written once; its files, missing
    when it is made, are filled in once, by the job after 공개 or by their first download
    (plans.workflow.progress_files). The job's state is for staff (the period's 검토·공개 page):
    파일 만드는 중 while it runs, 실패 with the reason and time after its last try; one
    published without a job (the demo, the synthetic county) stays 게시됨 with its files left to
    their first download. The 보고본 is public whatever the state."""

    period = models.ForeignKey(
        "plans.ReportingPeriod",
        models.PROTECT,
        related_name="versions",
        verbose_name=_("보고 시기"),
    )
    number = models.PositiveSmallIntegerField(_("판 번호"))
    session = models.ForeignKey(
        "plans.CouncilSession", models.PROTECT, related_name="+", verbose_name=_("보고 회기")
    )
    published_at = models.DateTimeField(_("공개 시각"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("공개한 사람"),
    )
    published_by_name = models.CharField(_("공개한 사람 이름"), max_length=150, blank=True)
    content_hash = models.CharField(
        _("내용 해시"), max_length=64, help_text=_("보고서 내용(JSON)의 SHA-256")
    )
    report = models.JSONField(_("보고서 내용"))
    report_format = models.PositiveSmallIntegerField(_("보고서 내용 형식"))
    pdf = models.BinaryField(_("보고서 PDF"), null=True, blank=True)
    xlsx = models.BinaryField(_("엑셀 통합문서"), null=True, blank=True)
    # The plan's version keeps its failure's time in the plan's log; a period's log is its
    # review, so the 보고본 keeps it.
    files_failed_at = models.DateTimeField(_("파일 만들기 실패 시각"), null=True, blank=True)

    FILL_ONCE_FIELDS = frozenset({"pdf", "xlsx"})
    MUTABLE_FIELDS = FilesJobState.FILES_JOB_FIELDS | {"files_failed_at"}

    class Meta:
        ordering = ["period", "-number"]
        verbose_name = _("추진실적 보고본")
        verbose_name_plural = _("추진실적 보고본")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_("이 보고 시기에 같은 번호의 보고본이 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_rewrite()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("추진실적 보고본은 지울 수 없습니다."))

    def _refuse_rewrite(self) -> None:
        changed = rewritten_field(
            self, mutable=self.MUTABLE_FIELDS, fill_once=self.FILL_ONCE_FIELDS
        )
        if changed is not None:
            raise ValidationError(
                _("추진실적 보고본은 고칠 수 없습니다(%(field)s). 다시 작성해 공개하십시오.")
                % {"field": changed.verbose_name}
            )

    @property
    def label(self) -> str:
        """'제358회 정례회 보고본 (제1판)'."""
        return f"{self.session} 보고본 (제{self.number}판)"


class PeriodEvent(models.Model):
    """One review step of a period: which, from and to which status, who, when and why."""

    period = models.ForeignKey(
        "plans.ReportingPeriod",
        models.CASCADE,
        related_name="events",
        verbose_name=_("보고 시기"),
    )
    action = models.CharField(_("처리"), max_length=20, choices=PeriodAction.choices)
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
    actor_name = models.CharField(_("처리자 이름"), max_length=150, blank=True)
    note = models.TextField(_("의견"), blank=True)
    version = models.ForeignKey(
        PublishedProgress,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("보고본"),
    )

    class Meta:
        ordering = ["period", "-at", "-pk"]
        verbose_name = _("추진실적 처리 이력")
        verbose_name_plural = _("추진실적 처리 이력")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.actor_name or '-'})"

    @property
    def status_change(self) -> str:
        """'검토 중 → 승인', in the words of the period's statuses."""
        labels = dict(PeriodStatus.choices)
        return f"{labels.get(self.from_status, self.from_status)} → " + str(
            labels.get(self.to_status, self.to_status)
        )
