"""The open-data addresses: the API (with its OpenAPI document and docs) under /api/, the
공공데이터 page and the feeds under /opendata/. config/urls.py includes both."""

from django.urls import path

from plans.opendata import views
from plans.opendata.api import api
from plans.opendata.feeds import PublicationsFeed

app_name = "opendata"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("publications.atom", PublicationsFeed(), name="atom"),
    path("calendar.ics", views.calendar, name="calendar"),
]

api_urls = api.urls
