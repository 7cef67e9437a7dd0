"""Periodic jobs, registered by the apps that own them (issue 13, item 6).

An app marks a task of its own as periodic where it defines it:

    @periodic.job(periodic.DAILY)
    @task()
    def remind_overdue() -> int: ...

and `idesluss periodic_jobs` (run from cron, see README) queues the registered jobs of
the schedules it is asked for. Nothing here names an app: the command imports each
installed app's `tasks` module, which registers its jobs (as the demo builders do).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from idesluss.core.discovery import app_modules

# Every ten minutes: e-mails that are due or to be tried again.
MAIL = "mail"
# Every working morning: reminders, daily digests.
DAILY = "daily"
# Monday mornings: weekly digests.
WEEKLY = "weekly"
SCHEDULES = (MAIL, DAILY, WEEKLY)


@dataclass(frozen=True)
class Job:
    schedule: str
    task: Any  # a django.tasks Task
    kwargs: dict = field(default_factory=dict, hash=False)

    @property
    def name(self) -> str:
        return self.task.module_path


_jobs: list[Job] = []


def job(schedule: str, **kwargs: Any) -> Callable[[Any], Any]:
    """Register the decorated task to be queued on `schedule` with `kwargs`. A task may be
    registered more than once (a digest daily with one argument, weekly with another)."""
    if schedule not in SCHEDULES:
        raise ValueError(f"Unknown schedule {schedule!r}; one of {SCHEDULES}.")

    def register(task: Any) -> Any:
        _jobs.append(Job(schedule=schedule, task=task, kwargs=kwargs))
        return task

    return register


def jobs(*schedules: str) -> list[Job]:
    """The registered jobs of `schedules`, in the order the schedules are given and then
    the order of the apps in INSTALLED_APPS."""
    prefixes = [f"{module.__package__}." for module in app_modules("tasks")]

    def app_order(registered: Job) -> int:
        return next(i for i, prefix in enumerate(prefixes) if registered.name.startswith(prefix))

    in_app_order = sorted(_jobs, key=app_order)
    return [
        registered
        for schedule in schedules
        for registered in in_app_order
        if registered.schedule == schedule
    ]
