"""A year of plausible work records for the demo, and a bulk generator for the large demo.

The standard demo gets the previous full calendar year and the current year to date: 三会一课
with attendance for every member, dues, study-note checks, app points, tests, articles,
volunteer hours, honours, one discipline case, reports handed in, dues handed in, elections,
member development and an inspection. Branches have characters (diligent, average, with
gaps), so rankings computed from the records differ for reasons one can click through to.

Everything is seeded (`random.Random`), so the same day builds the same records. The
standard demo is written with `bulk_create` in one transaction; the large demo (about ten
million rows) with raw `executemany` (COPY on PostgreSQL) in batches, rows as plain tuples.
"""

import calendar
import datetime
import enum
import random
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from kaohe.accounts.models import User
from kaohe.db import copy_rows
from kaohe.demo.names import person_name
from kaohe.organizations.models import Member, Organization, OrgKind, Position
from kaohe.records.development import probation_end
from kaohe.records.models import (
    AppLearningPoints,
    Article,
    ArticleFormat,
    ArticleLevel,
    Attendance,
    AttendanceStatus,
    DevelopmentStage,
    DevelopmentStep,
    DisciplineCase,
    DuesHandIn,
    DuesPayment,
    Election,
    ElectionKind,
    Honour,
    HonourLevel,
    Inspection,
    InspectionKind,
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

DILIGENT, AVERAGE, GAPPY = "diligent", "average", "gappy"
# The twelve demo branches in tree order: 4 diligent, 5 average, 3 with gaps. 办公室党支部
# (the secretary login's branch) is average, so its secretary sees deductions and their records.
CHARACTERS = (
    AVERAGE, DILIGENT, GAPPY, DILIGENT,
    AVERAGE, GAPPY, DILIGENT, AVERAGE,
    DILIGENT, AVERAGE, GAPPY, AVERAGE,
)  # fmt: skip


@dataclass(frozen=True)
class Profile:
    skip_quarterly: float  # chance a 支部党员大会 or 党课 of a quarter is not held
    skip_monthly: float  # chance a 支委会, 党小组会 or 主题党日 of a month is not held
    life_months: tuple[int, ...]  # months a 民主生活会/组织生活会 is held
    study: str  # weekly | fortnightly | monthly (集中学习)
    skip_study: float
    absent: float  # chance a member is absent (缺席) from a meeting
    excused: float  # chance a member is excused (请假)
    minutes_incomplete: float  # chance the evaluator found the minutes incomplete
    dues_short: float  # chance a member-month is not paid in full
    notes_late: float
    notes_sloppy: float
    notes_missing: float
    info_reports: tuple[int, int]
    research: tuple[int, int]
    late_report: float
    handover_late: float
    app_points: int  # mean monthly points
    test_mean: int
    volunteer_events: tuple[int, int]


PROFILES = {
    DILIGENT: Profile(
        skip_quarterly=0, skip_monthly=0, life_months=(3, 6, 9, 12), study="weekly",
        skip_study=0, absent=0, excused=0.03, minutes_incomplete=0, dues_short=0,
        notes_late=0.005, notes_sloppy=0.005, notes_missing=0, info_reports=(6, 8),
        research=(1, 2), late_report=0, handover_late=0, app_points=430, test_mean=90,
        volunteer_events=(6, 9),
    ),
    AVERAGE: Profile(
        skip_quarterly=0.05, skip_monthly=0.06, life_months=(6, 12), study="fortnightly",
        skip_study=0.04, absent=0.015, excused=0.05, minutes_incomplete=0.03,
        dues_short=0.004, notes_late=0.03, notes_sloppy=0.03, notes_missing=0.01,
        info_reports=(4, 5), research=(1, 1), late_report=0.15, handover_late=0.1,
        app_points=320, test_mean=84, volunteer_events=(3, 5),
    ),
    GAPPY: Profile(
        skip_quarterly=0.3, skip_monthly=0.25, life_months=(12,), study="monthly",
        skip_study=0.2, absent=0.06, excused=0.07, minutes_incomplete=0.2, dues_short=0.03,
        notes_late=0.08, notes_sloppy=0.08, notes_missing=0.04, info_reports=(1, 3),
        research=(0, 1), late_report=0.7, handover_late=0.4, app_points=210, test_mean=76,
        volunteer_events=(1, 2),
    ),
}  # fmt: skip

TOPICS = {
    MeetingKind.PARTY_CONGRESS: (
        "通报支部工作，讨论确定发展对象",
        "学习传达上级党委会议精神",
        "民主评议党员，推荐优秀共产党员",
        "通报党费收缴和使用情况",
    ),
    MeetingKind.COMMITTEE: (
        "研究本月党建工作安排",
        "研究主题党日活动方案",
        "分析党员思想状况",
        "研究发展党员和党费收缴工作",
    ),
    MeetingKind.GROUP: ("学习交流心得体会", "传达支部工作安排", "开展谈心谈话", "讨论业务工作"),
    MeetingKind.LECTURE: (
        "书记讲党课:坚定理想信念，践行初心使命",
        "党课:加强党性修养，严守纪律规矩",
        "党课:发扬斗争精神，推动高质量发展",
        "党课:践行全心全意为人民服务的根本宗旨",
    ),
    MeetingKind.LIFE_MEETING: ("组织生活会暨民主评议党员", "专题组织生活会", "民主生活会"),
    MeetingKind.THEME_DAY: (
        "重温入党誓词",
        "走进社区开展志愿服务",
        "参观革命传统教育基地",
        "开展“学党章、守党规”知识竞答",
        "结对共建交流活动",
    ),
    MeetingKind.STUDY: (
        "学习《中国共产党章程》",
        "学习《中国共产党纪律处分条例》",
        "学习习近平新时代中国特色社会主义思想专题",
        "学习《关于新形势下党内政治生活的若干准则》",
        "学习上级文件精神",
        "学习党史专题",
    ),
}
PLACES = ("机关三楼会议室", "支部活动室", "党员活动室", "机关五楼会议室")
NOTE_REMARKS = {
    StudyNoteResult.LATE: "未按时上交",
    StudyNoteResult.SLOPPY: "记录潦草，未注明学习时间",
    StudyNoteResult.MISSING: "本月未上交学习笔记",
}
VOLUNTEER_ACTIVITIES = (
    "社区垃圾分类宣传",
    "文明交通劝导",
    "关爱空巢老人走访",
    "无偿献血志愿服务",
    "防范电信诈骗宣传",
    "创建文明城市志愿服务",
)
ARTICLE_TITLES = (
    "支部“三会一课”的几点做法",
    "主题党日走进社区",
    "以党建促业务的实践与思考",
    "发挥党员先锋模范作用的体会",
    "我身边的优秀共产党员",
    "学习党纪条例的心得",
    "把支部建在项目上",
)


# --- the meeting plan, shared by both sizes ------------------------------------------------


def _weekday(day: datetime.date) -> datetime.date:
    """The nearest working day on or before `day` (Saturday → Friday, Sunday → Friday)."""
    if day.weekday() >= 5:
        return day - datetime.timedelta(days=day.weekday() - 4)
    return day


def _day(year: int, month: int, low: int, high: int, rng: random.Random) -> datetime.date:
    last = calendar.monthrange(year, month)[1]
    return _weekday(datetime.date(year, month, min(rng.randint(low, high), last)))


def meeting_plan(
    rng: random.Random, profile: Profile, year: int, groups: int
) -> list[tuple[str, datetime.date, int | None]]:
    """The meetings a branch holds in `year`: (kind, date, group index or None)."""
    plan: list[tuple[str, datetime.date, int | None]] = []
    for quarter in range(4):
        first = quarter * 3 + 1
        if rng.random() >= profile.skip_quarterly:
            plan.append((MeetingKind.PARTY_CONGRESS, _day(year, first + 1, 8, 25, rng), None))
        if rng.random() >= profile.skip_quarterly:
            plan.append((MeetingKind.LECTURE, _day(year, first + 2, 10, 25, rng), None))
    for month in range(1, 13):
        if rng.random() >= profile.skip_monthly:
            plan.append((MeetingKind.COMMITTEE, _day(year, month, 2, 8, rng), None))
        if rng.random() >= profile.skip_monthly / 2:
            plan.append((MeetingKind.THEME_DAY, _day(year, month, 1, 5, rng), None))
        for group in range(groups):
            if rng.random() >= profile.skip_monthly:
                plan.append((MeetingKind.GROUP, _day(year, month, 10, 20, rng), group))
        if month in profile.life_months and rng.random() >= profile.skip_quarterly:
            plan.append((MeetingKind.LIFE_MEETING, _day(year, month, 18, 28, rng), None))
    plan.extend((MeetingKind.STUDY, day, None) for day in _study_days(rng, profile, year))
    return plan


def _study_days(rng: random.Random, profile: Profile, year: int) -> list[datetime.date]:
    """集中学习 on Friday afternoons: every week, every other week, or once a month."""
    day = datetime.date(year, 1, 1)
    day += datetime.timedelta(days=(4 - day.weekday()) % 7)  # the first Friday
    fridays = []
    while day.year == year:
        fridays.append(day)
        day += datetime.timedelta(days=7)
    if profile.study == "weekly":
        chosen = fridays
    elif profile.study == "fortnightly":
        chosen = fridays[::2]
    else:
        chosen = [next(f for f in fridays if f.month == m) for m in range(1, 13)]
    return [d for d in chosen if rng.random() >= profile.skip_study]


# --- the standard demo ---------------------------------------------------------------------


def demo_records_exist(root: Organization) -> bool:
    return Meeting.objects.filter(organization__path__startswith=root.path).exists()


def branch_characters(root: Organization) -> dict[int, str]:
    """Each demo branch's character (diligent, average, gappy), by branch id."""
    branches = Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH)
    return {
        pk: CHARACTERS[i % len(CHARACTERS)]
        for i, pk in enumerate(branches.order_by("path").values_list("pk", flat=True))
    }


@dataclass
class _Branch:
    org: Organization
    character: str
    profile: Profile
    groups: list[Organization]
    members: list[Member]
    entered_by: User


def build_demo_records(
    root: Organization, *, today: datetime.date, seed: int = 2025
) -> dict[str, int]:
    """A full year of records (the previous calendar year) and the current year to date.

    Returns the number of rows written per model.
    """
    rng = random.Random(seed)
    admin = User.objects.filter(username="admin").first() or (
        User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if admin is None:
        raise ValueError("the demo records need the demo admin login")
    secretary = User.objects.filter(username="secretary").first()
    evaluator = User.objects.filter(username="evaluator").first() or admin
    subtree = Organization.objects.filter(path__startswith=root.path)
    branch_orgs = list(subtree.filter(kind=OrgKind.BRANCH).order_by("path"))
    groups_by_path: dict[str, list[Organization]] = {}
    for group in subtree.filter(kind=OrgKind.GROUP).order_by("path"):
        groups_by_path.setdefault(group.path[: -Organization.steplen], []).append(group)
    members_by_branch: dict[int, list[Member]] = {}
    for member in Member.objects.filter(branch__in=branch_orgs).order_by("id"):
        members_by_branch.setdefault(member.branch_id, []).append(member)
    secretary_branch = secretary.member.branch_id if secretary and secretary.member_id else None
    branches = [
        _Branch(
            org,
            CHARACTERS[i % len(CHARACTERS)],
            PROFILES[CHARACTERS[i % len(CHARACTERS)]],
            groups_by_path.get(org.path, []),
            members_by_branch.get(org.pk, []),
            secretary if secretary and org.pk == secretary_branch else admin,
        )
        for i, org in enumerate(branch_orgs)
    ]
    writer = _DemoWriter(rng, today, evaluator)
    years = (today.year - 1, today.year)
    with transaction.atomic():
        for year in years:
            for index, branch in enumerate(branches):
                writer.branch_year(branch, year, index)
        writer.specials(branches, today.year - 1)
        writer.secretaries_meetings(root, branches, today.year - 1, admin)
        writer.elections(subtree.exclude(kind=OrgKind.GROUP).order_by("path"), admin)
        return writer.flush()


class _DemoWriter:
    def __init__(self, rng: random.Random, today: datetime.date, evaluator: User) -> None:
        self.rng = rng
        self.today = today
        self.evaluator = evaluator
        self.rows: dict[type, list] = {}
        self.meetings: list[tuple[Meeting, list[tuple[int, str]]]] = []
        self.checked_at = timezone.now()

    def add(self, obj) -> None:
        self.rows.setdefault(type(obj), []).append(obj)

    def flush(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        meetings = [m for m, _ in self.meetings]
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        counts["Meeting"] = len(meetings)
        # The rest as plain rows through executemany: model objects are built (they read
        # well), but bulk_create's per-value preparation would triple the demo's build time.
        now = timezone.now()
        with connection.cursor() as cursor:
            table = _Table(cursor, Attendance, ("meeting", "member", "status"))
            table.extend(
                (meeting.pk, member_id, _plain(status))
                for meeting, rows in self.meetings
                for member_id, status in rows
            )
            table.flush()
            counts["Attendance"] = table.count
            for model, objs in self.rows.items():
                fields = [
                    f.name
                    for f in model._meta.concrete_fields
                    if not f.primary_key and f.name not in ("created_at", "updated_at")
                ]
                table = _Table(cursor, model, fields, {"created_at": now, "updated_at": now})
                attnames = [model._meta.get_field(name).attname for name in fields]
                table.extend(tuple(_plain(getattr(obj, name)) for name in attnames) for obj in objs)
                table.flush()
                counts[model.__name__] += table.count
        return dict(counts)

    # -- one branch, one year ----------------------------------------------------------------

    def branch_year(self, branch: _Branch, year: int, index: int) -> None:
        rng, today = self.rng, self.today
        previous_year = year < today.year
        plan = meeting_plan(rng, branch.profile, year, len(branch.groups))
        plan = [(kind, self._not_after_today(day), g) for kind, day, g in plan]
        plan = [(kind, day, g) for kind, day, g in plan if day <= today]
        plan.sort(key=lambda p: p[1])
        forced_absences = self._forced_absences(branch, plan, index, previous_year)
        secretary = next(
            (m for m in branch.members if m.position == Position.SECRETARY), branch.members[0]
        )
        for number, (kind, day, group_index) in enumerate(plan):
            if group_index is None:
                org, roster = branch.org, branch.members
                host = secretary.name
            else:
                org = branch.groups[group_index]
                roster = [m for m in branch.members if m.group_id == org.pk]
                leader = next((m for m in roster if m.position == Position.GROUP_LEADER), None)
                host = (leader or secretary).name
            roster = [m for m in roster if m.joined_party_on <= day]
            statuses = [
                (m.pk, self._status(branch.profile, (number, m.pk) in forced_absences))
                for m in roster
            ]
            present = sum(1 for _, s in statuses if s == AttendanceStatus.PRESENT)
            topic = rng.choice(TOPICS[kind])
            checked = day < today.replace(day=1)
            complete = checked and rng.random() >= branch.profile.minutes_incomplete
            meeting = Meeting(
                organization=org,
                entered_by=branch.entered_by,
                kind=kind,
                held_on=day,
                topic=topic,
                location=rng.choice(PLACES),
                host=host,
                minutes=f"应到{len(roster)}人，实到{present}人。{host}主持，{topic}。",
                minutes_complete=complete,
                minutes_checked_by=self.evaluator if checked else None,
                minutes_checked_at=self.checked_at if checked else None,
            )
            self.meetings.append((meeting, statuses))
        months = range(1, 13) if previous_year else range(1, today.month)
        for member in branch.members:
            self._member_months(branch, member, year, months)
        self._member_year(branch, year, months)
        self._branch_reports(branch, year)

    def _not_after_today(self, day: datetime.date) -> datetime.date:
        """A meeting planned for later this month is moved to a day this month already saw,
        so the current month's calendar has its meetings."""
        today = self.today
        if day > today and (day.year, day.month) == (today.year, today.month):
            return today.replace(day=self.rng.randint(1, today.day))
        return day

    def _forced_absences(self, branch, plan, index, previous_year) -> set[tuple[int, int]]:
        """Diligent branches are not perfect in the same way: the n-th diligent branch has n
        absences at 主题党日 in the assessed year, so their totals differ (and awards with a
        quota have no tie on the line)."""
        if branch.character != DILIGENT or not previous_year:
            return set()
        diligent_before = CHARACTERS[:index].count(DILIGENT) if index < len(CHARACTERS) else 0
        theme_days = [n for n, (kind, _, _) in enumerate(plan) if kind == MeetingKind.THEME_DAY]
        rank_and_file = [m.pk for m in branch.members if m.position == Position.NONE]
        absentees = self.rng.sample(rank_and_file, min(diligent_before, len(rank_and_file)))
        return {(self.rng.choice(theme_days), member) for member in absentees}

    def _status(self, profile: Profile, forced_absent: bool) -> str:
        if forced_absent:
            return AttendanceStatus.ABSENT
        roll = self.rng.random()
        if roll < profile.absent:
            return AttendanceStatus.ABSENT
        if roll < profile.absent + profile.excused:
            return AttendanceStatus.EXCUSED
        return AttendanceStatus.PRESENT

    def _member_months(self, branch: _Branch, member: Member, year: int, months) -> None:
        rng, profile = self.rng, branch.profile
        due = dues_due(member, year)
        common = {"organization": branch.org, "entered_by": branch.entered_by, "member": member}
        for month in months:
            first = datetime.date(year, month, 1)
            if first < member.joined_party_on.replace(day=1):
                continue
            paid_on = _weekday(first + datetime.timedelta(days=rng.randint(4, 14)))
            if paid_on > self.today:
                paid_on = self.today
            if rng.random() < profile.dues_short:
                paid, paid_on = Decimal(0), None
            else:
                paid = due
            self.add(
                DuesPayment(
                    **common, month=first, amount_due=due, amount_paid=paid, paid_on=paid_on
                )
            )
            roll = rng.random()
            if roll < profile.notes_missing:
                result = StudyNoteResult.MISSING
            elif roll < profile.notes_missing + profile.notes_late:
                result = StudyNoteResult.LATE
            elif roll < profile.notes_missing + profile.notes_late + profile.notes_sloppy:
                result = StudyNoteResult.SLOPPY
            else:
                result = StudyNoteResult.COMPLETE
            self.add(
                StudyNoteCheck(
                    **common, month=first, result=result, remarks=NOTE_REMARKS.get(result, "")
                )
            )
            points = max(int(rng.gauss(profile.app_points, profile.app_points * 0.25)), 0)
            self.add(AppLearningPoints(**common, month=first, points=points))

    def _member_year(self, branch: _Branch, year: int, months) -> None:
        """Tests, volunteer service and articles: a few per member and year."""
        rng, profile, today = self.rng, branch.profile, self.today
        common = {"organization": branch.org, "entered_by": branch.entered_by}
        for month in (6, 12):
            taken = _weekday(datetime.date(year, month, 20))
            if month not in months or taken > today:
                continue
            for member in branch.members:
                if member.joined_party_on > taken:
                    continue
                score = min(max(round(rng.gauss(profile.test_mean, 8)), 35), 100)
                self.add(
                    TestResult(
                        **common,
                        member=member,
                        title=f"{year}年{'上' if month == 6 else '下'}半年政治理论知识测试",
                        taken_on=taken,
                        score=Decimal(score),
                    )
                )
        for _ in range(rng.randint(*profile.volunteer_events)):
            month = rng.choice(list(months) or [1])
            served = _day(year, month, 1, 28, rng)
            if served > today:
                continue
            activity = rng.choice(VOLUNTEER_ACTIVITIES)
            volunteers = rng.sample(branch.members, min(len(branch.members), rng.randint(5, 12)))
            for member in volunteers:
                if member.joined_party_on <= served:
                    hours = Decimal(rng.choice((2, 2, 3, 3, 4, 4, 6)))
                    self.add(
                        VolunteerService(
                            **common,
                            member=member,
                            served_on=served,
                            hours=hours,
                            activity=activity,
                        )
                    )
        articles = {DILIGENT: (3, 6), AVERAGE: (2, 4), GAPPY: (0, 2)}[branch.character]
        for _ in range(rng.randint(*articles)):
            submitted = _day(year, rng.choice(list(months) or [1]), 1, 20, rng)
            if submitted > today:
                continue
            published = rng.random() < 0.5
            published_on = submitted + datetime.timedelta(days=rng.randint(5, 20))
            published = published and published_on <= today
            self.add(
                Article(
                    **common,
                    member=rng.choice(branch.members),
                    title=rng.choice(ARTICLE_TITLES),
                    submitted_on=submitted,
                    published=published,
                    published_on=published_on if published else None,
                    level=ArticleLevel.INTERNAL if published else "",
                    form=ArticleFormat.BRIEF if published else "",
                    outlet="《机关党建》内刊" if published else "",
                )
            )

    def _branch_reports(self, branch: _Branch, year: int) -> None:
        """Plans, summaries, 述职, research and information reports, and dues handed in."""
        rng, profile, today = self.rng, branch.profile, self.today
        common = {"organization": branch.org, "entered_by": branch.entered_by}

        def report(kind, title, due_on, early=(3, 20), late=(5, 40)) -> None:
            is_late = rng.random() < profile.late_report
            delta = rng.randint(*late) if is_late else -rng.randint(*early)
            submitted = _weekday(due_on + datetime.timedelta(days=delta))
            if submitted <= today:
                self.add(
                    ReportSubmission(
                        **common, kind=kind, title=title, due_on=due_on, submitted_on=submitted
                    )
                )

        name = branch.org.name
        report(ReportKind.PLAN, f"{name}{year}年党建工作计划", datetime.date(year, 1, 31))
        report(
            ReportKind.SUMMARY,
            f"{name}{year - 1}年党建工作总结",
            datetime.date(year, 1, 20),
            early=(2, 15),  # handed in January, not the year before
        )
        report(
            ReportKind.DUTY_REPORT,
            f"{name}书记{year - 1}年抓党建述职报告",
            datetime.date(year, 1, 25),
        )
        if branch.character != GAPPY or rng.random() < 0.5:
            report(
                ReportKind.SUMMARY, f"{name}{year}年上半年党建工作总结", datetime.date(year, 7, 15)
            )
        for n in range(rng.randint(*profile.research)):
            report(ReportKind.RESEARCH, f"关于加强机关党支部标准化建设的调研({n + 1})",
                   datetime.date(year, 11, 30), early=(10, 60), late=(3, 10))  # fmt: skip
        info = rng.randint(*profile.info_reports)
        for n in range(info):
            month = 1 + (n * 12) // max(info, 1)
            day = _day(year, month, 5, 25, rng)
            if day <= today:
                self.add(
                    ReportSubmission(
                        **common,
                        kind=ReportKind.INFORMATION,
                        title=f"{name}党建信息:{rng.choice(ARTICLE_TITLES)}",
                        submitted_on=day,
                    )
                )
        for quarter in range(4):
            start = datetime.date(year, quarter * 3 + 1, 1)
            end = datetime.date(year, quarter * 3 + 3, 1)
            due = (end + datetime.timedelta(days=40)).replace(day=10)
            late = rng.random() < profile.handover_late
            handed = _weekday(due + datetime.timedelta(days=rng.randint(3, 20) if late else -5))
            if handed > today:
                continue
            amount = sum(
                (dues_due(m, year) * 3 for m in branch.members if m.joined_party_on < start),
                Decimal(0),
            )
            self.add(
                DuesHandIn(
                    **common,
                    period_start=start,
                    period_end=end,
                    amount=amount,
                    handed_in_on=handed,
                    received_by="机关党委组织部",
                )
            )

    # -- one-off records ------------------------------------------------------------------------

    def specials(self, branches: list[_Branch], year: int) -> None:
        """Honours, publications above the internal level, the discipline case, member
        development and an inspection: the records that make a year memorable."""
        rng = self.rng
        diligent = [b for b in branches if b.character == DILIGENT]
        gappy = [b for b in branches if b.character == GAPPY]
        average = [b for b in branches if b.character == AVERAGE]

        def plain(branch: _Branch) -> Member:
            return next(m for m in branch.members if m.position == Position.NONE)

        def common(branch: _Branch) -> dict:
            return {"organization": branch.org, "entered_by": branch.entered_by}

        honours = [
            (diligent[0], None, "先进基层党组织", HonourLevel.CITY, "中共某市委", 6, 28),
            (diligent[1], plain(diligent[1]), "优秀共产党员", HonourLevel.DISTRICT, "区委", 6, 30),
            (diligent[2], None, "党建工作创新奖", HonourLevel.UNIT, "机关党委", 12, 20),
            (average[0], plain(average[0]), "优秀党务工作者", HonourLevel.UNIT, "机关党委", 6, 30),
        ]
        for branch, member, title, level, by, month, day in honours:
            self.add(
                Honour(
                    **common(branch),
                    member=member,
                    title=title,
                    level=level,
                    awarded_by=by,
                    awarded_on=datetime.date(year, month, day),
                )
            )
        publications = [
            (diligent[0], ArticleLevel.CITY, ArticleFormat.TYPICAL, "《某市党建》", 4),
            (diligent[1], ArticleLevel.PROVINCE, ArticleFormat.BRIEF, "《某省机关党建》", 9),
            (average[1], ArticleLevel.CITY, ArticleFormat.BRIEF, "某市党建网", 10),
        ]
        for branch, level, form, outlet, month in publications:
            submitted = datetime.date(year, month, 8)
            self.add(
                Article(
                    **common(branch),
                    member=plain(branch),
                    title=f"{branch.org.name}:{rng.choice(ARTICLE_TITLES)}",
                    submitted_on=submitted,
                    published=True,
                    published_on=submitted + datetime.timedelta(days=18),
                    level=level,
                    form=form,
                    outlet=outlet,
                )
            )
        culprit_branch = gappy[0]
        culprit = discipline_member(culprit_branch.members)
        for punishment, decided_by in (
            (Punishment.WARNING, "机关纪委"),
            (Punishment.ADMIN_DEMERIT, "市发展和改革委员会"),
        ):
            self.add(
                DisciplineCase(
                    **common(culprit_branch),
                    member=culprit,
                    case_ref=f"发改纪〔{year}〕3号",
                    event="违反中央八项规定精神，违规收受礼品礼金",
                    punishment=punishment,
                    decided_on=datetime.date(year, 8, 14),
                    decided_by=decided_by,
                )
            )
        for branch in branches:
            for member in branch.members:
                if member.status != "probationary":
                    continue
                joined = member.joined_party_on
                for stage, days in (
                    (DevelopmentStage.APPLICATION, 900),
                    (DevelopmentStage.ACTIVIST, 700),
                    (DevelopmentStage.CANDIDATE, 120),
                    (DevelopmentStage.PROBATIONARY, 0),
                ):
                    self.add(
                        DevelopmentStep(
                            **common(branch),
                            member=member,
                            person_name=member.name,
                            step=stage,
                            step_on=joined - datetime.timedelta(days=days),
                        )
                    )
        # A 发展对象 named eight months after becoming 积极分子: less than the year of
        # training the rules ask (development_steps_irregular).
        hasty = gappy[-1]
        for stage, month, day in (
            (DevelopmentStage.APPLICATION, 1, 6),
            (DevelopmentStage.ACTIVIST, 1, 20),
            (DevelopmentStage.CANDIDATE, 9, 22),
        ):
            self.add(
                DevelopmentStep(
                    **common(hasty),
                    member=None,
                    person_name="周晓航",
                    step=stage,
                    step_on=datetime.date(year, month, day),
                )
            )
        # A 预备期 extended by six months and then ended in 转正, and one cancelled: what the
        # 发展党员台账 shows besides the way itself (both regular).
        for name, steps in (
            (
                "马延期",
                [
                    (DevelopmentStage.PROBATIONARY, datetime.date(year - 1, 5, 8), None),
                    (DevelopmentStage.EXTENDED, datetime.date(year, 5, 12), 6),
                    (DevelopmentStage.FULL, datetime.date(year, 11, 14), None),
                ],
            ),
            (
                "韩取消",
                [
                    (DevelopmentStage.PROBATIONARY, datetime.date(year - 1, 9, 3), None),
                    (DevelopmentStage.CANCELLED, datetime.date(year, 6, 20), None),
                ],
            ),
        ):
            for stage, day, months in steps:
                self.add(
                    DevelopmentStep(
                        **common(average[0]),
                        member=None,
                        person_name=name,
                        step=stage,
                        step_on=day,
                        extended_months=months,
                    )
                )
        for branch in gappy:
            self.add(
                Inspection(
                    **common(branch),
                    kind=InspectionKind.SPOT_CHECK,
                    inspected_on=datetime.date(year, 10, 16),
                    inspector="机关党委督查组",
                    findings_count=2,
                    findings="部分会议记录不全;党费收缴台账未按季公布。",
                )
            )

    def secretaries_meetings(
        self, root: Organization, branches: list[_Branch], year: int, entered_by: User
    ) -> None:
        """The 党委's quarterly 理论学习中心组(扩大)学习 with every branch secretary: a meeting
        held above branch level, where a gappy branch's secretary misses one and an average
        one asks leave once (上级会议缺席, 支部书记未按时出席)."""
        days = [_weekday(datetime.date(year, month, 16)) for month in (3, 6, 9, 12)]
        rows_by_day: list[list[tuple[int, str]]] = [[] for _ in days]
        for index, branch in enumerate(branches):
            secretary = next((m for m in branch.members if m.position == Position.SECRETARY), None)
            if secretary is None:
                continue
            for quarter, rows in enumerate(rows_by_day):
                status = AttendanceStatus.PRESENT
                if quarter == index % len(days):
                    status = {
                        GAPPY: AttendanceStatus.ABSENT,
                        AVERAGE: AttendanceStatus.EXCUSED,
                    }.get(branch.character, AttendanceStatus.PRESENT)
                rows.append((secretary.pk, status))
        for day, rows in zip(days, rows_by_day, strict=True):
            present = sum(1 for _, status in rows if status == AttendanceStatus.PRESENT)
            meeting = Meeting(
                organization=root,
                entered_by=entered_by,
                kind=MeetingKind.STUDY,
                held_on=day,
                topic="党委理论学习中心组(扩大)学习:各党支部书记参加",
                location="机关三楼会议室",
                host="机关党委书记",
                minutes=f"应到{len(rows)}人，实到{present}人。传达学习上级会议精神，部署下阶段党建工作。",
                minutes_complete=True,
                minutes_checked_by=self.evaluator,
                minutes_checked_at=self.checked_at,
            )
            self.meetings.append((meeting, rows))

    def elections(self, organizations, entered_by: User) -> None:
        """The 换届选举 behind each organization's `last_election_on`, with its seats."""
        committee = Counter(
            Member.objects.filter(
                position__in=[
                    Position.SECRETARY,
                    Position.DEPUTY_SECRETARY,
                    Position.COMMITTEE_MEMBER,
                ]
            ).values_list("branch_id", flat=True)
        )
        for org in organizations:
            if org.last_election_on is None:
                continue
            seats = committee.get(org.pk) or (7 if org.kind == OrgKind.COMMITTEE else 5)
            self.add(
                Election(
                    organization=org,
                    entered_by=entered_by,
                    kind=ElectionKind.GENERAL,
                    held_on=org.last_election_on,
                    seats=seats,
                    elected=seats,
                )
            )


def _plain(value):
    """An enum member (TextChoices) as its plain value, for the database driver."""
    return value.value if isinstance(value, enum.Enum) else value


def discipline_member(members: list[Member]) -> Member:
    """The member who carries the demo's discipline case: the first rank-and-file member."""
    return next(m for m in members if m.position == Position.NONE)


DUES_BANDS = ((Decimal(3000), Decimal("0.005")), (Decimal(5000), Decimal("0.01")),
              (Decimal(10000), Decimal("0.015")))  # fmt: skip


def dues_due(member: Member, year: int) -> Decimal:
    """党费 per month: a share of a salary estimated from age and position (the usual bands:
    ≤3000 yuan 0.5%, ≤5000 1%, ≤10000 1.5%, above 2%)."""
    age = year - member.birth_date.year
    salary = Decimal(3200 + max(age - 22, 0) * 150 + (member.pk % 7) * 120)
    if member.position in (Position.SECRETARY, Position.DEPUTY_SECRETARY):
        salary += 1500
    rate = next((r for limit, r in DUES_BANDS if salary <= limit), Decimal("0.02"))
    return (salary * rate).quantize(Decimal("0.01"))


# --- the large demo --------------------------------------------------------------------------


LARGE_CHARACTERS = (DILIGENT, DILIGENT, DILIGENT, AVERAGE, AVERAGE, GAPPY)
LOADER_USERNAME = "demo-loader"


def _loader() -> User:
    """The login recorded as `entered_by` of bulk-loaded records (it cannot log in)."""
    user, created = User.objects.get_or_create(
        username=LOADER_USERNAME, defaults={"display_name": "演示数据导入", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _development_chain(
    rng: random.Random, until: datetime.date, hasty: bool
) -> list[tuple[str, datetime.date, int | None]]:
    """One person's 发展党员 steps (stage, day, months extended), begun in the four years
    before `until` and recorded up to it: most 转正 on time, a few probations extended by
    six months, a few not yet discussed when due (the dashboard's 预备期已满未转正); a hasty
    branch names a 发展对象 after eight months of training (development_steps_irregular)."""
    day = until - datetime.timedelta(days=rng.randrange(4 * 365))
    steps = [(DevelopmentStage.APPLICATION.value, day, None)]
    training = (240, 250) if hasty else (370, 480)
    for stage, (low, high) in (
        (DevelopmentStage.ACTIVIST, (60, 270)),
        (DevelopmentStage.CANDIDATE, training),
        (DevelopmentStage.PROBATIONARY, (90, 180)),
    ):
        day += datetime.timedelta(days=rng.randint(low, high))
        if day > until:
            return steps
        steps.append((stage.value, day, None))
    admitted, roll, extended = day, rng.random(), 0
    if roll < 0.05:
        return steps
    if roll < 0.09:
        extended = 6
        day = probation_end(admitted) + datetime.timedelta(days=rng.randint(1, 20))
        if day > until:
            return steps
        steps.append((DevelopmentStage.EXTENDED.value, day, extended))
    day = probation_end(admitted, extended) + datetime.timedelta(days=rng.randint(0, 20))
    if day <= until:
        steps.append((DevelopmentStage.FULL.value, day, None))
    return steps


class _Table:
    """INSERT rows of one model, `batch` rows at a time: executemany, or COPY on PostgreSQL.

    `fields` are the columns a row tuple carries; `constants` fill the rest (created_at,
    entered_by …), already adapted. Dates and decimals go through the field's own
    get_db_prep_save once per distinct value (cached), so SQLite and PostgreSQL get what
    Model.save() would write.
    """

    def __init__(self, cursor, model, fields, constants=None, batch: int = 100_000) -> None:
        meta = model._meta
        constants = constants or {}
        names = list(fields) + list(constants)
        columns = [meta.get_field(n).column for n in names]
        quote = connection.ops.quote_name
        # Identifiers come from model metadata, never from input; values are parameters.
        table = quote(meta.db_table)
        names_sql = ", ".join(quote(c) for c in columns)
        values_sql = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {table} ({names_sql}) VALUES ({values_sql})"  # noqa: S608
        self.table, self.names = table, names_sql
        self.tail = tuple(
            meta.get_field(n).get_db_prep_save(v, connection) for n, v in constants.items()
        )
        self.cursor = cursor
        self.batch = batch
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.tail if self.tail else row)
        if len(self.rows) >= self.batch:
            self.flush()

    def extend(self, rows) -> None:
        tail = self.tail
        if tail:
            self.rows.extend(r + tail for r in rows)
        else:
            self.rows.extend(rows)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            # One INSERT per row is a round trip each even when pipelined: the year of the
            # large demo took 220 s that way on PostgreSQL.
            copy_rows(self.cursor, self.table, self.names, self.rows)
        else:
            self.cursor.executemany(self.sql, self.rows)
        self.count += len(self.rows)
        self.rows = []


class _Cache(dict):
    """Adapted values of one field, computed once per distinct value."""

    def __init__(self, model, field: str) -> None:
        super().__init__()
        self.prep = model._meta.get_field(field).get_db_prep_save

    def __missing__(self, value):
        adapted = self[value] = self.prep(value, connection)
        return adapted


def build_large_records(
    root: Organization, year: int, *, seed: int = 11, today: datetime.date | None = None
) -> dict[str, int]:
    """A year of records for the large demo's subtree, about 10 million rows at full size.

    Same shape as the standard demo (三会一课 with attendance, dues, notes, app points,
    volunteer hours, articles, reports, dues handed in, elections, and 发展党员 steps over
    the last four years up to `today`, by default the year's last day), written with raw
    executemany in one transaction. Returns the rows written per model (and `seconds`).
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    # Its own generator, so the development steps leave the year's other records as they were.
    development_rng = random.Random(seed + 1)
    until = today or datetime.date(year, 12, 31)
    loader = _loader()
    subtree = Organization.objects.filter(path__startswith=root.path)
    branches = list(
        subtree.filter(kind=OrgKind.BRANCH).order_by("path").values_list("pk", "path", "name")
    )
    group_ids: dict[str, list[int]] = {}
    for pk, path in subtree.filter(kind=OrgKind.GROUP).order_by("path").values_list("pk", "path"):
        group_ids.setdefault(path[: -Organization.steplen], []).append(pk)
    roster: dict[int, list[tuple[int, int | None, int, Decimal]]] = {}
    members = Member.objects.filter(branch__path__startswith=root.path).order_by("id")
    for pk, branch_id, group_id, joined, birth, position in members.values_list(
        "pk", "branch_id", "group_id", "joined_party_on", "birth_date", "position"
    ):
        probe = Member(pk=pk, birth_date=birth, position=position)
        roster.setdefault(branch_id, []).append(
            (pk, group_id, joined.toordinal(), dues_due(probe, year))
        )
    now = timezone.now()
    common = {"entered_by": loader.pk, "created_at": now, "updated_at": now}
    first_day = datetime.date(year, 1, 1).toordinal()
    months = [datetime.date(year, m, 1) for m in range(1, 13)]

    with transaction.atomic(), connection.cursor() as cursor:
        next_meeting = (
            Meeting.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        first_meeting = next_meeting
        t_meeting = _Table(
            cursor, Meeting,
            ("id", "organization", "kind", "held_on", "topic", "minutes_complete"),
            {**common, "location": "", "host": "", "minutes": ""},
        )  # fmt: skip
        t_attendance = _Table(cursor, Attendance, ("meeting", "member", "status"))
        t_dues = _Table(
            cursor, DuesPayment,
            ("organization", "member", "month", "amount_due", "amount_paid", "paid_on"), common,
        )  # fmt: skip
        t_notes = _Table(
            cursor, StudyNoteCheck, ("organization", "member", "month", "result"),
            {**common, "remarks": ""},
        )  # fmt: skip
        t_points = _Table(
            cursor, AppLearningPoints, ("organization", "member", "month", "points"), common
        )
        t_tests = _Table(
            cursor,
            TestResult,
            ("organization", "member", "title", "taken_on", "score"),
            {**common, "full_score": Decimal(100), "pass_score": Decimal(60)},
        )
        t_volunteer = _Table(
            cursor, VolunteerService, ("organization", "member", "served_on", "hours", "activity"),
            common,
        )  # fmt: skip
        t_reports = _Table(
            cursor, ReportSubmission, ("organization", "kind", "title", "due_on", "submitted_on"),
            common,
        )  # fmt: skip
        t_handins = _Table(
            cursor, DuesHandIn, ("organization", "period_start", "period_end", "amount",
                                 "handed_in_on"), {**common, "received_by": ""},
        )  # fmt: skip
        t_development = _Table(
            cursor, DevelopmentStep,
            ("organization", "person_name", "step", "step_on", "extended_months"), common,
        )  # fmt: skip
        t_articles = _Table(
            cursor, Article,
            ("organization", "member", "title", "submitted_on", "published", "published_on",
             "level", "form"), {**common, "outlet": ""},
        )  # fmt: skip
        held = _Cache(Meeting, "held_on")
        month_of = _Cache(DuesPayment, "month")
        money = _Cache(DuesPayment, "amount_due")
        hours_of = _Cache(VolunteerService, "hours")
        zero = money[Decimal(0)]
        month_values = [month_of[m] for m in months]
        # Plain str values (not the enum members) for the database driver.
        present, excused, absent = (
            AttendanceStatus.PRESENT.value,
            AttendanceStatus.EXCUSED.value,
            AttendanceStatus.ABSENT.value,
        )
        note_values = (
            StudyNoteResult.MISSING.value,
            StudyNoteResult.LATE.value,
            StudyNoteResult.SLOPPY.value,
            StudyNoteResult.COMPLETE.value,
        )
        random_ = rng.random
        score_of = _Cache(TestResult, "score")
        scores = [score_of[Decimal(n)] for n in range(101)]
        tests = [
            (_weekday(datetime.date(year, 6, 20)), f"{year}年上半年政治理论知识测试"),
            (_weekday(datetime.date(year, 12, 18)), f"{year}年下半年政治理论知识测试"),
        ]

        for index, (branch_id, path, name) in enumerate(branches):
            character = LARGE_CHARACTERS[index % len(LARGE_CHARACTERS)]
            profile = PROFILES[character]
            groups = group_ids.get(path, [])
            people = roster.get(branch_id, [])
            group_members = {g: [p for p in people if p[1] == g] for g in groups}
            # 集中学习 once a month everywhere: about 70 meetings a branch (the benchmark's shape).
            study = Profile(**{**profile.__dict__, "study": "monthly"})
            p_absent, p_excused = profile.absent, profile.absent + profile.excused
            for kind, day, group_index in meeting_plan(rng, study, year, len(groups)):
                meeting_id = next_meeting
                next_meeting += 1
                org = branch_id if group_index is None else groups[group_index]
                complete = random_() >= profile.minutes_incomplete
                t_meeting.add((meeting_id, org, kind.value, held[day], TOPICS[kind][0], complete))
                ordinal = day.toordinal()
                attendees = people if group_index is None else group_members[org]
                rows = []
                for person in attendees:
                    if person[2] > ordinal:
                        continue
                    roll = random_()
                    status = (
                        present if roll >= p_excused else absent if roll < p_absent else excused
                    )
                    rows.append((meeting_id, person[0], status))
                t_attendance.extend(rows)
            for member_id, _, joined, due in people:
                due_value = money[due]
                for month, month_value in zip(months, month_values, strict=True):
                    if month.toordinal() + 27 < joined:
                        continue
                    if random_() < profile.dues_short:
                        t_dues.add((branch_id, member_id, month_value, due_value, zero, None))
                    else:
                        paid = held[month + datetime.timedelta(days=5 + (member_id % 9))]
                        t_dues.add((branch_id, member_id, month_value, due_value, due_value, paid))
                    roll = random_()
                    cut = profile.notes_missing
                    if roll < cut:
                        result = note_values[0]
                    elif roll < cut + profile.notes_late:
                        result = note_values[1]
                    elif roll < cut + profile.notes_late + profile.notes_sloppy:
                        result = note_values[2]
                    else:
                        result = note_values[3]
                    t_notes.add((branch_id, member_id, month_value, result))
                    points = int(profile.app_points * (0.5 + random_()))
                    t_points.add((branch_id, member_id, month_value, points))
            for taken, title in tests:
                for member_id, _, joined, _ in people:
                    if joined <= taken.toordinal():
                        score = scores[min(max(int(rng.gauss(profile.test_mean, 8)), 35), 100)]
                        t_tests.add((branch_id, member_id, title, held[taken], score))
            if people:
                for _ in range(rng.randint(*profile.volunteer_events)):
                    served = datetime.date.fromordinal(first_day + rng.randrange(360))
                    activity = rng.choice(VOLUNTEER_ACTIVITIES)
                    for member_id, _, joined, _ in rng.sample(people, min(len(people), 8)):
                        if joined <= served.toordinal():
                            hours = hours_of[Decimal(rng.choice((2, 3, 4)))]
                            t_volunteer.add((branch_id, member_id, held[served], hours, activity))
                for _ in range(rng.randint(0, 3)):
                    submitted = datetime.date.fromordinal(first_day + rng.randrange(340))
                    published = random_() < 0.4
                    t_articles.add(
                        (branch_id, rng.choice(people)[0], rng.choice(ARTICLE_TITLES),
                         held[submitted], published,
                         held[submitted + datetime.timedelta(days=15)] if published else None,
                         ArticleLevel.INTERNAL.value if published else "",
                         ArticleFormat.BRIEF.value if published else "")
                    )  # fmt: skip
            for kind, title, due in (
                (ReportKind.PLAN, "年度党建工作计划", datetime.date(year, 1, 31)),
                (ReportKind.SUMMARY, "上年度党建工作总结", datetime.date(year, 1, 20)),
                (ReportKind.DUTY_REPORT, "书记抓党建述职报告", datetime.date(year, 1, 25)),
                (ReportKind.SUMMARY, "上半年党建工作总结", datetime.date(year, 7, 15)),
                (ReportKind.RESEARCH, "党建工作调研报告", datetime.date(year, 11, 30)),
            ):
                late = random_() < profile.late_report
                submitted = due + datetime.timedelta(days=12 if late else -6)
                t_reports.add((branch_id, kind.value, name + title, held[due], held[submitted]))
            info = ReportKind.INFORMATION.value
            count = rng.randint(*profile.info_reports)
            for n in range(count):
                day = datetime.date(year, 1 + n * 12 // count, 15)
                t_reports.add((branch_id, info, f"{name}党建信息", None, held[day]))
            for _ in range(development_rng.randint(1, 3)):
                person = person_name(development_rng, development_rng.choice("MF"))
                hasty = character == GAPPY and development_rng.random() < 0.1
                for stage, day, extended in _development_chain(development_rng, until, hasty):
                    t_development.add((branch_id, person, stage, held[day], extended))
            total = sum((p[3] for p in people), Decimal(0)) * 3
            for quarter in range(3):  # the fourth quarter is handed in next January
                start, end = months[quarter * 3], months[quarter * 3 + 2]
                late = random_() < profile.handover_late
                handed = datetime.date(year, quarter * 3 + 4, 16 if late else 6)
                t_handins.add(
                    (branch_id, month_of[start], month_of[end], money[total], held[handed])
                )
        tables = {
            "Meeting": t_meeting,
            "Attendance": t_attendance,
            "DuesPayment": t_dues,
            "StudyNoteCheck": t_notes,
            "AppLearningPoints": t_points,
            "TestResult": t_tests,
            "VolunteerService": t_volunteer,
            "Article": t_articles,
            "ReportSubmission": t_reports,
            "DuesHandIn": t_handins,
            "DevelopmentStep": t_development,
        }
        for table in tables.values():
            table.flush()
        counts = {name: table.count for name, table in tables.items()}
        if next_meeting > first_meeting:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Meeting]):
                cursor.execute(sql)
        elections = [
            Election(
                organization_id=pk,
                entered_by=loader,
                kind=ElectionKind.GENERAL,
                held_on=held_on,
                seats=5,
                elected=5,
            )
            for pk, held_on in subtree.exclude(kind=OrgKind.GROUP)
            .exclude(last_election_on=None)
            .values_list("pk", "last_election_on")
        ]
        Election.objects.bulk_create(elections, batch_size=5000)
        counts["Election"] = len(elections)
    counts["total"] = sum(counts.values())
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts
