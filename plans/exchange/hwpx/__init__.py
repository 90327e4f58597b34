"""A department's 업무보고 in 한글 (HWPX) made into a draft plan: opening the file safely and
reading its paragraphs and tables (package), recognising the report's chapters and card parts
in them (shape), and building the plan document and loading it through the same loader as the
workbook (document).

The import never guesses silently: what it cannot place is listed by its position and kept in
the plan's notes, and what the report does not print is named in :data:`NOT_CARRIED`. Who may
import into which plan is decided by the admin (plans.admin.hwpx), as for the workbook."""

from .document import NOT_CARRIED, HwpxReading, import_hwpx_report, read_hwpx_report
from .package import HwpxRefused

__all__ = ["NOT_CARRIED", "HwpxReading", "HwpxRefused", "import_hwpx_report", "read_hwpx_report"]
