import re

from django import template
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy

from kaohe.scoring import render_explanation
from kaohe.scoring.numbers import fmt

register = template.Library()


@register.filter
def explain(record) -> str:
    """One explanation record as a sentence in the page's language."""
    return render_explanation(record, "en" if get_language() == "en" else "zh")


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
def record_url(ref: str) -> str:
    """The page of the record an explanation names: `discipline_case:17`, `meeting:4#9` (one
    attendance row of meeting 4), `incident:5/1`. Empty for ids that name no record kind
    (facts files written by hand use their own ids)."""
    from kaohe.records.kinds import KINDS

    slug, _, rest = ref.partition(":")
    number = re.match(r"\d+", rest)
    if slug not in KINDS or number is None:
        return ""
    return reverse("records:detail", kwargs={"kind": slug, "pk": int(number.group())})


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key)
