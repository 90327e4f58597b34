"""The staff side of the portal in Django's admin: the base classes every app's admin builds
on (base, with the reach of plans.access applied by access and the change history of
history), shared list filters (filters), the per-table import and export (import_export),
the whole-plan workbook import (workbook), 한글 파일로 초안 만들기 (hwpx), the workflow's
처리 panel (workflow), the admin log (log), the forms (forms), the frame of the budget and
staffing grids (grid), and the plans app's own ModelAdmins (registrations; 추진실적's periods,
entries and team screen in progress, its 미입력 현황 in reminders, and a period's 검토·공개 page
with its draft preview in progress_review).

Django's autodiscovery imports this package; the registrations are imported here so it
finds them."""

from . import progress as progress
from . import registrations as registrations
