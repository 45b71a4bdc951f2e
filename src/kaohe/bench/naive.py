"""The naive way to compute and store an assessment, for the records benchmark to compare with.

Subject by subject: one ORM query per metric and per event type the scheme reads, filtered by
that subject; the scalar evaluator over the subjects together (ranks and award quotas need
the population); then `Model.objects.create()` for every result, item score and audit row.
It produces the same facts document as `build_facts` and stores the same rows as
`assessment_run` (tests/bench proves both), so the benchmark's ratio compares equal work done
two ways, not less work done one way.

Only the metrics and event types the benchmark schemes (bench/schemes/) read are written out
here, each mirroring its definition in assessments/metrics.py; a scheme reading anything
else is refused rather than scored on a document that silently lacks it.
"""

import json
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from kaohe.assessments.facts import _number, chronological, scheme_reads
from kaohe.assessments.metrics import (
    ABOVE_BRANCH,
    ABSENCE_COLUMNS,
    BRANCH,
    CATALOGUE,
    DISCIPLINE_COLUMNS,
    INCIDENT_COLUMNS,
    MEMBER,
    PUBLISHED_COLUMNS,
    absence_event,
    discipline_events,
    incident_events,
    member_key,
    not_in_time_or_full,
    org_key,
    overdue_at,
    period_dates,
    published_event,
)
from kaohe.assessments.models import (
    Assessment,
    AssessmentRun,
    AuditSource,
    ItemScore,
    ScoreAudit,
    SubjectResult,
)
from kaohe.assessments.serialization import explanation_to_json
from kaohe.assessments.services import SCALAR_RUN_LIMIT
from kaohe.dates import add_years
from kaohe.organizations.models import Member, Organization, OrgKind, TermPolicy
from kaohe.records.models import (
    AppLearningPoints,
    Article,
    Attendance,
    AttendanceStatus,
    DisciplineCase,
    DuesPayment,
    Election,
    ElectionKind,
    Incident,
    Meeting,
    MeetingKind,
    StudyNoteCheck,
    StudyNoteResult,
    VolunteerService,
)
from kaohe.scoring import Period, Scheme, evaluate, parse_facts

BOTH = (BRANCH, MEMBER)


@dataclass(frozen=True)
class _Subject:
    """One subject and the filters every one of its queries carries."""

    kind: str  # BRANCH or MEMBER
    row: Organization | Member
    root: Organization
    span: tuple  # (first day, last day), inclusive

    @property
    def key(self) -> str:
        return org_key(self.row.pk) if self.kind == BRANCH else member_key(self.row.pk)

    def records(self, model, date_field: str, **filters):
        """The subject's own records of the period in the root's subtree (a member's
        records are stored under their branch, so a branch's include its members')."""
        own = {"organization": self.row} if self.kind == BRANCH else {"member": self.row}
        return model.objects.filter(
            organization__path__startswith=self.root.path,
            **{f"{date_field}__range": self.span},
            **own,
            **filters,
        )

    def attendance(self, **filters) -> list:
        """Attendance rows at the subtree's meetings of the period, as querysets: the
        member's own, or for a branch those at its own and its 党小组's meetings and, at
        meetings held above branch level, its members' (metrics._held_by_branch)."""
        if self.kind == BRANCH:
            whose = [
                {
                    "meeting__organization__in": [
                        self.row,
                        *Organization.objects.get_children(self.row),
                    ]
                },
                {"meeting__organization__kind__in": ABOVE_BRANCH, "member__branch": self.row},
            ]
        else:
            whose = [{"member": self.row}]
        period = Attendance.objects.filter(
            meeting__organization__path__startswith=self.root.path,
            meeting__held_on__range=self.span,
            **filters,
        )
        return [period.filter(**rows) for rows in whose]

    def attendance_count(self, **filters) -> int:
        return sum(rows.count() for rows in self.attendance(**filters))


Value = int | Decimal | None  # None: no value (the metric's `absent` decides)


# --- metrics: one query each --------------------------------------------------------------


def _meetings_held(kind: str) -> Callable[[_Subject], Value]:
    return lambda s: s.records(Meeting, "held_on", kind=kind).count()


def _group_meetings(s: _Subject) -> Value:
    # The least count over the branch's direct 党小组; none without groups. One query: the
    # groups, each with its count of meetings as a correlated subquery.
    held = (
        Meeting.objects.filter(
            organization=OuterRef("pk"),
            organization__path__startswith=s.root.path,
            kind=MeetingKind.GROUP,
            held_on__range=s.span,
        )
        .order_by()
        .values("organization")
        .annotate(n=Count("id"))
        .values("n")
    )
    counts = (
        Organization.objects.filter(
            path__startswith=s.row.path, depth=s.row.depth + 1, kind=OrgKind.GROUP
        )
        .annotate(n=Coalesce(Subquery(held), 0))
        .values_list("n", flat=True)
    )
    return min(counts, default=None)


def _life_minutes_incomplete(s: _Subject) -> Value:
    qs = s.records(Meeting, "held_on", kind=MeetingKind.LIFE_MEETING, minutes_complete=False)
    return qs.count()


def _sum(model, date_field: str, column: str) -> Callable[[_Subject], Value]:
    return lambda s: s.records(model, date_field).aggregate(v=Sum(column))["v"]


def _notes(result: str) -> Callable[[_Subject], Value]:
    return lambda s: s.records(StudyNoteCheck, "month", result=result).count()


def _elections_overdue(s: _Subject) -> Value:
    # The term length is read per subject, as a loop over subjects would: nothing is cached.
    end = s.span[1]
    cutoff = add_years(end, -TermPolicy.years_for(OrgKind.BRANCH))
    recorded = (
        Election.objects.filter(organization=s.row, kind=ElectionKind.GENERAL, held_on__lte=end)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return overdue_at(end, cutoff, recorded, s.row.last_election_on)


# name → (subject kinds, compute)
METRICS: dict[str, tuple[tuple[str, ...], Callable[[_Subject], Value]]] = {
    "party_congress_meetings": ((BRANCH,), _meetings_held(MeetingKind.PARTY_CONGRESS)),
    "committee_meetings": ((BRANCH,), _meetings_held(MeetingKind.COMMITTEE)),
    "party_lectures": ((BRANCH,), _meetings_held(MeetingKind.LECTURE)),
    "democratic_life_meetings": ((BRANCH,), _meetings_held(MeetingKind.LIFE_MEETING)),
    "group_meetings": ((BRANCH,), _group_meetings),
    "life_meeting_minutes_incomplete": ((BRANCH,), _life_minutes_incomplete),
    "attendances": (BOTH, lambda s: s.attendance_count(status=AttendanceStatus.PRESENT)),
    "expected_attendances": (BOTH, lambda s: s.attendance_count()),
    "dues_arrears": (
        BOTH,
        lambda s: s.records(DuesPayment, "month").filter(not_in_time_or_full()).count(),
    ),
    "notes_month_missing": (BOTH, _notes(StudyNoteResult.MISSING)),
    "sloppy_notes": (BOTH, _notes(StudyNoteResult.SLOPPY)),
    "volunteer_hours": (BOTH, _sum(VolunteerService, "served_on", "hours")),
    "app_points": ((MEMBER,), _sum(AppLearningPoints, "month", "points")),
    "articles_submitted": (BOTH, lambda s: s.records(Article, "submitted_on").count()),
    "elections_overdue": ((BRANCH,), _elections_overdue),
}


# --- events: one query each, shaped by metrics.py's own functions ---------------------------


def _discipline_events(s: _Subject) -> list[dict]:
    rows = s.records(DisciplineCase, "decided_on").values_list(*DISCIPLINE_COLUMNS)
    return [event for row in rows for event in discipline_events(s.kind, row)]


def _incident_events(s: _Subject) -> list[dict]:
    rows = s.records(Incident, "occurred_on").values_list(*INCIDENT_COLUMNS)
    return [event for row in rows for event in incident_events(row)]


def _published_events(s: _Subject) -> list[dict]:
    rows = s.records(Article, "published_on", published=True).values_list(*PUBLISHED_COLUMNS)
    return [published_event(s.kind, row) for row in rows]


def _absence_events(meeting_kind: str, event_type: str) -> Callable[[_Subject], list[dict]]:
    def source(s: _Subject) -> list[dict]:
        found = s.attendance(meeting__kind=meeting_kind, status=AttendanceStatus.ABSENT)
        events = []
        for rows in found:
            # The meeting's organization comes with each row, as select_related would bring
            # it. 集中学习 and 主题党日 are held by a branch or above (a 党小组 holds only
            # 党小组会), so the branch that held one is its organization or none
            # (metrics._held_by_branch).
            rows = list(rows.values_list(*ABSENCE_COLUMNS, "meeting__organization__kind"))
            branches = {row[4] for row in rows if row[-1] == OrgKind.BRANCH}
            held_by = {org: org for org in branches}.get
            events += [absence_event(event_type, row[:-1], held_by) for row in rows]
        return events

    return source


# event type → (subject kinds, source)
EVENTS: dict[str, tuple[tuple[str, ...], Callable[[_Subject], list[dict]]]] = {
    "discipline": (BOTH, _discipline_events),
    "mass_incident": ((BRANCH,), _incident_events),
    "info_published": (BOTH, _published_events),
    "training_absence": (BOTH, _absence_events(MeetingKind.STUDY, "training_absence")),
}


def _readers(scheme: Scheme, kind: str):
    """The scheme's metrics and event sources, refusing what the naive loop does not compute."""
    metrics, event_types = scheme_reads(scheme)
    unknown = sorted(
        [f"metric {m}" for m in metrics if kind not in METRICS.get(m, ((), None))[0]]
        + [f"event type {t}" for t in event_types if kind not in EVENTS.get(t, ((), None))[0]]
    )
    if unknown:
        raise ValueError(
            f"scheme {scheme.id} reads what the naive loop does not compute for {kind} "
            f"subjects: {', '.join(unknown)}"
        )
    return (
        [(m, METRICS[m][1], CATALOGUE[m].absent) for m in sorted(metrics)],
        [(t, EVENTS[t][1]) for t in sorted(event_types)],
    )


def subject_facts(
    scheme: Scheme, root: Organization, period: Period, subjects: Iterable[Organization | Member]
) -> dict:
    """The facts document of `subjects` (branches for a branch scheme, members for a member
    scheme), in build_facts' format, from a query per subject and metric or event type."""
    kind = MEMBER if scheme.subject == "member" else BRANCH
    metrics, sources = _readers(scheme, kind)
    span = period_dates(period)
    entries, events = [], []
    for row in subjects:
        subject = _Subject(kind, row, root, span)
        values = {}
        for name, compute, absent in metrics:
            value = compute(subject)
            if value is None and absent == "zero":
                value = 0
            if value is not None:
                values[name] = _number(Decimal(value))
        groups = {"branch": org_key(row.branch_id)} if kind == MEMBER else {}
        entries.append({"id": subject.key, "name": row.name, "groups": groups, "metrics": values})
        # A record can yield events of several types: keep those read, as build_facts does.
        for event_type, source in sources:
            events.extend(e for e in source(subject) if e["type"] == event_type)
    return {
        "period": {
            "kind": period.kind,
            "year": period.year,
            **({"index": period.index} if period.index else {}),
        },
        "subjects": entries,
        "events": chronological(events),
    }


def _competition_ranks(totals: Sequence[tuple[str, Decimal]]) -> dict[str, int]:
    """Equal totals share the better rank (1, 2, 2, 4), as services._store_results ranks."""
    ranks: dict[str, int] = {}
    rank, previous = 0, None
    ordered = sorted(totals, key=lambda pair: pair[1], reverse=True)
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            rank, previous = position, total
        ranks[key] = rank
    return ranks


def naive_run(
    *,
    assessment: Assessment,
    scheme: Scheme,
    subjects: Sequence[Organization | Member],
    member_branches: dict[int, int],
    population: int | None = None,
) -> AssessmentRun:
    """Compute, score and store `subjects` the naive way, as a first computation of the
    assessment: the facts pinned like the pipeline pins them, then one INSERT per result,
    item score and audit row (the total's, old value none).

    Explanations are stored when the pipeline would store them: for runs of up to
    SCALAR_RUN_LIMIT subjects. `population` is the size of the run a sample stands for
    (default: the subjects given), so that a sample extrapolates to the right kind of run.
    """
    started = time.perf_counter()
    document = subject_facts(scheme, assessment.organization, assessment.period, subjects)
    facts = parse_facts(document, source=f"assessment {assessment.pk}")
    compressed = zlib.compress(json.dumps(document, ensure_ascii=False).encode(), 1)
    scored = evaluate(scheme, facts).subjects
    explain = (len(subjects) if population is None else population) <= SCALAR_RUN_LIMIT
    ranks = _competition_ranks([(s.subject, s.total) for s in scored])
    with transaction.atomic():
        run = AssessmentRun.objects.create(
            assessment=assessment,
            scheme_fingerprint=scheme.fingerprint,
            facts_fingerprint=facts.fingerprint(),
            facts=compressed,
            subject_count=len(scored),
            seconds=Decimal(0),
        )
        for s in scored:
            if s.subject.startswith("M"):
                member_id = int(s.subject[1:])
                organization_id = member_branches[member_id]
            else:
                member_id, organization_id = None, int(s.subject[1:])
            result = SubjectResult.objects.create(
                run=run,
                subject_key=s.subject,
                organization_id=organization_id,
                member_id=member_id,
                base=s.base,
                bonus=s.bonus,
                penalty=s.penalty,
                total=s.total,
                rank=ranks[s.subject],
                grade=s.grade,
                vetoes=list(s.vetoes),
                awards=sorted(s.awards),
                explanations=[explanation_to_json(e) for e in s.explanations] if explain else [],
            )
            for item in s.items:
                ItemScore.objects.create(
                    result=result,
                    item_id=item.id,
                    points=item.points,
                    excluded=item.excluded,
                    explanations=(
                        [explanation_to_json(e) for e in item.explanations] if explain else []
                    ),
                )
            ScoreAudit.objects.create(
                assessment=assessment,
                subject_key=s.subject,
                organization_id=organization_id,
                member_id=member_id,
                item_id="",
                old=None,
                new=s.total,
                source=AuditSource.ENGINE,
            )
        run.seconds = Decimal(f"{time.perf_counter() - started:.3f}")
        run.save(update_fields=["seconds"])
    return run
