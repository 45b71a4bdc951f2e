"""The facts an assessment scores: computed metrics and events from the records, plus the
facts evaluators established, in the documented facts format (docs/facts-format.md)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from kaohe.assessments.metrics import (
    BRANCH,
    CATALOGUE,
    EVENT_SOURCES,
    MEMBER,
    Scope,
    member_key,
    org_key,
)
from kaohe.assessments.models import Assessment, FactEntry, ManualRating
from kaohe.db import gc_paused, read_concurrently
from kaohe.scoring import Scheme


@dataclass
class BuiltFacts:
    data: dict  # the facts JSON
    member_branches: dict[int, int]
    computed: list[str]  # metric names computed from records
    entered: list[str]  # metric names taken from established facts
    unavailable: list[str]  # read by the scheme, neither computed nor entered: missing


def scheme_reads(scheme: Scheme) -> tuple[set[str], set[str]]:
    """Every metric and event type the scheme reads, its vetoes included."""
    metrics: set[str] = set()
    event_types: set[str] = set()
    for item in scheme.items:
        metrics.update(item.metrics)
        event_types.update(item.event_types)
    for veto in scheme.vetoes:
        for condition in veto.when_any:
            if condition.metric:
                metrics.add(condition.metric)
            if condition.events:
                event_types.update(condition.events.types)
    return metrics, event_types


def _number(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value)


def _combined_ratings(scheme: Scheme, assessment: Assessment):
    """Each rated item once: one evaluator's rating as given; several → the mean of their
    points (a level counts as its points), rounded half up to hundredths, comments joined."""
    by_item: dict[tuple[str, str], list] = {}
    rows = ManualRating.objects.filter(assessment=assessment).order_by("rated_at", "pk")
    for rating in rows:
        by_item.setdefault((rating.subject_key, rating.item_id), []).append(rating)
    for (key, item_id), ratings in by_item.items():
        comments = "；".join(r.comment for r in ratings if r.comment)
        if len(ratings) == 1:
            only = ratings[0]
            value = (
                {"points": _number(only.points)}
                if only.points is not None
                else {"level": only.level}
            )
        else:
            item = scheme.item(item_id)
            points = [
                r.points if r.points is not None else item.rule.level(r.level).points
                for r in ratings
            ]
            mean = (sum(points) / len(points)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            value = {"points": _number(mean)}
        yield key, item_id, value | ({"comment": comments} if comments else {})


def _compute_all(definitions: list, scope: Scope, subject: str) -> list[tuple]:
    return [(d, d.compute(scope, subject)) for d in definitions]


def chronological(events: list[dict]) -> list[dict]:
    """Events by date, then id: one order however the database happened to return them, so
    that an explanation lists its records the same way every time (and in time order)."""
    return sorted(events, key=lambda event: (event["date"], event["id"]))


@gc_paused()
def build_facts(scheme: Scheme, assessment: Assessment) -> BuiltFacts:
    subject = MEMBER if scheme.subject == "member" else BRANCH
    scope = Scope.of(assessment.organization, assessment.period, with_members=subject == MEMBER)
    if subject == MEMBER:
        subjects = {
            member_key(pk): {
                "id": member_key(pk),
                "name": m.name,
                "groups": {"branch": org_key(m.branch_id)},
                "metrics": {},
            }
            for pk, m in scope.members.items()
        }
    else:
        subjects = {
            org_key(pk): {"id": org_key(pk), "name": o.name, "groups": {}, "metrics": {}}
            for pk, o in scope.branches.items()
        }
    wanted_metrics, wanted_events = scheme_reads(scheme)
    definitions = [
        CATALOGUE[name]
        for name in sorted(wanted_metrics)
        if name in CATALOGUE and subject in CATALOGUE[name].subjects
    ]
    # One source yields several event types (a discipline case: discipline, violation…):
    # each source runs once, whichever of its types the scheme reads.
    sources = list(
        dict.fromkeys(EVENT_SOURCES[t] for t in sorted(wanted_events) if t in EVENT_SOURCES)
    )
    # Independent queries side by side; metrics that share one aggregate run together.
    together: dict[str, list] = {}
    for definition in definitions:
        together.setdefault(definition.shares or definition.name, []).append(definition)
    found = read_concurrently(
        [partial(_compute_all, group, scope, subject) for group in together.values()]
        + [partial(source, scope, subject) for source in sources]
    )
    values_of = {
        definition.name: values
        for computed_together in found[: len(together)]
        for definition, values in computed_together
    }
    event_lists = found[len(together) :]
    computed, entered, unavailable = [], [], []
    for definition in definitions:
        name = definition.name
        values = values_of[name]
        for key, entry in subjects.items():
            value = values.get(key)
            if value is None and definition.absent == "zero":
                value = Decimal(0)
            if value is not None:
                entry["metrics"][name] = _number(value)
        computed.append(name)
    established = FactEntry.objects.filter(assessment=assessment).exclude(metric__in=computed)
    for key, name, value in established.values_list("subject_key", "metric", "value"):
        if key in subjects:
            subjects[key]["metrics"][name] = _number(value)
            if name not in entered:
                entered.append(name)
    unavailable = sorted(wanted_metrics - set(computed) - set(entered))
    for key, item_id, rating in _combined_ratings(scheme, assessment):
        if key in subjects:
            subjects[key].setdefault("manual", {})[item_id] = rating
    events = []
    for found_events in event_lists:
        for event in found_events:
            if event["type"] in wanted_events and (
                event["subject"] in subjects or event.get("branch") in subjects
            ):
                events.append(event)
    data = {
        "period": {
            "kind": assessment.period_kind,
            "year": assessment.period_year,
            **({"index": assessment.period_index} if assessment.period_index else {}),
        },
        "subjects": list(subjects.values()),
        "events": chronological(events),
    }
    member_branches = {pk: m.branch_id for pk, m in scope.members.items()}
    return BuiltFacts(data, member_branches, computed, sorted(entered), unavailable)
