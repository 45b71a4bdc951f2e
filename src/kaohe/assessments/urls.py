from django.urls import path

from kaohe.assessments import cycle_views, notice_views, views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("run/", views.assessment_run, name="run"),
    path("combine/", views.assessment_combine, name="combine"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/ranking.xlsx", views.assessment_export, name="export"),
    # A subject's current result: stable across recomputations (results/<pk>/ is one run's row).
    path("<int:pk>/subjects/<str:subject_key>/", views.subject_result, name="subject"),
    # …and its sub-pages, also by subject (the results/<pk>/… forms below keep working for
    # the row they name until the next recomputation).
    path(
        "<int:pk>/subjects/<str:subject_key>/sheet.xlsx",
        views.subject_export,
        name="subject_export",
    ),
    path(
        "<int:pk>/subjects/<str:subject_key>/appeals/",
        cycle_views.subject_appeals,
        name="subject_appeals",
    ),
    path(
        "<int:pk>/subjects/<str:subject_key>/history/",
        cycle_views.subject_history,
        name="subject_total_history",
    ),
    path(
        "<int:pk>/subjects/<str:subject_key>/items/<str:item_id>/history/",
        cycle_views.subject_history,
        name="subject_item_history",
    ),
    path(
        "<int:pk>/subjects/<str:subject_key>/items/<str:item_id>/appeal/",
        cycle_views.subject_appeal_item,
        name="subject_appeal_item",
    ),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("results/<int:pk>/sheet.xlsx", views.result_export, name="result_export"),
    # The cycle: 自评 → 审核 → 公示 → 申诉 → 定档 → 评优 (cycle_views.py)
    path("<int:pk>/cycle/", cycle_views.cycle_panel, name="cycle_panel"),
    path("<int:pk>/manage/", cycle_views.assessment_manage, name="manage"),
    path("<int:pk>/facts/", cycle_views.assessment_facts, name="facts"),
    path(
        "<int:pk>/self-assessment/<str:subject_key>/",
        cycle_views.self_assessment,
        name="self_assessment",
    ),
    path("<int:pk>/review/", cycle_views.review, name="review"),
    path("<int:pk>/appeals/", cycle_views.appeal_list, name="appeals"),
    path("<int:pk>/awards/", cycle_views.awards, name="awards"),
    path("appeals/<int:pk>/decide/", cycle_views.appeal_decide, name="appeal_decide"),
    path("results/<int:pk>/appeals/", cycle_views.result_appeals, name="result_appeals"),
    path("results/<int:pk>/history/", cycle_views.item_history, name="total_history"),
    path(
        "results/<int:pk>/items/<str:item_id>/history/",
        cycle_views.item_history,
        name="item_history",
    ),
    path(
        "results/<int:pk>/items/<str:item_id>/appeal/",
        cycle_views.appeal_item,
        name="appeal_item",
    ),
    # A user's notices (notice_views.py): opening one is a POST that marks it read.
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/<int:pk>/open/", notice_views.notice_open, name="notice_open"),
    path("notices/read-all/", notice_views.notice_read_all, name="notice_read_all"),
]
