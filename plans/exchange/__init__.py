"""The plan in and out of files: the spreadsheet cell rules every import shares (cells), the
zip guard every uploaded package passes before it is opened (packages), the plan as one
document (documents: load and dump), the whole-plan Excel workbook (workbook: layout, writer,
reader; and the 추진실적 report's workbook, progress_report_writer), a 한글 (HWPX) report read
back into a plan (hwpx: package, shape, document) and the admin's per-table imports and exports
(resources).

Reading a file never writes anything until every row passed; what a user may write is
decided by plans.access, not here."""
