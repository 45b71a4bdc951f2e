"""Links that start entering a record where a page says one is missing: the 三会一课 warning
(that meeting, by that organization), the 发展党员台账's next step (that person, that step).
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from kaohe.records.access import can_write

register = template.Library()


@register.simple_tag(takes_context=True)
def record_create_url(context, organization, record_kind: str, /, **initial) -> str:
    """The page entering a `record_kind` record of `organization` (a kinds.KINDS slug), its
    form started from `initial` (the record's own field names, a meeting's `kind` among them:
    hence positional-only above; empty values left out). "" when the viewer may not enter
    records there, so a page offers the link only to those who can follow it."""
    if not can_write(context["user"], organization):
        return ""
    url = reverse("records:create", args=[organization.pk, record_kind])
    values = {name: value for name, value in initial.items() if value not in (None, "")}
    return f"{url}?{urlencode(values)}" if values else url
