from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from kaohe.accounts.models import Role
from kaohe.accounts.scoping import has_role_over, reach_of, scoped
from kaohe.organizations import services
from kaohe.organizations.models import MEMBER_FIELDS_EDITABLE, Member, Organization, TermPolicy
from kaohe.organizations.selectors import organizations_under


class ScopedAdminMixin:
    """Admin pages for kaohe's admin role, passing the same scoping gate as the site's pages.

    Permission comes from the role grant, not from Django's per-model permissions, so
    granting "admin over this subtree" is the one step that opens these pages. Rows are
    listed as the gate shows them; changed, added and deleted only where the user holds
    `writer_roles` over the row's organization.
    """

    # Records: secretaries too, as on the site's pages (kaohe.records.access).
    writer_roles = frozenset({Role.ADMIN})

    def has_module_permission(self, request):
        return Role.ADMIN in reach_of(request.user).roles

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and self.may_write(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and self.may_write(request, obj)

    def may_write(self, request, obj) -> bool:
        """Seeing is not changing: a row the gate shows through another role (an admin's own
        Member row in a branch they do not administer) is read only. The admin role over
        the object's organization changes it."""
        return obj is None or has_role_over(request.user, self.writer_roles, organization_of(obj))

    def writable_or_403(self, request, objects) -> list:
        """The bulk delete asks for permission without an object: each row is checked."""
        objects = list(objects)
        if not all(self.may_write(request, obj) for obj in objects):
            raise PermissionDenied
        return objects

    def delete_queryset(self, request, queryset):
        self.writable_or_403(request, queryset)
        super().delete_queryset(request, queryset)

    def get_queryset(self, request):
        return scoped(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A branch or group is chosen among those the user may write, not all they may see
        # (an admin of one 党总支 may evaluate the whole committee).
        if db_field.related_model is Organization:
            kwargs["queryset"] = organizations_under(
                request.user, self.writer_roles
            ).complex_filter(db_field.get_limit_choices_to())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def organization_of(obj):
    """The organization a scoped object hangs from, following its `scope_org_path`."""
    for name in type(obj).scope_org_path.split("__")[:-1]:
        obj = getattr(obj, name)
    return obj


@admin.register(Organization)
class OrganizationAdmin(ScopedAdminMixin, TreeAdmin):
    form = movenodeform_factory(Organization, fields=["name", "kind", "code", "last_election_on"])
    list_display = ("name", "kind", "code", "last_election_on")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    # Adding, moving and deleting nodes reshapes everyone's scope: site administrators only.
    # Subtree admins may correct names, codes and election dates of their own nodes.
    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = forms.ModelForm
        kwargs["fields"] = ["name", "code", "last_election_on"]
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete offers a member's branch and group: choices for a form that
        # writes, so only where the user is an admin (the form checks the same on save).
        if request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(pk__in=organizations_under(request.user).values("pk"))
        return super().get_search_results(request, queryset, search_term)


@admin.register(Member)
class MemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "gender", "status", "branch", "group", "position", "joined_party_on")
    list_filter = ("status", "position", "gender")
    search_fields = ("name", "phone")
    autocomplete_fields = ["branch", "group"]
    list_select_related = ("branch", "group")

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in MEMBER_FIELDS_EDITABLE}
        if change:
            services.member_update(member=obj, **values)
        else:
            obj.pk = services.member_create(**values).pk


@admin.register(TermPolicy)
class TermPolicyAdmin(admin.ModelAdmin):
    list_display = ("kind", "years")

    # Term lengths apply to every organization, so only a superuser sets them.
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_delete_permission = has_view_permission

    def has_add_permission(self, request):
        return request.user.is_superuser
