"""Forms of the assessment cycle: they turn a request into clean values for the services."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kaohe.records.forms import EVIDENCE_ACCEPT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where it has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ScheduleForm(forms.Form):
    """Deadlines, review gap and evaluators (考核组) of an assessment."""

    self_assessment_due = forms.DateField(
        label=_("Self-assessment due"), required=False, widget=DATE
    )
    review_due = forms.DateField(label=_("Review due"), required=False, widget=DATE)
    review_gap = forms.DecimalField(
        label=_("Review gap"),
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("Two evaluators further apart than this on one item are flagged."),
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Users with the evaluator or admin role over this organization. With none "
            "assigned, every such user may review."
        ),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = candidates


class PublishForm(forms.Form):
    """公示: the window in which results are shown and appeals are filed."""

    publish_from = forms.DateTimeField(label=_("Publication from"), widget=DATETIME)
    publish_until = forms.DateTimeField(label=_("Publication until"), widget=DATETIME)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("publish_from"), cleaned.get("publish_until")
        if start and end and end <= start:
            self.add_error("publish_until", _("The window must end after it starts."))
        return cleaned


class FactForm(forms.Form):
    """考核组核实事项: one established fact for one subject."""

    subject_key = forms.RegexField(regex=r"^[OM]\d+$", widget=forms.HiddenInput)
    metric = forms.CharField(max_length=60, widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Value"), max_digits=9, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)


def evidence_field() -> forms.FileField:
    """An optional 佐证材料 file; the service checks its size and content (records.filetypes)."""
    return forms.FileField(
        label=_("Evidence file"),
        required=False,
        allow_empty_file=True,  # the service says "empty" in its own words
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("Optional: PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx)."),
    )


def uploads(form: forms.Form) -> list:
    """The file a valid form with an `evidence_field` carries, as the services take them."""
    upload = form.cleaned_data.get("evidence")
    return [upload] if upload else []


class ClaimForm(forms.Form):
    """自评: points claimed on a manual item, with the reason and perhaps a file."""

    item_id = forms.CharField(max_length=40, widget=forms.HiddenInput)
    claimed_points = forms.DecimalField(
        label=_("Points claimed"), min_value=Decimal(0), max_digits=9, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason and evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    evidence = evidence_field()


class ObjectionForm(forms.Form):
    """异议说明: why an automatic item's score is wrong, and perhaps a file that shows it."""

    item_id = forms.CharField(max_length=40, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Objection"),
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("e.g. the Q3 congress was held but not recorded")}
        ),
        max_length=2000,
    )
    evidence = evidence_field()


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm the self-assessment is complete: after submitting it cannot be changed.")
    )


class RatingForm(forms.Form):
    """定性评价 of one manual item; `version` is the rating as the evaluator opened it."""

    subject_key = forms.RegexField(regex=r"^[OM]\d+$", widget=forms.HiddenInput)
    item_id = forms.CharField(max_length=40, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("Level"), required=False)
    points = forms.DecimalField(
        label=_("Points"), required=False, min_value=Decimal(0), max_digits=9, decimal_places=2
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=500,
        help_text=_("Required when below the maximum."),
    )

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        if levels:
            self.fields["level"].choices = [("", "—")] + [(name, name) for name in levels]
            del self.fields["points"]
        else:
            del self.fields["level"]


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason and evidence"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    evidence = evidence_field()


class DecideForm(forms.Form):
    """An appeal decided: accept (perhaps correcting the rating first) or reject, with why."""

    verdict = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("Corrected level"), required=False)
    points = forms.DecimalField(
        label=_("Corrected points"),
        required=False,
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
    )

    def __init__(self, *args, levels=(), manual=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not manual:
            for name in ("version", "level", "points"):
                del self.fields[name]
        elif levels:
            self.fields["level"].choices = [("", "—")] + [(name, name) for name in levels]
            del self.fields["points"]
        else:
            del self.fields["level"]

    @property
    def accept(self) -> bool:
        return self.cleaned_data["verdict"] == "accept"

    @property
    def corrected(self) -> bool:
        return bool(self.cleaned_data.get("level")) or self.cleaned_data.get("points") is not None
