"""Writes of the innovation network: sharing a challenge, following other organisations'
feeds and storing what they publish, adopting an item as a local idea, and receiving word
that another organisation adopted one of ours."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idesluss.accounts.models import User
from idesluss.challenges.models import Challenge
from idesluss.core.services import audit_record
from idesluss.core.text import single_line
from idesluss.ideas.models import Idea
from idesluss.ideas.services import IdeaInput, save_draft
from idesluss.network import fetching, notifications
from idesluss.network.models import Adopted, Adoption, NetworkItem, SharedChallenge, Subscription
from idesluss.network.policy import policy

MAX_SUBSCRIPTIONS = 50


# Sharing ------------------------------------------------------------------------------------


@transaction.atomic
def challenge_share(*, challenge: Challenge, by: User, shared: bool) -> bool:
    """Publish a challenge in the network's open feed, or take it out again. Only its
    title, question, period, unit and goals are published (items.py)."""
    policy.require(by, "network.share_challenge", challenge, hidden_unless="")
    existing = SharedChallenge.objects.filter(challenge=challenge).first()
    if shared and existing is None:
        SharedChallenge.objects.create(challenge=challenge, shared_at=timezone.now(), shared_by=by)
        audit_record(actor=by, action="network.share", target=challenge)
    elif not shared and existing is not None:
        existing.delete()
        audit_record(actor=by, action="network.unshare", target=challenge)
    return shared


# Subscriptions ------------------------------------------------------------------------------


@transaction.atomic
def subscription_add(*, by: User, organisation: str, feed_url: str) -> Subscription:
    """Follow another organisation's feed; it is fetched right away and then daily."""
    policy.require(by, "network.manage_subscriptions")
    errors: dict[str, list[str]] = {}
    organisation = single_line(organisation)[:120]
    feed_url = feed_url.strip()
    if not organisation:
        errors["organisation"] = [_("Name the organisation.")]
    try:
        fetching.check_url(feed_url, resolve=False)
    except fetching.FeedError as error:
        errors["feed_url"] = [str(error)]
    if not errors.get("feed_url") and Subscription.objects.filter(feed_url=feed_url).exists():
        errors["feed_url"] = [_("This feed is followed already.")]
    if Subscription.objects.count() >= MAX_SUBSCRIPTIONS:
        errors["organisation"] = [
            _("At most %(count)s feeds can be followed.") % {"count": MAX_SUBSCRIPTIONS}
        ]
    if errors:
        raise ValidationError(errors)
    subscription = Subscription.objects.create(
        organisation=organisation, feed_url=feed_url, created_by=by
    )
    audit_record(actor=by, action="network.subscribe", target=subscription)
    from idesluss.network import tasks

    transaction.on_commit(lambda: tasks.fetch_subscription.enqueue(subscription_id=subscription.pk))
    return subscription


@transaction.atomic
def subscription_remove(*, subscription: Subscription, by: User) -> None:
    """Stop following a feed; its items go from Nätverket (ideas adopted from it keep the
    organisation's name)."""
    policy.require(by, "network.manage_subscriptions")
    audit_record(actor=by, action="network.unsubscribe", target=subscription)
    subscription.delete()


def subscription_refresh(*, subscription: Subscription, body: bytes | None = None) -> int:
    """Fetch the feed (or read `body`) and keep its items; a feed that cannot be read is
    recorded with the reason and its earlier items stay. Returns the items kept."""
    now = timezone.now()
    try:
        parsed = fetching.parse(fetching.fetch(subscription.feed_url) if body is None else body)
    except fetching.FeedError as error:
        Subscription.objects.filter(pk=subscription.pk).update(
            status=Subscription.Status.FAILED, error=str(error)[:300], fetched_at=now
        )
        return 0
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
        if locked is None:
            return 0
        existing = {
            item.external_id: item for item in NetworkItem.objects.filter(subscription=locked)
        }
        fields = [
            "kind", "title", "summary", "question", "url", "adopt_url", "organisation",
            "unit_name", "global_goals", "opens_on", "closes_on", "published_at", "updated_at",
        ]  # fmt: skip
        new, changed = [], []
        for item in parsed:
            values = {
                "kind": item.kind,
                "title": item.title,
                "summary": item.summary,
                "question": item.question,
                "url": item.url,
                # The source's adopt endpoint and its item id, as one address.
                "adopt_url": _adopt_address(item),
                "organisation": item.organisation or locked.organisation,
                "unit_name": item.unit_name,
                "global_goals": item.global_goals,
                "opens_on": item.opens_on,
                "closes_on": item.closes_on,
                "published_at": item.published_at or now,
                "updated_at": item.updated_at or item.published_at or now,
            }
            row = existing.pop(item.external_id, None)
            if row is None:
                new.append(NetworkItem(subscription=locked, external_id=item.external_id, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        NetworkItem.objects.bulk_create(new, batch_size=500)
        if changed:
            NetworkItem.objects.bulk_update(changed, fields, batch_size=500)
        # What the feed no longer publishes leaves Nätverket.
        if existing:
            NetworkItem.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
        locked.status = Subscription.Status.OK
        locked.error = ""
        locked.item_count = len(parsed)
        locked.fetched_at = locked.succeeded_at = now
        locked.save(update_fields=["status", "error", "item_count", "fetched_at", "succeeded_at"])
    return len(parsed)


def _adopt_address(item: fetching.ParsedItem) -> str:
    if not item.adopt_url or not item.adopt_item:
        return ""
    from urllib.parse import urlencode

    joiner = "&" if "?" in item.adopt_url else "?"
    address = f"{item.adopt_url}{joiner}{urlencode({'item': item.adopt_item})}"
    return address if len(address) <= 500 else ""


# Adopting -----------------------------------------------------------------------------------


@transaction.atomic
def item_adopt(*, item: NetworkItem, by: User) -> Idea:
    """ "We want to adopt this": a draft idea of one's own with the item's text and a link to
    its source; the source organisation is told (a background task, tried again daily)."""
    policy.require(by, "network.adopt_item")
    source = item.organisation or item.subscription.organisation
    need = item.question or item.summary
    proposal_parts = [
        _("Adopted from %(organisation)s: %(title)s")
        % {"organisation": source, "title": item.title},
    ]
    if item.summary and item.summary != need:
        proposal_parts.append(item.summary)
    if item.url:
        # The link first, so that capping the text never cuts it.
        proposal_parts.insert(1, item.url)
    idea = save_draft(
        by=by,
        data=IdeaInput(
            title=item.title[:120],
            need=need,
            proposal="\n\n".join(proposal_parts)[:4000],
            unit=getattr(by, "unit", None),
        ),
    )
    adopted = Adopted.objects.create(
        idea=idea, item=item, organisation=source[:120], title=item.title, url=item.url
    )
    audit_record(actor=by, action="network.adopt", target=idea, data={"item": item.pk})
    if item.adopt_url:
        from idesluss.network import tasks

        transaction.on_commit(lambda: tasks.tell_source.enqueue(adopted_id=adopted.pk))
    return idea


def source_tell(*, adopted: Adopted) -> bool:
    """Tell the source organisation (its adopt endpoint) that we adopted its item: our
    organisation's name and the idea's title, nothing personal. True once told."""
    from idesluss.network.feeds import organisation

    item = adopted.item
    if adopted.notified_at is not None or item is None or not item.adopt_url:
        return adopted.notified_at is not None
    Adopted.objects.filter(pk=adopted.pk).update(notify_attempts=adopted.notify_attempts + 1)
    try:
        fetching.post_adoption(
            item.adopt_url, organisation=organisation(), idea_title=adopted.title
        )
    except fetching.FeedError:
        return False
    Adopted.objects.filter(pk=adopted.pk).update(notified_at=timezone.now())
    return True


# Being adopted ------------------------------------------------------------------------------

ADOPTION_WINDOW = datetime.timedelta(hours=1)
MAX_ADOPTIONS_PER_WINDOW = 30


@transaction.atomic
def adoption_receive(*, item_id: str, organisation: str, idea_title: str = "") -> Adoption:
    """Another organisation says it adopted one of our shared challenges: record it and tell
    the challenge's owner. Only shared challenges can be adopted; a flood is refused."""
    prefix, _sep, raw_pk = item_id.partition(":")
    organisation = fetching.plain(organisation, 120)
    organisation = " ".join(organisation.split())
    idea_title = " ".join(fetching.plain(idea_title, 200).split())
    if prefix != "challenge" or not raw_pk.isascii() or not raw_pk.isdigit() or len(raw_pk) > 12:
        raise ValidationError(_("Unknown item."))
    if not organisation:
        raise ValidationError(_("Name the organisation."))
    challenge = (
        Challenge.objects.filter(pk=int(raw_pk), network_share__isnull=False)
        .select_related("created_by")
        .first()
    )
    if challenge is None:
        raise ValidationError(_("Unknown item."))
    recent = Adoption.objects.filter(received_at__gte=timezone.now() - ADOPTION_WINDOW)
    if recent.count() >= MAX_ADOPTIONS_PER_WINDOW:
        raise PermissionDenied
    adoption = Adoption.objects.create(
        challenge=challenge, organisation=organisation, idea_title=idea_title
    )
    audit_record(actor=None, action="network.adopted", target=challenge, data={"by": organisation})
    transaction.on_commit(lambda: notifications.notify_challenge_adopted(adoption=adoption))
    return adoption
