"""Where a published record's files are, as a staff page shows it: a plan's version on the plan's
처리 panel (plans.admin.workflow), a 추진실적 보고본 on its period's 검토·공개 page
(plans.admin.progress_review). Both are made by a job on the queue and share its states
(plans.models.FilesJobState): 파일 만드는 중 (n of the files stored), stored, or 실패 with the
reason, and 다시 시도 for who may publish."""

from __future__ import annotations

from dataclasses import dataclass

from plans.models.publication import FilesJobState


@dataclass(frozen=True)
class FilesProgress:
    version: FilesJobState
    files_done: int
    files_total: int
    may_retry: bool

    @property
    def pending(self) -> bool:
        return self.version.is_pending

    @property
    def failed(self) -> bool:
        return self.version.has_failed

    @property
    def stored(self) -> bool:
        return self.files_done == self.files_total
