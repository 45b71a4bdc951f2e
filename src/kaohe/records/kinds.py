"""The record kinds, by the slug used in URLs: one table the generic pages are driven by."""

from dataclasses import dataclass

from django.db import models
from django.urls import register_converter
from django.utils import timezone
from django.utils.translation import gettext as _

from kaohe.records import models as m
from kaohe.records.fields import MonthField


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type[m.Record]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def monthly(self) -> bool:
        """Kept per month (shown as YYYY-MM)."""
        return isinstance(self.model._meta.get_field(self.model.date_field), MonthField)

    @property
    def has_member(self) -> bool:
        return any(f.name == "member" for f in self.model._meta.get_fields())


KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind("meeting", m.Meeting),
        RecordKind("dues_payment", m.DuesPayment),
        RecordKind("dues_hand_in", m.DuesHandIn),
        RecordKind("study_note_check", m.StudyNoteCheck),
        RecordKind("test_result", m.TestResult),
        RecordKind("article", m.Article),
        RecordKind("app_points", m.AppLearningPoints),
        RecordKind("volunteer_service", m.VolunteerService),
        RecordKind("honour", m.Honour),
        RecordKind("discipline_case", m.DisciplineCase),
        RecordKind("incident", m.Incident),
        RecordKind("election", m.Election),
        RecordKind("report_submission", m.ReportSubmission),
        RecordKind("development_step", m.DevelopmentStep),
        RecordKind("inspection", m.Inspection),
    )
}
BY_MODEL: dict[type[m.Record], RecordKind] = {kind.model: kind for kind in KINDS.values()}


def kind_of(record: m.Record) -> RecordKind:
    return BY_MODEL[type(record)]


class KindConverter:
    """`<kind:kind>` in URLs: only the slugs above match; anything else is a 404."""

    regex = "|".join(KINDS)

    def to_python(self, value: str) -> RecordKind:
        return KINDS[value]

    def to_url(self, value: RecordKind | str) -> str:
        return value if isinstance(value, str) else value.slug


register_converter(KindConverter, "kind")


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    long: bool = False  # multi-line text, shown with its line breaks


def _display(record: m.Record, name: str) -> Fact:
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        shown = "—"
    elif field.choices:
        shown = str(getattr(record, f"get_{name}_display")())
    elif isinstance(value, bool):
        shown = _("yes") if value else _("no")
    elif isinstance(field, MonthField):
        shown = f"{value:%Y-%m}"
    elif isinstance(field, models.DateTimeField):
        shown = f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    elif isinstance(field, models.DateField):
        shown = f"{value:%Y-%m-%d}"
    else:
        shown = str(value)
    return Fact(str(field.verbose_name), shown, isinstance(field, models.TextField))


def describe(record: m.Record) -> list[Fact]:
    """The record's fields as (label, text) pairs for its page, in form order."""
    names = ["organization", *record.editable_fields, "entered_by", "created_at"]
    return [_display(record, name) for name in names]
