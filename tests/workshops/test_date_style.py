"""The workshop's time is shown in the date style of the reader's language (issue 12,
item 7)."""

import datetime

from idesluss.workshops.models import Workshop
from tests.factories import make_workshop

# 14:00–16:00 in Stockholm on Monday 14 December 2026.
START = datetime.datetime(2026, 12, 14, 13, 0, tzinfo=datetime.UTC)


def test_the_workshop_time_is_in_the_style_of_each_language(client, org, manager, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    workshop = make_workshop(by=manager, title="Nyckelverkstad")
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=START, ends_at=START + datetime.timedelta(hours=2)
    )
    client.force_login(manager)
    shown = {
        "sv": "mån 14 dec 2026 kl. 14.00–16.00",
        "en": "Mon 14 Dec 2026, 14:00–16:00",
    }
    for language, text in shown.items():
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert text in client.get(workshop.get_absolute_url()).text
