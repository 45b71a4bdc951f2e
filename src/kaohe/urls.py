from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kaohe.accounts import views as account_views

urlpatterns = [
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("kaohe.web.urls")),
    path("", include("kaohe.organizations.urls")),
    path("records/", include("kaohe.records.urls")),
    path("assessments/", include("kaohe.assessments.urls")),
]

admin.site.site_header = admin.site.site_title = "kaohe 党建工作考核系统"
