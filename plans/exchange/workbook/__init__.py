"""The whole plan as one Excel workbook: the sheets and their columns (layout), writing it
from a plan document and its report (writer), and reading it back into a document that the
loader validates (reader)."""
