"""指标数据: metrics computed from the work records, for every subject of a period at once.

Each metric is one set-based query (GROUP BY in the database) over the records of an
assessment's subtree and period — never a query per subject. Records about a member are
stored under the member's branch, so grouping by `organization_id` groups by branch;
党小组 meetings are mapped to their branch through one dictionary read once per run.

The catalogue (name → meaning, unit, which subjects, what missing means) is listed in
docs/metrics.md; `kaohe assess metrics` prints it from the same table.
"""

import calendar
import datetime
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Count, DateField, F, Func, Max, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from kaohe.dates import add_years
from kaohe.organizations.models import Member, Organization, OrgKind, Position, TermPolicy
from kaohe.records.development import irregular_steps
from kaohe.records.models import (
    NOT_PRESENT,
    Article,
    Attendance,
    AttendanceStatus,
    DevelopmentStep,
    DisciplineCase,
    DuesHandIn,
    DuesPayment,
    Election,
    ElectionKind,
    Honour,
    HonourLevel,
    Incident,
    IncidentKind,
    IncidentSeverity,
    Meeting,
    MeetingKind,
    Punishment,
    ReportKind,
    ReportSubmission,
    StudyNoteCheck,
    StudyNoteResult,
    TestResult,
    VolunteerService,
)
from kaohe.records.selectors import HELD_ABOVE, HELD_HERE_AND_ABOVE
from kaohe.scoring import Period

BRANCH, MEMBER = "branch", "member"


@dataclass
class Scope:
    """The subjects of one assessment and the dates its period covers."""

    root: Organization
    period: Period
    start: datetime.date
    end: datetime.date  # inclusive
    branches: dict[int, Organization]
    members: dict[int, Any] = field(default_factory=dict)  # pk → row (pk, name, branch_id)
    group_branch: dict[int, int] = field(default_factory=dict)
    _shared: dict = field(default_factory=dict, repr=False)
    _locks: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def of(cls, root: Organization, period: Period, *, with_members: bool) -> "Scope":
        start, end = period_dates(period)
        subtree = Organization.objects.filter(path__startswith=root.path)
        branches = {o.pk: o for o in subtree.filter(kind=OrgKind.BRANCH).order_by("path")}
        by_path = {o.path: pk for pk, o in branches.items()}
        group_branch = {
            pk: by_path[path[: -Organization.steplen]]
            for pk, path in subtree.filter(kind=OrgKind.GROUP).values_list("pk", "path")
            if path[: -Organization.steplen] in by_path
        }
        members = {}
        if with_members:
            # Rows, not model instances: 100,000 members cost a second as objects.
            rows = (
                Member.objects.filter(branch_id__in=branches)
                .order_by("branch_id", "id")
                .values_list("pk", "name", "branch_id", named=True)
            )
            members = {row.pk: row for row in rows}
        return cls(root, period, start, end, branches, members, group_branch)

    def shared(self, key, compute: Callable[[], Any]) -> Any:
        """An aggregate several metrics read, computed once per scope. Metrics may run in
        parallel threads (facts.build_facts): the second reader waits for the first."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._shared:
                self._shared[key] = compute()
            return self._shared[key]

    @property
    def organizations(self):
        """The subtree's organization ids, as a subquery. Filtering records by
        `organization_id IN (...)` rather than through a join on the tree's paths lets the
        database read each table's (organization, date) index alone: the subtree's meetings
        of a year in 0.04 s instead of 0.4 s (SQLite, the benchmark's year)."""
        return Organization.objects.filter(path__startswith=self.root.path).values("pk")

    def meetings(self):
        """The subtree's meetings of the period."""
        return Meeting.objects.filter(
            organization__in=self.organizations, held_on__range=(self.start, self.end)
        )

    def records(self, model, date_field: str, per: str = BRANCH):
        """The model's records in the subtree and period, as a queryset to aggregate `per`
        branch or per member. Per member the subtree is a join on the tree's paths instead:
        SQLite then walks the table's (member, date) unique index in member order and groups
        without sorting (dues per member of the benchmark year: 0.54 s, against 0.88 s by
        the organization index and a sort)."""
        if per == MEMBER:
            where = {"organization__path__startswith": self.root.path}
        else:
            where = {"organization__in": self.organizations}
        return model.objects.filter(**where, **{f"{date_field}__range": (self.start, self.end)})


def period_dates(period: Period) -> tuple[datetime.date, datetime.date]:
    if period.kind == "year":
        return datetime.date(period.year, 1, 1), datetime.date(period.year, 12, 31)
    months = {"month": 1, "quarter": 3, "half_year": 6}[period.kind]
    first = (period.index - 1) * months + 1
    last = first + months - 1
    end_day = calendar.monthrange(period.year, last)[1]
    return datetime.date(period.year, first, 1), datetime.date(period.year, last, end_day)


Values = dict[str, Decimal]  # subject key → value


def org_key(pk: int) -> str:
    return f"O{pk}"


def member_key(pk: int) -> str:
    return f"M{pk}"


def key_id(key: str, make=org_key) -> int | None:
    """The id in a key that `make` (org_key or member_key) writes, exactly as it writes it;
    None for any other text (a form field or a facts file may hold anything)."""
    digits = key[1:]
    if not digits.isdecimal() or make(int(digits)) != key:
        return None
    return int(digits)


@dataclass(frozen=True)
class Metric:
    name: str
    zh: str
    unit: str
    subjects: tuple[str, ...]
    # What a subject without records gets: "zero" (a count of nothing) or "missing" (a rate
    # with no denominator, a ratio with nothing to judge — the scheme's rule decides).
    absent: str
    compute: Callable[[Scope, str], Values]
    # The Scope.shared aggregate it reads, if any: metrics sharing one run in one thread, so
    # no thread waits for an aggregate another is still computing.
    shares: str | None = None


CATALOGUE: dict[str, Metric] = {}


def metric(name: str, zh: str, unit: str, subjects=(BRANCH,), absent: str = "zero", shares=None):
    def register(compute):
        CATALOGUE[name] = Metric(name, zh, unit, tuple(subjects), absent, compute, shares)
        return compute

    return register


def _by_branch(rows: Iterable[tuple[int, object]]) -> Values:
    return {org_key(pk): Decimal(value or 0) for pk, value in rows}


def _by_member(rows: Iterable[tuple[int, object]]) -> Values:
    return {member_key(pk): Decimal(value or 0) for pk, value in rows}


def _grouped(qs, subject: str, value) -> Values:
    """One GROUP BY: per branch (organization_id) or per member (member_id)."""
    column = "organization_id" if subject == BRANCH else "member_id"
    if subject == MEMBER:
        qs = qs.filter(member__isnull=False)  # an organization's own records belong to no member
    rows = qs.order_by().values(column).annotate(v=value).values_list(column, "v")
    return _by_branch(rows) if subject == BRANCH else _by_member(rows)


# --- 三会一课 and other meetings ---------------------------------------------------------------


def _meeting_tally(scope: Scope) -> dict[tuple[int, str], tuple[int, int]]:
    """(organization id, kind) → (meetings held, minutes not verified complete): one GROUP BY
    over the period's meetings, shared by every meeting metric (one pass instead of eight)."""

    def tally():
        rows = (
            scope.records(Meeting, "held_on")
            .order_by()
            .values("organization_id", "kind")
            .annotate(n=Count("id"), incomplete=Count("id", filter=Q(minutes_complete=False)))
            .values_list("organization_id", "kind", "n", "incomplete")
        )
        return {(org, kind): (n, incomplete) for org, kind, n, incomplete in rows}

    return scope.shared("meetings", tally)


def _meetings_held(kind: str):
    def compute(scope: Scope, subject: str) -> Values:
        tally = _meeting_tally(scope)
        return _by_branch((org, n) for (org, k), (n, _) in tally.items() if k == kind)

    return compute


for _name, _kind, _zh in (
    ("party_congress_meetings", MeetingKind.PARTY_CONGRESS, "支部党员大会召开次数"),
    ("committee_meetings", MeetingKind.COMMITTEE, "支委会召开次数"),
    ("party_lectures", MeetingKind.LECTURE, "党课次数"),
    ("democratic_life_meetings", MeetingKind.LIFE_MEETING, "民主生活会/组织生活会召开次数"),
    ("theme_party_days", MeetingKind.THEME_DAY, "主题党日次数"),
    ("study_sessions", MeetingKind.STUDY, "集中学习次数"),
):
    metric(_name, _zh, "次", shares="meetings")(_meetings_held(_kind))


@metric(
    "group_meetings",
    "党小组会召开次数(各党小组中最少者)",
    "次",
    absent="missing",
    shares="meetings",
)
def _group_meetings(scope: Scope, subject: str) -> Values:
    # 党小组会每月一次 binds every group: the branch is judged by its least active group.
    # A branch without groups has no value: the rule's missing policy decides.
    held = {
        org: n for (org, kind), (n, _) in _meeting_tally(scope).items() if kind == MeetingKind.GROUP
    }
    least: dict[int, int] = {}
    for group_id, branch_id in scope.group_branch.items():
        count = held.get(group_id, 0)
        least[branch_id] = min(least.get(branch_id, count), count)
    return _by_branch(least.items())


@metric("meeting_minutes_incomplete", "会议记录未经核实为详实的会议数", "次", shares="meetings")
def _minutes_incomplete(scope: Scope, subject: str) -> Values:
    incomplete: dict[int, int] = {}
    for (org, kind), (_, n) in _meeting_tally(scope).items():
        if kind != MeetingKind.GROUP:
            incomplete[org] = incomplete.get(org, 0) + n
    return _by_branch(incomplete.items())


@metric(
    "life_meeting_minutes_incomplete", "民主生活会记录未经核实为详实的次数", "次", shares="meetings"
)
def _life_minutes_incomplete(scope: Scope, subject: str) -> Values:
    tally = _meeting_tally(scope)
    return _by_branch(
        (org, n) for (org, kind), (_, n) in tally.items() if kind == MeetingKind.LIFE_MEETING
    )


def _attendance(scope: Scope):
    return Attendance.objects.filter(
        meeting__organization__in=scope.organizations,
        meeting__held_on__range=(scope.start, scope.end),
    )


# Meetings held above branch level (a 党委's or 党总支's 党课 or 集中学习): their attendance
# belongs to each attendee's branch, as they have no branch of their own.
ABOVE_BRANCH = (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH)


@metric("attendances", "出席人次", "人次", subjects=(BRANCH, MEMBER), shares="attendance")
def _attendances(scope: Scope, subject: str) -> Values:
    return _attendance_counts(scope, subject)[0]


@metric(
    "expected_attendances", "应出席人次", "人次", subjects=(BRANCH, MEMBER), shares="attendance"
)
def _expected_attendances(scope: Scope, subject: str) -> Values:
    return _attendance_counts(scope, subject)[1]


def _attendance_counts(scope: Scope, subject: str) -> tuple[Values, Values]:
    """Present and expected attendances, kept on the scope for the second metric that reads
    them: a member's over every meeting of the subtree they were listed at, a branch's over
    the meetings it and its 党小组 held (_held_by_branch)."""

    def both() -> tuple[Values, Values]:
        present: Values = {}
        total: Values = {}
        key = member_key if subject == MEMBER else org_key
        for pk, (n_present, n_total) in _COUNTERS[subject](scope).items():
            present[key(pk)] = Decimal(n_present)
            total[key(pk)] = Decimal(n_total)
        return present, total

    return scope.shared(("attendance", subject), both)


def _member_attendance(scope: Scope) -> dict[int, tuple[int, int]]:
    """Member id → (present, expected): one GROUP BY member over the attendance rows (the
    largest table by far).

    The meetings of the subtree and period are a subquery, and the filter on it is written
    as `meeting_id + 0 IN (...)` on purpose: it keeps the planner off the (meeting_id,
    member_id) index (millions of random row lookups, then a temporary B-tree to group
    them) and on one sequential pass over the covering index (member_id, meeting_id,
    status), already in member order: 1.1 s instead of 2.3 s in the sqlite3 shell for a
    year of 100,000 members."""
    meetings = scope.meetings().values("pk")
    rows = (
        Attendance.objects.alias(meeting_ref=F("meeting_id") + 0)
        .filter(meeting_ref__in=meetings)
        .order_by()
        .values("member_id")
        .annotate(present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)), total=Count("id"))
        .values_list("member_id", "present", "total")
    )
    return {pk: (present, total) for pk, present, total in rows}


def _branch_attendance(scope: Scope) -> dict[int, tuple[int, int]]:
    """Branch id → (present, expected) by three GROUP BYs, which on SQLite each read an
    index, not the table: rows per meeting organization (the unique (meeting, member)
    index), the rows not present per meeting organization (the small partial index), and
    the rows of meetings held above branch level per attendee's branch (usually few)."""
    expected = (
        scope.meetings()
        .order_by()
        .values("organization_id")
        .annotate(n=Count("attendances"))
        .values_list("organization_id", "n")
    )
    not_present = dict(
        _attendance(scope)
        .filter(NOT_PRESENT)
        .order_by()
        .values("meeting__organization_id")
        .annotate(n=Count("id"))
        .values_list("meeting__organization_id", "n")
    )
    sums: dict[int, list[int]] = {}

    def add(branch_id: int | None, n_present: int, n_total: int) -> None:
        if branch_id in scope.branches:
            counts = sums.setdefault(branch_id, [0, 0])
            counts[0] += n_present
            counts[1] += n_total

    for org, n in expected:
        add(_held_by_branch(scope, org), n - not_present.get(org, 0), n)
    above = (
        _attendance(scope)
        .filter(meeting__organization__kind__in=ABOVE_BRANCH)
        .order_by()
        .values("member__branch_id")
        .annotate(present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)), n=Count("id"))
        .values_list("member__branch_id", "present", "n")
    )
    for branch_id, n_present, n_total in above:
        add(branch_id, n_present, n_total)
    return {pk: (n_present, n_total) for pk, (n_present, n_total) in sums.items()}


def _held_by_branch(scope: Scope, org: int) -> int | None:
    """The branch a meeting of `org` belongs to: the branch itself, or a 党小组's branch.
    None for a meeting held above branch level, whose rows count for each attendee's
    branch instead. So a member who changed branches leaves their record at the old
    branch's meetings with the old branch."""
    return org if org in scope.branches else scope.group_branch.get(org)


_COUNTERS = {MEMBER: _member_attendance, BRANCH: _branch_attendance}


def _absences_above(scope: Scope, **who) -> Values:
    """Absences (缺席, not 请假) at meetings held above branch level, per attendee's branch."""
    rows = (
        _attendance(scope)
        .filter(
            NOT_PRESENT,
            status=AttendanceStatus.ABSENT,
            meeting__organization__kind__in=ABOVE_BRANCH,
            **who,
        )
        .order_by()
        .values("member__branch_id")
        .annotate(n=Count("id"))
        .values_list("member__branch_id", "n")
    )
    return _by_branch(rows)


@metric("meeting_absences", "上级会议缺席人次(党总支、党委召开的会议)", "人次")
def _meeting_absences(scope: Scope, subject: str) -> Values:
    # 篇四 细则二 十一.20 按时参加上级会议(会议缺席一次扣1分): the superior's meetings are
    # those held above branch level; each of the branch's members absent is one absence.
    return _absences_above(scope)


@metric("secretary_meeting_absences", "支部书记上级会议缺席次数", "次")
def _secretary_meeting_absences(scope: Scope, subject: str) -> Values:
    # 篇七 六(二)2(7) 支部书记未按时出席要求支部书记参加的会议: read as the meetings held
    # above branch level that list the secretary (书记 by today's roster).
    return _absences_above(scope, member__position=Position.SECRETARY)


# --- 党费 ------------------------------------------------------------------------------------


class NextMonth(Func):
    """The first day of the month after a month's first day, in the database's own date
    arithmetic (SQLite's date() and PostgreSQL's intervals both run in C, for every row)."""

    output_field = DateField()
    template = "CAST(%(expressions)s + INTERVAL '1 month' AS date)"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, '+1 month')")


def not_in_time_or_full() -> Q:
    """A month's dues not paid in full by the end of that month (未及时足额): short, unpaid,
    or paid in full only later (篇三: 党员未及时足额交纳党费; 篇七: 按时足额交纳党费)."""
    return Q(amount_paid__lt=F("amount_due")) | Q(paid_on__gte=NextMonth(F("month")))


def _dues_tally(scope: Scope, subject: str) -> Values:
    """Subject → months not paid in time and in full, with an entry (perhaps 0) for every
    subject that has dues recorded in the period: one GROUP BY shared by the dues metrics."""

    def tally():
        qs = scope.records(DuesPayment, "month", subject)
        return _grouped(qs, subject, Count("id", filter=not_in_time_or_full()))

    return scope.shared(("dues", subject), tally)


@metric(
    "dues_arrears",
    "未按月足额交纳党费的人次(月):未足额,或月末后才交",
    "人次",
    subjects=(BRANCH, MEMBER),
    shares="dues",
)
def _dues_arrears(scope: Scope, subject: str) -> Values:
    return _dues_tally(scope, subject)


@metric(
    "dues_paid_in_full",
    "党费全部按月足额交纳(是1/否0)",
    "",
    subjects=(BRANCH, MEMBER),
    absent="missing",
    shares="dues",
)
def _dues_paid_in_full(scope: Scope, subject: str) -> Values:
    return {key: Decimal(1 if n == 0 else 0) for key, n in _dues_tally(scope, subject).items()}


@metric("has_dues_ledger", "有党费台帐:当期登记了党费交纳(是1/否0)", "", shares="dues")
def _has_dues_ledger(scope: Scope, subject: str) -> Values:
    # 篇三 6 未建立党费台帐的扣1分: a branch that recorded no dues in the period kept none.
    kept = _dues_tally(scope, BRANCH)
    return {org_key(pk): Decimal(1 if org_key(pk) in kept else 0) for pk in scope.branches}


@metric("dues_handover_late", "党费未按时上缴(季末次月10日前)的次数", "次")
def _dues_handover_late(scope: Scope, subject: str) -> Values:
    late: dict[int, int] = defaultdict(int)
    rows = scope.records(DuesHandIn, "handed_in_on").values_list(
        "organization_id", "period_end", "handed_in_on"
    )
    for organization_id, period_end, handed_in_on in rows:
        late[organization_id] += handed_in_on > DuesHandIn.deadline(period_end)  # 季末次月10日
    return _by_branch(late.items())


# --- 学习 --------------------------------------------------------------------------------------


def _note_tally(scope: Scope, subject: str) -> dict[int, dict[str, int]]:
    """Subject id → {check result: count}: one GROUP BY (a filtered count per result, which
    keeps the grouping on one indexed column) shared by the notes metrics."""

    def tally():
        column = "organization_id" if subject == BRANCH else "member_id"
        qs = scope.records(StudyNoteCheck, "month", subject)
        if subject == MEMBER:
            qs = qs.filter(member__isnull=False)
        results = list(StudyNoteResult.values)
        counts = {f"n{i}": Count("id", filter=Q(result=r)) for i, r in enumerate(results)}
        rows = qs.order_by().values(column).annotate(**counts)
        return {row[column]: {r: row[f"n{i}"] for i, r in enumerate(results)} for row in rows}

    return scope.shared(("notes", subject), tally)


def _notes(result: str):
    def compute(scope: Scope, subject: str) -> Values:
        counts = (
            (pk, by_result.get(result, 0)) for pk, by_result in _note_tally(scope, subject).items()
        )
        return _by_branch(counts) if subject == BRANCH else _by_member(counts)

    return compute


metric(
    "notes_month_missing", "学习笔记未上交的月数", "次", subjects=(BRANCH, MEMBER), shares="notes"
)(_notes(StudyNoteResult.MISSING))
metric(
    "sloppy_notes",
    "学习笔记记录潦草、不规范的次数",
    "次",
    subjects=(BRANCH, MEMBER),
    shares="notes",
)(_notes(StudyNoteResult.SLOPPY))


@metric(
    "branch_notes_all_late",
    "所在支部全体党员均未及时上交学习笔记(是1/否0)",
    "",
    subjects=(MEMBER,),
    shares="notes",
)
def _branch_notes_all_late(scope: Scope, subject: str) -> Values:
    # 篇五 二 支部全体党员未及时上交学习笔记扣35分: every note of the member's branch checked
    # in the period came late or not at all. A branch with no checks is not judged (0).
    failed = set()
    for pk, by_result in _note_tally(scope, BRANCH).items():
        checked = sum(by_result.values())
        not_in_time = by_result[StudyNoteResult.LATE] + by_result[StudyNoteResult.MISSING]
        if checked and checked == not_in_time:
            failed.add(pk)
    return {
        member_key(pk): Decimal(1 if row.branch_id in failed else 0)
        for pk, row in scope.members.items()
    }


@metric("has_study_notes", "有学习笔记:当期笔记检查有交上来的(是1/否0)", "", shares="notes")
def _has_study_notes(scope: Scope, subject: str) -> Values:
    # 篇三 7 无学习笔记、心得体会: a branch none of whose checked notes were handed in.
    handed_in = {
        pk
        for pk, by_result in _note_tally(scope, BRANCH).items()
        if sum(by_result.values()) > by_result[StudyNoteResult.MISSING]
    }
    return {org_key(pk): Decimal(1 if pk in handed_in else 0) for pk in scope.branches}


@metric("tests_failed", "测验不及格次数", "次", subjects=(BRANCH, MEMBER))
def _tests_failed(scope: Scope, subject: str) -> Values:
    qs = scope.records(TestResult, "taken_on", subject)
    return _grouped(qs, subject, Count("id", filter=Q(score__lt=F("pass_score"))))


@metric("articles_submitted", "投稿篇数", "篇", subjects=(BRANCH, MEMBER))
def _articles_submitted(scope: Scope, subject: str) -> Values:
    return _grouped(scope.records(Article, "submitted_on", subject), subject, Count("id"))


@metric("articles_published", "刊登篇数(按刊登日期计)", "篇", subjects=(BRANCH, MEMBER))
def _articles_published(scope: Scope, subject: str) -> Values:
    # A publication counts in the period it appeared, whenever it was submitted: an article
    # sent in December and printed in January is January's.
    qs = scope.records(Article, "published_on", subject).filter(published=True)
    return _grouped(qs, subject, Count("id"))


@metric("app_points", "党建APP学习积分", "分", subjects=(MEMBER,))
def _app_points(scope: Scope, subject: str) -> Values:
    from kaohe.records.models import AppLearningPoints

    return _grouped(scope.records(AppLearningPoints, "month", MEMBER), MEMBER, Sum("points"))


@metric("volunteer_hours", "志愿服务时长", "小时", subjects=(BRANCH, MEMBER))
def _volunteer_hours(scope: Scope, subject: str) -> Values:
    return _grouped(scope.records(VolunteerService, "served_on", subject), subject, Sum("hours"))


# --- 报送材料 ---------------------------------------------------------------------------------


def _reports(kind: str):
    def compute(scope: Scope, subject: str) -> Values:
        qs = scope.records(ReportSubmission, "submitted_on").filter(kind=kind)
        return _grouped(qs, BRANCH, Count("id"))

    return compute


for _name, _kind, _zh in (
    ("info_reports", ReportKind.INFORMATION, "报送党建信息篇数"),
    ("research_articles", ReportKind.RESEARCH, "报送调研报告/理论文章篇数"),
    ("secretary_reports", ReportKind.DUTY_REPORT, "书记述职报告份数"),
    ("work_reports", ReportKind.SUMMARY, "向上级书面报告工作(总结)次数"),
):
    metric(_name, _zh, "篇")(_reports(_kind))


def _has_report(kind: str):
    def compute(scope: Scope, subject: str) -> Values:
        held = _reports(kind)(scope, subject)
        return {org_key(pk): Decimal(1 if held.get(org_key(pk)) else 0) for pk in scope.branches}

    return compute


metric("has_annual_plan", "有年度工作计划(是1/否0)", "")(_has_report(ReportKind.PLAN))
metric("has_annual_summary", "有年度工作总结(是1/否0)", "")(_has_report(ReportKind.SUMMARY))


# --- 组织 -------------------------------------------------------------------------------------


def overdue_at(
    end: datetime.date,
    cutoff: datetime.date,
    recorded: datetime.date | None,
    current: datetime.date | None,
) -> int:
    """换届 overdue at the period's `end` (1/0): the last 换届 on or before it — the latest
    election record up to then (`recorded`), or the organization's `last_election_on`
    (`current`) if no later — fell on or before `cutoff`, a full term earlier. Never
    elected: overdue. Elected only after the period: the election before is unknown, and
    not held against the branch."""
    known = [day for day in (recorded, current) if day is not None and day <= end]
    if known:
        return 1 if max(known) <= cutoff else 0
    return 0 if current is not None else 1


@metric("elections_overdue", "期末届期已满未换届(是1/否0)", "")
def _elections_overdue(scope: Scope, subject: str) -> Values:
    # As of the period's end, not today: a branch re-elected since was overdue then.
    cutoff = add_years(scope.end, -TermPolicy.years_for(OrgKind.BRANCH))
    recorded = dict(
        Election.objects.filter(
            organization__in=scope.organizations,
            kind=ElectionKind.GENERAL,
            held_on__lte=scope.end,
        )
        .order_by()
        .values("organization_id")
        .annotate(last=Max("held_on"))
        .values_list("organization_id", "last")
    )
    return {
        org_key(pk): Decimal(overdue_at(scope.end, cutoff, recorded.get(pk), o.last_election_on))
        for pk, o in scope.branches.items()
    }


@metric("committee_vacancies_unfilled", "期末班子有缺额未补选(是1/否0)", "")
def _committee_vacancies_unfilled(scope: Scope, subject: str) -> Values:
    # 篇四 细则二 一.2 班子成员出现缺额，不及时调整充实: the last election on or before the
    # period's end, 换届 or 补选, left seats empty. No election recorded: no known vacancy.
    rows = (
        Election.objects.filter(organization__in=scope.organizations, held_on__lte=scope.end)
        .order_by("organization_id", "-held_on", "-id")
        .values_list("organization_id", "seats", "elected")
    )
    last: dict[int, bool] = {}
    for organization_id, seats, elected in rows:
        last.setdefault(organization_id, elected < seats)
    return {org_key(pk): Decimal(1 if last.get(pk) else 0) for pk in scope.branches}


@metric("member_discipline_cases", "党员受党纪处分案件数", "件")
def _member_discipline_cases(scope: Scope, subject: str) -> Values:
    qs = scope.records(DisciplineCase, "decided_on")
    return _grouped(qs, BRANCH, Count("case_ref", distinct=True))


@metric("serious_member_discipline_cases", "党员受留党察看或开除党籍处分的案件数", "件")
def _serious_member_discipline_cases(scope: Scope, subject: str) -> Values:
    # 篇四 细则二 七.12 有党员受党纪处分……情况严重的不得分: read as 留党察看 or 开除党籍.
    qs = scope.records(DisciplineCase, "decided_on").filter(
        punishment__in=(Punishment.PROBATION, Punishment.EXPULSION)
    )
    return _grouped(qs, BRANCH, Count("case_ref", distinct=True))


# --- 发展党员 ----------------------------------------------------------------------------------


@metric(
    "development_steps_irregular",
    "不符合程序的发展党员环节数(顺序颠倒、间隔不足或延长预备期超过一年)",
    "项",
)
def _development_steps_irregular(scope: Scope, subject: str) -> Values:
    # 篇四 细则二 六.11 严格发展党员程序……有一项不符合要求扣1分: each step of the period
    # that breaks the stages' order or their least intervals. Earlier steps are read too,
    # as a step is judged against the person's previous stage.
    rows = (
        DevelopmentStep.objects.filter(organization__in=scope.organizations, step_on__lte=scope.end)
        .order_by("organization_id", "step_on", "id")
        .values_list("organization_id", "step", "person_name", "step_on", "extended_months")
    )
    # A person by name within the branch: the early steps predate the roster, so only the
    # name links them to the later ones (a member's steps carry their name too).
    by_branch: dict[int, list[tuple]] = defaultdict(list)
    for organization_id, *step in rows:
        by_branch[organization_id].append(step)
    counts = {}
    for organization_id, steps in by_branch.items():
        bad = irregular_steps(steps)
        counts[organization_id] = sum(1 for i in bad if steps[i][2] >= scope.start)
    return _by_branch(counts.items())


@dataclass(frozen=True)
class RecordsBehind:
    """Where a score sheet sends a reader who wants the records behind a metric's number:
    records of one kind (records.kinds slug), narrowed as the records list can narrow them
    (records.selectors.filtered_records)."""

    kind: str
    meeting_kind: str = ""
    # Meetings held above the subject's branch that listed its members, alone or as well.
    held: str = ""
    # Only meetings with an absence ("absent"), or with an absence or leave ("not_present").
    attendance: str = ""
    # Narrowed to the branch's secretary (书记 by today's roster, as the metric reads it).
    secretary: bool = False
    label: str | Promise = ""

    def query(self) -> dict[str, str]:
        """The records list's query for these records (a sheet adds the period and whom)."""
        narrowing = {
            "meeting_kind": self.meeting_kind, "held": self.held, "attendance": self.attendance,
        }  # fmt: skip
        return {"kind": self.kind} | {name: value for name, value in narrowing.items() if value}


_KIND_BEHIND = {
    "meeting": (
        "party_congress_meetings", "committee_meetings", "party_lectures",
        "democratic_life_meetings", "theme_party_days", "study_sessions", "group_meetings",
        "meeting_minutes_incomplete", "life_meeting_minutes_incomplete",
    ),
    "dues_payment": ("dues_arrears", "dues_paid_in_full", "has_dues_ledger"),
    "dues_hand_in": ("dues_handover_late",),
    "study_note_check": (
        "notes_month_missing", "sloppy_notes", "has_study_notes", "branch_notes_all_late",
    ),
    "development_step": ("development_steps_irregular",),
    "test_result": ("tests_failed",),
    "article": ("articles_submitted", "articles_published"),
    "app_points": ("app_points",),
    "volunteer_service": ("volunteer_hours",),
    "report_submission": (
        "info_reports", "research_articles", "secretary_reports", "work_reports",
        "has_annual_plan", "has_annual_summary",
    ),
    "election": ("elections_overdue", "committee_vacancies_unfilled"),
    "discipline_case": ("member_discipline_cases", "serious_member_discipline_cases"),
}  # fmt: skip
_MEETING_KIND_BEHIND = {
    "party_congress_meetings": MeetingKind.PARTY_CONGRESS,
    "committee_meetings": MeetingKind.COMMITTEE,
    "party_lectures": MeetingKind.LECTURE,
    "democratic_life_meetings": MeetingKind.LIFE_MEETING,
    "life_meeting_minutes_incomplete": MeetingKind.LIFE_MEETING,
    "theme_party_days": MeetingKind.THEME_DAY,
    "study_sessions": MeetingKind.STUDY,
    "group_meetings": MeetingKind.GROUP,
}
# The counts of the meetings the 三会一课 calendar (records.calendar) shows window by window:
# a sheet sends a branch's reader there to see which windows went without.
MEETINGS_IN_CALENDAR = frozenset(
    {"party_congress_meetings", "committee_meetings", "group_meetings", "party_lectures",
     "democratic_life_meetings"}
)  # fmt: skip
# A branch's attendance counts its members at meetings held above it too
# (_branch_attendance): every meeting it counts, and those someone missed.
_ATTENDANCE_BEHIND = (
    RecordsBehind("meeting", held=HELD_HERE_AND_ABOVE),
    RecordsBehind(
        "meeting",
        held=HELD_HERE_AND_ABOVE,
        attendance="not_present",
        label=gettext_lazy("meetings missed"),
    ),
)
# Metric name → the links to the records it counts: one per kind of record or of meeting.
RECORDS_BEHIND: dict[str, tuple[RecordsBehind, ...]] = {
    **{
        name: (RecordsBehind(kind, meeting_kind=_MEETING_KIND_BEHIND.get(name, "")),)
        for kind, names in _KIND_BEHIND.items()
        for name in names
    },
    "attendances": _ATTENDANCE_BEHIND,
    "expected_attendances": _ATTENDANCE_BEHIND,
    "meeting_absences": (
        RecordsBehind(
            "meeting",
            held=HELD_ABOVE,
            attendance="absent",
            label=gettext_lazy("absences at higher meetings"),
        ),
    ),
    "secretary_meeting_absences": (
        RecordsBehind(
            "meeting",
            held=HELD_ABOVE,
            attendance="absent",
            secretary=True,
            label=gettext_lazy("the secretary's absences at higher meetings"),
        ),
    ),
}


# --- Events: one per record, so every point explains itself down to the record ----------------

EventSource = Callable[[Scope, str], list[dict]]
EVENT_SOURCES: dict[str, EventSource] = {}


def events(*types: str):
    def register(source: EventSource) -> EventSource:
        for event_type in types:
            EVENT_SOURCES[event_type] = source
        return source

    return register


def _subject_of(subject: str, organization_id: int, member_id: int | None) -> dict:
    if subject == MEMBER:
        return {"subject": member_key(member_id), "branch": org_key(organization_id)}
    return {"subject": org_key(organization_id)}


# Records keep the official terms (13 kinds of punishment, 5 honour levels); schemes
# speak the seed's tiers. These tables translate, and are documented in docs/metrics.md.
DISCIPLINE_LEVEL = {
    Punishment.WARNING: "warning",  # 党内警告、严重警告、行政警告或记过 — 篇四 细则三 5分
    Punishment.SERIOUS_WARNING: "warning",
    Punishment.ADMIN_WARNING: "warning",
    Punishment.ADMIN_DEMERIT: "warning",
    Punishment.ADMIN_MAJOR_DEMERIT: "warning",
    Punishment.REMOVAL: "dismissal",  # 撤销党内职务或降职(降级) — 10分
    Punishment.ADMIN_DEMOTION: "dismissal",
    Punishment.ADMIN_REMOVAL: "dismissal",
    Punishment.PROBATION: "probation",  # 留党察看或留用察看 — 15分
    Punishment.ADMIN_PROBATION: "probation",
    Punishment.EXPULSION: "expulsion",  # 开除党籍或开除公职 — 20分
    Punishment.ADMIN_DISMISSAL: "expulsion",
}
# 篇七: 严重违纪违法行为 (罚减支部20分) — read as 留党察看 and above, or a criminal sentence.
SERIOUS_PUNISHMENTS = {
    Punishment.PROBATION,
    Punishment.ADMIN_PROBATION,
    Punishment.EXPULSION,
    Punishment.ADMIN_DISMISSAL,
    Punishment.CRIMINAL,
}
HONOUR_LEVEL = {
    HonourLevel.CENTRAL: "provincial",  # 省部级及以上
    HonourLevel.PROVINCE: "provincial",
    HonourLevel.CITY: "city",
    HonourLevel.DISTRICT: "district",
    HonourLevel.UNIT: "group",  # 本单位/集团公司级
}
# (type, level) events per incident kind; a level of SEVERITY means the incident's grade.
SEVERITY = "severity"
INCIDENT_EVENTS = {
    IncidentKind.POLITICAL_ACCIDENT: [("political_accident", None)],
    IncidentKind.SERIOUS_SAFETY_ACCIDENT: [
        ("serious_safety_accident", None),
        ("safety_accident", SEVERITY),  # 较大/重大/特别重大安全责任事故
    ],
    IncidentKind.MAJOR_VIOLATION_CASE: [("major_violation_case", None)],
    IncidentKind.MASS_INCIDENT: [("mass_incident", None), ("stability_incident", "major")],
    IncidentKind.OTHER: [("other_major_problem", None)],
}


# Each event source reads these columns and shapes every row with the function beside them
# (bench/naive.py reads the same columns one subject at a time and shapes them the same way).
DISCIPLINE_COLUMNS = (
    "pk", "organization_id", "member_id", "punishment", "case_ref", "event", "decided_on",
)  # fmt: skip


def discipline_events(subject: str, row: tuple) -> list[dict]:
    """A punishment is a `discipline` event at its tier (a criminal sentence: `staff_sanction`);
    a serious one is also `serious_violation` for the branch; any is `violation` for the member."""
    pk, organization_id, member_id, punishment, case_ref, event, decided_on = row
    common = {"date": decided_on.isoformat(), **_subject_of(subject, organization_id, member_id)}
    if punishment == Punishment.CRIMINAL:
        found = [{"id": f"discipline_case:{pk}", "type": "staff_sanction", **common}]
    else:
        found = [
            {
                "id": f"discipline_case:{pk}",
                "type": "discipline",
                "level": DISCIPLINE_LEVEL[punishment],
                "case": case_ref,
                "similar": event,
                **common,
            }
        ]
    if subject == BRANCH and punishment in SERIOUS_PUNISHMENTS:
        found.append({"id": f"discipline_case:{pk}/serious", "type": "serious_violation", **common})
    if subject == MEMBER:
        found.append({"id": f"discipline_case:{pk}/member", "type": "violation", **common})
    return found


@events("discipline", "staff_sanction", "serious_violation", "violation")
def _discipline_events(scope: Scope, subject: str) -> list[dict]:
    rows = scope.records(DisciplineCase, "decided_on").values_list(*DISCIPLINE_COLUMNS)
    return [event for row in rows for event in discipline_events(subject, row)]


EVENT_LEVELS: dict[str, set[str] | None] = {
    "discipline": set(DISCIPLINE_LEVEL.values()),
    "honor": set(HONOUR_LEVEL.values()),
    "safety_accident": set(IncidentSeverity.values),
    "stability_incident": {"major"},
}


INCIDENT_COLUMNS = ("pk", "organization_id", "kind", "severity", "occurred_on")


def incident_events(row: tuple) -> list[dict]:
    """The events of one incident at a branch (INCIDENT_EVENTS)."""
    pk, organization_id, kind, severity, day = row
    return [
        {
            "id": f"incident:{pk}" + (f"/{number}" if number else ""),
            "type": event_type,
            "subject": org_key(organization_id),
            "date": day.isoformat(),
            **({"level": severity if level == SEVERITY else level} if level else {}),
        }
        for number, (event_type, level) in enumerate(INCIDENT_EVENTS[kind])
    ]


@events(*sorted({t for pairs in INCIDENT_EVENTS.values() for t, _ in pairs}))
def _incident_events(scope: Scope, subject: str) -> list[dict]:
    if subject != BRANCH:
        return []
    rows = scope.records(Incident, "occurred_on").values_list(*INCIDENT_COLUMNS)
    return [event for row in rows if row[1] in scope.branches for event in incident_events(row)]


@events("honor")
def _honour_events(scope: Scope, subject: str) -> list[dict]:
    rows = scope.records(Honour, "awarded_on").values_list(
        "pk", "organization_id", "member_id", "level", "awarded_on"
    )
    return [
        {
            "id": f"honour:{pk}",
            "type": "honor",
            "level": HONOUR_LEVEL[level],
            "date": day.isoformat(),
            **_subject_of(subject, org, member),
        }
        for pk, org, member, level, day in rows
        if subject == BRANCH or member is not None
    ]


PUBLISHED_COLUMNS = ("pk", "organization_id", "member_id", "level", "form", "published_on")


def published_event(subject: str, row: tuple) -> dict:
    pk, organization_id, member_id, level, form, day = row
    return {
        "id": f"article:{pk}",
        "type": "info_published",
        "level": f"{level}_{form}",
        "date": day.isoformat(),
        **_subject_of(subject, organization_id, member_id),
    }


@events("info_published")
def _published_events(scope: Scope, subject: str) -> list[dict]:
    rows = (
        scope.records(Article, "published_on")
        .filter(published=True)
        .values_list(*PUBLISHED_COLUMNS)
    )
    # A member scheme has no subject for a branch's own articles.
    return [
        published_event(subject, row) for row in rows if subject == BRANCH or row[2] is not None
    ]


@events("late_report")
def _late_report_events(scope: Scope, subject: str) -> list[dict]:
    if subject != BRANCH:
        return []
    rows = (
        scope.records(ReportSubmission, "submitted_on")
        .filter(due_on__isnull=False, submitted_on__gt=F("due_on"))
        .values_list("pk", "organization_id", "kind", "submitted_on")
    )
    return [
        {
            "id": f"report_submission:{pk}",
            "type": "late_report",
            "level": kind,
            "subject": org_key(org),
            "date": day.isoformat(),
        }
        for pk, org, kind, day in rows
    ]


@events("late_study_notes")
def _late_notes_events(scope: Scope, subject: str) -> list[dict]:
    rows = (
        scope.records(StudyNoteCheck, "month")
        .filter(result=StudyNoteResult.LATE)
        .values_list("pk", "organization_id", "member_id", "month")
    )
    return [
        {
            "id": f"study_note_check:{pk}",
            "type": "late_study_notes",
            "date": month.isoformat(),
            **_subject_of(MEMBER, org, member),
        }
        for pk, org, member, month in rows
    ]


ABSENCE_COLUMNS = (
    "pk", "meeting_id", "member_id", "member__branch_id", "meeting__organization_id",
    "meeting__held_on",
)  # fmt: skip


def absence_event(event_type: str, row: tuple, held_by: Callable[[int], int | None]) -> dict:
    """One absence, for the member and the branch whose meeting it was (`held_by` the
    meeting's organization, see _held_by_branch), or above branch level the member's."""
    pk, meeting_id, member_id, member_branch, meeting_org, day = row
    return {
        "id": f"meeting:{meeting_id}#{pk}",
        "type": event_type,
        "subject": member_key(member_id),
        "branch": org_key(held_by(meeting_org) or member_branch),
        "date": day.isoformat(),
    }


def _absence_events(meeting_kind: str, event_type: str) -> EventSource:
    def source(scope: Scope, subject: str) -> list[dict]:
        rows = (
            _attendance(scope)
            .filter(NOT_PRESENT, meeting__kind=meeting_kind, status=AttendanceStatus.ABSENT)
            .values_list(*ABSENCE_COLUMNS)
        )
        held_by = partial(_held_by_branch, scope)
        return [absence_event(event_type, row, held_by) for row in rows]

    return source


EVENT_SOURCES["training_absence"] = _absence_events(MeetingKind.STUDY, "training_absence")
EVENT_SOURCES["collective_activity_absence"] = _absence_events(
    MeetingKind.THEME_DAY, "collective_activity_absence"
)


def _behind_markdown(behind: RecordsBehind) -> str:
    """One link of RECORDS_BEHIND as the records list's query reads (docs/records.md)."""
    query = [f"{name}={value}" for name, value in behind.query().items()]
    query += ["member=<the branch's 书记>"] if behind.secretary else []
    return f"`{'&'.join(query)}`"


def catalogue_markdown() -> str:
    """The catalogue as the Markdown tables in docs/metrics.md (a test keeps them equal)."""
    absent = {"zero": "0", "missing": "missing"}
    lines = [
        "| metric | meaning | unit | subjects | no records means | score sheets link to |",
        "|---|---|---|---|---|---|",
    ]
    for m in CATALOGUE.values():
        subjects = ", ".join(m.subjects)
        behind = "; ".join(_behind_markdown(b) for b in RECORDS_BEHIND.get(m.name, ())) or "—"
        lines.append(
            f"| `{m.name}` | {m.zh} | {m.unit or '—'} | {subjects} | {absent[m.absent]}"
            f" | {behind} |"
        )
    lines += ["", "| event type | from records |", "|---|---|"]
    lines += [f"| `{event_type}` | {EVENT_DOCS[event_type]} |" for event_type in EVENT_SOURCES]
    return "\n".join(lines) + "\n"


EVENT_DOCS = {
    "discipline": "违纪处分 (DisciplineCase): level = the seed's tier (warning 警告/严重警告/"
    "行政警告/记过/记大过, dismissal 撤职/降级, probation 留党察看/留用察看, expulsion 开除), "
    "case = case number (就高), similar = the event",
    "staff_sanction": "违纪处分 with a criminal sentence (判刑, 含缓刑)",
    "serious_violation": "违纪处分 of 留党察看 or above, or a criminal sentence: for the branch",
    "violation": "any 违纪处分, for the member punished",
    "political_accident": "事件 (Incident) 重大政治责任事故, for the branch",
    "serious_safety_accident": "事件 (Incident) 较大安全责任事故, for the branch",
    "safety_accident": "事件 (Incident) 安全责任事故: level = its severity (general, larger, "
    "major, especially_major)",
    "major_violation_case": "事件 (Incident) 重大违法违纪案件, for the branch",
    "mass_incident": "事件 (Incident) 群体性事件, for the branch",
    "stability_incident": "事件 (Incident) 群体性事件: level `major`",
    "other_major_problem": "事件 (Incident) of kind 'other serious incident'",
    "honor": "表彰 (Honour): level provincial (省部级及以上), city, district, group (本单位/集团)",
    "info_published": "刊登的文章/信息 (Article, published), dated and counted by its date of "
    "publication: level = `<level>_<form>`, "
    "e.g. `city_brief`, `province_typical`",
    "late_report": "报送材料 handed in after its due date: level = report kind",
    "late_study_notes": "学习笔记检查 with result 'late', for the member",
    "training_absence": "缺席集中学习 (Attendance absent at a study meeting): member, with branch",
    "collective_activity_absence": "缺席主题党日 (absent at a theme Party day): member, "
    "with branch",
}
