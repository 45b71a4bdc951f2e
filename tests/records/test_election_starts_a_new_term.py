import datetime

from kaohe.records import services
from kaohe.records.models import Election


def elect(world, kind, held_on):
    return services.record_create(
        model=Election,
        organization=world.branch_a1,
        entered_by=world.secretary_a1,
        kind=kind,
        held_on=held_on,
        seats=5,
        elected=4,
    )


def test_a_general_election_records_the_new_term(world):
    election = elect(world, "general", datetime.date(2025, 3, 1))
    world.branch_a1.refresh_from_db()
    assert world.branch_a1.last_election_on == datetime.date(2025, 3, 1)
    assert election.vacancies == 1


def test_a_by_election_or_an_older_election_leaves_the_term_alone(world):
    elect(world, "general", datetime.date(2025, 3, 1))
    elect(world, "by_election", datetime.date(2025, 6, 1))
    elect(world, "general", datetime.date(2021, 3, 1))
    world.branch_a1.refresh_from_db()
    assert world.branch_a1.last_election_on == datetime.date(2025, 3, 1)
