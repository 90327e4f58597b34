"""The report a plan prints: the report context with every figure computed (context), the
comparison with last year (comparison), a card's text by section (sections), the bar charts
(charts), the session report PDF (pdf, with its print stylesheet report.css, the Korean word
joining of wordbreak and the PDF writer's kept page references of pagerefs), the same report as
a 한글 file (hwpx), the session booklet (booklet), and the context as JSON and back (codec).
추진실적: a period's roll-ups (progress), its report context with the card timeline read from
the published versions (progress_report), its PDF (progress_pdf), and what is still to be
reported and by whom (reminders).

Every renderer lays out the same context; none computes a figure of its own. The context is
plain data, no model instance in it, so a published version can keep it as it was. Nothing
here writes rows or knows about requests."""
