"""Review and publishing: the transitions and who may make them (transitions), the
게시 전 점검 (checks), and freezing a plan into a published version and reading it back
(freezing).

These are services: the admin, the commands and the imports call them; they read the report
(plans.report) and the plan document (plans.exchange) and never a request or a template."""
