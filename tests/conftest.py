"""Named personas over one small organization tree, shared by every Django test.

    机关党委 (root)
    ├── 第一党总支 (gb_a) ── 第一支部 (branch_a1, with 第一党小组 group_a1) · 第二支部 (branch_a2)
    └── 第二党总支 (gb_b) ── 第三支部 (branch_b1)

Personas: site_admin (superuser), admin_a (admin of gb_a), evaluator (over the root),
secretary_a1 (secretary of branch_a1), member_a1 (member role, sees only self),
outsider (secretary of branch_b1: a sibling who must see none of gb_a).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from kaohe.accounts.models import Role, User
from kaohe.accounts.services import role_grant, user_create
from kaohe.assessments.services import (
    assessment_compute,
    assessment_open,
    assessment_run,
    scheme_version_store,
    subject_key_for_member,
    subject_key_for_org,
)
from kaohe.organizations.models import Member, Organization, OrgKind, Position
from kaohe.organizations.services import member_create, organization_create
from kaohe.scoring import Period, load_scheme
from tests.schemes import MEMBER_SCHEME, SMALL_SCHEME

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    root: Organization
    gb_a: Organization
    gb_b: Organization
    branch_a1: Organization
    branch_a2: Organization
    branch_b1: Organization
    group_a1: Organization
    a1_secretary: Member
    a1_member: Member
    a2_member: Member
    b1_member: Member
    site_admin: User
    admin_a: User
    evaluator: User
    secretary_a1: User
    member_a1: User
    outsider: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def make_member(branch, name, *, group=None, position=Position.NONE) -> Member:
    return member_create(
        name=name,
        gender="F",
        birth_date=datetime.date(1985, 3, 1),
        joined_party_on=datetime.date(2010, 7, 1),
        branch=branch,
        group=group,
        position=position,
    )


def make_user(username, *, role=None, organization=None, member=None, superuser=False) -> User:
    user = user_create(username=username, password=PASSWORD, member=member, is_superuser=superuser)
    if role:
        role_grant(user=user, role=role, organization=organization)
    return user


def build_world() -> World:
    election = datetime.date(2025, 1, 10)
    root = organization_create(name="机关党委", kind=OrgKind.COMMITTEE, last_election_on=election)
    gb_a = organization_create(name="第一党总支", kind=OrgKind.GENERAL_BRANCH, parent=root)
    gb_b = organization_create(name="第二党总支", kind=OrgKind.GENERAL_BRANCH, parent=root)
    branch_a1 = organization_create(name="第一支部", kind=OrgKind.BRANCH, parent=gb_a)
    branch_a2 = organization_create(name="第二支部", kind=OrgKind.BRANCH, parent=gb_a)
    branch_b1 = organization_create(name="第三支部", kind=OrgKind.BRANCH, parent=gb_b)
    group_a1 = organization_create(name="第一党小组", kind=OrgKind.GROUP, parent=branch_a1)
    a1_secretary = make_member(branch_a1, "张书记", group=group_a1, position=Position.SECRETARY)
    a1_member = make_member(branch_a1, "李党员", group=group_a1)
    a2_member = make_member(branch_a2, "王党员")
    b1_member = make_member(branch_b1, "赵党员")
    return World(
        root=root,
        gb_a=gb_a,
        gb_b=gb_b,
        branch_a1=branch_a1,
        branch_a2=branch_a2,
        branch_b1=branch_b1,
        group_a1=group_a1,
        a1_secretary=a1_secretary,
        a1_member=a1_member,
        a2_member=a2_member,
        b1_member=b1_member,
        site_admin=make_user("site_admin", role=Role.ADMIN, organization=root, superuser=True),
        admin_a=make_user("admin_a", role=Role.ADMIN, organization=gb_a),
        evaluator=make_user("evaluator", role=Role.EVALUATOR, organization=root),
        secretary_a1=make_user(
            "secretary_a1", role=Role.SECRETARY, organization=branch_a1, member=a1_secretary
        ),
        member_a1=make_user("member_a1", role=Role.MEMBER, member=a1_member),
        outsider=make_user("outsider", role=Role.SECRETARY, organization=branch_b1),
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 at its production cost is most of a test's time when it logs users in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


# A small scheme scored over the personas' three branches (tests/assessments/schemes.py).
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


def open_2025(source: str, organization: Organization):
    """`source` (a scheme's text) stored and opened over `organization` for the year 2025."""
    scheme = load_scheme(source)
    assessment = assessment_open(
        scheme_version=scheme_version_store(scheme=scheme, source=source),
        organization=organization,
        period=Period("year", 2025),
        by=None,
    )
    return scheme, assessment


def computed_2025(source: str, organization: Organization):
    """open_2025, then computed from the records as `kaohe assess run` does: the run."""
    _, assessment = open_2025(source, organization)
    run, _ = assessment_compute(assessment=assessment, by=None)
    return run


def fresh(user: User) -> User:
    """The same user re-read, without the reach cached on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def cycle(world: World):
    """An assessment of gb_a's two branches under CYCLE_SCHEME, not started yet."""
    from tests.schemes import CYCLE_SCHEME

    scheme = load_scheme(CYCLE_SCHEME)
    version = scheme_version_store(scheme=scheme, source=CYCLE_SCHEME)
    return assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )


def run_members(world: World, scheme_text: str, subject: Callable[[Member], dict]):
    """Open `scheme_text` (a member scheme) over gb_a for 2025 and run it on gb_a's three
    members, each with their branch as `groups.branch` and `subject(member)`'s metrics or
    manual ratings added."""
    scheme = load_scheme(scheme_text)
    version = scheme_version_store(scheme=scheme, source=scheme_text)
    assessment = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    members = [world.a1_secretary, world.a1_member, world.a2_member]
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {
                "id": subject_key_for_member(m.pk),
                "name": m.name,
                "groups": {"branch": subject_key_for_org(m.branch_id)},
                **subject(m),
            }
            for m in members
        ],
        "events": [],
    }
    branches = {m.pk: m.branch_id for m in members}
    assessment_run(
        assessment=assessment, scheme=scheme, facts_json=facts, member_branches=branches, by=None
    )
    return assessment


@pytest.fixture
def member_run(world: World):
    """gb_a's three members under MEMBER_SCHEME: 0, 1 and 3 tests failed (10, 8, 4 points)."""
    failed = {world.a1_secretary.pk: 0, world.a1_member.pk: 1, world.a2_member.pk: 3}
    return run_members(world, MEMBER_SCHEME, lambda m: {"metrics": {"tests_failed": failed[m.pk]}})
