"""What the publishing views share: who may enter, and which agency a page works on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import readable_agencies, writable_agencies


def _param(request, name: str) -> str:
    return (request.POST.get(name) or request.GET.get(name) or "").strip()


def reading_agency(request) -> Agency:
    """Return the agency a per-agency page shows: ``?agency=`` among the readable ones, else one's own."""
    readable = readable_agencies(request.user)
    wanted = _param(request, "agency")
    if wanted:
        try:
            return readable.get(pk=int(wanted))
        except (Agency.DoesNotExist, ValueError):
            raise Http404("机关不存在或无权查看") from None
    if request.user.agency_id and readable.filter(pk=request.user.agency_id).exists():
        return request.user.agency
    first = readable.order_by("path").first()
    if first is None:
        raise PermissionDenied("没有可查看的机关")
    return first


def working_agency(request) -> Agency:
    """Return the agency a write page works on: one's own (site administrators choose with ``?agency=``)."""
    writable = writable_agencies(request.user)
    wanted = _param(request, "agency")
    if wanted:
        try:
            return writable.get(pk=int(wanted))
        except (Agency.DoesNotExist, ValueError):
            raise PermissionDenied("不能修改该机关的记录") from None
    if request.user.agency_id and writable.filter(pk=request.user.agency_id).exists():
        return request.user.agency
    raise PermissionDenied(
        "请在地址中指定机关（?agency=编号）" if request.user.is_site_admin else "您没有修改权限"
    )


def can_write(user, agency: Agency) -> bool:
    return writable_agencies(user).filter(pk=agency.pk).exists()
