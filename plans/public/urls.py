from django.urls import include, path

from plans.public import progress, sessions, views
from plans.public.editions import CURRENT, PREVIEW, URL_NAMES, VERSION

app_name = "plans"


def edition_patterns(edition: str) -> list:
    """The pages of one edition of a plan (see plans.public.editions): the plan, its PDF,
    workbook and 한글 file, and each card by its number (IV-3)."""
    page, pdf, xlsx, card, hwpx = URL_NAMES[edition]
    kwargs = {"edition": edition}
    return [
        path("", views.plan_detail, kwargs, name=page),
        path("report.pdf", views.report_download, kwargs, name=pdf),
        path("report.xlsx", views.workbook_download, kwargs, name=xlsx),
        path("report.hwpx", views.hwpx_download, kwargs, name=hwpx),
        path("<str:code>/", views.card_detail, kwargs, name=card),
    ]


def progress_patterns(prefix: str) -> list:
    """A period's 추진실적 report (plans.public.progress): its page, PDF and workbook, under
    ``prefix`` ("": the public version; "v/<number>/": one version)."""
    names = ("progress_report", "progress_pdf", "progress_xlsx")
    if prefix:
        names = ("progress_version", "progress_version_pdf", "progress_version_xlsx")
    page, pdf, xlsx = names
    return [
        path(prefix, progress.progress_page, name=page),
        path(f"{prefix}report.pdf", progress.progress_download, {"kind": "pdf"}, name=pdf),
        path(f"{prefix}report.xlsx", progress.progress_download, {"kind": "xlsx"}, name=xlsx),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("sessions/", sessions.session_list, name="session_list"),
    path(
        "sessions/<str:organization>/<int:number>/",
        sessions.session_detail,
        name="session_detail",
    ),
    path(
        "sessions/<str:organization>/<int:number>/booklet.pdf",
        sessions.session_booklet,
        name="session_booklet",
    ),
    path(
        "sessions/<str:organization>/<int:number>/booklet.hwpx",
        sessions.session_booklet_hwpx,
        name="session_booklet_hwpx",
    ),
    path(
        "sessions/<str:organization>/<int:number>/cards/",
        sessions.session_cards,
        name="session_cards",
    ),
    path("departments/<str:slug>/", sessions.department_detail, name="department_detail"),
    # The specific editions come first: "v" and "preview" are not card numbers.
    path("plans/<int:year>/<str:slug>/v/<int:number>/", include(edition_patterns(VERSION))),
    path("plans/<int:year>/<str:slug>/preview/", include(edition_patterns(PREVIEW))),
    path(
        "plans/<int:year>/<str:slug>/progress/<str:period>/",
        include([*progress_patterns(""), *progress_patterns("v/<int:number>/")]),
    ),
    path("plans/<int:year>/<str:slug>/", include(edition_patterns(CURRENT))),
]
