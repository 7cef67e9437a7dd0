from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "idesluss.learning"
    label = "learning"
    verbose_name = _("Competence development")

    def ready(self) -> None:
        from idesluss.accounts import qualifications
        from idesluss.learning.selectors import trainings_granting

        # Those refused for lacking a qualification learn which training gives it.
        qualifications.register_source(trainings_granting)
