from django.urls import path

from kaohe.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("run/", views.assessment_run, name="run"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/ranking.xlsx", views.assessment_export, name="export"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("results/<int:pk>/sheet.xlsx", views.result_export, name="result_export"),
]
