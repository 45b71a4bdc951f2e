"""The demo's assessments: opened, completed by the evaluators' part, and computed.

After the demo records exist, the previous calendar year is assessed under the scheme
templates: what the records yield is computed; what they cannot yield (有无档案专柜, 班子是否
团结 …) is entered as established facts (考核组核实事项), worse for the branches with gaps;
every manual item is rated, with a comment whenever below full marks. The schemes' metric
lists are read from the templates at run time, so a template that changes still runs.

篇四 细则一 shows the whole cycle and a 汇总考核: its four quarters (日常考核) and the year-end
(集中考核) are published and finalized, then combined 0.7 : 0.3 into the year and published.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kaohe.accounts.models import User
from kaohe.assessments.facts import scheme_reads
from kaohe.assessments.metrics import CATALOGUE
from kaohe.assessments.models import Assessment, AssessmentRun
from kaohe.assessments.services import (
    assessment_combine,
    assessment_compute,
    assessment_finalize,
    assessment_open,
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
    fact_establish,
    manual_rate,
    scheme_version_from_template,
    subject_key_for_member,
    subject_key_for_org,
)
from kaohe.demo.records import AVERAGE, DILIGENT, GAPPY, branch_characters
from kaohe.organizations.models import Member, Organization, Position
from kaohe.records.models import DisciplineCase
from kaohe.scoring import Period, Scheme
from kaohe.scoring.scheme import Condition

# (template, period kind). Opened in this order, so the last (the branch scheme of 篇四) is
# the newest and heads the lists of assessments.
DEMO_SCHEMES = (
    ("pian5-member-monthly", "month"),  # 党员月度考核, per month (only with monthly=True)
    ("pian7-member", "year"),  # 党员年度考核: 优秀党员, 连带扣分 down to the meeting
    ("pian4-rules3", "year"),  # 加减分模块: the discipline case, counted once at its highest
    ("pian7-branch", "year"),  # 党支部年度考核 with 先进党支部
    ("pian4-rules2", "year"),  # 党建工作考核细则二: the branches' 100-point scheme
)

# 汇总考核: a branch scheme with rollup weights, its daily part per quarter (cheap: 12 branches).
COMBINED_DEMO = ("pian4-rules1", "quarter")

# How likely an established fact comes out badly, by branch character (branch schemes).
BAD_FACT = {DILIGENT: 0.0, AVERAGE: 0.08, GAPPY: 0.3}
# Facts that would wipe out an item, veto a subject or contradict the records: never bad in
# the demo (the records hold no such event). Items a condition zeroes are found below too.
NEVER_BAD = frozenset({"team_disunity", "severe_disunity"})
# Member facts the discipline case decides: its member had a bad year.
DISCIPLINE_FACTS = frozenset({"admin_appraisal_below_competent"})

GOOD_COMMENT = "考核组实地查看核实:符合要求"
BAD_COMMENT = "考核组核实:存在问题，已反馈支部整改"
MANUAL_COMMENTS = (
    "资料基本齐全，个别记录不够规范",
    "工作开展较好，创新亮点不够突出",
    "部分台账分类不清，归档不及时",
    "述职内容较空泛，问题查找不深",
)
MEMBER_COMMENTS = (
    "参加组织生活积极，学习笔记尚需更加系统",
    "能完成支部分配的任务，主动性有待加强",
    "政治理论学习不够深入",
    "发挥先锋模范作用不够明显",
)


@dataclass
class DemoAssessment:
    template: str
    assessment: Assessment
    run: AssessmentRun
    entered: list[str]
    unavailable: list[str]


def demo_assessments_exist(root: Organization) -> bool:
    return Assessment.objects.filter(organization=root).exists()


def build_demo_assessments(
    root: Organization,
    *,
    today: datetime.date,
    seed: int = 2025,
    schemes=DEMO_SCHEMES,
    monthly: bool = False,
    combined: bool = True,
) -> list[DemoAssessment]:
    """Open, complete and compute the demo assessments of the previous calendar year.

    `monthly` adds 篇五's member scheme for each of the twelve months: off for `kaohe demo`,
    since its 3,700 established facts (one per member and month) go through `fact_establish`
    one by one and would double the demo's build time.
    """
    year = today.year - 1
    rng = random.Random(seed)
    admin = User.objects.filter(username="admin").first() or (
        User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    evaluator = User.objects.filter(username="evaluator").first() or admin
    characters = branch_characters(root)
    members = list(
        Member.objects.filter(branch_id__in=characters)
        .order_by("branch_id", "id")
        .only("pk", "branch_id", "position")
    )
    culprits = set(
        DisciplineCase.objects.filter(
            organization__path__startswith=root.path, decided_on__year=year
        ).values_list("member_id", flat=True)
    )
    done = []
    with transaction.atomic():
        if combined:  # first, so that the schemes below stay the newest in the lists
            done.extend(
                _combined_year(root, year, today, seed, characters, culprits, admin, evaluator)
            )
        for template, period_kind in schemes:
            if period_kind == "month" and not monthly:
                continue
            version, scheme = scheme_version_from_template(template)
            indexes = range(1, 13) if period_kind == "month" else (None,)
            for index in indexes:
                period = Period(period_kind, year, index)
                assessment = assessment_open(
                    scheme_version=version, organization=root, period=period, by=admin
                )
                if scheme.subject == "member":
                    subjects = [
                        (subject_key_for_member(m.pk), characters[m.branch_id], m) for m in members
                    ]
                else:
                    subjects = [
                        (subject_key_for_org(pk), character, None)
                        for pk, character in characters.items()
                    ]
                entered = _establish_facts(
                    rng, scheme, assessment, period, subjects, culprits, evaluator
                )
                _rate_manual_items(rng, scheme, assessment, subjects, culprits, evaluator)
                run, built = assessment_compute(assessment=assessment, by=admin)
                done.append(DemoAssessment(template, assessment, run, entered, built.unavailable))
    return done


def _combined_year(root, year, today, seed, characters, culprits, admin, evaluator):
    """篇四 细则一's quarters and year-end through the whole cycle, combined into the year."""
    rng = random.Random(seed + 1)  # its own: the other demo assessments stay as they were
    template, daily_kind = COMBINED_DEMO
    version, scheme = scheme_version_from_template(template)
    subjects = [(subject_key_for_org(pk), character, None) for pk, character in characters.items()]
    # A publication window that has ended: the results were published early this year.
    now = timezone.now()
    window = (now - datetime.timedelta(days=14), now - datetime.timedelta(days=7))
    done, parts = [], {"daily": [], "central": []}
    periods = [Period(daily_kind, year, i) for i in range(1, 5)] + [Period("year", year)]
    for period in periods:
        assessment = assessment_open(
            scheme_version=version, organization=root, period=period, by=admin
        )
        entered = _establish_facts(rng, scheme, assessment, period, subjects, culprits, evaluator)
        _rate_manual_items(rng, scheme, assessment, subjects, culprits, evaluator)
        assessment_start_self_assessment(assessment=assessment, by=admin)
        assessment_start_review(assessment=assessment, by=admin)
        assessment_publish(assessment=assessment, start=window[0], end=window[1], by=admin)
        assessment_finalize(assessment=assessment, by=admin, now=now)
        parts["central" if period.kind == "year" else "daily"].append(assessment)
        done.append(DemoAssessment(template, assessment, assessment.runs.get(), entered, []))
    assessment = assessment_combine(scheme_version=version, year=year, parts=parts, by=admin)
    assessment_publish(
        assessment=assessment, start=now, end=now + datetime.timedelta(days=7), by=admin
    )
    done.append(DemoAssessment(template, assessment, assessment.runs.get(), [], []))
    return done


def unavailable_metrics(scheme: Scheme) -> list[str]:
    """What the scheme reads that no record yields (build_facts' `unavailable` before any
    fact is established): these are the facts an evaluator establishes."""
    metrics, _ = scheme_reads(scheme)
    return sorted(
        m for m in metrics if m not in CATALOGUE or scheme.subject not in CATALOGUE[m].subjects
    )


def _establish_facts(rng, scheme, assessment, period, subjects, culprits, by) -> list[str]:
    metrics = unavailable_metrics(scheme)
    drastic = _drastic_metrics(scheme)
    bonus = {
        clause.metric
        for item in scheme.items
        if item.rule.kind == "bonus"
        for clause in item.rule.clauses
        if clause.metric
    }
    for metric in metrics:
        good, bad = fact_outcomes(scheme, metric, period)
        for key, character, member in subjects:
            if metric in bonus and member is None:  # e.g. 调研信息被上级采用: a few, or none
                counts = {DILIGENT: (0, 1, 1, 2), AVERAGE: (0, 0, 1), GAPPY: (0,)}[character]
                value = Decimal(rng.choice(counts))
                fact_establish(
                    assessment=assessment,
                    subject_key=key,
                    metric=metric,
                    value=value,
                    comment=GOOD_COMMENT,
                    by=by,
                )
                continue
            if metric in DISCIPLINE_FACTS:
                is_bad = member is not None and member.pk in culprits
            elif member is not None or metric in NEVER_BAD or metric in drastic:
                is_bad = False
            else:
                is_bad = rng.random() < BAD_FACT[character]
            fact_establish(
                assessment=assessment,
                subject_key=key,
                metric=metric,
                value=bad if is_bad else good,
                comment=BAD_COMMENT if is_bad else GOOD_COMMENT,
                by=by,
            )
    return metrics


def _drastic_metrics(scheme: Scheme) -> set[str]:
    """Metrics that zero an item, veto a subject or take a fixed penalty off the total."""
    conditions: list[Condition] = []
    for item in scheme.items:
        conditions.extend(item.zero_if)
        conditions.extend(getattr(item.rule, "when_any", ()))
    for veto in scheme.vetoes:
        conditions.extend(veto.when_any)
    return {c.metric for c in conditions if c.metric}


def fact_outcomes(scheme: Scheme, metric: str, period: Period) -> tuple[Decimal, Decimal]:
    """(a value that passes, a value that costs points) for `metric`, read from the rules."""
    for item in scheme.items:
        rule = item.rule
        for clause in getattr(rule, "clauses", ()):
            if clause.when is not None and clause.when.metric == metric:
                return _by_condition(clause.when)
            if clause.metric == metric:
                if clause.source == "shortfall" and clause.required is not None:
                    need = clause.required.resolve(period) or 1
                    return Decimal(need), Decimal(need - 1)
                if rule.kind == "bonus":
                    return Decimal(1), Decimal(0)
                return Decimal(0), Decimal(1)
        condition = getattr(rule, "condition", None)
        if condition is not None and condition.metric == metric:
            holds, fails = _by_condition(condition)
            return fails, holds  # completion: the condition holding earns the points
        for condition in (*item.zero_if, *getattr(rule, "when_any", ())):
            if condition.metric == metric:
                return _by_condition(condition)
    for veto in scheme.vetoes:
        for condition in veto.when_any:
            if condition.metric == metric:
                return _by_condition(condition)
    return Decimal(0), Decimal(1)


def _by_condition(condition: Condition) -> tuple[Decimal, Decimal]:
    """(a value for which the condition does not hold, one for which it holds)."""
    candidates = [Decimal(0), Decimal(1), condition.value, condition.value + 1]
    if condition.value >= 1:
        candidates.append(condition.value - 1)
    holds = next((v for v in candidates if condition.test(v)), Decimal(1))
    fails = next((v for v in candidates if not condition.test(v)), Decimal(0))
    return fails, holds


def _rate_manual_items(rng, scheme, assessment, subjects, culprits, by) -> None:
    items = [i for i in scheme.items if i.rule.kind == "manual" and i.max is not None]
    for item in items:
        levels = item.rule.levels
        for key, character, member in subjects:
            if levels:
                top = {DILIGENT: 0, AVERAGE: rng.choice((0, 1)), GAPPY: rng.choice((1, 2))}
                level = levels[min(top[character], len(levels) - 1)]
                comment = "" if level.points >= item.max else _comment(rng, member)
                manual_rate(
                    assessment=assessment,
                    subject_key=key,
                    item_id=item.id,
                    level=level.name,
                    comment=comment,
                    by=by,
                )
                continue
            points = _manual_points(rng, item.max, character, member, culprits)
            manual_rate(
                assessment=assessment,
                subject_key=key,
                item_id=item.id,
                points=points,
                comment="" if points >= item.max else _comment(rng, member, culprits),
                by=by,
            )


def _manual_points(rng, maximum: Decimal, character: str, member, culprits) -> Decimal:
    """Points as an evaluator gives them (whole or half points), by character."""
    if member is not None and member.pk in culprits:
        share = 0.6
    elif member is not None:
        low, high = {DILIGENT: (0.88, 1.0), AVERAGE: (0.82, 0.98), GAPPY: (0.72, 0.92)}[character]
        if member.position != Position.NONE:
            low = min(low + 0.05, high)
        share = rng.uniform(low, high)
    else:
        share = {DILIGENT: 1.0, AVERAGE: rng.uniform(0.78, 0.95), GAPPY: rng.uniform(0.55, 0.75)}[
            character
        ]
    halves = int(maximum * 2 * Decimal(f"{share:.4f}"))
    return min(Decimal(halves) / 2, maximum)


def _comment(rng, member, culprits=()) -> str:
    if member is not None and member.pk in culprits:
        return "年内受党纪政务处分，警示教育后有所改进"
    return rng.choice(MEMBER_COMMENTS if member is not None else MANUAL_COMMENTS)


def summary(done: list[DemoAssessment]) -> list[str]:
    """One line per yearly assessment: subjects, best and worst totals, awards."""
    lines = []
    for item in done:
        if item.assessment.period_kind == "month" and item.assessment.period_index != 12:
            continue
        if item.assessment.period_kind == "quarter":
            continue
        results = list(item.run.results.order_by("rank", "subject_key"))
        if not results:
            continue
        awarded = sum(1 for r in results if r.awards)
        best, worst = results[0], results[-1]
        label = item.assessment.period_label + (" 汇总" if item.assessment.is_combined else "")
        lines.append(
            f"  {item.template:<22} {label:<10} "
            f"{len(results):>4} subjects, {best.total} … {worst.total}, {awarded} awards"
        )
    return lines
