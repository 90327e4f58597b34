"""Review and publishing: the transitions and who may make them (transitions), the
게시 전 점검 (checks), the writes that make a transition or record a publication (services),
the plan's workflow log (events), freezing a plan into a published version and reading it
back (freezing), the job on the queue that renders a publication's files (jobs, with
version_files making each file and release making the version public or failed), the session
booklets kept under their digest (booklets, over session_versions) and built on the queue
(booklet_jobs), each team's
작성 완료 mark (teamparts) and moving a card within its chapter (numbering); 추진실적: saving
entries (progress), a period's review and publication into a frozen 보고본 (progress_review),
the demo's document (progress_document), and e-mailing owners what they have not reported
(reminders: its bodies are built in Python, not from a template).

The admin, the commands and the imports call the services; they read the report
(plans.report) and the plan document (plans.exchange) and never a request or a template."""
