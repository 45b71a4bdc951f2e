from django.urls import path

from kaohe.records import (  # noqa: F401  (kinds: the <kind:…> converter)
    calendar_views,
    development_views,
    kinds,
    monthly_views,
    views,
)

app_name = "records"
urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organization_index, name="organization"),
    path("org/<int:pk>/new/<kind:kind>/", views.create, name="create"),
    path("org/<int:pk>/calendar/", calendar_views.branch_calendar, name="calendar"),
    path("calendar/", calendar_views.overview, name="calendar_overview"),
    path("org/<int:pk>/dues/", monthly_views.ledger, name="dues_ledger"),
    path("org/<int:pk>/development/", development_views.ledger, name="development"),
    path("org/<int:pk>/monthly/<str:sheet>/", monthly_views.grid, name="month_grid"),
    path(
        "org/<int:pk>/monthly/<str:sheet>/<str:month>/",
        monthly_views.month_sheet,
        name="month_sheet",
    ),
    path("<kind:kind>/<int:pk>/", views.detail, name="detail"),
    path("<kind:kind>/<int:pk>/edit/", views.edit, name="edit"),
    path("<kind:kind>/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("meeting/<int:pk>/minutes/", views.minutes_check, name="minutes_check"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
