"""The public portal. Every view here opts out of the login requirement explicitly."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from gongkai.agencies.models import Agency


@login_not_required
def home(request):
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    return render(request, "portal/home.html", {"agencies": agencies})


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def error_403(request, exception=None):
    return render(request, "portal/error.html", {"code": 403, "message": str(exception or "") or "无权访问"}, status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "portal/error.html", {"code": 404, "message": "页面不存在"}, status=404)
