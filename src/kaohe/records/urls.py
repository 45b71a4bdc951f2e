from django.urls import path

from kaohe.records import kinds, views  # noqa: F401  (kinds registers the <kind:…> converter)

app_name = "records"
urlpatterns = [
    path("", views.index, name="index"),
    path("org/<int:pk>/", views.organization_index, name="organization"),
    path("org/<int:pk>/new/<kind:kind>/", views.create, name="create"),
    path("<kind:kind>/<int:pk>/", views.detail, name="detail"),
    path("<kind:kind>/<int:pk>/edit/", views.edit, name="edit"),
    path("<kind:kind>/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("meeting/<int:pk>/minutes/", views.minutes_check, name="minutes_check"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
