import datetime

from kaohe.organizations.models import Organization, OrgKind, TermPolicy
from kaohe.organizations.selectors import overdue_elections
from kaohe.organizations.services import organization_record_election

TODAY = datetime.date(2026, 11, 24)


def test_default_terms_follow_the_seed(db):
    # 篇四 细则二: 支部委员会每届任期二年, 总支部委员会每届任期三年.
    assert TermPolicy.years_for(OrgKind.BRANCH) == 2
    assert TermPolicy.years_for(OrgKind.GENERAL_BRANCH) == 3
    assert TermPolicy.years_for(OrgKind.GROUP) is None


def test_term_length_per_kind_can_be_changed(db):
    TermPolicy.objects.create(kind=OrgKind.BRANCH, years=3)
    assert TermPolicy.years_for(OrgKind.BRANCH) == 3


def test_election_is_overdue_on_the_day_the_term_ends(world):
    branch = world.branch_a1
    organization_record_election(organization=branch, held_on=datetime.date(2024, 11, 24))
    assert branch.next_election_due == datetime.date(2026, 11, 24)
    assert not branch.election_overdue(datetime.date(2026, 11, 23))
    assert branch.election_overdue(TODAY)


def test_an_organization_without_an_election_on_record_is_overdue(world):
    assert world.branch_b1.last_election_on is None
    assert world.branch_b1.election_overdue(TODAY)
    assert not world.group_a1.election_overdue(TODAY)  # groups elect no committee


def test_overdue_selector_agrees_with_the_model_and_respects_scope(world):
    organization_record_election(organization=world.branch_a1, held_on=datetime.date(2025, 6, 1))
    organization_record_election(organization=world.branch_a2, held_on=datetime.date(2024, 6, 1))
    organization_record_election(organization=world.gb_a, held_on=datetime.date(2025, 6, 1))
    by_selector = set(overdue_elections(world.admin_a, TODAY))
    by_model = {
        org
        for org in Organization.objects.filter(path__startswith=world.gb_a.path)
        if org.election_overdue(TODAY)
    }
    assert by_selector == by_model == {world.branch_a2}
    assert world.branch_b1 not in set(overdue_elections(world.admin_a, TODAY))


def test_leap_day_election_ends_on_28_february(world):
    organization_record_election(organization=world.branch_a1, held_on=datetime.date(2024, 2, 29))
    assert world.branch_a1.next_election_due == datetime.date(2026, 2, 28)
