import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from idesluss.core.models import AuditEvent
from idesluss.notifications.models import Kind, Notification
from idesluss.showcase import services
from idesluss.showcase.models import Consent, GoodExample
from tests.factories import UserFactory, make_idea
from tests.showcase.conftest import example_input

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def test_a_draft_from_an_implemented_idea_records_who_agreed(
    make_example, implemented, submitter, co_submitter, coordinator
):
    example = make_example(agreed=[submitter.pk])
    assert example.status == GoodExample.Status.DRAFT
    assert example.idea == implemented
    assert "<strong>testade</strong>" in example.story_html
    consents = {c.person_id: c for c in Consent.objects.filter(example=example)}
    assert consents[submitter.pk].agreed is True
    assert consents[co_submitter.pk].agreed is False
    assert consents[submitter.pk].recorded_by == coordinator
    assert AuditEvent.objects.filter(action="example.create", target_id=str(example.pk)).exists()


def test_a_tick_for_someone_not_connected_names_nobody(make_example):
    stranger = UserFactory(full_name="Yngve Främling")
    example = make_example(agreed=[stranger.pk])
    assert not Consent.objects.filter(example=example, person=stranger).exists()


def test_consent_keeps_its_date_until_the_answer_changes(make_example, submitter, coordinator):
    example = make_example(agreed=[submitter.pk])
    first = Consent.objects.get(example=example, person=submitter).recorded_at
    services.example_update(
        example=example, by=coordinator, data=example_input(agreed=[submitter.pk])
    )
    assert Consent.objects.get(example=example, person=submitter).recorded_at == first
    services.example_update(example=example, by=coordinator, data=example_input(agreed=[]))
    consent = Consent.objects.get(example=example, person=submitter)
    assert consent.agreed is False and consent.recorded_at >= first


def test_only_an_implemented_idea_becomes_a_good_example(coordinator, org):
    idea = make_idea(unit=org["north"])
    with pytest.raises(ValidationError):
        services.example_create(by=coordinator, idea=idea, data=example_input())


def test_a_manager_writes_for_their_units_ideas_only(implemented, manager, org):
    example = services.example_create(by=manager, idea=implemented, data=example_input())
    assert example.created_by == manager
    from tests.showcase.conftest import implement

    elsewhere = implement(make_idea(unit=org["bou"]))
    with pytest.raises(PermissionDenied):
        services.example_create(by=manager, idea=elsewhere, data=example_input())


def test_an_employee_may_not_write_one(implemented, employee):
    with pytest.raises(PermissionDenied):
        services.example_create(by=employee, idea=implemented, data=example_input())


def test_publishing_tells_the_submitter_and_co_submitters_once(
    make_example, coordinator, submitter, co_submitter, django_capture_on_commit_callbacks
):
    example = make_example()
    with django_capture_on_commit_callbacks(execute=True):
        services.example_publish(example=example, by=coordinator)
    told = Notification.objects.filter(kind=Kind.GOOD_EXAMPLE)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [submitter.pk, co_submitter.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.example_publish(example=example, by=coordinator, publish=False)
        services.example_publish(example=example, by=coordinator)
    assert told.count() == 2


def test_the_month_has_one_good_example(make_example, coordinator):
    first = make_example(publish=True)
    second = make_example(publish=True, title="Ett till")
    month = datetime.date(2026, 12, 1)
    services.example_feature(example=first, by=coordinator, month=month)
    services.example_feature(example=second, by=coordinator, month=datetime.date(2026, 12, 15))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.featured_month is None
    assert second.featured_month == month


def test_a_draft_is_not_the_months_example(make_example, coordinator):
    with pytest.raises(ValidationError):
        services.example_feature(
            example=make_example(), by=coordinator, month=datetime.date(2026, 12, 1)
        )


def test_only_the_coordinator_features(make_example, manager):
    with pytest.raises(PermissionDenied):
        services.example_feature(
            example=make_example(publish=True), by=manager, month=datetime.date(2026, 12, 1)
        )


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"title": "  "}, "title"),
        ({"summary": ""}, "summary"),
        ({"story": " "}, "story"),
        ({"story": "x" * 8001}, "story"),
        ({"title": "x" * 121}, "title"),
    ],
)
def test_bad_input_is_refused_with_a_message(coordinator, implemented, fields, error_field):
    with pytest.raises(ValidationError) as error:
        services.example_create(by=coordinator, idea=implemented, data=example_input(**fields))
    assert error_field in error.value.message_dict


def test_an_image_needs_a_description_and_must_be_an_image(coordinator, implemented):
    image = SimpleUploadedFile("bild.png", PNG, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.example_create(by=coordinator, idea=implemented, data=example_input(image=image))
    assert "image_alt" in error.value.message_dict
    fake = SimpleUploadedFile("bild.png", b"<script>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.example_create(
            by=coordinator, idea=implemented, data=example_input(image=fake, image_alt="Bild")
        )
    assert "image" in error.value.message_dict


def test_markdown_is_rendered_safely(coordinator, implemented):
    story = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    example = services.example_create(
        by=coordinator, idea=implemented, data=example_input(story=story)
    )
    assert "<script" not in example.story_html
    assert "javascript:" not in example.story_html
    assert "onerror" not in example.story_html


def test_news_is_the_coordinators(coordinator, employee):
    data = services.NewsInput(title="Nytt", body="Text", published_on=datetime.date(2026, 12, 1))
    post = services.news_create(by=coordinator, data=data)
    assert post.body_html == "<p>Text</p>"
    with pytest.raises(PermissionDenied):
        services.news_create(by=employee, data=data)
    with pytest.raises(ValidationError):
        services.news_create(by=coordinator, data=services.NewsInput(title="", body=""))


def test_showcase_settings_are_the_coordinators(coordinator, employee):
    saved = services.showcase_settings_save(
        by=coordinator, show_key_figures=True, show_open_challenges=False
    )
    assert saved.show_key_figures and not saved.show_open_challenges
    with pytest.raises(PermissionDenied):
        services.showcase_settings_save(
            by=employee, show_key_figures=False, show_open_challenges=False
        )


def test_the_feed_selector_gives_public_published_examples_only(
    make_example, submitter, co_submitter, org
):
    from idesluss.showcase.selectors import published_public_examples

    public = make_example(publish=True, public=True, agreed=[submitter.pk], unit=org["north"])
    make_example(publish=True, public=False, title="Internt")
    make_example(public=True, title="Utkast")
    rows = published_public_examples()
    assert [row.id for row in rows] == [public.pk]
    row = rows[0]
    assert row.title == public.title and row.url == public.get_absolute_url()
    assert row.unit_name == "Hemtjänst Norr"
    assert submitter.full_name not in repr(row)
    assert row.image_url == ""
