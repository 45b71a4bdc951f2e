"""定档 recomputes the results before taking the assessment's lock (a large run takes seconds,
and other writers would wait on it), then refuses if the results were recomputed meanwhile."""

import pytest
from django.core.exceptions import ValidationError

from kaohe.assessments import services
from kaohe.assessments.models import Stage
from kaohe.assessments.selectors import current_run


def test_a_recompute_during_the_check_is_refused(world, ended, monkeypatch):
    checked = services.assessment_verify

    def verify_while_an_appeal_recomputes(*, assessment, run=None):
        differences = checked(assessment=assessment, run=run)
        services.assessment_compute(assessment=assessment, by=world.site_admin)
        return differences

    monkeypatch.setattr(services, "assessment_verify", verify_while_an_appeal_recomputes)
    with pytest.raises(ValidationError, match="重新计算"):
        services.assessment_finalize(assessment=ended, by=world.site_admin)
    ended.refresh_from_db()
    assert ended.stage == Stage.PUBLISHED


def test_the_check_runs_before_the_lock(world, ended, monkeypatch):
    order = []
    checked, lock = services.assessment_verify, services._lock
    monkeypatch.setattr(
        services, "assessment_verify", lambda **kw: order.append("verify") or checked(**kw)
    )
    monkeypatch.setattr(services, "_lock", lambda *a, **kw: order.append("lock") or lock(*a, **kw))
    run = current_run(ended)
    services.assessment_finalize(assessment=ended, by=world.site_admin)
    assert order == ["verify", "lock"] and current_run(ended).pk == run.pk
