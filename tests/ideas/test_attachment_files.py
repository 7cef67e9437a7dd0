"""Attachment files: safe names, written only when the idea is kept, never found again."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from idesluss.ideas import services
from idesluss.ideas.models import Attachment, Idea
from tests.factories import make_idea

LONG_NAME = "Protokoll från arbetsplatsträffen i hemtjänsten " * 8 + "åäö" * 40 + ".pdf"


def files_in(folder) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )


def submit(client, org, files):
    return client.post(
        reverse("ideas:submit"),
        {
            "title": "Med bilagor",
            "need": "Behov",
            "proposal": "Förslag",
            "lane": "improvement",
            "unit": org["north"].pk,
            "files": files,
        },
    )


def test_a_long_attachment_name_is_shortened_keeping_its_extension(
    client, org, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(employee)
    files = [
        SimpleUploadedFile("skiss.png", b"\x89PNG first", content_type="image/png"),
        SimpleUploadedFile(LONG_NAME, b"%PDF second", content_type="application/pdf"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, org, files)
    assert response.status_code == 302
    idea = Idea.objects.get()
    first, second = idea.attachments.order_by("id")
    assert first.name == "skiss.png"
    assert second.name.endswith(".pdf") and len(second.name) <= 200
    assert second.name.startswith("Protokoll från arbetsplatsträffen")
    assert (tmp_path / first.file.name).read_bytes() == b"\x89PNG first"
    assert (tmp_path / second.file.name).read_bytes() == b"%PDF second"
    assert len(second.file.name) <= 255 and second.file.name.endswith(".pdf")
    # Stored under a random folder, not the idea's id.
    assert not first.file.name.startswith(f"ideas/{idea.pk}/")
    assert first.file.name.split("/")[1] != second.file.name.split("/")[1]
    download = client.get(second.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF second"
    assert ".pdf" in download["Content-Disposition"]


def test_a_rolled_back_idea_leaves_no_file_for_the_next_idea_to_find(
    org, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    first_id = None
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                idea = make_idea(submitter=employee, unit=org["north"], submit=False)
                first_id = idea.pk
                services.attachments_add(
                    idea=idea,
                    by=employee,
                    files=[SimpleUploadedFile("plan.txt", b"the old idea's plan")],
                )
                raise RuntimeError("the second attachment failed")
        except RuntimeError:
            pass
    assert files_in(tmp_path) == []
    assert not Idea.objects.filter(pk=first_id).exists()
    with django_capture_on_commit_callbacks(execute=True):
        idea = make_idea(submitter=employee, unit=org["north"], submit=False)
        [attachment] = services.attachments_add(
            idea=idea, by=employee, files=[SimpleUploadedFile("plan.txt", b"the new plan")]
        )
    assert files_in(tmp_path) == [attachment.file.name]
    assert attachment.file.name.endswith("/plan.txt")
    assert (tmp_path / attachment.file.name).read_bytes() == b"the new plan"


def test_a_bad_second_attachment_writes_no_file(
    client, org, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(employee)
    files = [SimpleUploadedFile("skiss.png", b"\x89PNG"), SimpleUploadedFile("x.exe", b"MZ")]
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, org, files)
    assert response.status_code == 200
    assert not Idea.objects.exists() and not Attachment.objects.exists()
    assert files_in(tmp_path) == []


def test_a_file_that_cannot_be_written_drops_its_row_without_an_error(
    org, employee, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "media"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    idea = make_idea(submitter=employee, unit=org["north"], submit=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachments_add(
            idea=idea, by=employee, files=[SimpleUploadedFile("plan.txt", b"plan")]
        )
    assert not Attachment.objects.exists()
