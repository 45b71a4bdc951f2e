"""Forms turn requests into clean values; the services write them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kaohe.accounts.scoping import scoped
from kaohe.organizations.models import Member, Organization, OrgKind
from kaohe.records import filetypes
from kaohe.records.fields import MonthFormField
from kaohe.records.kinds import KINDS, RecordKind
from kaohe.records.models import AttendanceStatus, Meeting, MeetingKind
from kaohe.records.monthly import DUES
from kaohe.records.selectors import (
    ATTENDANCE_STATUSES,
    HELD_ABOVE,
    HELD_HERE_AND_ABOVE,
    earlier_values,
)

BLANK_LABEL = _("— choose —")


def _style_widgets(form: forms.BaseForm) -> None:
    """Phone-friendly inputs: native date pickers, decimal keypads, short text areas."""
    for field in form.fields.values():
        # Django 6's "- Select an option -" has no Chinese translation of its own.
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = BLANK_LABEL
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", BLANK_LABEL), *field.choices[1:]]
        if isinstance(field, forms.DateField) and not isinstance(field, MonthFormField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(field, forms.DecimalField):
            field.widget.attrs.setdefault("inputmode", "decimal")
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 4


# The file picker offers what records.filetypes allows; the service checks the content.
EVIDENCE_ACCEPT = ",".join(ext for file_type in filetypes.ALLOWED for ext in file_type.extensions)
MAX_FILES_AT_ONCE = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """佐证材料 saved with a new record: any number of files up to MAX_FILES_AT_ONCE, chosen
    at once (a sign-in sheet and the minutes' pages). The service checks each file's size
    and content (records.filetypes) and names the one it refuses."""

    def __init__(self, label=None, required: bool = False, **kwargs):
        if required:
            hint = _("PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx), up to %(n)s files at once.")
        else:
            hint = _("Optional: PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx), up to %(n)s files.")
        super().__init__(
            label=label or _("Evidence files"),
            required=required,
            allow_empty_file=True,  # the service says "empty" in its own words
            widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
            help_text=hint % {"n": MAX_FILES_AT_ONCE},
            **kwargs,
        )

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES_AT_ONCE:
            raise forms.ValidationError(
                _("At most %(n)s files at once; add more on the record's page afterwards."),
                params={"n": MAX_FILES_AT_ONCE},
            )
        return [super(EvidenceFilesField, self).clean(upload, initial) for upload in files]


class SuggestingTextInput(forms.TextInput):
    """A text box offering earlier values (an HTML datalist): picked with a tap on a phone,
    and any other text still allowed."""

    template_name = "records/widgets/suggesting_text.html"

    def __init__(self, suggestions: list[str], attrs=None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["attrs"].get("id"):
            widget["attrs"]["list"] = f"{widget['attrs']['id']}_suggestions"
            widget["suggestions"] = self.suggestions
        return context


class RecordForm(forms.ModelForm):
    """A record of one kind in one organization; members offered are the visible ones there."""

    def __init__(self, *args, organization: Organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.organization_id is None:
            # Model rules (clean) need to know where the record is entered.
            self.instance.organization = organization
        if "member" in self.fields:
            self.fields["member"].queryset = scoped(
                user, Member.objects.filter(branch__path__startswith=organization.path)
            ).order_by("branch__path", "id")
        if self.instance.pk is None:
            # A new record may bring its evidence along; a saved one adds files on its page.
            self.fields["evidence"] = EvidenceFilesField()
        for name in self._meta.model.suggested_fields:
            if suggestions := earlier_values(user, self._meta.model, organization, name):
                attrs = self.fields[name].widget.attrs
                self.fields[name].widget = SuggestingTextInput(suggestions, attrs=attrs)
        for name, (choice, value) in self._meta.model.shown_with.items():
            # Shown by kaohe.js only while the choice has that value; always checked here.
            self.fields[name].widget.attrs["data-shown-with"] = f"{choice}={value}"
        _style_widgets(self)


def record_form_class(kind: RecordKind) -> type[RecordForm]:
    return forms.modelform_factory(kind.model, form=RecordForm, fields=kind.model.editable_fields)


class MeetingForm(RecordForm):
    class Meta:
        model = Meeting
        fields = Meeting.editable_fields

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        # A 党小组 holds 党小组会; everyone else the other kinds.
        group_only = organization.kind == OrgKind.GROUP
        self.fields["kind"].choices = [
            (value, label)
            for value, label in MeetingKind.choices
            if (value == MeetingKind.GROUP) == group_only
        ]


class AttendanceForm(forms.Form):
    """One radio group per member of the meeting's roster, each defaulting to present."""

    def __init__(self, *args, members: list[Member], initial_status: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[self.field_name(member)] = forms.ChoiceField(
                label=member.name,
                choices=AttendanceStatus.choices,
                initial=initial_status.get(member.pk, AttendanceStatus.PRESENT),
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(member: Member) -> str:
        return f"member_{member.pk}"

    def rows(self) -> list[tuple[Member, forms.BoundField]]:
        return [(member, self[self.field_name(member)]) for member in self.members]

    def attendance(self) -> list[tuple[int, str]]:
        return [(m.pk, self.cleaned_data[self.field_name(m)]) for m in self.members]


class MonthSheetForm(forms.Form):
    """One month of a monthly record (kaohe.records.monthly) for every member of a branch.

    Each member has the sheet's fields, started from their recorded month, else from what
    the sheet carries over from their last month or presets. For dues, a date given once at
    the top fills the rows with an amount paid and no date of their own, and ticking "the
    rest paid in full" pays every row with nothing paid its amount due on that date: the
    usual month is one date and one tick, then the exceptions."""

    def __init__(self, *args, sheet, members, initial_rows: dict[int, dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet, self.members = sheet, members
        if sheet is DUES:
            self.fields["paid_on_default"] = forms.DateField(
                label=_("date paid, for rows without one"), required=False
            )
            self.fields["rest_paid_in_full"] = forms.BooleanField(
                label=_("rows with no amount paid were paid in full on that date"),
                required=False,
            )
        for member in members:
            start = initial_rows.get(member.pk, {})
            for name in sheet.fields:
                field = sheet.model._meta.get_field(name).formfield(required=False)
                field.initial = start.get(name)
                self.fields[f"{name}_{member.pk}"] = field
        _style_widgets(self)

    def rows_for_display(self):
        return [(m, [self[f"{name}_{m.pk}"] for name in self.sheet.fields]) for m in self.members]

    def sheet_wide_fields(self):
        """The fields above the rows (dues: the date paid and "the rest paid in full")."""
        return [
            self[name] for name in ("paid_on_default", "rest_paid_in_full") if name in self.fields
        ]

    def clean(self):
        data = super().clean()
        if data.get("rest_paid_in_full") and not data.get("paid_on_default"):
            self.add_error(
                "paid_on_default", _("Enter the date the rest paid, or untick the box below it.")
            )
        return data

    def month_rows(self) -> list[tuple[int, dict]]:
        """(member id, {field: value}) for month_records_save."""
        data = self.cleaned_data
        rows = []
        for member in self.members:
            values = {name: data.get(f"{name}_{member.pk}") for name in self.sheet.fields}
            if self.sheet is DUES:
                values = self._dues_defaults(values)
            rows.append((member.pk, values))
        return rows

    def _dues_defaults(self, values: dict) -> dict:
        default = self.cleaned_data.get("paid_on_default")
        paid_in_full = self.cleaned_data.get("rest_paid_in_full")
        if paid_in_full and values["amount_paid"] is None and values["amount_due"] is not None:
            values["amount_paid"] = values["amount_due"]
        if values["amount_paid"] and not values["paid_on"]:
            values["paid_on"] = default
        return values


class MinutesCheckForm(forms.Form):
    complete = forms.BooleanField(label=_("minutes complete"), required=False)


class EvidenceForm(forms.Form):
    """More 佐证材料 for a saved record, several files at once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made per form, not per class: its hint is rendered in the reader's language.
        self.fields["file"] = EvidenceFilesField(
            label=_("file"),
            required=True,
            error_messages={"required": _("Choose a file to upload.")},
        )


def _hidden_choice(label, values) -> forms.ChoiceField:
    """A filter set by links only: one of `values`, or none."""
    return forms.ChoiceField(
        label=label,
        required=False,
        widget=forms.HiddenInput,
        choices=[("", ""), *((value, value) for value in values)],
    )


class RecordFilterForm(forms.Form):
    """Filters of the records index; each bad value is reported and ignored, the others
    still narrow the list."""

    kind = forms.ChoiceField(label=_("record type"), required=False)
    date_from = forms.DateField(label=_("from"), required=False)
    date_to = forms.DateField(label=_("to"), required=False)
    meeting_kind = forms.ChoiceField(label=_("meeting type"), required=False)
    # Set by links (a score sheet's "records behind this item"), kept across filtering.
    member = forms.IntegerField(
        label=_("Party member"), required=False, min_value=1, widget=forms.HiddenInput
    )
    held = _hidden_choice(_("meetings held"), (HELD_ABOVE, HELD_HERE_AND_ABOVE))
    # With `held`: only the higher organizations inside this one (an assessment's own).
    within = forms.IntegerField(
        label=_("held within"), required=False, min_value=1, widget=forms.HiddenInput
    )
    attendance = _hidden_choice(_("attendance"), ATTENDANCE_STATUSES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style_widgets(self)
        self.fields["kind"].choices = [("", _("all types"))] + [
            (kind.slug, kind.label_plural) for kind in KINDS.values()
        ]
        self.fields["meeting_kind"].choices = [("", _("all types")), *MeetingKind.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
            del cleaned["date_from"]  # neither date narrows the list then
        return cleaned
