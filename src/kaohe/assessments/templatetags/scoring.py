from django import template
from django.utils.translation import get_language, pgettext_lazy

from kaohe.scoring import render_explanation
from kaohe.scoring.numbers import fmt

register = template.Library()


@register.filter
def explain(record) -> str:
    """One explanation record as a sentence in the page's language. The records behind it
    are not listed in the sentence: pages name and link them (_explanation.html)."""
    return render_explanation(record, "en" if get_language() == "en" else "zh", record_ids=False)


# The groups kaohe fills in when it builds facts from the records (facts.py); a facts file
# written by hand may name others, shown as written.
GROUP_NAMES = {"branch": pgettext_lazy("group of subjects", "branch")}


@register.filter
def group_name(key: str) -> str:
    """A scheme's `group:` (an award's or a rank's) in the page's language: branch → 支部."""
    return str(GROUP_NAMES.get(key, key))


@register.filter
def points(value) -> str:
    """Points without trailing zeros: 91.50 → 91.5, 4.00 → 4."""
    return "—" if value is None else fmt(value)


@register.filter
def lookup(mapping, key):
    return (mapping or {}).get(key, key)
