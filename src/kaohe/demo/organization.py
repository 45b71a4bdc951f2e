"""The demo organization: tree, roster and one login per role.

Both sizes are written in bulk: tree paths are computed here (treebeard's materialized
path scheme) instead of saving node by node, so the large demo's 100,000 members and
15,000 organizations take seconds, not minutes.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction

from kaohe.accounts.models import Role, User
from kaohe.accounts.services import role_grant, user_create
from kaohe.dates import add_years
from kaohe.demo.names import person_name, phone_number
from kaohe.organizations.models import (
    Gender,
    Member,
    MemberStatus,
    Organization,
    OrgKind,
    Position,
)

DEMO_CODE = "DEMO"
LARGE_CODE = "DEMO-LARGE"
DEMO_PASSWORD = "kaohe-demo"  # noqa: S105 — published on purpose: demo logins only

GENERAL_BRANCHES = {
    "综合业务党总支": ["办公室党支部", "法规处党支部", "人事处党支部", "财务处党支部"],
    "经济运行党总支": ["规划处党支部", "产业处党支部", "投资处党支部", "价格处党支部"],
    "服务保障党总支": [
        "信息中心党支部",
        "机关服务中心党支部",
        "离退休干部党支部",
        "后勤保障党支部",
    ],
}
GROUP_NAMES = ["第一党小组", "第二党小组", "第三党小组"]


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str


@dataclass
class _Node:
    name: str
    kind: str
    code: str = ""
    last_election_on: datetime.date | None = None
    children: list["_Node"] = field(default_factory=list)
    member_count: int = 0


def demo_exists() -> bool:
    return Organization.objects.filter(code=DEMO_CODE).exists()


def build_demo(*, today: datetime.date, seed: int = 2026) -> Organization:
    """The standard demo: 机关党委 → 3 党总支 → 12 党支部 → 党小组, about 300 members."""
    rng = random.Random(seed)
    root = _Node(
        "市发展和改革委员会机关党委", OrgKind.COMMITTEE, DEMO_CODE, _election(rng, today, 5)
    )
    for gb_name, branch_names in GENERAL_BRANCHES.items():
        gb = _Node(gb_name, OrgKind.GENERAL_BRANCH, last_election_on=_election(rng, today, 3))
        root.children.append(gb)
        for name in branch_names:
            branch = _Node(name, OrgKind.BRANCH, last_election_on=_election(rng, today, 2))
            branch.member_count = rng.randint(18, 32)
            groups = 3 if branch.member_count >= 28 else 2
            branch.children = [_Node(g, OrgKind.GROUP) for g in GROUP_NAMES[:groups]]
            gb.children.append(branch)
    with transaction.atomic():
        root_org = _write_tree(root, rng, today)
        _ensure_logins(root_org)
    return root_org


def build_large(
    *,
    today: datetime.date,
    seed: int = 7,
    committees: int = 50,
    general_branches: int = 10,
    branches: int = 10,
    members: int = 20,
) -> Organization:
    """Benchmark scale: 50 二级党委 × 10 党总支 × 10 党支部 = 5,000 branches, 100,000 members."""
    rng = random.Random(seed)
    root = _Node("集团党委(大型演示)", OrgKind.COMMITTEE, LARGE_CODE, _election(rng, today, 5))
    for c in range(1, committees + 1):
        committee = _Node(
            f"第{c}分公司党委", OrgKind.COMMITTEE, last_election_on=_election(rng, today, 5)
        )
        root.children.append(committee)
        for g in range(1, general_branches + 1):
            gb = _Node(
                f"第{c}-{g}党总支",
                OrgKind.GENERAL_BRANCH,
                last_election_on=_election(rng, today, 3),
            )
            committee.children.append(gb)
            for b in range(1, branches + 1):
                branch = _Node(
                    f"第{c}-{g}-{b}党支部",
                    OrgKind.BRANCH,
                    last_election_on=_election(rng, today, 2),
                )
                branch.member_count = members
                branch.children = [_Node(name, OrgKind.GROUP) for name in GROUP_NAMES[:2]]
                gb.children.append(branch)
    with transaction.atomic():
        return _write_tree(root, rng, today)


def _election(rng: random.Random, today: datetime.date, term_years: int) -> datetime.date:
    # Most committees are within their term; about one in eight has let it run out.
    overdue = rng.random() < 0.125
    days_ago = (
        rng.randint(term_years * 365 + 10, term_years * 365 + 300)
        if overdue
        else rng.randint(30, term_years * 365 - 30)
    )
    return today - datetime.timedelta(days=days_ago)


def _write_tree(root: _Node, rng: random.Random, today: datetime.date) -> Organization:
    last_root = Organization.objects.get_last_root_node()
    root_step = (int(last_root.path[: Organization.steplen], 36) + 1) if last_root else 1
    rows: list[Organization] = []
    branches: list[tuple[str, _Node]] = []  # (path, node) of every branch, for the roster

    def visit(node: _Node, path: str, depth: int) -> None:
        rows.append(
            Organization(
                path=path,
                depth=depth,
                numchild=len(node.children),
                name=node.name,
                kind=node.kind,
                code=node.code,
                last_election_on=node.last_election_on,
            )
        )
        if node.kind == OrgKind.BRANCH:
            branches.append((path, node))
        for step, child in enumerate(node.children, start=1):
            visit(child, Organization._get_path(path, depth + 1, step), depth + 1)

    visit(root, Organization._get_path(None, 1, root_step), 1)
    Organization.objects.bulk_create(rows, batch_size=2000)

    ids = dict(Organization.objects.filter(path__startswith=rows[0].path).values_list("path", "id"))
    members: list[Member] = []
    for path, node in branches:
        group_ids = [
            ids[Organization._get_path(path, len(path) // Organization.steplen + 1, i)]
            for i in range(1, len(node.children) + 1)
        ]
        members.extend(_roster(rng, today, ids[path], group_ids, node.member_count))
    Member.objects.bulk_create(members, batch_size=5000)
    return Organization.objects.get(path=rows[0].path)


def _roster(
    rng: random.Random, today: datetime.date, branch_id: int, group_ids: list[int], size: int
) -> list[Member]:
    """One branch's roster: committee (书记, 副书记, 委员) first, group leaders, the rest."""
    positions = [Position.SECRETARY]
    if size >= 20:
        positions.append(Position.DEPUTY_SECRETARY)
    positions += [Position.COMMITTEE_MEMBER] * (3 if size >= 25 else 2)
    positions += [Position.GROUP_LEADER] * len(group_ids)
    leaders_from = len(positions) - len(group_ids)
    roster = []
    for i in range(size):
        gender = Gender.MALE if rng.random() < 0.58 else Gender.FEMALE
        birth = datetime.date(rng.randint(1964, 2001), rng.randint(1, 12), rng.randint(1, 28))
        probationary = i >= len(positions) and rng.random() < 0.06
        if probationary:  # 预备期 is one year: joined within the last twelve months
            joined = today - datetime.timedelta(days=rng.randint(20, 350))
        else:
            earliest = add_years(birth, 18)
            span = max((today - datetime.timedelta(days=400) - earliest).days, 1)
            joined = earliest + datetime.timedelta(days=rng.randint(0, span))
        if not group_ids:
            group_id = None
        elif leaders_from <= i < len(positions):  # each group leader leads their own group
            group_id = group_ids[i - leaders_from]
        else:
            group_id = group_ids[i % len(group_ids)]
        roster.append(
            Member(
                name=person_name(rng, gender),
                gender=gender,
                birth_date=birth,
                joined_party_on=joined,
                status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
                phone=phone_number(rng),
                branch_id=branch_id,
                group_id=group_id,
                position=positions[i] if i < len(positions) else Position.NONE,
            )
        )
    return roster


DEMO_LOGINS = (
    DemoLogin("admin", Role.ADMIN, "机关党委"),
    DemoLogin("evaluator", Role.EVALUATOR, "机关党委"),
    DemoLogin("secretary", Role.SECRETARY, "办公室党支部"),
    DemoLogin("member", Role.MEMBER, "本人 / self"),
)


def _ensure_logins(root: Organization) -> None:
    """One login per role; existing accounts are left as they are (passwords included)."""
    first_branch = (
        Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH)
        .order_by("path")
        .first()
    )
    roster = Member.objects.filter(branch=first_branch).order_by("id")
    secretary_member = roster.filter(position=Position.SECRETARY).first()
    plain_member = roster.filter(position=Position.NONE).first()
    plans = {
        "admin": dict(organization=root, member=None, superuser=True, display="考核办公室管理员"),
        "evaluator": dict(organization=root, member=None, superuser=False, display="评估小组"),
        "secretary": dict(
            organization=first_branch, member=secretary_member, superuser=False, display=""
        ),
        "member": dict(organization=None, member=plain_member, superuser=False, display=""),
    }
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        plan = plans[login.username]
        user = user_create(
            username=login.username,
            password=DEMO_PASSWORD,
            display_name=plan["display"] or (plan["member"].name if plan["member"] else ""),
            member=plan["member"],
            is_superuser=plan["superuser"],
        )
        role_grant(user=user, role=login.role, organization=plan["organization"])
