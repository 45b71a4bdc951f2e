"""The naive loop's facts, queried subject by subject, are the pipeline's facts document."""

import pytest

from kaohe.assessments.facts import build_facts, scheme_reads
from kaohe.assessments.services import assessment_open, scheme_version_from_file
from kaohe.bench.naive import subject_facts
from kaohe.bench.records import SCHEMES
from kaohe.scoring import Period
from tests.bench.conftest import YEAR

pytestmark = pytest.mark.django_db

EVENT_TYPES = {
    "bench-branch": {"discipline", "info_published", "mass_incident", "training_absence"},
    "bench-member": {"training_absence"},
}


def by_id(entries: list[dict]) -> list[dict]:
    return sorted(entries, key=lambda entry: entry["id"])


@pytest.mark.parametrize("name", ["bench-branch", "bench-member"])
def test_subject_facts_equal_build_facts(small_bench, name):
    version, scheme = scheme_version_from_file(SCHEMES / f"{name}.yaml")
    assessment = assessment_open(
        scheme_version=version, organization=small_bench.root, period=Period("year", YEAR), by=None
    )
    pipeline = build_facts(scheme, assessment).data
    subjects = small_bench.branches if scheme.subject == "branch" else small_bench.members

    naive = subject_facts(scheme, small_bench.root, Period("year", YEAR), subjects)

    # Every event type the scheme reads occurs and every metric is nonzero somewhere, so the
    # comparison covers each of them.
    assert {event["type"] for event in pipeline["events"]} == EVENT_TYPES[name]
    metrics, _ = scheme_reads(scheme)
    for metric in metrics:
        assert any(s["metrics"].get(metric) for s in pipeline["subjects"]), metric
    if name == "bench-branch":
        assert any("group_meetings" not in s["metrics"] for s in pipeline["subjects"])
    assert naive["period"] == pipeline["period"]
    assert by_id(naive["subjects"]) == by_id(pipeline["subjects"])
    assert by_id(naive["events"]) == by_id(pipeline["events"])
    assert len({event["id"] for event in naive["events"]}) == len(naive["events"])
