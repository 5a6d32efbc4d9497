from django.urls import path

from . import calendar_views, views

app_name = "console"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/roles/", views.staff_roles, name="staff_roles"),
    path("history/<str:app_label>/<str:model>/<str:pk>/", views.object_history, name="history"),
    path("audit/", views.audit_log, name="audit_log"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
]
