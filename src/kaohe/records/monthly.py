"""A month of a per-member monthly record for a whole branch on one page: 党费, 学习笔记检查,
党建APP学习积分. Each kind is one sheet: the fields a row holds, the one whose emptiness means
"nothing to record for this member", and what a new row starts from."""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaohe.accounts.scoping import scoped
from kaohe.organizations.models import Member, Organization
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


def month_members(
    user, sheet: MonthSheet, branch: Organization, month: datetime.date
) -> list[Member]:
    """The roster, and anyone the branch recorded that month (who has since moved)."""
    roster = list(scoped(user, Member.objects.filter(branch=branch)).order_by("id"))
    on_roster = {m.pk for m in roster}
    recorded = scoped(
        user, sheet.model.objects.filter(organization=branch, month=month).select_related("member")
    )
    return roster + [r.member for r in recorded if r.member_id not in on_roster]


def month_initial(
    sheet: MonthSheet, members: list[Member], month: datetime.date
) -> dict[int, dict]:
    """Each member's recorded month; else what the sheet carries over from their latest month
    of the year before, on top of what it presets."""
    ids = [m.pk for m in members]
    preset = dict(sheet.preset)
    initial: dict[int, dict] = {pk: dict(preset) for pk in ids}
    if sheet.carried:
        earlier = sheet.model.objects.filter(
            member_id__in=ids, month__lt=month, month__gte=month.replace(year=month.year - 1)
        ).order_by("member_id", "month")
        for record in earlier:  # the latest month wins
            initial[record.member_id] |= {name: getattr(record, name) for name in sheet.carried}
    for record in sheet.model.objects.filter(member_id__in=ids, month=month):
        values = {name: getattr(record, name) for name in sheet.fields}
        if sheet is DUES and not values["amount_paid"]:
            values["amount_paid"] = None  # shown empty, as "nothing paid yet"
        initial[record.member_id] = values
    return initial
