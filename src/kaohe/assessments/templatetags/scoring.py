from django import template
from django.utils.translation import get_language

from kaohe.scoring import render_explanation
from kaohe.scoring.numbers import fmt

register = template.Library()


@register.filter
def explain(record) -> str:
    """One explanation record as a sentence in the page's language."""
    return render_explanation(record, "en" if get_language() == "en" else "zh")


@register.filter
def points(value) -> str:
    """Points without trailing zeros: 91.50 → 91.5, 4.00 → 4."""
    return "—" if value is None else fmt(value)


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key)
