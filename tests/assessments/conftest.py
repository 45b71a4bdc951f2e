import pytest

from kaohe.assessments.services import (
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.scoring import Period, load_scheme
from tests.assessments.schemes import SMALL_SCHEME
from tests.conftest import World


def facts_for(world: World, congress: dict, dues: dict) -> dict:
    branches = [world.branch_a1, world.branch_a2, world.branch_b1]
    return {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_org(b.pk),
                "name": b.name,
                "metrics": {
                    "party_congress_meetings": congress[b.name],
                    "dues_paid_in_full": dues[b.name],
                },
            }
            for b in branches
        ],
        "events": [],
    }


@pytest.fixture
def scored(world: World):
    scheme = load_scheme(SMALL_SCHEME)
    version = scheme_version_store(scheme=scheme, source=SMALL_SCHEME)
    assessment = assessment_open(
        scheme_version=version,
        organization=world.root,
        period=Period("year", 2025),
        by=world.site_admin,
    )
    facts = facts_for(
        world,
        congress={"第一支部": 4, "第二支部": 3, "第三支部": 1},
        dues={"第一支部": 1, "第二支部": 1, "第三支部": 0},
    )
    run = assessment_run(
        assessment=assessment, scheme=scheme, facts_json=facts, by=world.site_admin
    )
    return scheme, assessment, run, facts
