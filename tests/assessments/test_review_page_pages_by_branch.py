"""The review page lists a run's subjects a page at a time, a branch's members together, and
reads only that page: a committee's member run has 100,000 rows (docs/benchmarks.md)."""

import pytest
from django.urls import reverse

from kaohe.assessments import cycle_views
from kaohe.assessments.services import (
    assessment_open,
    assessment_start_review,
    assessment_start_self_assessment,
    scheme_version_store,
)
from kaohe.scoring import Period, load_scheme
from tests.assessments.test_page_self_assessment_member_scheme import MEMBER_SCHEME


@pytest.fixture
def reviewing_members(world):
    scheme = load_scheme(MEMBER_SCHEME)
    version = scheme_version_store(scheme=scheme, source=MEMBER_SCHEME)
    assessment = assessment_open(
        scheme_version=version, organization=world.root, period=Period("year", 2025), by=None
    )
    assessment_start_self_assessment(assessment=assessment, by=world.site_admin)
    assessment_start_review(assessment=assessment, by=world.site_admin)
    return assessment


def listed(client, assessment, page):
    url = reverse("assessments:review", args=[assessment.pk]) + f"?page={page}"
    response = client.get(url)
    assert response.status_code == 200
    return [row.result.member for row in response.context["rows"]]


def test_pages_keep_a_branchs_members_together(client, world, reviewing_members, monkeypatch):
    monkeypatch.setattr(cycle_views, "PAGE_SIZE", 2)
    client.force_login(world.evaluator)
    by_branch = [
        sorted([world.a1_secretary, world.a1_member], key=lambda m: m.pk),
        [world.a2_member],
        [world.b1_member],
    ]
    expected = [m for branch in by_branch for m in branch]
    pages = [listed(client, reviewing_members, n) for n in (1, 2)]
    assert pages == [expected[:2], expected[2:]]


def test_a_secretary_reviews_nobody_elses_members(client, world, reviewing_members):
    # The page is for evaluators and admins; a secretary is refused outright.
    client.force_login(world.secretary_a1)
    url = reverse("assessments:review", args=[reviewing_members.pk])
    assert client.get(url).status_code == 403
