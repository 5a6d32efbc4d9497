from django.urls import path

from . import views

app_name = "collection"

urlpatterns = [
    path("", views.sources, name="sources"),
    path("sources/<int:pk>/", views.source_edit, name="source_edit"),
    path("start/", views.start, name="start"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("results/", views.results, name="results"),
]
