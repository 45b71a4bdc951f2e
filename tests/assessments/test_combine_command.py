"""`kaohe assess combine`: the same combination from the command line, refused the same way."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kaohe.assessments.models import Assessment, AssessmentKind, Stage
from tests.assessments.combining import YEAR
from tests.schemes import ROLLUP_SCHEME


@pytest.fixture
def scheme_file(tmp_path):
    path = tmp_path / "rollup-test.yaml"
    path.write_text(ROLLUP_SCHEME, encoding="utf-8")
    return str(path)


def combine(scheme_file, *parts):
    out = StringIO()
    args = ["assess", "combine", "--scheme", scheme_file, "--year", str(YEAR)]
    for part in parts:
        args += ["--part", part]
    call_command(*args, stdout=out)
    return out.getvalue()


def test_combine_prints_the_year_and_stores_it(world, year, scheme_file):
    months = ",".join(str(m.pk) for m in year.months)
    output = combine(scheme_file, f"daily={months}", f"central={year.central.pk}")
    combined = Assessment.objects.get(kind=AssessmentKind.COMBINED)
    assert f"3 subjects combined (assessment {combined.pk})" in output
    assert "第三支部" in output and "97.20" in output and "否决" in output
    assert "89.41" in output


def test_combine_names_what_is_wrong_and_writes_nothing(world, year, scheme_file):
    Assessment.objects.filter(pk=year.central.pk).update(stage=Stage.REVIEW)
    months = ",".join(str(m.pk) for m in year.months)
    with pytest.raises(CommandError, match=f"#{year.central.pk}\\(2025年度\\)尚未定档"):
        combine(scheme_file, f"daily={months}", f"central={year.central.pk}")
    with pytest.raises(CommandError, match="名称=编号"):
        combine(scheme_file, "daily=one,two", f"central={year.central.pk}")
    with pytest.raises(CommandError, match="没有编号为 987654 的考核"):
        combine(scheme_file, f"daily={months}", "central=987654")
    with pytest.raises(CommandError, match="没有编号为 'nope' 的方案模板"):
        combine("nope", f"daily={months}", f"central={year.central.pk}")
    assert not Assessment.objects.filter(kind=AssessmentKind.COMBINED).exists()
