"""The public form, the receipt, tracking, rate limits, and what the public may see."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import services as s
from gongkai.applications.models import Application, Attachment
from gongkai.applications.services.intake import check_query_code

from .conftest import organisation, person, resident_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
URL = "/apply/"


def form_data(agency, **overrides):
    data = person(**overrides)
    data["agency"] = agency.pk
    data.setdefault("token", uuid.uuid4().hex)
    return data


def submit(client, data, files=None, **extra):
    payload = dict(data)
    if files:
        payload["attachments"] = files
    return client.post(URL, payload, **extra)


def code_of(response) -> tuple[str, str]:
    html = response.content.decode()
    number = re.search(r'id="tracking-number">(\w+)<', html).group(1)
    code = re.search(r'id="query-code">([\w-]+)<', html).group(1)
    return number, code


@pytest.fixture
def portal(db, agency_a):
    return agency_a


def test_form_lists_active_agencies_without_login(client, agency_a, agency_b):
    agency_b.is_active = False
    agency_b.save()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert agency_a.name in html and agency_b.name not in html
    assert 'name="token"' in html


def test_apply_to_an_agency_by_credit_code(client, agency_a):
    response = client.get(f"/apply/{agency_a.credit_code}/")
    assert response.status_code == 200 and agency_a.name in response.content.decode()
    assert client.get("/apply/91410300MA00000000/").status_code == 404


def test_natural_person_submits(client, portal):
    response = submit(client, form_data(portal))
    assert response.status_code == 200
    number, code = code_of(response)
    app = Application.objects.get()
    assert app.tracking_number == number and number.startswith("YSQ")
    assert (app.status, app.channel, app.received_on, app.id_type) == (
        "registered",
        "online",
        None,
        "resident_id",
    )
    assert code.replace("-", "") not in app.query_code_hash and check_query_code(code, app.query_code_hash)


def test_organisation_submits(client, portal):
    data = organisation()
    data.update(agency=portal.pk, token=uuid.uuid4().hex)
    response = client.post(URL, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    app = Application.objects.get()
    assert (app.applicant_category, app.id_type, app.contact_person) == ("commercial", "credit_code", "王五")


def test_bad_check_digit_is_refused_and_nothing_saved(client, portal):
    bad = resident_id(1)[:-1] + ("0" if resident_id(1)[-1] != "0" else "1")
    response = submit(client, form_data(portal, id_number=bad))
    assert response.status_code == 200
    assert "居民身份证号码校验位不正确" in response.content.decode()
    assert Application.objects.count() == 0


def test_bad_credit_code_is_refused(client, portal):
    data = organisation(id_number="91410300MA00000000")
    data.update(agency=portal.pk, token=uuid.uuid4().hex)
    response = client.post(URL, data)
    assert "统一社会信用代码" in response.content.decode() and Application.objects.count() == 0


def test_missing_particulars_get_chinese_errors_and_keep_the_input(client, portal):
    response = submit(client, form_data(portal, phone="", description=""))
    html = response.content.decode()
    assert "请描述所需政府信息" in html or "这个字段是必填项" in html
    assert "张三" in html  # what was typed is still there
    assert Application.objects.count() == 0


def test_attachments_are_checked_by_content(client, portal):
    document = docx.Document()
    document.add_paragraph("证明材料")
    buffer = io.BytesIO()
    document.save(buffer)
    files = [
        SimpleUploadedFile("证明.pdf", PNG, content_type="application/pdf"),  # a PNG named .pdf
        SimpleUploadedFile("材料.docx", buffer.getvalue()),
        SimpleUploadedFile("旧版.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100),
    ]
    response = submit(client, form_data(portal), files)
    assert response.status_code == 200
    kinds = sorted(Attachment.objects.values_list("kind", flat=True))
    assert kinds == ["doc", "docx", "png"]
    stored = Attachment.objects.get(kind="png")
    assert stored.file.name.endswith(".png") and stored.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 100, "文件类型不被接受"),
        ("notes.pdf", b"just some text", "文件类型不被接受"),
        ("archive.docx", None, "不是 Word"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "超过10MB"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_saved(client, portal, name, content, message):
    if content is None:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "x")
        content = buffer.getvalue()
    response = submit(client, form_data(portal), [SimpleUploadedFile(name, content)])
    assert message in response.content.decode()
    assert Application.objects.count() == 0 and Attachment.objects.count() == 0


def test_double_submit_creates_one_record_and_shows_the_code_once(client, portal):
    data = form_data(portal)
    first = submit(client, data)
    second = submit(client, data)
    assert Application.objects.count() == 1
    number, code = code_of(first)
    html = second.content.decode()
    assert "没有重复登记" in html and number in html
    assert code not in html and "不再重复显示" in html  # a replayed form never shows the code again


def test_reusing_a_token_with_other_particulars_reveals_nothing(client, portal):
    data = form_data(portal)
    first = submit(client, data)
    number, _ = code_of(first)
    other = dict(data, id_number=resident_id(9), applicant_name="李四")
    response = submit(client, other)
    assert number not in response.content.decode()
    assert Application.objects.count() == 1


def test_submissions_are_rate_limited(client, portal):
    for _ in range(5):
        assert submit(client, form_data(portal)).status_code == 200
    response = submit(client, form_data(portal))
    assert response.status_code == 429
    html = response.content.decode()
    assert "请10分钟后再试" in html and "张三" in html  # the input is not lost
    assert Application.objects.count() == 5
    # Another address is not affected.
    assert submit(client, form_data(portal), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_tracking_with_the_right_code(client, portal, clerk_a):
    number, code = code_of(submit(client, form_data(portal)))
    client.cookies.clear()  # a new visitor
    assert f'value="{number}"' in client.get("/apply/track/", {"tracking_number": number}).content.decode()
    response = client.post("/apply/track/", {"tracking_number": number, "query_code": code.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "已提交，等待机关确认收到" in html and number in html
    assert "410****" in html and resident_id(1) not in html  # the ID number is masked
    app = Application.objects.get()
    s.application_confirm_receipt(application=app, received_on=date.today(), actor=clerk_a)
    html = client.get(response["Location"]).content.decode()
    assert "办理中" in html and "答复期限" in html


def test_wrong_code_and_unknown_number_get_the_same_answer(client, portal):
    number, code = code_of(submit(client, form_data(portal)))
    client.cookies.clear()
    wrong = client.post("/apply/track/", {"tracking_number": number, "query_code": "AAAA-AAAA"})
    unknown = client.post("/apply/track/", {"tracking_number": "YSQ202500000000", "query_code": code})
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "申请编号或查询码不正确" in html
        assert "张三" not in html and "义务教育" not in html
    assert client.get(f"/apply/track/{number}/").status_code == 302  # no grant, no page


def test_lookups_are_rate_limited(client, portal):
    for _ in range(20):
        client.post("/apply/track/", {"tracking_number": "YSQ1", "query_code": "X"})
    response = client.post("/apply/track/", {"tracking_number": "YSQ1", "query_code": "X"})
    assert response.status_code == 429 and "查询次数过多" in response.content.decode()


def test_receipt_pdf_needs_the_code(client, portal):
    number, code = code_of(submit(client, form_data(portal)))
    response = client.post("/apply/receipt/", {"tracking_number": number, "query_code": code})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    refused = client.post("/apply/receipt/", {"tracking_number": number, "query_code": "WRONG"})
    assert refused.status_code == 404


def test_letters_appear_once_delivered(client, portal, clerk_a, make_user):
    head = make_user("head_x", portal, ["office_head"])
    number, code = code_of(submit(client, form_data(portal)))
    detail = f"/apply/track/{number}/"
    assert client.get(detail).status_code == 302  # submitting grants nothing: look it up first
    assert client.post("/apply/track/", {"tracking_number": number, "query_code": code})["Location"] == detail
    assert "暂无文书" in client.get(detail).content.decode()
    app = Application.objects.get()
    app = s.application_confirm_receipt(application=app, received_on=date.today(), actor=clerk_a)
    app = s.application_decide(application=app, outcome="disclosed", decided_on=date.today(), actor=head)
    assert "暂无文书" in client.get(detail).content.decode()  # decided but not delivered
    assert client.get(f"{detail}letters/reply.pdf").status_code == 404
    assert 'id="remedy"' not in client.get(detail).content.decode()
    s.application_deliver(application=app, delivered_on=date.today(), method="email", actor=clerk_a)
    page = client.get(detail).content.decode()
    assert "政府信息公开申请答复书" in page
    # The remedy of the reply, from the same function as the letter (RULES.md §5).
    assert "如对本答复书不服，可以自收到本答复书之日起六十日内向测试市人民政府申请行政复议" in page
    response = client.get(f"{detail}letters/reply.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    # Another visitor without the code sees nothing.
    other = client.__class__()
    assert other.get(f"{detail}letters/reply.pdf").status_code == 302


def test_portal_pages_escape_input(client, portal):
    response = submit(client, form_data(portal, applicant_name="<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_tracking_page_links_from_home(client):
    assert reverse("apply:track") == "/apply/track/"


def test_a_busy_database_keeps_the_input(client, portal, monkeypatch):
    from django.db import OperationalError

    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("gongkai.applications.views.public.application_register", busy)
    response = submit(client, form_data(portal))
    assert response.status_code == 503
    html = response.content.decode()
    assert "系统繁忙" in html and "张三" in html
