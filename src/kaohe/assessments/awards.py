"""评优 standing: who made each award and, for everyone else, why not.

Who made it is the engine's decision, stored with the results (`SubjectResult.awards`); this
module never overrules it. It explains the others with the rules of
`kaohe.scoring.scalar.award_eligibility`: per population (the award's `group`, or everyone),
quota = round(share% × N) with N counting vetoed subjects too; candidates are the subjects not
vetoed with total ≥ min_total, ranked by total with ties sharing the better rank; `ties:
include` admits every rank ≤ quota, `ties: exclude` a tied group only if all of it fits.
"""

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast

from kaohe.assessments.models import AssessmentRun, SubjectResult
from kaohe.assessments.selectors import group_names, run_facts
from kaohe.scoring import Scheme
from kaohe.scoring.scheme import Award

YES, VETO, BELOW, QUOTA, TIE, UNEXPLAINED = "yes", "veto", "below", "quota", "tie", "unexplained"


@dataclass
class Standing:
    result: SubjectResult
    status: str  # YES, VETO, BELOW, QUOTA, TIE or UNEXPLAINED (stored result and rules disagree)
    rank: int | None = None  # among the population's candidates; None when not a candidate
    tied: int = 1  # candidates sharing this total


@dataclass
class Population:
    key: str  # the group's value ("" for everyone)
    name: str
    size: int
    quota: int
    candidates: int
    awarded: int
    standings: list[Standing] = field(default_factory=list)  # only the results the viewer sees


@dataclass
class AwardStanding:
    award: Award
    populations: list[Population]

    @property
    def listed(self) -> list[Population]:
        """The populations with a standing to list: a member award by branch has thousands."""
        return [p for p in self.populations if p.standings]


@dataclass
class _Row:
    pk: int
    key: str
    total: Decimal
    vetoed: bool
    awarded: frozenset[str]


def award_standings(
    scheme: Scheme, run: AssessmentRun, visible: list[SubjectResult]
) -> list[AwardStanding]:
    """Each award of the scheme over the whole run; standings only for `visible` results.

    Population sizes, quotas and ranks count every subject of the run (a quota is a share
    of all of them), but only what the viewer may already see is listed by name.
    """
    # Vetoes and awards as their JSON text, decoded only when not empty: most of a large
    # run's are, and decoding 200,000 lists was a third of the page.
    texts = SubjectResult.objects.filter(run=run).annotate(
        vetoes_text=Cast("vetoes", TextField()), awards_text=Cast("awards", TextField())
    )
    rows = [
        _Row(pk, key, total, bool(_json_list(vetoes)), frozenset(_json_list(awards)))
        for pk, key, total, vetoes, awards in texts.values_list(
            "pk", "subject_key", "total", "vetoes_text", "awards_text"
        )
    ]
    shown = {r.pk: r for r in visible}
    groups_by_subject = _groups(run) if any(a.group for a in scheme.awards) else {}
    # Each grouping once: the awards of a scheme mostly share one (everyone, or by branch).
    populations_by_group: dict[str, list[tuple[str, str, list[_Row]]]] = {}
    for group in {award.group for award in scheme.awards}:
        members: dict[str, list[_Row]] = defaultdict(list)
        if group:
            for row in rows:
                members[groups_by_subject.get(row.key, {}).get(group, "")].append(row)
        else:
            members[""] = rows
        names = group_names(members)
        populations_by_group[group] = [
            (key, names.get(key, key), members[key])
            for key in sorted(members, key=lambda k: names.get(k, k))
        ]
    return [
        AwardStanding(
            award,
            [
                _population(award, key, name, group_rows, shown)
                for key, name, group_rows in populations_by_group[award.group]
            ],
        )
        for award in scheme.awards
    ]


def _json_list(text: str) -> list:
    return [] if text == "[]" else json.loads(text)


def _population(award: Award, key: str, name: str, rows: list[_Row], shown) -> Population:
    candidates = sorted(r.total for r in rows if not r.vetoed and r.total >= award.min_total)
    quota = award.quota(len(rows))
    population = Population(
        key=key,
        name=name,
        size=len(rows),
        quota=quota,
        candidates=len(candidates),
        awarded=sum(1 for r in rows if award.id in r.awarded),
    )
    listed = [row for row in rows if row.pk in shown]  # a page of a population's rows
    for row in sorted(listed, key=lambda r: (-r.total, r.key)):
        result = shown[row.pk]
        if row.vetoed or row.total < award.min_total:
            status = YES if award.id in row.awarded else (VETO if row.vetoed else BELOW)
            population.standings.append(Standing(result, status))
            continue
        # By bisection: a population can be a whole committee's 100,000 members.
        above = len(candidates) - bisect.bisect_right(candidates, row.total)
        rank = 1 + above
        tied = len(candidates) - above - bisect.bisect_left(candidates, row.total)
        if award.id in row.awarded:
            status = YES
        elif rank > quota:
            status = QUOTA
        elif award.ties == "exclude" and rank + tied - 1 > quota:
            status = TIE
        else:
            status = UNEXPLAINED  # the rules would admit it: the stored result disagrees
        population.standings.append(Standing(result, status, rank, tied))
    return population


def _groups(run: AssessmentRun) -> dict[str, dict[str, str]]:
    """subject key → its groups, from the run's pinned facts (what the engine counted)."""
    return {s["id"]: s.get("groups") or {} for s in run_facts(run)["subjects"]}


def grade_bands(scheme: Scheme, results: QuerySet[SubjectResult]) -> list[dict]:
    """The scheme's grade bands (优秀/良好/…, or stars) with how many visible subjects each has."""
    counts = dict(results.order_by().values_list("grade").annotate(n=Count("pk")))
    return [{"name": g.name, "min": g.min, "count": counts.get(g.name, 0)} for g in scheme.grades]
