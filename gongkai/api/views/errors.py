"""JSON answers for paths under /api/v1/ that match no endpoint (not the portal's HTML page)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # changes nothing; answers every method with JSON
@login_not_required
def not_found(request, *args, **kwargs):
    return JsonResponse(
        {"error": {"code": "not_found", "message": "没有这个接口地址", "fields": {}}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
