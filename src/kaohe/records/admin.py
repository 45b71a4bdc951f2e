"""Admin pages for records, scoped like the organization pages; writes go through services."""

from django.contrib import admin

from kaohe.organizations.admin import ScopedAdminMixin
from kaohe.organizations.models import Member
from kaohe.organizations.selectors import organizations_under
from kaohe.records import access, services
from kaohe.records import models as m
from kaohe.records.kinds import KINDS


class RecordAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Common to every record kind: scoped lists and choices, saving through the services."""

    list_select_related = ("organization",)
    readonly_fields = ("entered_by", "created_at", "updated_at")
    # Who changes records here: admins and secretaries over the record's organization, as on
    # the site's pages (records.access); the admin pages open to the admin role alone.
    writer_roles = access.WRITER_ROLES

    def get_fields(self, request, obj=None):
        # The organization is chosen when a record is entered; afterwards it stays put.
        place = () if obj else ("organization",)
        return (*place, *self.model.editable_fields, *self.readonly_fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Member:
            writable = organizations_under(request.user, self.writer_roles).values("pk")
            kwargs["queryset"] = Member.objects.filter(branch__in=writable).select_related("branch")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in self.model.editable_fields}
        if change:
            services.record_update(record=obj, **values)
        else:
            organization = form.cleaned_data["organization"]
            created = services.record_create(
                model=self.model, organization=organization, entered_by=request.user, **values
            )
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.record_delete(record=obj)

    def delete_queryset(self, request, queryset):
        for record in self.writable_or_403(request, queryset.select_related("organization")):
            services.record_delete(record=record)


class AttendanceInline(admin.TabularInline):
    """Shown for reference; attendance is entered with its meeting on the site's page."""

    model = m.Attendance
    fields = ("member", "status")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(m.Meeting)
class MeetingAdmin(RecordAdmin):
    list_display = ("held_on", "kind", "topic", "organization", "minutes_complete")
    list_filter = ("kind", "minutes_complete")
    search_fields = ("topic", "organization__name")
    inlines = [AttendanceInline]
    date_hierarchy = "held_on"
    readonly_fields = (*RecordAdmin.readonly_fields, "minutes_complete", "minutes_checked_by")

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in m.Meeting.editable_fields}
        if change:
            services.meeting_update(meeting=obj, **values)
        else:
            created = services.meeting_create(
                organization=form.cleaned_data["organization"], entered_by=request.user, **values
            )
            obj.pk = created.pk


# One admin per remaining kind: what the list shows and filters by.
_LISTS = {
    "dues_payment": (("month", "member", "amount_due", "amount_paid", "paid_on"), ()),
    "dues_hand_in": (("handed_in_on", "organization", "amount", "period_start", "period_end"), ()),
    "study_note_check": (("month", "member", "result"), ("result",)),
    "test_result": (("taken_on", "member", "title", "score"), ()),
    "article": (("submitted_on", "title", "organization", "published", "level"), ("level",)),
    "app_points": (("month", "member", "points"), ()),
    "volunteer_service": (("served_on", "activity", "member", "hours"), ()),
    "honour": (("awarded_on", "title", "level", "organization", "member"), ("level",)),
    "discipline_case": (("decided_on", "case_ref", "member", "punishment"), ("punishment",)),
    "incident": (("occurred_on", "kind", "organization"), ("kind",)),
    "election": (("held_on", "kind", "organization", "seats", "elected"), ("kind",)),
    "report_submission": (("submitted_on", "kind", "title", "organization"), ("kind",)),
    "development_step": (("step_on", "person_name", "step", "organization"), ("step",)),
    "inspection": (("inspected_on", "kind", "organization", "findings_count"), ("kind",)),
}

for _slug, (_display, _filters) in _LISTS.items():
    _model = KINDS[_slug].model
    _related = ("organization", "member") if KINDS[_slug].has_member else ("organization",)
    admin.site.register(
        _model,
        type(
            f"{_model.__name__}Admin",
            (RecordAdmin,),
            {
                "list_display": _display,
                "list_filter": _filters,
                "list_select_related": _related,
                "date_hierarchy": _model.date_field,
            },
        ),
    )


@admin.register(m.Evidence)
class EvidenceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Evidence is uploaded on a record's page, where its type is checked; here it is listed."""

    list_display = ("original_name", "file_type", "size", "organization", "uploaded_by")
    list_filter = ("file_type",)
    search_fields = ("original_name", "sha256")
    fields = (
        "original_name",
        "file_type",
        "mime_type",
        "size",
        "sha256",
        "organization",
        "member",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # As for records: an admin who also has the member role sees their own evidence
    # elsewhere, but deletes only what their roles let them write.
    writer_roles = access.WRITER_ROLES

    def delete_model(self, request, obj):
        services.evidence_delete(evidence=obj)

    def delete_queryset(self, request, queryset):
        for item in self.writable_or_403(request, queryset.select_related("organization")):
            services.evidence_delete(evidence=item)
