"""A month of a per-member monthly record for a whole branch on one page: 党费, 学习笔记检查,
党建APP学习积分. Each kind is one sheet: the fields a row holds, the one whose emptiness means
"nothing to record for this member", and what a new row starts from."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaohe.records.models import AppLearningPoints, DuesPayment, StudyNoteCheck, StudyNoteResult


@dataclass(frozen=True)
class MonthSheet:
    slug: str  # in the URL: records/org/<branch>/monthly/<slug>/<YYYY-MM>/
    model: type  # a MemberRecord with `month`, once per member and month
    title: Promise
    columns: tuple[tuple[str, Promise], ...]  # (model field, short column heading)
    required: str  # a row with this field empty records nothing
    carried: tuple[str, ...] = ()  # taken from the member's last month when this one is new
    preset: tuple[tuple[str, object], ...] = ()  # what a new row starts with
    help: Promise | str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


DUES = MonthSheet(
    "dues",
    DuesPayment,
    _("Dues"),
    (
        ("amount_due", pgettext_lazy("dues", "Due")),
        ("amount_paid", pgettext_lazy("dues", "Paid")),
        ("paid_on", _("date paid")),
    ),
    required="amount_due",
    carried=("amount_due",),
    help=_(
        "The amount due comes from the member's month if recorded, else from their last "
        "month; leave it empty for a member with nothing to record."
    ),
)
STUDY_NOTES = MonthSheet(
    "study-notes",
    StudyNoteCheck,
    _("Study notes check"),
    (("result", _("result")), ("remarks", _("remarks"))),
    required="result",
    preset=(("result", StudyNoteResult.COMPLETE),),
    help=_(
        "Everyone starts as complete; change those whose notes were missing, late or "
        "sloppy. Choose the empty line for a member not checked."
    ),
)
APP_POINTS = MonthSheet(
    "app-points",
    AppLearningPoints,
    _("Learning app points"),
    (("points", _("points")),),
    required="points",
    help=_("The month's points from the learning app; leave a member empty to skip them."),
)
SHEETS = {sheet.slug: sheet for sheet in (DUES, STUDY_NOTES, APP_POINTS)}
