"""A private group is not there for people outside it (issue 11, item 2): not on a joint
follow-up's page or calendar file, not on the pages of the ideas it carries, not in a
public group's red thread. `groups.view_group` decides; those invited to a joint follow-up
see which groups it gathers and who is invited (they meet), never a group's own record."""

import csv
import io

import pytest
from django.urls import reverse

from idesluss.groups import services
from idesluss.groups.models import JointFollowUp
from tests.factories import UserFactory, make_group, make_idea


@pytest.fixture
def world(org, coach):
    """A public group and a private one (red, with a decision), both carrying an idea and
    gathered to a joint follow-up by the coordinator; and a joint of private groups only."""
    coordinator = UserFactory(roles=["coordinator"])
    idea = make_idea(unit=org["north"], title="Nyckelidén")
    public_member = UserFactory(full_name="Pelle Publik")
    secret_member = UserFactory(full_name="Sara Sekret")
    public = make_group(
        coach=coach, members=[public_member], name="Öppna gruppen", is_public=True, ideas=[idea]
    )
    secret = make_group(
        coach=UserFactory(full_name="Hemlig Coach", roles=["coach"]),
        members=[secret_member],
        name="Hemliga gruppen",
        ideas=[idea],
    )
    services.group_set_status(group=secret, by=secret.coach, status="red", comment="Fastnat")
    joint = services.joint_create(
        by=coordinator,
        data=services.JointInput(
            title="Gemensam uppföljning",
            starts_at=joint_time(),
            groups=[public, secret],
        ),
    )
    services.decision_add(
        session=joint.sessions.get(group=secret), by=coordinator, text="Hemligt beslut"
    )
    other_secret = make_group(members=[UserFactory()], name="Andra hemliga gruppen")
    private_joint = services.joint_create(
        by=coordinator,
        data=services.JointInput(
            title="Bara privata", starts_at=joint_time(), groups=[secret, other_secret]
        ),
    )
    return {
        "idea": idea,
        "public": public,
        "secret": secret,
        "public_member": public_member,
        "secret_member": secret_member,
        "joint": joint,
        "private_joint": private_joint,
    }


def joint_time():
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=7)


SECRETS = ["Hemliga gruppen", "Sara Sekret", "Hemlig Coach", "Hemligt beslut"]


def test_an_outsider_sees_no_private_group_on_any_page(client, world):
    outsider = UserFactory(full_name="Otto Utanför")
    client.force_login(outsider)
    joint, public = world["joint"], world["public"]
    pages = {
        "joint": joint.get_absolute_url(),
        "idea": world["idea"].get_absolute_url(),
        "public group": public.get_absolute_url(),
        "public group print": reverse("groups:print", args=[public.pk]),
        "groups": reverse("groups:list"),
    }
    for name, url in pages.items():
        page = client.get(url)
        assert page.status_code == 200, name
        assert "Öppna gruppen" in page.text, name
        for secret in SECRETS:
            assert secret not in page.text, (name, secret)
    # Only the public group's traffic light on the joint and idea pages.
    for url in (pages["joint"], pages["idea"]):
        assert "traffic--red" not in client.get(url).text
    calendar = client.get(reverse("groups:joint_ics", args=[joint.pk]))
    assert calendar.status_code == 200 and "Hemliga gruppen" not in calendar.content.decode()
    export = client.get(reverse("groups:export", args=[public.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    assert rows and not any("Hemliga gruppen" in cell for row in rows for cell in row)
    # Counting through the joint follow-ups: one of private groups only is not there.
    for number in JointFollowUp.objects.values_list("pk", flat=True):
        expected = 404 if number == world["private_joint"].pk else 200
        assert client.get(reverse("groups:joint", args=[number])).status_code == expected
        assert client.get(reverse("groups:joint_ics", args=[number])).status_code == expected


def test_those_invited_see_the_groups_they_meet_not_their_record(client, world):
    # Invited from the public group: the private group is named, as is who is invited ...
    client.force_login(world["public_member"])
    page = client.get(world["joint"].get_absolute_url()).text
    assert "Hemliga gruppen" in page and "Sara Sekret" in page
    # ... but its status, page and decisions are its own.
    assert "traffic--red" not in page and "Hemligt beslut" not in page
    assert world["secret"].get_absolute_url() not in page
    # The private group's member sees everything of their own group.
    client.force_login(world["secret_member"])
    page = client.get(world["joint"].get_absolute_url()).text
    assert "traffic--red" in page and "Hemligt beslut" in page
    idea_page = client.get(world["idea"].get_absolute_url()).text
    assert "Hemliga gruppen" in idea_page and "Öppna gruppen" in idea_page
