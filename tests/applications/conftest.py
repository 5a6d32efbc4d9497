"""Fixtures of the applications tests: office heads, valid identity numbers, application builders."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.core.identifiers import credit_code_check_char, resident_id_check_char

D0 = date(2025, 3, 3)  # a Monday; March 2025 has no holidays, 4 April 2025 is 清明节


def resident_id(n: int = 1, born: str = "19800101") -> str:
    first17 = f"410302{born}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def credit_code(n: int = 1) -> str:
    first17 = f"91410300MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def person(**overrides) -> dict:
    data = {
        "applicant_category": "natural",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": resident_id(1),
        "phone": "13800138000",
        "email": "zhangsan@example.cn",
        "address": "河南省洛阳市某路1号",
        "postcode": "471000",
        "description": "申请公开2024年本市义务教育阶段学校布局调整规划",
        "document_reference": "",
        "provision_form": "electronic",
        "delivery_method": "email",
        "legal_representative": "",
        "contact_person": "",
    }
    data.update(overrides)
    return data


def organisation(**overrides) -> dict:
    values = {
        "applicant_category": "commercial",
        "applicant_name": "洛阳某某科技有限公司",
        "id_type": "credit_code",
        "id_number": credit_code(7),
        "legal_representative": "李四",
        "contact_person": "王五",
    }
    return person(**(values | overrides))


@pytest.fixture(autouse=True)
def _isolated(settings):
    """Rate-limit counters start empty; mail is kept (files: the root conftest's temporary MEDIA_ROOT)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def head_a(make_user, agency_a):
    return make_user("head_a", agency_a, ["office_head"], email="head@example.cn", full_name="赵主任")


@pytest.fixture
def register(db):
    """Register an application through the service (staff: received on ``received_on``)."""
    from gongkai.applications.services import application_register
    from gongkai.applications.validation import ApplicationData

    def _register(agency, actor=None, received_on=D0, **overrides):
        data = ApplicationData.from_mapping(person(**overrides))
        if actor is None:
            return application_register(agency=agency, data=data, arrived_at=aware(received_on)).application
        return application_register(
            agency=agency,
            data=data,
            actor=actor,
            channel="in_person",
            arrived_at=aware(received_on),
            received_on=received_on,
            receipt_basis="in_person",
        ).application

    return _register


@pytest.fixture
def make_application(db):
    """Create an application row directly (fast; for lists, counts and letters)."""
    from gongkai.applications.models import Application

    counter = {"n": 0}

    def _make(agency, **fields):
        counter["n"] += 1
        n = counter["n"]
        received = fields.pop("received_on", D0)
        values = {
            "tracking_number": f"YSQT{n:010d}",
            "query_code_hash": "x",
            "applicant_category": "natural",
            "applicant_name": f"申请人{n}",
            "id_type": "resident_id",
            "id_number": resident_id(n),
            "phone": "13800138000",
            "description": f"申请公开第{n}号文件",
            "provision_form": "electronic",
            "delivery_method": "email",
            "channel": "in_person",
            "arrived_at": aware(received or D0),
            "received_on": received,
            "receipt_basis": "in_person" if received else "",
            "status": "in_progress" if received else "registered",
        }
        values.update(fields)
        return Application.objects.create(agency=agency, **values)

    return _make
