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
