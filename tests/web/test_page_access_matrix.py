"""Every page × every persona: allowed → 200, not theirs → 404, anonymous → login.

`test_every_page_is_in_the_matrix` walks the URL resolver, so a new page that nobody
added here fails the suite instead of going untested for access.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import World
from tests.records import helpers as records_helpers

OK, GONE, LOGIN = 200, 404, "login"
PERSONAS = [
    "anonymous",
    "site_admin",
    "admin_a",
    "evaluator",
    "secretary_a1",
    "member_a1",
    "outsider",
]


def expect(**overrides):
    """Expected outcome per persona: everyone logged in gets 200 unless overridden."""
    base = {persona: OK for persona in PERSONAS} | {"anonymous": LOGIN}
    return base | overrides


def subject(w, *rest):
    """A stable result address's arguments: the assessment, 第一支部's key, then `rest`."""
    return [w.assessment.pk, w.result_a1.subject_key, *rest]


# name → (how to build the URL from the world, expected outcome per persona)
MATRIX = {
    "home": (lambda w: reverse("home"), expect()),
    "orgs:tree": (lambda w: reverse("orgs:tree"), expect()),
    "orgs:detail": (
        lambda w: reverse("orgs:detail", args=[w.branch_a1.pk]),
        expect(member_a1=GONE, outsider=GONE),
    ),
    "orgs:children": (
        lambda w: reverse("orgs:children", args=[w.gb_a.pk]),
        expect(secretary_a1=GONE, member_a1=GONE, outsider=GONE),
    ),
    "orgs:member": (
        lambda w: reverse("orgs:member", args=[w.a1_member.pk]),
        expect(outsider=GONE),
    ),
}

MATRIX |= {
    "assessments:list": (lambda w: reverse("assessments:list"), expect()),
    "assessments:detail": (
        lambda w: reverse("assessments:detail", args=[w.assessment.pk]),
        expect(member_a1=GONE),  # the members' scheme is not run here: no result of theirs
    ),
    "assessments:result": (
        lambda w: reverse("assessments:result", args=[w.result_a1.pk]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    # The same result at its stable address: the outsider sees the assessment (through their
    # own branch's result) but not this subject, so the subject is the same 404.
    "assessments:subject": (
        lambda w: reverse("assessments:subject", args=[w.assessment.pk, w.result_a1.subject_key]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    # 汇总考核: admins choose the finalized sources; everyone else may not (403).
    "assessments:combine": (
        lambda w: reverse("assessments:combine"),
        expect(evaluator=403, secretary_a1=403, member_a1=403, outsider=403),
    ),
    "assessments:export": (
        lambda w: reverse("assessments:export", args=[w.assessment.pk]),
        expect(member_a1=GONE),
    ),
    "assessments:result_export": (
        lambda w: reverse("assessments:result_export", args=[w.result_a1.pk]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:subject_export": (
        lambda w: reverse("assessments:subject_export", args=subject(w)),
        expect(outsider=GONE, member_a1=GONE),
    ),
}

# The assessment cycle (assessments/cycle_views.py) over the `scored` assessment of the root:
# admin_a, the secretary and the outsider see it through their branches' results but may not
# manage or review it (403); member_a1 sees no result of it (404).
MATRIX |= {
    "assessments:cycle_panel": (
        lambda w: reverse("assessments:cycle_panel", args=[w.assessment.pk]),
        expect(member_a1=GONE),
    ),
    "assessments:manage": (
        lambda w: reverse("assessments:manage", args=[w.assessment.pk]),
        expect(admin_a=403, evaluator=403, secretary_a1=403, member_a1=GONE, outsider=403),
    ),
    "assessments:facts": (
        lambda w: reverse("assessments:facts", args=[w.assessment.pk]),
        expect(admin_a=403, secretary_a1=403, member_a1=GONE, outsider=403),
    ),
    "assessments:review": (
        lambda w: reverse("assessments:review", args=[w.assessment.pk]),
        expect(admin_a=403, secretary_a1=403, member_a1=GONE, outsider=403),
    ),
    "assessments:self_assessment": (
        lambda w: reverse(
            "assessments:self_assessment", args=[w.assessment.pk, w.result_a1.subject_key]
        ),
        expect(admin_a=403, evaluator=403, member_a1=GONE, outsider=GONE),
    ),
    "assessments:appeals": (
        lambda w: reverse("assessments:appeals", args=[w.assessment.pk]),
        expect(member_a1=GONE),
    ),
    "assessments:awards": (
        lambda w: reverse("assessments:awards", args=[w.assessment.pk]),
        expect(member_a1=GONE),
    ),
    "assessments:result_appeals": (
        lambda w: reverse("assessments:result_appeals", args=[w.result_a1.pk]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:total_history": (
        lambda w: reverse("assessments:total_history", args=[w.result_a1.pk]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:item_history": (
        lambda w: reverse("assessments:item_history", args=[w.result_a1.pk, "A1"]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:appeal_item": (
        lambda w: reverse("assessments:appeal_item", args=[w.result_a1.pk, "A1"]),
        expect(outsider=GONE, member_a1=GONE),
    ),
    # The same sub-pages at the subject's stable address: the outsider sees the assessment
    # but not this subject (404), member_a1 not even the assessment (404).
    "assessments:subject_appeals": (
        lambda w: reverse("assessments:subject_appeals", args=subject(w)),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:subject_total_history": (
        lambda w: reverse("assessments:subject_total_history", args=subject(w)),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:subject_item_history": (
        lambda w: reverse("assessments:subject_item_history", args=subject(w, "A1")),
        expect(outsider=GONE, member_a1=GONE),
    ),
    "assessments:subject_appeal_item": (
        lambda w: reverse("assessments:subject_appeal_item", args=subject(w, "A1")),
        expect(outsider=GONE, member_a1=GONE),
    ),
    # Everyone has a notices page: their own notices only (tests/assessments/test_notices_*.py).
    "assessments:notices": (lambda w: reverse("assessments:notices"), expect()),
}

# Work records: a writer's page answers 403 to those who may see the organization or record
# but not change it (evaluators; a member on their own record).
DENIED = 403
MATRIX |= {
    "records:index": (lambda w: reverse("records:index"), expect()),
    "records:organization": (
        lambda w: reverse("records:organization", args=[w.branch_a1.pk]),
        expect(member_a1=GONE, outsider=GONE),
    ),
    "records:create": (
        lambda w: reverse("records:create", args=[w.branch_a1.pk, "meeting"]),
        expect(evaluator=DENIED, member_a1=GONE, outsider=GONE),
    ),
    "records:calendar": (
        lambda w: reverse("records:calendar", args=[w.branch_a1.pk]),
        expect(member_a1=GONE, outsider=GONE),
    ),
    "records:dues_ledger": (
        lambda w: reverse("records:dues_ledger", args=[w.branch_a1.pk]),
        expect(member_a1=GONE, outsider=GONE),
    ),
    "records:development": (
        lambda w: reverse("records:development", args=[w.branch_a1.pk]),
        expect(member_a1=GONE, outsider=GONE),
    ),
    "records:month_grid": (
        lambda w: reverse("records:month_grid", args=[w.branch_a1.pk, "app-points"]),
        expect(member_a1=GONE, outsider=GONE),
    ),
    "records:month_sheet": (
        lambda w: reverse("records:month_sheet", args=[w.branch_a1.pk, "study-notes", "2025-03"]),
        expect(evaluator=DENIED, member_a1=GONE, outsider=GONE),
    ),
    # Narrowed to 第一党总支: only those who see it (the unnarrowed page is everyone's list).
    "records:calendar_overview": (
        lambda w: reverse("records:calendar_overview") + f"?org={w.gb_a.pk}",
        expect(secretary_a1=GONE, member_a1=GONE, outsider=GONE),
    ),
    "records:detail": (
        lambda w: reverse(
            "records:detail",
            args=["dues_payment", records_helpers.make_record(w, "dues_payment").pk],
        ),
        expect(outsider=GONE),
    ),
    "records:edit": (
        lambda w: reverse(
            "records:edit", args=["dues_payment", records_helpers.make_record(w, "dues_payment").pk]
        ),
        expect(evaluator=DENIED, member_a1=DENIED, outsider=GONE),
    ),
    "records:evidence_download": (
        lambda w: reverse(
            "records:evidence_download", args=[records_helpers.matrix_evidence(w).pk]
        ),
        expect(outsider=GONE),
    ),
}

# Pages reachable by design without the matrix's rules, each with the reason.
EXEMPT = {
    "login": "public: the login form",
    "logout": "POST-only, for everyone",
    "set_language": "public: the language switch",
    "assessments:run": "POST-only, admins: tests/assessments/test_run_page.py",
    "assessments:appeal_decide": "POST-only, reviewers: tests/assessments/test_page_appeals.py",
    "assessments:notice_open": "POST-only, own notices: tests/assessments/test_notices_get_read.py",
    "assessments:notice_read_all": "POST-only, own: tests/assessments/test_notices_get_read.py",
    "healthz": "public: liveness probe for load balancers",
    "records:evidence_upload": "POST-only: see tests/records/test_evidence_upload_checks.py",
    "records:evidence_delete": "POST-only: see tests/records/test_evidence_download.py",
    "records:minutes_check": "POST-only: see tests/records/test_minutes_check.py",
}


def test_every_page_is_in_the_matrix():
    def names(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue  # Django's admin: covered by test_admin_is_scoped
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from names(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + pattern.name

    missing = set(names(get_resolver().url_patterns)) - set(MATRIX) - set(EXEMPT)
    assert not missing, f"pages with no access rules in the matrix: {sorted(missing)}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", sorted(MATRIX))
def test_page_access(client, world: World, scored, page, persona):
    _, world.assessment, run, _ = scored
    world.result_a1 = run.results.get(organization=world.branch_a1)
    build_url, outcomes = MATRIX[page]
    url = build_url(world)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    expected = outcomes[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{persona} on {url}"


def test_missing_object_is_404_like_a_forbidden_one(client, world: World):
    client.force_login(world.outsider)
    forbidden = client.get(reverse("orgs:member", args=[world.a1_member.pk]))
    missing = client.get(reverse("orgs:member", args=[987_654]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
