from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("plans/<int:year>/<str:slug>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:year>/<str:slug>/report.pdf", views.report_download, name="report_pdf"),
    path("plans/<int:year>/<str:slug>/report.xlsx", views.workbook_download, name="report_xlsx"),
    path("plans/<int:year>/<str:slug>/<str:code>/", views.card_detail, name="card_detail"),
]
