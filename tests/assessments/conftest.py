import pytest

from tests.assessments.combining import build_year


@pytest.fixture
def year(world):
    """ROLLUP_SCHEME 2025 over the root's branches: three finalized months, a finalized year-end."""
    return build_year(world)
