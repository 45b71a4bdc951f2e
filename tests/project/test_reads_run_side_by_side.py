"""kaohe.db.read_concurrently: independent reads on worker threads, each on its own
connection, unless a transaction is open (whose uncommitted rows only its own connection sees)."""

import threading

import pytest
from django.db import transaction

from kaohe.db import read_concurrently
from kaohe.organizations.models import Organization
from kaohe.organizations.services import organization_create

pytestmark = pytest.mark.django_db(transaction=True)


def _count_in_thread():
    return threading.current_thread().name, Organization.objects.count()


def test_outside_a_transaction_reads_run_on_worker_threads_in_order():
    organization_create(name="党委", kind="committee", parent=None, code="R")

    found = read_concurrently([_count_in_thread, lambda: 7, _count_in_thread], workers=2)

    assert [count for _, count in (found[0], found[2])] == [1, 1]
    assert found[1] == 7
    assert all(name.startswith("kaohe-read") for name, _ in (found[0], found[2]))


def test_inside_a_transaction_reads_run_in_it_and_see_its_rows():
    with transaction.atomic():
        organization_create(name="党委", kind="committee", parent=None, code="R")
        found = read_concurrently([_count_in_thread, _count_in_thread], workers=2)

    assert found == [(threading.current_thread().name, 1)] * 2
