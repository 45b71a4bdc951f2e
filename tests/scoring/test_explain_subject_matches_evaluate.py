"""One subject explained alone (a score sheet opened from a run's pinned facts) comes out
exactly as it does when the whole population is evaluated: its items, explanations, totals,
grade and vetoes, rank items placed among everyone. Only awards are left undecided (and
unexplained)."""

import dataclasses

import pytest
from hypothesis import given
from random_schemes import SETTINGS, facts_data, schemes
from scoring_helpers import make_facts, make_scheme

from kaohe.scoring import FactsError, evaluate, explain_subject, parse_facts


@SETTINGS
@given(schemes(), facts_data())
def test_each_subject_alone_matches_the_whole_evaluation(scheme, data):
    facts = parse_facts(data, source="random.json")
    try:
        whole = evaluate(scheme, facts)
    except FactsError:
        return  # facts the scheme cannot score: nothing to explain
    for subject in whole.subjects:
        alone = explain_subject(scheme, facts, subject.subject)
        not_awards = tuple(e for e in subject.explanations if not e.kind.startswith("award."))
        assert alone == dataclasses.replace(subject, awards=(), explanations=not_awards)


def test_a_rank_places_the_subject_among_the_whole_population():
    item = {
        "id": "C1",
        "name": "党建APP学习",
        "max": 10,
        "rule": {
            "kind": "rank",
            "metric": "app",
            "missing": "zero",
            "tiers": [{"ranks": [1, 2], "points": 10}, {"ranks": [3, None], "points": 4}],
        },
    }
    facts = make_facts(*({"id": f"S{i}", "metrics": {"app": 10 - i}} for i in range(5)))
    explained = explain_subject(make_scheme(item), facts, "S3").item("C1")
    assert explained.points == 4
    assert explained.explanations[0].inputs["rank"] == 4
    assert explained.explanations[0].inputs["population"] == 5


def test_an_unknown_subject_is_refused():
    facts = make_facts({"id": "S1", "metrics": {}})
    with pytest.raises(KeyError):
        explain_subject(make_scheme(), facts, "S9")
