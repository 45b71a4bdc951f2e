"""Facts no record yields (考核组核实事项): listed on the management page as missing, entered
per subject by an evaluator, and the scores recomputed with them."""

import pytest
from django.urls import reverse

from kaohe.assessments.models import FactEntry
from kaohe.assessments.services import (
    assessment_open,
    assessment_start_self_assessment,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.scoring import Period, load_scheme

CABINET_SCHEME = """
id: cabinet
title: 档案专柜方案
version: "1"
subject: branch
period: year
total: 2
grades: [{name: 合格}]
categories:
  - id: A
    name: 基础工作
    points: 2
    items:
      - id: A1
        name: 档案管理
        max: 2
        rule: {kind: completion, metric: has_archive_cabinet, label: 有档案专柜, missing: zero}
"""


@pytest.fixture
def cabinet(world):
    scheme = load_scheme(CABINET_SCHEME)
    version = scheme_version_store(scheme=scheme, source=CABINET_SCHEME)
    assessment = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    assessment_start_self_assessment(assessment=assessment, by=world.admin_a)
    return assessment


def test_missing_facts_are_named_on_the_management_page(client, world, cabinet):
    client.force_login(world.admin_a)
    body = client.get(reverse("assessments:manage", args=[cabinet.pk])).content.decode()
    assert "has_archive_cabinet" in body and "已录入 0 / 2" in body


def test_an_evaluator_establishes_a_fact_and_the_score_follows(client, world, cabinet):
    key = subject_key_for_org(world.branch_a1.pk)
    result = cabinet.runs.get().results.get(subject_key=key)
    assert result.items.get(item_id="A1").points == 0
    client.force_login(world.evaluator)
    page = client.get(reverse("assessments:facts", args=[cabinet.pk]))
    assert page.status_code == 200 and "第二支部" in page.content.decode()
    response = client.post(
        reverse("assessments:facts", args=[cabinet.pk]),
        {"subject_key": key, "metric": "has_archive_cabinet", "value": "1", "comment": "实地查看"},
    )
    assert response.status_code == 302
    assert FactEntry.objects.get().entered_by == world.evaluator
    result = cabinet.runs.get().results.get(subject_key=key)
    assert result.items.get(item_id="A1").points == 2


def test_only_metrics_to_establish_and_subjects_of_the_assessment(client, world, cabinet):
    client.force_login(world.evaluator)
    url = reverse("assessments:facts", args=[cabinet.pk])
    computed = {"subject_key": subject_key_for_org(world.branch_a1.pk), "value": "4"}
    assert client.post(url, computed | {"metric": "party_congress_meetings"}).status_code == 404
    sibling = {"subject_key": subject_key_for_org(world.branch_b1.pk), "value": "1"}
    assert client.post(url, sibling | {"metric": "has_archive_cabinet"}).status_code == 404
    client.force_login(world.secretary_a1)  # a branch does not establish its own facts
    mine = {"subject_key": subject_key_for_org(world.branch_a1.pk), "value": "1"}
    assert client.post(url, mine | {"metric": "has_archive_cabinet"}).status_code == 403
    assert not FactEntry.objects.exists()


@pytest.mark.parametrize(
    "key",
    ["", "O", "Oabc", "O-1", "O１", "M{a1}", "O0{a1}", "O{group}", "O{root}"],
)
def test_a_subject_key_that_names_no_subject_is_404(client, world, cabinet, key):
    # A branch scheme's subjects are gb_a's branches: not a member key, a group, a committee,
    # nor a number written another way.
    key = key.format(a1=world.branch_a1.pk, group=world.group_a1.pk, root=world.root.pk)
    client.force_login(world.evaluator)
    url = reverse("assessments:facts", args=[cabinet.pk])
    data = {"subject_key": key, "metric": "has_archive_cabinet", "value": "1"}
    assert client.post(url, data).status_code in (400, 404)
    assert not FactEntry.objects.exists()


def test_the_page_lists_a_page_of_subjects_in_tree_order(client, world, cabinet):
    client.force_login(world.evaluator)
    rows = client.get(reverse("assessments:facts", args=[cabinet.pk])).context["rows"]
    assert [row["name"] for row in rows] == ["第一支部", "第二支部"]
    assert [row["key"] for row in rows] == [
        subject_key_for_org(world.branch_a1.pk),
        subject_key_for_org(world.branch_a2.pk),
    ]
