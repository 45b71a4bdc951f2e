from django.urls import path

from kaohe.organizations import views

app_name = "orgs"
urlpatterns = [
    path("orgs/", views.tree, name="tree"),
    path("orgs/<int:pk>/", views.organization_detail, name="detail"),
    path("orgs/<int:pk>/children/", views.organization_children, name="children"),
    path("members/<int:pk>/", views.member_detail, name="member"),
]
