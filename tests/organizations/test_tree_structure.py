import pytest
from django.core.exceptions import ValidationError

from kaohe.organizations.models import Organization, OrgKind
from kaohe.organizations.services import organization_create


def test_subtree_is_one_prefix_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(
            Organization.objects.filter(path__startswith=world.gb_a.path).values_list(
                "name", flat=True
            )
        )
    assert names == {"第一党总支", "第一支部", "第二支部", "第一党小组"}


def test_tree_stays_consistent_after_services_add_nodes(world):
    organization_create(name="新支部", kind=OrgKind.BRANCH, parent=world.gb_b)
    assert all(not problems for problems in Organization.objects.find_problems())
    gb_b = Organization.objects.get(pk=world.gb_b.pk)
    assert Organization.objects.get_children(gb_b).count() == 2


@pytest.mark.parametrize(
    ("parent_kind", "child_kind"),
    [
        (OrgKind.BRANCH, OrgKind.BRANCH),
        (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH),
        (OrgKind.GROUP, OrgKind.GROUP),
        (OrgKind.GENERAL_BRANCH, OrgKind.GROUP),
        (OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE),
    ],
)
def test_a_kind_cannot_sit_under_the_wrong_parent(world, parent_kind, child_kind):
    parent = {
        OrgKind.BRANCH: world.branch_a1,
        OrgKind.GROUP: world.group_a1,
        OrgKind.GENERAL_BRANCH: world.gb_a,
    }[parent_kind]
    before = Organization.objects.count()
    with pytest.raises(ValidationError):
        organization_create(name="x", kind=child_kind, parent=parent)
    assert Organization.objects.count() == before


def test_a_committee_may_hold_branches_directly(world):
    branch = organization_create(name="直属支部", kind=OrgKind.BRANCH, parent=world.root)
    assert Organization.objects.get_parent(branch) == world.root
