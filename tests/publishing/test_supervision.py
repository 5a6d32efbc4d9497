"""Freshness inspection at its boundaries, `gongkai inspect`, the disclosure list, and rectification."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.models import ColumnKind, RectificationItem, RectificationStatus
from gongkai.publishing.selectors import disclosure_list_status, inspect_agencies, inspect_agency
from gongkai.publishing.selectors.inspection import months_before

from .conftest import make_column, put_public

TODAY = timezone.localdate()


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def recent() -> datetime:
    """A moment earlier today (or just before midnight when the day has only begun)."""
    return max(
        timezone.now() - timedelta(minutes=5), timezone.make_aware(datetime.combine(TODAY, time(0, 0)))
    )


def state_of(result, column) -> str:
    return next(s.state for s in result.columns if s.column.pk == column.pk)


def test_news_column_fresh_at_14_days_stale_at_15(agency_a, team):
    fresh = make_column(agency_a, "动态14", ColumnKind.NEWS)
    stale = make_column(agency_a, "动态15", ColumnKind.NEWS)
    put_public(agency_a, fresh, when=at_noon(TODAY - timedelta(days=14)), author=team["author"])
    put_public(agency_a, stale, when=at_noon(TODAY - timedelta(days=15)), author=team["author"])
    result = inspect_agency(agency_a, TODAY)
    assert state_of(result, fresh) == "fresh"
    assert state_of(result, stale) == "stale"
    assert [s.column.name for s in result.stale_news] == ["动态15"]


def test_news_boundary_at_the_first_minute_of_the_day(agency_a, team):
    column = make_column(agency_a, "动态", ColumnKind.NEWS)
    first_minute = timezone.make_aware(datetime.combine(TODAY - timedelta(days=14), time(0, 0)))
    put_public(agency_a, column, when=first_minute, author=team["author"])
    assert state_of(inspect_agency(agency_a, TODAY), column) == "fresh"
    assert state_of(inspect_agency(agency_a, TODAY + timedelta(days=1)), column) == "stale"


@pytest.mark.parametrize("kind", [ColumnKind.NOTICE, ColumnKind.POLICY])
def test_notice_and_policy_columns_six_months(agency_a, team, kind):
    today = date(2024, 8, 31)
    column = make_column(agency_a, f"栏目{kind}", kind)
    put_public(agency_a, column, when=at_noon(date(2024, 2, 29)), author=team["author"])  # 6 months, clamped
    assert months_before(today, 6) == date(2024, 2, 29)
    assert state_of(inspect_agency(agency_a, today), column) == "fresh"
    assert state_of(inspect_agency(agency_a, date(2024, 9, 1)), column) == "stale"  # boundary now 2024-03-01
    other = make_column(agency_a, f"另一{kind}", kind)
    put_public(agency_a, other, when=at_noon(date(2024, 3, 15)), author=team["author"])
    assert state_of(inspect_agency(agency_a, date(2024, 9, 15)), other) == "fresh"
    assert state_of(inspect_agency(agency_a, date(2024, 9, 16)), other) == "stale"


def test_blank_container_and_unruled_columns(agency_a, team):
    parent = make_column(agency_a, "政府信息公开", ColumnKind.OTHER)
    child = make_column(agency_a, "空白子栏目", ColumnKind.NOTICE, parent=parent)
    procurement = make_column(agency_a, "采购", ColumnKind.PROCUREMENT)
    put_public(agency_a, procurement, when=at_noon(TODAY - timedelta(days=900)), author=team["author"])
    result = inspect_agency(agency_a, TODAY)
    assert state_of(result, parent) == "container"
    assert state_of(result, child) == "blank"
    assert state_of(result, procurement) == "no_rule"


def test_drafts_future_and_withdrawn_items_do_not_count(agency_a, team):
    column = make_column(agency_a, "动态", ColumnKind.NEWS)
    future = put_public(agency_a, column, when=timezone.now() + timedelta(days=1), author=team["author"])
    withdrawn = put_public(agency_a, column, when=recent(), author=team["author"])
    withdrawn.status = "withdrawn"
    withdrawn.save()
    assert future.pk and state_of(inspect_agency(agency_a, TODAY), column) == "blank"


def test_single_veto_thresholds_and_late_items(agency_a, team):
    old = at_noon(TODAY - timedelta(days=30))
    for i in range(4):
        put_public(
            agency_a, make_column(agency_a, f"动态{i}", ColumnKind.NEWS), when=old, author=team["author"]
        )
    for i in range(4):
        make_column(agency_a, f"空{i}", ColumnKind.OTHER)
    late_column = make_column(agency_a, "公告", ColumnKind.NOTICE)
    put_public(agency_a, late_column, when=recent(), author=team["author"], elapsed=21)
    put_public(agency_a, late_column, when=recent(), author=team["author"], elapsed=20)
    result = inspect_agency(agency_a, TODAY)
    assert result.passed and len(result.stale_indicator) == 4 and len(result.blank) == 4
    assert result.late_count == 1 and len(result.late) == 1
    put_public(agency_a, make_column(agency_a, "动态X", ColumnKind.NEWS), when=old, author=team["author"])
    make_column(agency_a, "空X", ColumnKind.OTHER)
    result = inspect_agency(agency_a, TODAY)
    assert len(result.failures) == 2 and not result.passed
    codes = {(f.code, f.column_id is not None) for f in result.findings()}
    assert ("stale_news", True) in codes and ("blank", True) in codes and ("late", False) in codes


def test_bulk_inspection_uses_a_fixed_number_of_queries(
    agency_a, agency_b, team, make_user, django_assert_max_num_queries
):
    author_b = make_user("writer_b", agency_b, ["clerk"])
    for agency, author in ((agency_a, team["author"]), (agency_b, author_b)):
        for i in range(5):
            put_public(agency, make_column(agency, f"动态{i}", ColumnKind.NEWS), when=recent(), author=author)
    with django_assert_max_num_queries(3):  # columns, late counts, new-media accounts
        results = inspect_agencies([agency_a, agency_b], TODAY)
    assert {pk: len(r.columns) for pk, r in results.items()} == {agency_a.pk: 5, agency_b.pk: 5}


def test_gongkai_inspect_prints_the_same(agency_a, agency_b, team):
    column = make_column(agency_a, "工作动态", ColumnKind.NEWS)
    put_public(agency_a, column, when=at_noon(TODAY - timedelta(days=20)), author=team["author"])
    make_column(agency_a, "空白栏目", ColumnKind.NOTICE)
    out = StringIO()
    call_command("inspect", "--agency", agency_a.credit_code, "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert f"{agency_a.name}（{agency_a.credit_code}）" in text
    assert "结论：合格" in text
    assert "动态要闻类未更新 1 个" in text and "空白栏目 1 个" in text
    assert "未按时更新：工作动态（动态要闻类，2周内应有更新" in text
    assert "空白栏目：空白栏目" in text
    assert agency_b.name not in text
    by_name = StringIO()
    call_command("inspect", "--agency", agency_a.name, "--date", TODAY.isoformat(), stdout=by_name)
    assert by_name.getvalue() == text
    with pytest.raises(CommandError, match="找不到机关"):
        call_command("inspect", "--agency", "不存在的局")


def test_gongkai_inspect_exits_1_on_failure(agency_a):
    for i in range(5):
        make_column(agency_a, f"空{i}")
    out = StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("inspect", "--agency", agency_a.credit_code, stdout=out)
    assert info.value.code == 1 and "空白栏目有5个" in out.getvalue()


# --------------------------------------------------------------------------------------------
# The full disclosure list


def test_disclosure_items_flag_nothing_published_and_late(agency_a, team, django_assert_max_num_queries):
    a = team["author"]
    busy = make_column(agency_a, "行政许可", ColumnKind.OTHER)
    quiet = make_column(agency_a, "财政预决算", ColumnKind.OTHER)
    put_public(agency_a, busy, when=recent(), author=a, elapsed=4)
    put_public(agency_a, busy, when=recent(), author=a, elapsed=7)
    item_ok = services.disclosure_item_save(
        actor=a,
        agency=agency_a,
        columns=[busy],
        name="许可结果",
        legal_basis="条例第二十条第（五）项",
        content="许可决定",
        department="审批科",
        time_limit="作出决定之日起7个工作日",
        time_limit_workdays=7,
        channel="门户网站",
    )
    item_strict = services.disclosure_item_save(
        actor=a,
        agency=agency_a,
        columns=[busy],
        name="许可结果（5日）",
        legal_basis="依据",
        content="内容",
        department="审批科",
        time_limit="5个工作日",
        time_limit_workdays=5,
        channel="门户网站",
    )
    item_empty = services.disclosure_item_save(
        actor=a,
        agency=agency_a,
        columns=[quiet],
        name="预决算",
        legal_basis="预算法",
        content="预算",
        department="财务科",
        time_limit="批复后20日",
        channel="门户网站",
    )
    item_none = services.disclosure_item_save(
        actor=a,
        agency=agency_a,
        columns=[],
        name="无栏目",
        legal_basis="依据",
        content="内容",
        department="办公室",
        time_limit="及时",
        channel="门户网站",
    )
    with django_assert_max_num_queries(2):
        statuses = {s.item.pk: s for s in disclosure_list_status(agency_a)}
    assert statuses[item_ok.pk].flags == [] and statuses[item_ok.pk].public_count == 2
    assert statuses[item_strict.pk].flags == ["1条信息超过公开时限"]
    assert statuses[item_empty.pk].flags == ["栏目中没有已公开的信息"]
    assert statuses[item_none.pk].flags == ["未关联发布栏目"]


# --------------------------------------------------------------------------------------------
# Rectification


@pytest.fixture
def finding(supervisor_city, agency_a):
    return services.rectification_file(
        actor=supervisor_city,
        agency=agency_a,
        title="工作动态栏目未更新",
        deadline=TODAY + timedelta(days=10),
    )


def test_supervisor_files_only_within_their_subtree(
    supervisor_city, agency_a, agency_b, city, clerk_a, make_user
):
    with pytest.raises(PermissionDenied):
        services.rectification_file(actor=supervisor_city, agency=agency_b, title="x", deadline=TODAY)
    with pytest.raises(PermissionDenied):  # not their own agency either: that is for the level above
        services.rectification_file(actor=supervisor_city, agency=city, title="x", deadline=TODAY)
    with pytest.raises(PermissionDenied):  # an agency clerk is not a supervisor
        services.rectification_file(actor=clerk_a, agency=agency_a, title="x", deadline=TODAY)
    sibling_supervisor = make_user("sup_a", agency_a, ["supervisor"])
    with pytest.raises(PermissionDenied):
        services.rectification_file(actor=sibling_supervisor, agency=city, title="x", deadline=TODAY)
    with pytest.raises(ValidationError):
        services.rectification_file(
            actor=supervisor_city, agency=agency_a, title="x", deadline=TODAY - timedelta(days=1)
        )
    assert not RectificationItem.objects.exists()


def test_answer_accept_and_reopen(finding, supervisor_city, clerk_a, clerk_b):
    evidence = SimpleUploadedFile("截图.png", b"\x89PNG....", content_type="image/png")
    with pytest.raises(PermissionDenied):
        services.rectification_transition(actor=clerk_b, item=finding, name="answer", text="已改")
    with pytest.raises(PermissionDenied):  # supervisors do not answer for the agency
        services.rectification_transition(actor=supervisor_city, item=finding, name="answer", text="已改")
    with pytest.raises(ValidationError):  # nothing to accept yet
        services.rectification_transition(actor=supervisor_city, item=finding, name="accept", text="好")
    response = services.rectification_transition(
        actor=clerk_a, item=finding, name="answer", text="已补发3条动态", evidence=evidence
    )
    assert response.evidence_name == "截图.png"
    finding.refresh_from_db()
    assert finding.status == RectificationStatus.ANSWERED and not finding.is_overdue(
        TODAY + timedelta(days=30)
    )
    with pytest.raises(PermissionDenied):  # the agency cannot close its own finding
        services.rectification_transition(actor=clerk_a, item=finding, name="accept", text="好")
    new_deadline = TODAY + timedelta(days=20)
    services.rectification_transition(
        actor=supervisor_city, item=finding, name="reopen", text="仍有空白栏目", deadline=new_deadline
    )
    finding.refresh_from_db()
    assert finding.status == RectificationStatus.REOPENED and finding.deadline == new_deadline
    services.rectification_transition(actor=clerk_a, item=finding, name="answer", text="已全部整改")
    services.rectification_transition(actor=supervisor_city, item=finding, name="accept", text="同意销号")
    finding.refresh_from_db()
    assert finding.status == RectificationStatus.ACCEPTED and finding.closed_by == supervisor_city
    assert list(finding.responses.values_list("kind", flat=True)) == ["answer", "reopen", "answer", "accept"]


def test_the_rectification_table_walked_allowed_and_forbidden(finding, supervisor_city, clerk_a, clerk_b):
    """Every (state, action) with the right actor: allowed exactly when the table has a row;
    every row with the wrong actors (the other side, another agency): refused with a 403."""
    from django.db import transaction

    from gongkai.core.workflow import TransitionError
    from gongkai.publishing.workflow import RECTIFICATION

    right = {"answer": clerk_a, "accept": supervisor_city, "reopen": supervisor_city}
    wrong = {"answer": [supervisor_city, clerk_b], "accept": [clerk_a, clerk_b], "reopen": [clerk_a, clerk_b]}
    for status in RectificationStatus.values:
        RectificationItem.objects.filter(pk=finding.pk).update(status=status)
        for action, actor in right.items():
            targets = RECTIFICATION.targets_of(action, status)
            with transaction.atomic():
                if targets:
                    services.rectification_transition(actor=actor, item=finding, name=action, text="说明")
                    assert RectificationItem.objects.get(pk=finding.pk).status in targets
                    transaction.set_rollback(True)
                else:
                    with pytest.raises(ValidationError) as caught:
                        services.rectification_transition(actor=actor, item=finding, name=action, text="说明")
                    assert isinstance(caught.value, TransitionError)
            if targets:
                for other in wrong[action]:
                    with pytest.raises(PermissionDenied):
                        services.rectification_transition(actor=other, item=finding, name=action, text="说明")
            assert RectificationItem.objects.get(pk=finding.pk).status == status
    assert {s.value: s.label for s in RectificationStatus} == dict(RECTIFICATION.states)


def test_overdue_items_are_visible_to_both_sides(client, finding, supervisor_city, clerk_a, clerk_b):
    RectificationItem.objects.filter(pk=finding.pk).update(deadline=TODAY - timedelta(days=1))
    url = reverse("publishing:rectification_list") + "?state=overdue"
    for user in (clerk_a, supervisor_city):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "工作动态栏目未更新" in page and "已逾期" in page
    client.force_login(clerk_b)
    assert "工作动态栏目未更新" not in client.get(url).content.decode()


def test_one_click_filing_from_an_inspection(client, supervisor_city, clerk_a, agency_a, team):
    column = make_column(agency_a, "空白栏目", ColumnKind.NOTICE)
    url = reverse("publishing:rectification_from_inspection", args=[agency_a.pk])
    client.force_login(clerk_a)
    assert client.post(url, {"code": "blank", "column": column.pk}).status_code == 403
    client.force_login(supervisor_city)
    page = client.get(reverse("publishing:inspection_agency", args=[agency_a.pk])).content.decode()
    assert "列入问题清单" in page
    response = client.post(url, {"code": "blank", "column": column.pk})
    assert response.status_code == 302
    item = RectificationItem.objects.get()
    assert (item.agency, item.column, item.source_code, item.filed_by) == (
        agency_a,
        column,
        "blank",
        supervisor_city,
    )
    assert item.deadline > TODAY and "空白栏目" in item.title
    page = client.get(reverse("publishing:inspection_agency", args=[agency_a.pk])).content.decode()
    assert "已列入问题清单" in page
    assert client.post(url, {"code": "stale_news", "column": column.pk}).status_code == 302
    assert RectificationItem.objects.count() == 1  # no such finding: nothing filed


def test_agency_answers_through_the_page_with_evidence(client, finding, clerk_a, supervisor_city):
    client.force_login(clerk_a)
    upload = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(
        reverse("publishing:rectification_answer", args=[finding.pk]), {"text": "已整改", "evidence": upload}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "answered"
    evidence = finding.responses.get()
    assert client.get(reverse("publishing:evidence_download", args=[evidence.pk])).status_code == 200
    client.force_login(supervisor_city)
    response = client.post(
        reverse("publishing:rectification_review", args=[finding.pk]), {"decision": "accept", "text": "通过"}
    )
    finding.refresh_from_db()
    assert response.status_code == 302 and finding.status == "accepted"
