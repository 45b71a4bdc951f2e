"""Finalized source assessments under ROLLUP_SCHEME, with totals set exactly, to combine."""

from dataclasses import dataclass, field
from decimal import Decimal

from kaohe.assessments.models import Assessment, SchemeVersion, Stage
from kaohe.assessments.services import (
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_org,
)
from kaohe.scoring import Period, Scheme, load_scheme
from tests.conftest import World
from tests.schemes import ROLLUP_SCHEME

YEAR = 2025


def rollup_version(source: str = ROLLUP_SCHEME) -> tuple[SchemeVersion, Scheme]:
    scheme = load_scheme(source)
    return scheme_version_store(scheme=scheme, source=source), scheme


def make_source(
    world: World,
    version: SchemeVersion,
    scheme: Scheme,
    period: Period,
    totals: dict,
    *,
    organization=None,
    vetoed=(),
    finalize: bool = True,
) -> Assessment:
    """An assessment of `period` whose branches score `totals` ({branch: points}); the
    branches in `vetoed` met the veto. Finalized directly: the cycle is tested elsewhere."""
    assessment = assessment_open(
        scheme_version=version,
        organization=organization or world.root,
        period=period,
        by=world.site_admin,
    )
    facts = {
        "period": {"kind": period.kind, "year": period.year}
        | ({"index": period.index} if period.index else {}),
        "subjects": [
            {
                "id": subject_key_for_org(branch.pk),
                "name": branch.name,
                "manual": {"A1": {"points": str(points), "comment": "考核组评定"}},
            }
            for branch, points in totals.items()
        ],
        "events": [
            {"id": f"E{branch.pk}", "subject": subject_key_for_org(branch.pk), "type": "accident"}
            for branch in vetoed
        ],
    }
    assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=world.site_admin)
    if finalize:
        Assessment.objects.filter(pk=assessment.pk).update(stage=Stage.FINALIZED)
        assessment.refresh_from_db()
    return assessment


@dataclass
class Year:
    version: SchemeVersion
    scheme: Scheme
    months: list[Assessment]
    central: Assessment
    expected: dict = field(default_factory=dict)  # branch name → combined total, by hand

    @property
    def parts(self) -> dict[str, list[Assessment]]:
        return {"daily": list(self.months), "central": [self.central]}


def build_year(world: World) -> Year:
    """Three finalized months and a finalized year-end of the root's three branches.

    By hand (means and weighted sums rounded half up to hundredths):
      第一支部 daily (88 + 89.45 + 90) / 3 = 89.15; 89.15 × 0.7 + 90 × 0.3 = 89.405 → 89.41
      第二支部 daily (80 + 85.5 + 90) / 3 = 85.1666… → 85.17; 85.17 × 0.7 + 95 × 0.3 = 88.119
               → 88.12
      第三支部 daily (95 + 96 + 97) / 3 = 96; 96 × 0.7 + 100 × 0.3 = 97.2, vetoed in month 2
    """
    version, scheme = rollup_version()
    a1, a2, b1 = world.branch_a1, world.branch_a2, world.branch_b1
    months = [
        make_source(world, version, scheme, Period("month", YEAR, 1), {a1: 88, a2: 80, b1: 95}),
        make_source(
            world,
            version,
            scheme,
            Period("month", YEAR, 2),
            {a1: Decimal("89.45"), a2: Decimal("85.5"), b1: 96},
            vetoed=[b1],
        ),
        make_source(world, version, scheme, Period("month", YEAR, 3), {a1: 90, a2: 90, b1: 97}),
    ]
    central = make_source(world, version, scheme, Period("year", YEAR), {a1: 90, a2: 95, b1: 100})
    expected = {
        "第一支部": Decimal("89.41"),
        "第二支部": Decimal("88.12"),
        "第三支部": Decimal("97.2"),
    }
    return Year(version, scheme, months, central, expected)
