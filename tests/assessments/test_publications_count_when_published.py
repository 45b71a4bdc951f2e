"""A publication (刊登) counts in the period it appeared, not the one it was submitted in."""

import datetime

import pytest

from kaohe.assessments.metrics import CATALOGUE, EVENT_SOURCES, Scope, org_key
from kaohe.records.models import Article, ArticleFormat, ArticleLevel
from kaohe.records.services import record_create
from kaohe.scoring import Period
from tests.conftest import World

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def articles(world: World) -> World:
    def article(title, submitted_on, published_on):
        record_create(
            model=Article, organization=world.branch_a1, entered_by=world.site_admin,
            member=world.a1_member, title=title, submitted_on=submitted_on, published=True,
            published_on=published_on, level=ArticleLevel.PROVINCE, form=ArticleFormat.TYPICAL,
        )  # fmt: skip

    article("年末投稿、次年刊登", D(2024, 12, 20), D(2025, 1, 8))
    article("年内投稿、次年刊登", D(2025, 12, 15), D(2026, 1, 10))
    return world


def test_published_counts_by_publication_date_submitted_by_submission_date(articles):
    a1 = org_key(articles.branch_a1.pk)
    for year, submitted, published in ((2024, 1, 0), (2025, 1, 1), (2026, 0, 1)):
        scope = Scope.of(articles.root, Period("year", year), with_members=False)
        assert CATALOGUE["articles_submitted"].compute(scope, "branch").get(a1, 0) == submitted
        assert CATALOGUE["articles_published"].compute(scope, "branch").get(a1, 0) == published


def test_publication_events_fall_in_the_year_they_appeared(articles):
    scope = Scope.of(articles.root, Period("year", 2025), with_members=True)
    events = EVENT_SOURCES["info_published"](scope, "member")
    assert [(e["date"], e["level"]) for e in events] == [("2025-01-08", "province_typical")]
