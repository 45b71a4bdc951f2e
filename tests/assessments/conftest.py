import pytest

from kaohe.assessments.services import assessment_start_self_assessment
from tests.assessments.combining import build_year


@pytest.fixture
def evidence_root(settings, tmp_path):
    """Evidence of claims, objections and appeals in the test's own empty folder."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def opened(world, cycle):
    """The cycle fixture's assessment in 自评 (self-assessment)."""
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    return cycle


@pytest.fixture
def year(world):
    """ROLLUP_SCHEME 2025 over the root's branches: three finalized months, a finalized year-end."""
    return build_year(world)
