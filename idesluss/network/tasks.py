"""Background work of the network: fetching the feeds followed (on adding one and every
morning) and telling a source organisation that we adopted its item (tried again daily)."""

from django.tasks import task

from idesluss.core import periodic
from idesluss.network import services
from idesluss.network.models import Adopted, Subscription

MAX_TELL_ATTEMPTS = 5


@task()
def fetch_subscription(subscription_id: int) -> int:
    """Fetch one feed followed; a failure is recorded on it (and shown to the coordinator)."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return 0
    return services.subscription_refresh(subscription=subscription)


@periodic.job(periodic.DAILY)
@task()
def fetch_all_subscriptions() -> int:
    """Fetch every feed followed, one after another; one broken feed does not stop the rest.
    Returns the feeds read successfully."""
    done = 0
    for subscription in Subscription.objects.order_by("pk"):
        services.subscription_refresh(subscription=subscription)
        subscription.refresh_from_db(fields=["status"])
        done += subscription.status == Subscription.Status.OK
    return done


@task()
def tell_source(adopted_id: int) -> bool:
    adopted = Adopted.objects.select_related("item").filter(pk=adopted_id).first()
    return adopted is not None and services.source_tell(adopted=adopted)


@periodic.job(periodic.DAILY)
@task()
def tell_sources_again() -> int:
    """Adoptions whose source could not be told yet are tried again, a few times at most."""
    waiting = Adopted.objects.select_related("item").filter(
        notified_at__isnull=True, item__isnull=False, notify_attempts__lt=MAX_TELL_ATTEMPTS
    )
    return sum(services.source_tell(adopted=adopted) for adopted in waiting)
