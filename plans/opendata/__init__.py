"""Open data (공공데이터): the published plans as a read-only API in the national open-data
portal's conventions (pageNo, numOfRows, resultType=json|xml, resultCode and resultMsg), CSV
downloads of each table, an Atom feed of publications and an iCalendar feed of council sessions
and dated 추진계획 items.

Everything here reads published versions only, through their frozen report
(plans.workflow.freezing): a draft, or an edit made after publication, never reaches a
response. Modules: editions (which versions a request names, read in a fixed number of
queries), tables (a version's rows per table), envelope (result codes, paging, JSON and XML),
throttling, api (the django-ninja endpoints and their OpenAPI document), downloads (CSV),
feeds (Atom), calendar (iCalendar), views and urls (the 공공데이터 page and the mounts)."""
