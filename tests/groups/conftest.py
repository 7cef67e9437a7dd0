import datetime

import pytest
from django.utils import timezone

from idesluss.groups import services
from tests.factories import make_group


@pytest.fixture
def group(coach, member, manager):
    """A workgroup that is not public: the member and the manager, coached by the coach."""
    return make_group(coach=coach, members=[member, manager], name="Nyckelgruppen")


@pytest.fixture
def session_at():
    """Plan a session on a group `days` from now (negative: in the past)."""

    def make(group, by, days: int = -7, **fields):
        starts_at = timezone.now() + datetime.timedelta(days=days)
        data = services.SessionInput(starts_at=starts_at, **fields)
        return services.session_create(group=group, by=by, data=data)

    return make
