from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gongkai.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        import gongkai.celery  # noqa: F401  (binds @shared_task to the project's Celery app)

        autodiscover_modules("jobs")
