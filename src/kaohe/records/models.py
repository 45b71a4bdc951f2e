"""工作记录 and 佐证材料: the facts every metric is computed from.

Each record belongs to one organization (its branch, for a member's record) and says who
entered it; the scoping gate reaches the tree through `organization__path`, and a member
reaches their own rows through `member_id`. Dates are indexed with the organization (and
kind) first, so metrics are one GROUP BY per organization or member per period.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kaohe.organizations.models import Member, Organization, OrgKind
from kaohe.records.fields import MonthField, next_month
from kaohe.records.validators import non_negative, not_in_future


class Record(models.Model):
    """The columns every work record shares: where, who entered it, when, its evidence."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    evidence = GenericRelation("records.Evidence")

    scope_org_path = "organization__path"
    scope_member = None
    # The field the records index sorts and filters by, and the fields a form may change.
    date_field = ""
    editable_fields: tuple[str, ...] = ()
    # Fields that apply to one choice of another field only: name → (other field, value).
    shown_with: dict[str, tuple[str, str]] = {}
    # Text fields whose values the organization used before are offered as the form is
    # filled in (one test title for every member's result, one spelling of a person's name).
    suggested_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def record_date(self):
        return getattr(self, self.date_field)

    def clean(self) -> None:
        member = getattr(self, "member", None)
        outside = (
            member is not None
            and self.organization_id
            and not member.branch.path.startswith(self.organization.path)
        )
        if outside:
            message = _("This member does not belong to %(org)s.")
            raise ValidationError(
                {"member": ValidationError(message, params={"org": self.organization.name})}
            )


class MemberRecord(Record):
    """A record about one member (党费, 学习笔记…); the member may read it."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("Party member")
    )

    scope_member = "member_id"

    class Meta:
        abstract = True


class OptionalMemberRecord(Record):
    """A record about an organization, or about one of its members when one is named."""

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Party member"),
        help_text=_("Leave empty when the record concerns the organization as a whole."),
    )

    scope_member = "member_id"

    class Meta:
        abstract = True


def money_field(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=10, decimal_places=2, validators=[non_negative]
    )


# --- 三会一课 and other meetings -------------------------------------------------------------


class MeetingKind(models.TextChoices):
    PARTY_CONGRESS = "party_congress", _("Branch general meeting")  # 支部党员大会
    COMMITTEE = "committee", _("Branch committee meeting")  # 支委会
    GROUP = "group", _("Party group meeting")  # 党小组会
    LECTURE = "lecture", _("Party lecture")  # 党课
    LIFE_MEETING = "life_meeting", _("Democratic / organizational life meeting")  # 民主生活会
    THEME_DAY = "theme_day", _("Theme Party day")  # 主题党日
    STUDY = "study", _("Collective study")  # 集中学习


class Meeting(Record):
    """会议: 三会一课, 民主生活会/组织生活会, 主题党日, 集中学习 — with attendance per member.

    A 党小组会 is held by a 党小组; every other kind by a branch (or a higher organization).
    """

    kind = models.CharField(_("meeting type"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("date held"), validators=[not_in_future])
    topic = models.CharField(_("topic"), max_length=200)
    location = models.CharField(_("place"), max_length=100, blank=True)
    host = models.CharField(_("chaired by"), max_length=50, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_complete = models.BooleanField(_("minutes complete"), default=False)
    minutes_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes checked by"),
    )
    minutes_checked_at = models.DateTimeField(_("minutes checked at"), null=True, blank=True)

    date_field = "held_on"
    editable_fields = ("kind", "held_on", "topic", "location", "host", "minutes")
    suggested_fields = ("location", "host")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "held_on"], name="meeting_org_kind_date"),
            models.Index(fields=["held_on"], name="meeting_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.topic}"

    @classmethod
    def scope_extra(cls, reach) -> models.Q:
        """Meetings outside the reach's subtrees that people in it were on the roll of: a
        member's own, and those a higher organization held listing members of a subtree the
        reach covers. An absence there costs the member or the branch points, and the score
        sheet links to it; the page then shows only the attendance rows of those people
        (attendance and evidence are scoped on their own)."""
        condition = models.Q(pk__in=[])
        if reach.member_id is not None:
            attended = Attendance.objects.filter(member_id=reach.member_id).values("meeting_id")
            condition |= models.Q(pk__in=attended)
        for prefix in reach.org_paths:
            if Organization.ancestor_paths(prefix):
                condition |= cls.held_above(prefix) & cls.listing_members_of(prefix)
        return condition

    @staticmethod
    def held_above(path: str, within: str = "") -> models.Q:
        """Meetings held by the organizations above the one at `path` (only those inside
        the subtree at `within`, when given), found by the meeting's organization index.
        Put it before listing_members_of: SQLite tests the terms in order, and the EXISTS
        costs a look at every row of every meeting it is asked about."""
        above = [p for p in Organization.ancestor_paths(path) if p.startswith(within)]
        return models.Q(organization__in=Organization.objects.filter(path__in=above).values("pk"))

    @staticmethod
    def listing_members_of(path: str, rows: models.QuerySet | None = None) -> models.Q:
        """Meetings whose attendance lists a member of the subtree at `path`: among `rows`
        (attendance rows, e.g. the absences), or any."""
        rows = Attendance.objects.all() if rows is None else rows
        listed = rows.filter(meeting=models.OuterRef("pk"), member__branch__path__startswith=path)
        return models.Q(models.Exists(listed))

    def clean(self) -> None:
        super().clean()
        if self.organization_id and self.kind:
            is_group = self.organization.kind == OrgKind.GROUP
            if self.kind == MeetingKind.GROUP and not is_group:
                raise ValidationError(
                    {"kind": _("A Party group meeting is held by a Party group.")}
                )
            if self.kind != MeetingKind.GROUP and is_group:
                raise ValidationError({"kind": _("A Party group holds Party group meetings only.")})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")  # 出席
    EXCUSED = "excused", _("excused")  # 请假
    ABSENT = "absent", _("absent")  # 缺席


# Absent or excused (缺席或请假): the condition of the attendance_not_present index.
NOT_PRESENT = ~models.Q(status=AttendanceStatus.PRESENT)


class Attendance(models.Model):
    """出席情况: one member at one meeting. Written only together with its meeting."""

    # No single-column indexes: the unique (meeting, member) and the (member, meeting,
    # status) cover index serve both keys, and each index costs every insert of millions.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("meeting"),
        db_index=False,
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Party member"),
        db_index=False,
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )

    scope_org_path = "meeting__organization__path"
    scope_member = "member_id"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")
        ]
        indexes = [
            # Attendance rate per member: covers (member → meeting, status) without the table.
            models.Index(fields=["member", "meeting", "status"], name="attendance_member_cover"),
            # The rows not present (about 5%: absences and excused), found and counted per
            # meeting without reading the other 95%. Queries must repeat NOT_PRESENT
            # word for word: SQLite uses a partial index only for a WHERE it can see implies it.
            models.Index(
                fields=["meeting", "status", "member"],
                condition=NOT_PRESENT,
                name="attendance_not_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"

    @classmethod
    def scope_extra(cls, reach) -> models.Q:
        """The rows of a reach's members at meetings held above it (Meeting.scope_extra)."""
        condition = models.Q(pk__in=[])
        for prefix in reach.org_paths:
            if above := Organization.ancestor_paths(prefix):
                condition |= models.Q(
                    meeting__organization__path__in=above, member__branch__path__startswith=prefix
                )
        return condition


# --- 党费 ------------------------------------------------------------------------------------


class DuesPayment(MemberRecord):
    """党费交纳: one member's dues for one month — due, paid, and when."""

    month = MonthField(_("month"), validators=[not_in_future])
    amount_due = money_field(_("amount due (yuan)"))
    amount_paid = models.DecimalField(
        _("amount paid (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[non_negative],
    )
    paid_on = models.DateField(_("date paid"), null=True, blank=True, validators=[not_in_future])

    date_field = "month"
    editable_fields = ("member", "month", "amount_due", "amount_paid", "paid_on")

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-month", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_once_per_member_month")
        ]
        indexes = [
            models.Index(
                fields=["organization", "month", "amount_due", "amount_paid", "paid_on"],
                name="dues_org_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%Y-%m} · {self.amount_paid}/{self.amount_due}"

    @property
    def paid_in_full(self) -> bool:
        return self.amount_paid >= self.amount_due

    @property
    def in_time_and_full(self) -> bool:
        """Paid in full by the end of its month: the opposite of 未及时足额, as the dues_arrears
        metric counts it (nothing due and nothing paid is in time)."""
        late = self.paid_on is not None and self.paid_on >= next_month(self.month)
        return self.paid_in_full and not late

    def clean(self) -> None:
        super().clean()
        if self.amount_paid and not self.paid_on:
            raise ValidationError({"paid_on": _("Enter the date the dues were paid.")})
        if self.paid_on and not self.amount_paid:
            raise ValidationError({"amount_paid": _("Enter the amount paid, or clear the date.")})


class DuesHandIn(Record):
    """党费上缴: a branch's dues handed in to the higher organization for a period."""

    period_start = MonthField(_("from month"))
    period_end = MonthField(_("to month"))
    amount = money_field(_("amount (yuan)"))
    handed_in_on = models.DateField(_("date handed in"), validators=[not_in_future])
    received_by = models.CharField(_("received by"), max_length=100, blank=True)

    date_field = "handed_in_on"
    editable_fields = ("period_start", "period_end", "amount", "handed_in_on", "received_by")
    suggested_fields = ("received_by",)

    class Meta:
        verbose_name = _("dues hand-in")
        verbose_name_plural = _("dues hand-ins")
        ordering = ["-handed_in_on", "-id"]
        indexes = [models.Index(fields=["organization", "handed_in_on"], name="handin_org_date")]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m}–{self.period_end:%Y-%m} · {self.amount}"

    @staticmethod
    def deadline(period_end: datetime.date) -> datetime.date:
        """每季度最后一个月发工资后10日内: by the 10th of the month after the period ends."""
        return next_month(period_end).replace(day=10)

    @property
    def due_by(self) -> datetime.date:
        return self.deadline(self.period_end)

    @property
    def late(self) -> bool:
        return self.handed_in_on > self.due_by

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


# --- 学习: notes, tests, articles, app points, volunteer hours --------------------------------


class StudyNoteResult(models.TextChoices):
    COMPLETE = "complete", _("complete")  # 合格
    MISSING = "missing", _("not handed in")  # 未上交
    LATE = "late", _("handed in late")  # 未按时上交
    SLOPPY = "sloppy", _("sloppy")  # 记录潦草、不规范


class StudyNoteCheck(MemberRecord):
    """学习笔记检查: the monthly check of one member's study notes."""

    month = MonthField(_("month"), validators=[not_in_future])
    result = models.CharField(_("result"), max_length=10, choices=StudyNoteResult.choices)
    remarks = models.CharField(_("remarks"), max_length=200, blank=True)

    date_field = "month"
    editable_fields = ("member", "month", "result", "remarks")

    class Meta:
        verbose_name = _("study notes check")
        verbose_name_plural = _("study notes checks")
        ordering = ["-month", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="notes_once_per_member_month")
        ]
        indexes = [models.Index(fields=["organization", "month", "result"], name="notes_org_month")]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%Y-%m} · {self.get_result_display()}"


class TestResult(MemberRecord):
    """测试成绩: one member's result in a knowledge test."""

    __test__ = False  # not a pytest test class, whatever its name says

    title = models.CharField(_("test"), max_length=100)
    taken_on = models.DateField(_("date taken"), validators=[not_in_future])
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=1, validators=[non_negative]
    )
    full_score = models.DecimalField(
        _("full score"), max_digits=6, decimal_places=1, default=100, validators=[non_negative]
    )
    pass_score = models.DecimalField(
        _("pass mark"), max_digits=6, decimal_places=1, default=60, validators=[non_negative]
    )

    date_field = "taken_on"
    editable_fields = ("member", "title", "taken_on", "score", "full_score", "pass_score")
    suggested_fields = ("title",)

    class Meta:
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        ordering = ["-taken_on", "-id"]
        indexes = [models.Index(fields=["organization", "taken_on", "score"], name="test_org_date")]

    def __str__(self) -> str:
        return f"{self.member} · {self.title} · {self.score}"

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_score

    def clean(self) -> None:
        super().clean()
        if self.full_score is not None and self.score is not None and self.score > self.full_score:
            raise ValidationError({"score": _("The score cannot exceed the full score.")})
        if (
            self.full_score is not None
            and self.pass_score is not None
            and self.pass_score > self.full_score
        ):
            raise ValidationError({"pass_score": _("The pass mark cannot exceed the full score.")})


class ArticleLevel(models.TextChoices):
    INTERNAL = "internal", _("internal publication")  # 厂报/内部刊物
    CITY = "city", _("city level")  # 市级
    PROVINCE = "province", _("provincial level")  # 省级
    CENTRAL = "central", _("central level")  # 中央级


class ArticleFormat(models.TextChoices):
    TYPICAL = "typical", _("feature / typical report")  # 单独刊登、典型报道
    BRIEF = "brief", _("brief / news item")  # 简讯、综合、消息


class Article(OptionalMemberRecord):
    """信息/文章: an article or 党建信息 submitted, and where it was published (刊登)."""

    title = models.CharField(_("title"), max_length=200)
    submitted_on = models.DateField(_("date submitted"), validators=[not_in_future])
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(
        _("date published"), null=True, blank=True, validators=[not_in_future]
    )
    level = models.CharField(_("level"), max_length=10, choices=ArticleLevel.choices, blank=True)
    form = models.CharField(_("form"), max_length=10, choices=ArticleFormat.choices, blank=True)
    outlet = models.CharField(
        _("publication"), max_length=100, blank=True, help_text=_("e.g. 《支部生活》")
    )

    date_field = "submitted_on"
    editable_fields = (
        "member",
        "title",
        "submitted_on",
        "published",
        "published_on",
        "level",
        "form",
        "outlet",
    )
    suggested_fields = ("outlet",)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "submitted_on", "published", "level", "form"],
                name="article_org_date",
            ),
            # Publications count by the date they appeared (刊登), not the date submitted.
            models.Index(
                fields=["organization", "published_on", "level", "form"],
                condition=models.Q(published=True),
                name="article_org_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not self.published:
            return
        errors = {}
        if not self.published_on:
            errors["published_on"] = _("Enter the date it was published.")
        elif self.submitted_on and self.published_on < self.submitted_on:
            errors["published_on"] = _("It cannot be published before it was submitted.")
        if not self.level:
            errors["level"] = _("Choose the level of the publication.")
        if not self.form:
            errors["form"] = _("Choose whether it was a feature or a brief.")
        if errors:
            raise ValidationError(errors)


class AppLearningPoints(MemberRecord):
    """党建APP学习积分: one member's learning-app points for one month."""

    month = MonthField(_("month"), validators=[not_in_future])
    points = models.PositiveIntegerField(_("points"))

    date_field = "month"
    editable_fields = ("member", "month", "points")

    class Meta:
        verbose_name = _("learning app points")
        verbose_name_plural = _("learning app points")
        ordering = ["-month", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="points_once_per_member_month")
        ]
        indexes = [
            models.Index(fields=["organization", "month", "points"], name="points_org_month")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%Y-%m} · {self.points}"


class VolunteerService(OptionalMemberRecord):
    """志愿服务: hours of volunteer service by a member (or by the organization as a whole)."""

    served_on = models.DateField(_("date"), validators=[not_in_future])
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"), message=_("Enter at least half an hour."))],
    )
    activity = models.CharField(_("activity"), max_length=200)

    date_field = "served_on"
    editable_fields = ("member", "served_on", "hours", "activity")
    suggested_fields = ("activity",)

    class Meta:
        verbose_name = _("volunteer service")
        verbose_name_plural = _("volunteer service")
        ordering = ["-served_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "served_on", "hours"], name="volunteer_org_date"),
            models.Index(fields=["member", "served_on", "hours"], name="volunteer_member_date"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.hours}"


# --- 表彰, 处分, 事件 -------------------------------------------------------------------------


class HonourLevel(models.TextChoices):
    UNIT = "unit", _("own unit")  # 本单位
    DISTRICT = "district", _("district / county level")  # 区县级
    CITY = "city", _("city level")  # 市级
    PROVINCE = "province", _("provincial level")  # 省级
    CENTRAL = "central", _("national level")  # 中央/国家级


class Honour(OptionalMemberRecord):
    """表彰奖励: an honour or commendation of the organization or of one member."""

    title = models.CharField(_("honour"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=HonourLevel.choices)
    awarded_by = models.CharField(_("awarded by"), max_length=100, blank=True)
    awarded_on = models.DateField(_("date awarded"), validators=[not_in_future])

    date_field = "awarded_on"
    editable_fields = ("member", "title", "level", "awarded_by", "awarded_on")
    suggested_fields = ("awarded_by",)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-awarded_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "awarded_on", "level"], name="honour_org_date")
        ]

    def __str__(self) -> str:
        return self.title


class Punishment(models.TextChoices):
    # 党纪处分
    WARNING = "warning", _("Party warning")  # 警告
    SERIOUS_WARNING = "serious_warning", _("serious Party warning")  # 严重警告
    REMOVAL = "removal", _("removal from Party posts")  # 撤销党内职务
    PROBATION = "probation", _("Party probation")  # 留党察看
    EXPULSION = "expulsion", _("expulsion from the Party")  # 开除党籍
    # 政务/行政处分 and criminal sentences
    ADMIN_WARNING = "admin_warning", _("administrative warning")  # 警告
    ADMIN_DEMERIT = "admin_demerit", _("demerit")  # 记过
    ADMIN_MAJOR_DEMERIT = "admin_major_demerit", _("major demerit")  # 记大过
    ADMIN_DEMOTION = "admin_demotion", _("demotion")  # 降级/降职
    ADMIN_REMOVAL = "admin_removal", _("removal from office")  # 撤职
    ADMIN_PROBATION = "admin_probation", _("probation in office")  # 留用察看
    ADMIN_DISMISSAL = "admin_dismissal", _("dismissal from public employment")  # 开除公职
    CRIMINAL = "criminal", _("criminal sentence")  # 判刑 (含缓刑)


PARTY_PUNISHMENTS = frozenset(
    {
        Punishment.WARNING,
        Punishment.SERIOUS_WARNING,
        Punishment.REMOVAL,
        Punishment.PROBATION,
        Punishment.EXPULSION,
    }
)


class DisciplineCase(MemberRecord):
    """违纪处分: one punishment of one member.

    The party and administrative punishments of one event share `case_ref`, so that a
    penalty table can count the event once at its highest (就高).
    """

    case_ref = models.CharField(
        _("case number"),
        max_length=50,
        help_text=_("Punishments for the same event share one case number."),
    )
    event = models.CharField(_("event"), max_length=200)
    punishment = models.CharField(_("punishment"), max_length=20, choices=Punishment.choices)
    decided_on = models.DateField(_("date decided"), validators=[not_in_future])
    decided_by = models.CharField(_("decided by"), max_length=100, blank=True)

    date_field = "decided_on"
    editable_fields = ("member", "case_ref", "event", "punishment", "decided_on", "decided_by")
    suggested_fields = ("decided_by",)

    class Meta:
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_ref", "member", "punishment"], name="discipline_once_per_case"
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "decided_on", "case_ref", "punishment"],
                name="discipline_org_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_punishment_display()} · {self.case_ref}"

    @property
    def is_party_punishment(self) -> bool:
        return self.punishment in PARTY_PUNISHMENTS


class IncidentKind(models.TextChoices):
    POLITICAL_ACCIDENT = "political_accident", _("serious political accident")  # 重大政治责任事故
    SERIOUS_SAFETY_ACCIDENT = (
        "serious_safety_accident",
        _("serious safety accident"),
    )  # 较大安全责任事故
    MAJOR_VIOLATION_CASE = "major_violation_case", _("major violation case")  # 重大违法违纪案件
    MASS_INCIDENT = "mass_incident", _("mass incident")  # 群体性事件
    OTHER = "other", _("other serious incident")


class IncidentSeverity(models.TextChoices):
    """事故等级 as the State Council grades accidents; vetoes name the grades they cover."""

    GENERAL = "general", _("ordinary")  # 一般
    LARGER = "larger", _("larger")  # 较大
    MAJOR = "major", _("major")  # 重大
    ESPECIALLY_MAJOR = "especially_major", _("especially major")  # 特别重大


class Incident(Record):
    """事件: an incident of a kind that may veto the organization (一票否决)."""

    kind = models.CharField(_("incident type"), max_length=30, choices=IncidentKind.choices)
    severity = models.CharField(
        _("severity"),
        max_length=20,
        choices=IncidentSeverity.choices,
        default=IncidentSeverity.LARGER,
    )
    occurred_on = models.DateField(_("date occurred"), validators=[not_in_future])
    description = models.TextField(_("description"))

    date_field = "occurred_on"
    editable_fields = ("kind", "severity", "occurred_on", "description")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "occurred_on"], name="incident_org_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


# --- 组织建设: elections, reports, member development, inspections --------------------------


class ElectionKind(models.TextChoices):
    GENERAL = "general", _("general election")  # 换届选举
    BY_ELECTION = "by_election", _("by-election")  # 补选


class Election(Record):
    """选举: a committee election (换届) or by-election, with the seats left vacant."""

    kind = models.CharField(
        _("election type"),
        max_length=20,
        choices=ElectionKind.choices,
        default=ElectionKind.GENERAL,
    )
    held_on = models.DateField(_("date held"), validators=[not_in_future])
    seats = models.PositiveSmallIntegerField(
        _("seats"),
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Committee members to be elected."),
    )
    elected = models.PositiveSmallIntegerField(_("elected"), validators=[MaxValueValidator(50)])

    date_field = "held_on"
    editable_fields = ("kind", "held_on", "seats", "elected")

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organization", "held_on"], name="election_org_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.held_on:%Y-%m-%d}"

    @property
    def vacancies(self) -> int:
        return max(self.seats - self.elected, 0)

    def clean(self) -> None:
        super().clean()
        if self.organization_id and self.organization.kind == OrgKind.GROUP:
            raise ValidationError(_("Party groups do not elect a committee."))
        if self.seats is not None and self.elected is not None and self.elected > self.seats:
            raise ValidationError({"elected": _("More were elected than there are seats.")})


class ReportKind(models.TextChoices):
    PLAN = "plan", _("work plan")  # 工作计划
    SUMMARY = "summary", _("work summary")  # 工作总结
    DUTY_REPORT = "duty_report", _("duty report")  # 述职报告
    RESEARCH = "research", _("research report")  # 调研报告/理论文章
    INFORMATION = "information", _("work information")  # 党建信息


class ReportSubmission(Record):
    """报送材料: a plan, summary, 述职, research report or 信息 handed in to the higher level."""

    kind = models.CharField(_("report type"), max_length=20, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    submitted_on = models.DateField(_("date submitted"), validators=[not_in_future])

    date_field = "submitted_on"
    editable_fields = ("kind", "title", "due_on", "submitted_on")

    class Meta:
        verbose_name = _("report handed in")
        verbose_name_plural = _("reports handed in")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "submitted_on"], name="report_org_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.title}"

    @property
    def late(self) -> bool:
        return bool(self.due_on and self.submitted_on and self.submitted_on > self.due_on)


class DevelopmentStage(models.TextChoices):
    APPLICATION = "application", _("application")  # 递交入党申请书
    ACTIVIST = "activist", _("activist")  # 入党积极分子
    CANDIDATE = "candidate", _("development candidate")  # 发展对象
    PROBATIONARY = "probationary", _("probationary member")  # 预备党员
    FULL = "full", _("full membership")  # 转正
    # Not stages on the way but what a probation may come to instead of, or before, 转正.
    EXTENDED = "extended", _("probation extended")  # 延长预备期
    CANCELLED = "cancelled", _("probation cancelled")  # 取消预备党员资格


class DevelopmentStep(OptionalMemberRecord):
    """发展党员: one step of a person on the way from application to full membership.

    Before admission the person is not on the roster yet, so the name is kept; the member
    is linked once they are one.
    """

    person_name = models.CharField(_("full name"), max_length=50, blank=True)
    step = models.CharField(_("step"), max_length=20, choices=DevelopmentStage.choices)
    step_on = models.DateField(_("date"), validators=[not_in_future])
    # 党章 第七条: a 预备期 may be extended, by no more than a year in all.
    extended_months = models.PositiveSmallIntegerField(
        _("extended by (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Only for a probation extended: by how many months (at most 12)."),
    )

    date_field = "step_on"
    editable_fields = ("person_name", "member", "step", "step_on", "extended_months")
    suggested_fields = ("person_name",)
    shown_with = {"extended_months": ("step", DevelopmentStage.EXTENDED.value)}

    class Meta:
        verbose_name = _("member development step")
        verbose_name_plural = _("member development steps")
        ordering = ["-step_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "step", "step_on"], name="development_org_step")
        ]

    def __str__(self) -> str:
        if self.extended_months:
            extended = ngettext(
                "extended %(months)s month", "extended %(months)s months", self.extended_months
            ) % {"months": self.extended_months}
            return f"{self.person_name} · {extended}"
        return f"{self.person_name} · {self.get_step_display()}"

    def clean(self) -> None:
        super().clean()
        if not self.person_name and self.member_id:
            self.person_name = self.member.name
        if not self.person_name:
            raise ValidationError({"person_name": _("Enter the name, or choose the member.")})
        extending = self.step == DevelopmentStage.EXTENDED
        if extending and not self.extended_months:
            raise ValidationError(
                {"extended_months": _("Enter by how many months the probation is extended.")}
            )
        if not extending and self.extended_months:
            raise ValidationError(
                {"extended_months": _("Only a probation extended is extended by months.")}
            )


class InspectionKind(models.TextChoices):
    SUPERVISION = "supervision", _("supervision")  # 督查
    SPOT_CHECK = "spot_check", _("spot check")  # 抽查
    PATROL = "patrol", _("inspection tour")  # 巡视/巡察


class Inspection(Record):
    """检查: a supervision, spot check or inspection tour, and what it found."""

    kind = models.CharField(_("inspection type"), max_length=20, choices=InspectionKind.choices)
    inspected_on = models.DateField(_("date"), validators=[not_in_future])
    inspector = models.CharField(_("inspected by"), max_length=100, blank=True)
    findings_count = models.PositiveSmallIntegerField(_("number of findings"), default=0)
    findings = models.TextField(_("findings"), blank=True)

    date_field = "inspected_on"
    editable_fields = ("kind", "inspected_on", "inspector", "findings_count", "findings")
    suggested_fields = ("inspector",)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "kind", "inspected_on"], name="inspection_org_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.inspected_on:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.findings_count and not self.findings.strip():
            raise ValidationError({"findings": _("Describe the findings.")})


# --- 佐证材料 --------------------------------------------------------------------------------


class Evidence(models.Model):
    """佐证材料: a file attached to a record, stored under a generated name.

    Attached generically (content type + id) rather than by one nullable column per
    record kind: fifteen kinds today, self-assessment claims and appeals as well, would
    otherwise mean a column and a check constraint each. Whatever declares
    `evidence = GenericRelation("records.Evidence")` takes evidence (`takes_evidence`).
    The GenericForeignKey cannot be followed by a query, so the record's organization and
    member are copied here for the scoping gate; the download view checks the record
    itself as well.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Party member"),
    )
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=10)
    mime_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_org_path = "organization__path"
    scope_member = "member_id"

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="evidence_record")]

    def __str__(self) -> str:
        return self.original_name


def takes_evidence(model: type[models.Model]) -> bool:
    """Whether `model` takes evidence: it declares `evidence = GenericRelation(Evidence)` and
    reaches the tree through its own organization, which the evidence copies for scoping."""
    try:
        field = model._meta.get_field("evidence")
    except FieldDoesNotExist:
        return False
    return (
        isinstance(field, GenericRelation)
        and field.related_model is Evidence
        and getattr(model, "scope_org_path", None) == "organization__path"
    )
