"""What readers see without a login: which edition an address shows (editions), the views
and their caching (views), the home listing (listing), the site-wide search (search), the
plan page's filters (filters), a period's published 추진실적 report (progress) and the URLs.

Published editions render from their frozen version only (plans.workflow.freezing); only the
staff preview reads plan rows."""
