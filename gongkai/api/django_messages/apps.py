from pathlib import Path

import django
from django.apps import AppConfig


class DjangoMessagesConfig(AppConfig):
    name = "gongkai.api.django_messages"
    label = "django_core_messages"
    verbose_name = "Django core messages"
    path = str(Path(django.__file__).resolve().parent / "conf")  # its locale/ is Django's core catalog
