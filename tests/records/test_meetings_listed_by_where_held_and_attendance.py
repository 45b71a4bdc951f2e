"""The records list narrows meetings the way score sheets link to them: held above the
branch and listing its members (`held=above`), also those (`held=here_and_above`), and only
those with an absence, or an absence or leave, of the member or of the branch's members
(`attendance=`). It says so in words, with a way back to all meetings."""

from urllib.parse import parse_qs

from django.urls import reverse

from tests.records.helpers import make_meeting


def _above(world, attendance, topic):
    return make_meeting(
        world, organization=world.root, kind="lecture", attendance=attendance, topic=topic
    )


def _listed(client, world, **query):
    url = reverse("records:organization", args=[world.branch_a1.pk])
    response = client.get(url, {"kind": "meeting", **query})
    assert response.status_code == 200
    return response, {m.topic for m in response.context["page"].object_list}


def test_meetings_held_above_that_listed_the_branchs_members(client, world):
    _above(world, [(world.a1_member.pk, "absent")], "一支部缺席")
    _above(world, [(world.a1_member.pk, "present")], "一支部出席")
    _above(world, [(world.b1_member.pk, "absent")], "只列三支部")
    make_meeting(world, attendance=[(world.a1_member.pk, "absent")], topic="本支部")
    client.force_login(world.secretary_a1)

    _, above = _listed(client, world, held="above")
    response, absent_above = _listed(client, world, held="above", attendance="absent")

    assert above == {"一支部缺席", "一支部出席"}
    assert absent_above == {"一支部缺席"}
    assert "只看上级组织召开、列有第一支部党员的会议" in response.text
    assert "只看有党员缺席的会议" in response.text


def test_a_branchs_missed_meetings_here_and_above(client, world):
    make_meeting(world, attendance=[(world.a1_member.pk, "excused")], topic="本支部请假")
    make_meeting(world, attendance=[(world.a1_member.pk, "present")], topic="本支部全到")
    _above(world, [(world.a1_member.pk, "absent")], "上级缺席")
    # Someone of another branch missed it; the branch's own member was there.
    _above(world, [(world.a1_member.pk, "present"), (world.b1_member.pk, "absent")], "别人缺席")
    client.force_login(world.evaluator)

    response, missed = _listed(client, world, held="here_and_above", attendance="not_present")

    assert missed == {"本支部请假", "上级缺席"}
    back = parse_qs(response.context["all_meetings_query"])
    assert back == {"kind": ["meeting"]}
    assert f'href="?{response.context["all_meetings_query"]}"' in response.text
    _, everything = _listed(client, world, **{k: v[0] for k, v in back.items() if k != "kind"})
    assert everything == {"本支部请假", "本支部全到"}  # the default: the branch's own


def test_one_members_absences(client, world):
    make_meeting(world, attendance=[(world.a1_member.pk, "absent")], topic="缺席")
    make_meeting(world, attendance=[(world.a1_member.pk, "excused")], topic="请假")
    make_meeting(
        world,
        attendance=[(world.a1_member.pk, "present"), (world.a1_secretary.pk, "absent")],
        topic="别人缺席",
    )
    client.force_login(world.member_a1)
    url = reverse("records:index")
    member = world.a1_member.pk

    absent = client.get(url, {"kind": "meeting", "member": member, "attendance": "absent"})
    missed = client.get(url, {"kind": "meeting", "member": member, "attendance": "not_present"})

    assert {m.topic for m in absent.context["page"].object_list} == {"缺席"}
    assert {m.topic for m in missed.context["page"].object_list} == {"缺席", "请假"}
    assert "只看李党员缺席或请假的会议" in missed.text


def test_a_bad_value_is_named_and_narrows_nothing(client, world):
    make_meeting(world, topic="本支部")
    client.force_login(world.secretary_a1)
    response, listed = _listed(client, world, held="sideways")
    assert listed == {"本支部"}
    assert "召开范围" in response.text  # the field named beside Django's message


def test_within_must_be_the_organization_or_above_it(client, world):
    _above(world, [(world.a1_member.pk, "absent")], "党委")
    client.force_login(world.evaluator)
    response, listed = _listed(client, world, held="above", within=world.branch_b1.pk)
    assert listed == {"党委"}  # ignored
    assert response.context["filters"].errors["within"]
    _, within_gb = _listed(client, world, held="above", within=world.gb_a.pk)
    assert within_gb == set()  # the 党委 is not inside the 党总支
