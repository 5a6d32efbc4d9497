from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("staff/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("staff/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("staff/two-factor/", include("gongkai.security.urls")),
    path("staff/", include("gongkai.console.urls")),
    path("staff/jobs/", include("gongkai.jobs.urls")),
    path("staff/oversight/collection/", include("gongkai.collection.urls")),
    path("staff/oversight/", include("gongkai.oversight.urls")),
    path("staff/publishing/", include("gongkai.publishing.urls")),
    path("staff/applications/", include("gongkai.applications.urls", namespace="applications")),
    path("staff/annual-reports/", include("gongkai.annual_report.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("gongkai.api.urls")),
    path("staff/api-tokens/", include("gongkai.api.console_urls")),
    path("reports/", include("gongkai.annual_report.urls_public")),
    path("apply/", include("gongkai.applications.urls_public", namespace="apply")),
    path("", include("gongkai.ops.urls")),
    path("", include("gongkai.portal.urls")),
]

handler403 = "gongkai.portal.views.error_403"
handler404 = "gongkai.portal.views.error_404"
