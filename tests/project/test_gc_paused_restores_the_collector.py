"""kaohe.db.gc_paused: the cyclic collector is off inside bulk work and back as it was after,
errors included; bulk entry points run under it."""

import gc

import pytest

from kaohe.assessments.facts import build_facts
from kaohe.assessments.services import assessment_run
from kaohe.db import gc_paused


def test_paused_inside_and_restored_after_even_on_error():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), gc_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_it_paused_until_the_outer_one_ends():
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_as_a_decorator():
    @gc_paused()
    def inside():
        return gc.isenabled()

    assert inside() is False and inside() is False
    assert gc.isenabled()


class Seen(Exception):
    pass


def test_runs_and_fact_building_score_with_the_collector_paused(scored, monkeypatch):
    scheme, assessment, _, facts = scored
    states = []

    def record(*args, **kwargs):
        states.append(gc.isenabled())
        raise Seen

    monkeypatch.setattr("kaohe.assessments.services.parse_facts", record)
    monkeypatch.setattr("kaohe.assessments.facts.Scope.of", record)
    with pytest.raises(Seen):
        assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    with pytest.raises(Seen):
        build_facts(scheme, assessment)

    assert states == [False, False]
    assert gc.isenabled()
