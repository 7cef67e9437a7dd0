"""Good examples in the network's feeds: the published public ones, with no person named."""

import json

from idesluss.showcase import services
from tests.factories import UserFactory, make_idea
from tests.showcase.conftest import example_input, implement


def test_published_public_good_examples_are_in_the_feeds_and_nobody_is_named(client, org):
    coordinator = UserFactory(full_name="Karin Samordnare", roles=["coordinator"])
    submitter = UserFactory(
        full_name="Zebulon Idégivarsson", email="zebulon@kommunen.example", unit=org["north"]
    )
    shown, internal, draft = (
        implement(make_idea(submitter=submitter, unit=org["north"], title=title))
        for title in ("Nyckellistan", "Intern idé", "Utkastidé")
    )
    for idea, title, public, publish in (
        (shown, "Nycklarna hittas direkt", True, True),
        (internal, "Bara för oss", False, True),
        (draft, "Inte klart än", True, False),
    ):
        example = services.example_create(
            by=coordinator,
            idea=idea,
            data=example_input(title=title, is_public=public, agreed=[submitter.pk]),
        )
        if publish:
            services.example_publish(example=example, by=coordinator)

    feed = json.loads(client.get("/network/feed.json").content)
    examples = [item for item in feed["items"] if item["_idesluss"]["kind"] == "good_example"]
    assert [item["title"] for item in examples] == ["Nycklarna hittas direkt"]
    assert examples[0]["url"].startswith("http")
    atom = client.get("/network/feed.atom").content.decode()
    assert "Nycklarna hittas direkt" in atom and "Bara för oss" not in atom
    for body in (json.dumps(feed, ensure_ascii=False), atom):
        for trace in ("Zebulon", "zebulon@", "Karin Samordnare"):
            assert trace not in body
