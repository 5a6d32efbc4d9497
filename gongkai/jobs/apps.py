from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "gongkai.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        # lazy: celery, loaded once the apps are ready; binds @shared_task to the project's Celery app
        import gongkai.celery  # noqa: F401

        autodiscover_modules("jobs")
