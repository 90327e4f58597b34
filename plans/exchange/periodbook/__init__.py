"""The 추진실적 workbook of one reporting period: a team's (or the department's) 추진계획 items,
one row each, exported to be filled in Excel and uploaded again (issue 14). The sheets and
their columns (layout), writing it (writer) and reading it back into typed rows (reader).

The reader only reads cells, by the rules of plans.exchange.cells; whether a row may be saved
(scope, status rules, the period's lock) is decided by the one service the team screen saves
through, plans.workflow.progress."""
