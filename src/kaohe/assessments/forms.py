from django import forms
from django.utils.translation import gettext_lazy as _

from kaohe.organizations.models import OrgKind
from kaohe.scoring import list_templates, parse_period


class RunForm(forms.Form):
    """Start an assessment run: scheme template × period × organization."""

    scheme = forms.ChoiceField(label=_("Scheme"))
    period = forms.CharField(
        label=_("Period"), max_length=10, help_text=_("e.g. 2025, 2025-H1, 2025-Q2, 2025-03")
    )
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(t.id, f"{t.title} ({t.id})") for t in list_templates()]
        self.fields["organization"].queryset = organizations.exclude(
            kind__in=[OrgKind.BRANCH, OrgKind.GROUP]
        ).order_by("path")

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class CombineForm(forms.Form):
    """汇总考核: for each candidate source, the part of the scheme's rollup it counts in."""

    def __init__(self, *args, candidates, parts, **kwargs):
        from kaohe.assessments.combined import part_label

        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        choices = [("", _("not counted"))] + [(p, f"{part_label(p)} ({p})") for p in parts]
        for assessment in self.candidates:
            self.fields[f"part_{assessment.pk}"] = forms.ChoiceField(
                label=assessment.period_label, choices=choices, required=False
            )

    def rows(self):
        """(candidate, its bound field) for the page's table."""
        return [(a, self[f"part_{a.pk}"]) for a in self.candidates]

    def parts(self) -> dict:
        """part → the chosen source assessments (after is_valid)."""
        chosen: dict = {}
        for assessment in self.candidates:
            part = self.cleaned_data.get(f"part_{assessment.pk}")
            if part:
                chosen.setdefault(part, []).append(assessment)
        return chosen
