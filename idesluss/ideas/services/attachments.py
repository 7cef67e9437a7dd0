"""Attachments: a few files (documents, pictures) kept with an idea."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from idesluss.accounts.models import User
from idesluss.core.uploads import safe_filename, save_on_commit
from idesluss.ideas.models import Attachment, Idea

ATTACHMENT_EXTENSIONS = {
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "heic", "txt", "csv",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
}  # fmt: skip
MAX_ATTACHMENTS = 5


def attachment_validate(*, name: str, size: int) -> None:
    """Only office documents, PDFs and pictures, and none larger than the limit."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _(
                "%(name)s: this kind of file cannot be attached. Use PDF, a picture or an office document."
            )
            % {"name": name}
        )
    limit = settings.IDEA_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("%(name)s is too large: at most %(mb)s MB.")
            % {"name": name, "mb": limit // (1024 * 1024)}
        )


@transaction.atomic
def attachments_add(*, idea: Idea, by: User, files: list) -> list[Attachment]:
    """Attach files to an idea; all are checked first, so none or all are saved."""
    if not by.has_perm("ideas.add_attachment", idea):
        raise PermissionDenied
    if idea.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            ngettext(
                "An idea can have at most %(n)s attachment.",
                "An idea can have at most %(n)s attachments.",
                MAX_ATTACHMENTS,
            )
            % {"n": MAX_ATTACHMENTS}
        )
    errors = []
    for upload in files:
        try:
            attachment_validate(name=upload.name, size=upload.size)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    saved = []
    for upload in files:
        attachment = Attachment(
            idea=idea,
            name=safe_filename(upload.name, max_chars=200),
            size=upload.size,
            content_type=(getattr(upload, "content_type", "") or "")[:100],
            uploaded_by=by,
        )
        # The bytes are written once the idea and its attachments are committed, so a
        # failure anywhere in the request leaves no file behind.
        save_on_commit(
            attachment.file,
            filename=upload.name,
            content=upload,
            on_failure=lambda attachment=attachment: Attachment.objects.filter(
                pk=attachment.pk
            ).delete(),
        )
        attachment.save()
        saved.append(attachment)
    return saved
