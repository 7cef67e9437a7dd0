"""Background work of accounts: the HR import."""

from django.tasks import task

from idesluss.accounts import importers


@task()
def people_import_run(*, import_id: int) -> str:
    """Import an uploaded HR file in batches, keeping its progress and report."""
    return importers.people_import_process(import_id=import_id).status
