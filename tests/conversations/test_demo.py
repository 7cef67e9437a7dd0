import io

from django.core.management import call_command
from django.utils import timezone

from idesluss.conversations.models import Insight, Session, Theme


def test_the_demo_has_conversations_with_insights_that_became_ideas(db):
    out = io.StringIO()
    call_command("seed_demo", "--password", "demo-lösenord-1", stdout=out)
    assert "learning conversations" in out.getvalue()
    assert set(Theme.objects.values_list("title", flat=True)) == {
        "Svåra samtal med anhöriga",
        "Trygg medicinhantering",
    }
    now = timezone.now()
    past = Session.objects.filter(starts_at__lt=now)
    assert past.count() == 12
    assert not past.filter(recorded_at__isnull=True).exists()
    assert Session.objects.filter(starts_at__gt=now).count() == 2
    assert past.values("leader").distinct().count() >= 2
    assert Insight.objects.filter(idea__isnull=False).count() == 2
