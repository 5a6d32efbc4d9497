from django.shortcuts import render

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import role_required


@role_required(Role.SUPERVISOR)
def audit_upload(request):
    return render(request, "oversight/upload.html", {})
