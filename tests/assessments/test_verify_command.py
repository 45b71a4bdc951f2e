"""`kaohe assess verify`: after an upgrade or a restore, every stored result is recomputed from
its pinned scheme and inputs; a difference names the subject and item and exits non-zero."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kaohe.assessments.models import Assessment, AssessmentKind, ItemScore
from kaohe.assessments.services import assessment_compute, subject_key_for_org
from tests.assessments.combining import YEAR
from tests.schemes import ROLLUP_SCHEME


def verify(*args):
    out = StringIO()
    call_command("assess", "verify", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def computed(world, cycle):
    assessment_compute(assessment=cycle, by=world.site_admin)
    return cycle


def test_every_computed_assessment_recomputes_identically(world, computed):
    output = verify()
    assert f"#{computed.pk} " in output
    assert "一致 / recomputes identically" in output


def test_a_changed_stored_score_is_named_and_fails_the_command(world, computed):
    key = subject_key_for_org(world.branch_a1.pk)
    ItemScore.objects.filter(result__subject_key=key, item_id="A1").update(points=4)
    out = StringIO()
    with pytest.raises(CommandError, match=f"考核 {computed.pk} 的结果与其输入重算不一致"):
        call_command("assess", "verify", "--assessment", str(computed.pk), stdout=out)
    assert f"1 处不一致 / differences: {key}.A1" in out.getvalue()


def test_an_assessment_not_computed_is_said_so_and_an_unknown_one_refused(world, cycle):
    assert "尚未计算" in verify("--assessment", str(cycle.pk))
    assert "没有已计算的考核" in verify()
    with pytest.raises(CommandError, match="没有编号为 987654 的考核"):
        verify("--assessment", "987654")


def test_a_combined_year_recomputes_from_its_parts_and_says_it_is_combined(world, year, tmp_path):
    scheme_file = tmp_path / "rollup-test.yaml"
    scheme_file.write_text(ROLLUP_SCHEME, encoding="utf-8")
    months = ",".join(str(m.pk) for m in year.months)
    call_command(
        "assess", "combine", "--scheme", str(scheme_file), "--year", str(YEAR),
        "--part", f"daily={months}", "--part", f"central={year.central.pk}", stdout=StringIO(),
    )  # fmt: skip
    combined = Assessment.objects.get(kind=AssessmentKind.COMBINED)
    output = verify("--assessment", str(combined.pk))
    assert f"{combined.period_label} 汇总: 一致" in output
