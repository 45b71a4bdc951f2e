import datetime

import pytest
from django.core.exceptions import ValidationError

from kaohe.organizations.models import Member
from kaohe.organizations.services import member_create, member_update


def base(world, **overrides):
    values = dict(
        name="新党员",
        gender="M",
        birth_date=datetime.date(1990, 5, 1),
        joined_party_on=datetime.date(2015, 7, 1),
        branch=world.branch_a1,
    )
    return values | overrides


def test_member_is_created_with_group_of_own_branch(world):
    member = member_create(**base(world, group=world.group_a1))
    assert member.group == world.group_a1


def test_group_of_another_branch_is_refused_and_nothing_is_written(world):
    before = Member.objects.count()
    with pytest.raises(ValidationError) as error:
        member_create(**base(world, branch=world.branch_a2, group=world.group_a1))
    assert "group" in error.value.message_dict
    assert Member.objects.count() == before


def test_member_must_belong_to_a_branch_not_a_general_branch(world):
    with pytest.raises(ValidationError) as error:
        member_create(**base(world, branch=world.gb_a))
    assert "branch" in error.value.message_dict


def test_joining_before_eighteen_is_refused(world):
    with pytest.raises(ValidationError) as error:
        member_create(**base(world, joined_party_on=datetime.date(2008, 4, 30)))
    assert "joined_party_on" in error.value.message_dict
    member_create(**base(world, joined_party_on=datetime.date(2008, 5, 1)))


def test_update_validates_and_rejects_unknown_fields(world):
    member = world.a1_member
    member_update(member=member, phone="13800000000")
    member.refresh_from_db()
    assert member.phone == "13800000000"
    with pytest.raises(TypeError, match="unknown fields: salary"):
        member_update(member=member, salary=1)
    with pytest.raises(ValidationError):
        member_update(member=member, group=world.group_a1, branch=world.branch_b1)
