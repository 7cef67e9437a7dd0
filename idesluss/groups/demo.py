"""Demo workgroups and pilot groups in different states, with sessions, decisions and
actions (some overdue), coached by the demo coaches.

Made through the services; afterwards dates are moved back so the red threads look lived
in (the services themselves refuse due dates in the past)."""

import datetime

from django.utils import timezone

from idesluss.core.demo import DemoContext, register
from idesluss.groups import services
from idesluss.groups.models import (
    Action,
    Decision,
    Group,
    GroupEvent,
    Session,
    Status,
)
from idesluss.ideas.models import Idea
from idesluss.notifications.services import email_muted

# (kind, name, purpose, unit codes of members, coach key, idea title, public,
#  (status, comment), weeks ago the group started, sessions: (weeks ago, kind, notes,
#  decisions, actions: (what, days due after the session, done)))
GROUPS = [
    (
        Group.Kind.WORKGROUP,
        "Nyckelhantering i hemtjänsten",
        "Ta fram och pröva ett gemensamt sätt att hålla reda på nycklar och kodlås.",
        ["VO-HT-N", "VO-HT-S"],
        "coach",
        "Gemensam nyckelskåpslista i appen",
        True,
        (Status.GREEN, ""),
        14,
        [
            (
                12,
                Session.Kind.COACHING,
                "Vi kartlade hur nycklarna hanteras i dag.",
                ["Vi börjar med Hemtjänst Norr."],
                [("Räkna nycklar och kodlås i Norr", 7, True)],
            ),
            (
                8,
                Session.Kind.WORK,
                "Listan finns i appen som test.",
                ["Alla pass använder listan i två veckor."],
                [
                    ("Samla in synpunkter från kvällspassen", 10, True),
                    ("Fråga IT om behörigheter i appen", 14, False),
                ],
            ),
            (
                2,
                Session.Kind.COACHING,
                "Listan fungerar, men kvällen saknar behörighet.",
                ["Vi föreslår att listan sprids till Söder."],
                [
                    ("Skriv ett kort förslag till ledningsgruppen", 21, False),
                    ("Boka lokal för visningen av listan", 15, False),
                ],
            ),
            (-1, Session.Kind.FOLLOW_UP, "", [], []),
        ],
    ),
    (
        Group.Kind.PILOT,
        "Elcyklar i centrum",
        "Pilotgrupp som testar elcyklar i stället för bil för hemtjänsten i centrum.",
        ["VO-HT-C"],
        "coordinator",
        "Elcyklar i stället för bil i centrum",
        True,
        (Status.YELLOW, "Två cyklar har stått på service i tre veckor."),
        10,
        [
            (
                9,
                Session.Kind.COACHING,
                "Vi bestämde hur testet ska mätas.",
                ["Vi mäter restid och antal bilturer."],
                [("Beställ cykelhjälmar och väskor", 5, True)],
            ),
            (
                4,
                Session.Kind.FOLLOW_UP,
                "Restiderna är kortare, men servicen dröjer.",
                ["Vi kontaktar leverantören om servicen."],
                [("Ring leverantören om serviceavtalet", 3, False)],
            ),
        ],
    ),
    (
        Group.Kind.WORKGROUP,
        "Färre kemiska rengöringsmedel",
        "Inventera kemprodukterna och byt till ett fåtal miljömärkta medel.",
        ["VO-SÄBO-E", "VO-SÄBO-S"],
        "coach",
        "Färre kemiska rengöringsmedel",
        False,
        (Status.RED, "Inventeringen har stannat av: vi behöver stöd."),
        20,
        [
            (
                18,
                Session.Kind.COACHING,
                "Första träffen: vi delade upp inventeringen.",
                [],
                [
                    ("Inventera Ekbackens städförråd", 14, False),
                    ("Inventera Solgårdens städförråd", 14, False),
                ],
            ),
            (
                11,
                Session.Kind.WORK,
                "Bara halva inventeringen är klar.",
                ["Vi ber chefen om tid till inventeringen."],
                [],
            ),
        ],
    ),
    (
        Group.Kind.PILOT,
        "Läkemedelsrobot hos brukare",
        "Pilotgrupp som testar läkemedelsrobotar hos fem brukare.",
        ["VO-HSV"],
        "coach",
        "Läkemedelsrobot för brukare med många doser",
        False,
        (Status.GREEN, "Fem brukare är med."),
        6,
        [
            (
                5,
                Session.Kind.COACHING,
                "Vi valde ut brukarna tillsammans med sjuksköterskorna.",
                ["Fem brukare erbjuds roboten."],
                [
                    ("Informera brukarnas anhöriga", 7, True),
                    ("Boka utbildning i roboten", 10, True),
                ],
            ),
            (
                1,
                Session.Kind.WORK,
                "Robotarna är installerade.",
                [],
                [
                    ("Följ upp med brukarna efter två veckor", 14, False),
                    ("Skicka frågorna till anhöriga", 8, False),
                ],
            ),
        ],
    ),
    (
        Group.Kind.WORKGROUP,
        "Bildstöd i funktionsstödet",
        "Ta fram bildstöd för veckoscheman tillsammans med brukarna.",
        ["VO-FS"],
        "coordinator",
        "Bildstöd på veckoschemat",
        True,
        (Status.GREEN, ""),
        1,
        [],
    ),
]


@register(order=30)
def build_groups(context: DemoContext) -> None:
    rng = context.rng
    now = timezone.now()
    coordinator = context.people["coordinator"]
    made = sessions_made = actions_made = 0
    by_name: dict[str, Group] = {}
    with email_muted():
        for kind, name, purpose, unit_codes, coach_key, idea_title, public, (
            status,
            comment,
        ), started_weeks, sessions in GROUPS:
            coach = context.people[coach_key]
            members = []
            for code in unit_codes:
                people = list(context.units[code].members.filter(is_active=True).order_by("pk"))
                members += rng.sample(people, k=min(3, len(people)))
            if "VO-HT-N" in unit_codes:
                members += [context.people["employee"], context.people["manager"]]
            members = list({person.pk: person for person in members}.values())
            idea = Idea.objects.filter(title=idea_title, status=Idea.Status.SUBMITTED).first()
            started = timezone.localdate() - datetime.timedelta(weeks=started_weeks)
            group = services.group_save(
                by=coach,
                data=services.GroupInput(
                    name=name,
                    kind=kind,
                    purpose=purpose,
                    starts_on=started,
                    ends_on=started + datetime.timedelta(weeks=26),
                    coach=coach,
                    members=members,
                    ideas=[idea] if idea else [],
                    is_public=public,
                ),
            )
            GroupEvent.objects.filter(group=group).update(
                created_at=now - datetime.timedelta(weeks=started_weeks)
            )
            made += 1
            by_name[name] = group
            for weeks_ago, session_kind, notes, decisions, actions in sessions:
                when = (now - datetime.timedelta(weeks=weeks_ago)).replace(
                    hour=9 + rng.randint(0, 5), minute=0, second=0, microsecond=0
                )
                session = services.session_create(
                    group=group,
                    by=coach,
                    data=services.SessionInput(
                        kind=session_kind, starts_at=when, agenda="Läget\nHinder\nNästa steg"
                    ),
                )
                sessions_made += 1
                if notes:
                    services.session_update(
                        session=session,
                        by=coach,
                        data=services.SessionInput(
                            kind=session_kind,
                            starts_at=when,
                            agenda=session.agenda,
                            notes=notes,
                            participants=list(session.participants.all()),
                            attendees=[p for p in members if rng.random() < 0.8] + [coach],
                        ),
                    )
                for text in decisions:
                    services.decision_add(session=session, by=coach, text=text)
                for what, days, done in actions:
                    action = services.action_add(
                        session=session,
                        by=coach,
                        what=what,
                        owner=rng.choice(members),
                        due_on=timezone.localdate(),
                    )
                    actions_made += 1
                    if done:
                        services.action_set_done(action=action, by=action.owner)
                    due = when.date() + datetime.timedelta(days=days)
                    Action.objects.filter(pk=action.pk).update(
                        due_on=due,
                        created_at=when,
                        done_at=min(when + datetime.timedelta(days=days - 1), now)
                        if done
                        else None,
                    )
                Decision.objects.filter(session=session).update(created_at=when)
            if status != Status.GREEN or comment:
                services.group_set_status(group=group, by=coach, status=status, comment=comment)
                GroupEvent.objects.filter(group=group, kind=GroupEvent.Kind.STATUS).update(
                    created_at=now - datetime.timedelta(days=rng.randint(2, 10))
                )
        joints = _build_joint_follow_ups(context, coordinator, by_name)
    context.log(
        f"  {made} groups, {sessions_made} sessions, {actions_made} actions, "
        f"{joints} joint follow-ups"
    )


# (title, days from now, hour, place, group names, per group: (notes, decision, action or None))
JOINT_FOLLOW_UPS = [
    (
        "Gemensam uppföljning i hemtjänsten",
        -20,
        13,
        "Stadshuset, sal Sommen",
        [
            "Nyckelhantering i hemtjänsten",
            "Elcyklar i centrum",
            "Läkemedelsrobot hos brukare",
        ],
        [
            (
                "Nyckellistan visades för de andra grupperna.",
                "Vi delar erfarenheterna med Söder.",
                ("Sammanfatta nyckellistan på en sida", 25),
            ),
            ("Cyklarna används varje dag.", "Vi mäter restiden en månad till.", None),
            (
                "Brukarna väljs ut tillsammans med sjuksköterskorna.",
                "",
                ("Bjud in anhöriga till informationsmöte", 10),
            ),
        ],
    ),
    (
        "Gemensam uppföljning inför sommaren",
        9,
        13,
        "Stadshuset, sal Sommen",
        ["Nyckelhantering i hemtjänsten", "Elcyklar i centrum", "Färre kemiska rengöringsmedel"],
        [],
    ),
]


def _build_joint_follow_ups(context: DemoContext, coordinator, by_name: dict) -> int:
    """The coordinator gathers groups to follow them up together: one held three weeks ago
    (with notes, decisions and actions per group), one coming."""
    now = timezone.now()
    made = 0
    for title, days, hour, place, names, outcomes in JOINT_FOLLOW_UPS:
        groups = [by_name[name] for name in names if name in by_name]
        if len(groups) < 2:
            continue
        when = (now + datetime.timedelta(days=days)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        joint = services.joint_create(
            by=coordinator,
            data=services.JointInput(
                title=title,
                starts_at=when,
                location=place,
                agenda="Varje grupp berättar: läget, hinder, nästa steg\nÖppna åtgärder\nVad vi lär av varandra",
                groups=groups,
            ),
        )
        made += 1
        sessions = {session.group_id: session for session in joint.sessions.all()}
        for group, outcome in zip(groups, outcomes, strict=False):
            notes, decision, action = outcome
            session = sessions[group.pk]
            members = list(group.members.all())
            services.session_update(
                session=session,
                by=coordinator,
                data=services.SessionInput(
                    kind=session.kind,
                    starts_at=session.starts_at,
                    minutes=session.minutes,
                    agenda=session.agenda,
                    notes=notes,
                    participants=list(session.participants.all()),
                    attendees=[p for p in members if context.rng.random() < 0.8],
                ),
            )
            if decision:
                services.decision_add(session=session, by=coordinator, text=decision)
                Decision.objects.filter(session=session).update(created_at=when)
            if action:
                what, due_days = action
                made_action = services.action_add(
                    session=session,
                    by=coordinator,
                    what=what,
                    owner=context.rng.choice(members),
                    due_on=timezone.localdate(),
                )
                Action.objects.filter(pk=made_action.pk).update(
                    due_on=when.date() + datetime.timedelta(days=due_days), created_at=when
                )
    return made
