"""The project's URLconf without the applications app's public pages (the portal must not need them)."""

from django.urls import URLResolver

from gongkai.urls import urlpatterns as project_urls

urlpatterns = [p for p in project_urls if not (isinstance(p, URLResolver) and p.namespace == "apply")]
