"""build_facts reads its metrics side by side on several connections when no transaction is
open, and one by one inside a transaction: both give the same facts document."""

import datetime

import pytest
from django.db import transaction

from kaohe.assessments.facts import build_facts
from kaohe.assessments.services import assessment_open, scheme_version_from_file
from kaohe.bench.records import SCHEMES
from kaohe.demo.organization import build_large
from kaohe.demo.records import build_large_records
from kaohe.scoring import Period

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("scheme_name", ["bench-branch", "bench-member"])
def test_parallel_and_serial_reads_build_the_same_facts(scheme_name, monkeypatch):
    root = build_large(
        today=datetime.date(2026, 3, 1), committees=1, general_branches=2, branches=2, members=5
    )
    build_large_records(root, 2025)
    version, scheme = scheme_version_from_file(SCHEMES / f"{scheme_name}.yaml")
    assessment = assessment_open(
        scheme_version=version, organization=root, period=Period("year", 2025), by=None
    )
    monkeypatch.setattr("os.cpu_count", lambda: 2)  # a machine with one core still forks reads

    parallel = build_facts(scheme, assessment).data
    with transaction.atomic():
        serial = build_facts(scheme, assessment).data

    assert parallel == serial
    assert parallel["subjects"]
    assert any(entry["metrics"]["attendances"] for entry in parallel["subjects"])
