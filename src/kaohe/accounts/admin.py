from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kaohe.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("kaohe"), {"fields": ("display_name", "member")}),
    )
    list_display = ("username", "display_name", "member", "is_active", "is_staff", "last_login")
    search_fields = ("username", "display_name", "member__name")
    autocomplete_fields = ["member"]
    inlines = [RoleGrantInline]

    def has_module_permission(self, request):
        # Logins and roles are for the site administrators alone: a subtree admin could
        # otherwise grant themselves a wider subtree.
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission
