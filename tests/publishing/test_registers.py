"""The normative register and its year counts, yearly figures (form and CSV), new media, published counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from gongkai.auditlog.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import (
    Document,
    MediaPlatform,
    NormativeKind,
    Validity,
    YearlyFigures,
)
from gongkai.publishing.selectors import normative_counts, proactive_section, published_counts

from .conftest import aware, make_column, put_public


def register(agency, actor, title, issued, repealed=None, expired=None, kind=NormativeKind.NORMATIVE, **kw):
    return services.normative_register(
        actor=actor,
        agency=agency,
        kind=kind,
        title=title,
        issued_on=issued,
        repealed_on=repealed,
        expired_on=expired,
        **kw,
    )


@pytest.fixture
def register_book(agency_a, team):
    """A register spanning 2022–2024 with issues, repeals and expiries at the year's edges."""
    a = team["author"]
    register(agency_a, a, "甲", date(2022, 3, 1))  # valid throughout
    register(agency_a, a, "乙", date(2022, 6, 1), repealed=date(2023, 5, 1))  # repealed in 2023
    register(agency_a, a, "丙", date(2023, 1, 1))  # issued on 1 January 2023
    register(agency_a, a, "丁", date(2023, 12, 31))  # issued on 31 December 2023
    register(agency_a, a, "戊", date(2023, 2, 1), repealed=date(2024, 1, 1))  # repeal takes effect 2024-01-01
    register(agency_a, a, "己", date(2021, 1, 1), expired=date(2023, 12, 31))  # expires on 31 Dec 2023
    register(agency_a, a, "庚", date(2023, 4, 1), kind=NormativeKind.RULE)  # a rule
    register(agency_a, a, "辛", date(2023, 7, 1), repealed=date(2023, 12, 31), kind=NormativeKind.RULE)


def test_normative_counts_over_years(register_book, agency_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        counts_2023 = normative_counts(agency_a, 2023)
    assert counts_2023 == {"issued": 3, "repealed": 1, "valid": 4}  # 甲 丙 丁 戊 valid on 31 Dec
    assert normative_counts(agency_a, 2022) == {"issued": 2, "repealed": 0, "valid": 3}  # 甲 乙 己
    assert normative_counts(agency_a, 2024) == {"issued": 0, "repealed": 1, "valid": 3}  # 甲 丙 丁
    assert normative_counts(agency_a, 2023, NormativeKind.RULE) == {"issued": 2, "repealed": 1, "valid": 1}


def test_counts_are_per_agency(register_book, agency_b):
    assert normative_counts(agency_b, 2023) == {"issued": 0, "repealed": 0, "valid": 0}


def test_repeal_marks_the_published_document_and_links_its_replacement(
    team, make_document, advance, agency_a
):
    old = advance(
        make_document(kind="normative", title="旧办法", document_number="甲发〔2022〕1号", validity="valid")
    )
    new = advance(
        make_document(kind="normative", title="新办法", document_number="甲发〔2024〕2号", validity="valid")
    )
    record = register(agency_a, team["author"], "", date(2022, 1, 5), document=old)
    assert record.title == "旧办法" and record.document_number == "甲发〔2022〕1号"
    services.normative_update(
        actor=team["author"], record=record, repealed_on=timezone.localdate(), replaced_by=new
    )
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.replaced_by == new
    assert old.status == "published"  # a repealed document stays published, marked 已废止
    assert AuditEvent.objects.for_object(record).filter(action="publishing.normative.update").exists()


def test_future_repeal_is_applied_by_the_tick_on_its_day(team, make_document, advance, agency_a):
    document = advance(make_document(kind="normative", document_number="甲发〔2024〕3号", validity="valid"))
    day = timezone.localdate() + timedelta(days=10)
    register(agency_a, team["author"], "", date(2024, 1, 5), document=document, repealed=day)
    document.refresh_from_db()
    assert document.validity == Validity.VALID
    call_command("publishing", "tick", "--now", (timezone.now() + timedelta(days=9)).isoformat())
    assert Document.objects.get(pk=document.pk).validity == Validity.VALID
    call_command("publishing", "tick", "--now", (timezone.now() + timedelta(days=10, hours=1)).isoformat())
    assert Document.objects.get(pk=document.pk).validity == Validity.REPEALED


def test_register_rejects_repeal_before_issue_and_foreign_documents(team, agency_a, agency_b, make_user):
    with pytest.raises(ValidationError):
        register(agency_a, team["author"], "错", date(2024, 5, 1), repealed=date(2024, 4, 1))
    foreign = Document.objects.create(
        agency=agency_b,
        title="乙的文件",
        formed_on=date(2024, 1, 1),
        created_by=make_user("cb", agency_b, ["clerk"]),
    )
    with pytest.raises(ValidationError):
        register(agency_a, team["author"], "", date(2024, 1, 1), document=foreign)


# --------------------------------------------------------------------------------------------
# Yearly figures


def test_figures_entered_by_hand_record_who(agency_a, team):
    figures = services.figures_save(
        actor=team["author"],
        agency=agency_a,
        year=2023,
        licensing=4255,
        penalty=3,
        coercion=0,
        fees_10k_yuan=Decimal("3881.372"),
    )
    assert figures.entered_by == team["author"] and figures.source == "form"
    assert YearlyFigures.objects.get(pk=figures.pk).fees_10k_yuan == Decimal("3881.372")
    event = AuditEvent.objects.for_object(figures).get()
    assert event.changes["fees_10k_yuan"] == [None, "3881.372"] and event.actor == team["author"]


GOOD_CSV = "year,licensing,penalty,coercion,fees_10k_yuan\n2022,10,2,1,0.5\n2023,4255,0,0,3881.372\n"


def test_figures_csv_import(agency_a, team):
    saved = services.figures_import_csv(actor=team["author"], agency=agency_a, text=GOOD_CSV)
    assert [f.year for f in saved] == [2022, 2023]
    row = YearlyFigures.objects.get(agency=agency_a, year=2023)
    assert (row.licensing, row.fees_10k_yuan, row.source, row.entered_by) == (
        4255,
        Decimal("3881.372"),
        "csv",
        team["author"],
    )


@pytest.mark.parametrize(
    "header",
    [
        "年度,行政许可,行政处罚,行政强制,收费（万元）",  # what the form asks a person to write
        "年度 (year),行政许可 (licensing),行政处罚 (penalty),行政强制 (coercion),收费（万元） (fees_10k_yuan)",
        "\ufeff年度,licensing,行政处罚,COERCION,收费（万元）",  # mixed, with Excel's BOM
    ],
)
def test_figures_csv_with_a_chinese_header(agency_a, team, header):
    body = "\n2022,10,2,1,0.5\n2023,4255,0,0,3881.372\n"
    saved = services.figures_import_csv(actor=team["author"], agency=agency_a, text=header + body)
    assert [(f.year, f.licensing) for f in saved] == [(2022, 10), (2023, 4255)]


def test_a_bad_header_names_the_chinese_header_to_use(agency_a, team):
    with pytest.raises(ValidationError) as info:
        services.figures_import_csv(actor=team["author"], agency=agency_a, text="年度,许可\n2022,1\n")
    assert info.value.messages == [
        "第1行：表头应为 年度,行政许可,行政处罚,行政强制,收费（万元），实际为 年度,许可"
    ]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("year,licensing,penalty,coercion,fees_10k_yuan\n2022,10,2,1,0.5\n2023,-1,0,0,1\n", "第3行"),
        ("year,licensing,penalty,coercion,fees_10k_yuan\n2022,10,2,1,abc\n", "第2行：收费金额应为数字"),
        ("year,licensing,penalty,coercion,fees_10k_yuan\n2022,10,2,1,1.23456\n", "最多保留4位小数"),
        ("year,licensing,penalty,coercion,fees_10k_yuan\n2022,1,2,3\n", "第2行：应有5列"),
        ("year,licensing,penalty,coercion,fees_10k_yuan\n1999,1,2,3,4\n", "第2行：年度应为"),
        (
            "year,licensing,penalty,coercion,fees_10k_yuan\n2022,1,2,3,4\n2022,1,2,3,4\n",
            "第3行：2022年与第2行重复",
        ),
        ("year,licences,penalty,coercion,fees\n2022,1,2,3,4\n", "第1行：表头应为"),
        ("", "文件为空"),
    ],
)
def test_figures_csv_with_bad_rows_saves_nothing(agency_a, team, text, needle):
    with pytest.raises(ValidationError) as info:
        services.figures_import_csv(actor=team["author"], agency=agency_a, text=text)
    assert any(needle in message for message in info.value.messages), info.value.messages
    assert not YearlyFigures.objects.filter(agency=agency_a).exists()


def test_every_bad_line_is_named(agency_a, team):
    text = "year,licensing,penalty,coercion,fees_10k_yuan\n2021,x,0,0,1\n2022,1,0,0,1\n2023,1,0,0,NaN\n"
    with pytest.raises(ValidationError) as info:
        services.figures_import_csv(actor=team["author"], agency=agency_a, text=text)
    assert [m[:4] for m in info.value.messages] == ["第2行：", "第4行："]


def test_proactive_section_uses_report_codes_and_null_for_missing(register_book, agency_a, team):
    section = proactive_section(agency_a, 2023)
    assert section["normative_documents"] == {"issued": 3, "repealed": 1, "valid": 4}
    assert section["licensing"] == {"decisions": None} and section["fees"] == {"amount_10k_yuan": None}
    services.figures_import_csv(actor=team["author"], agency=agency_a, text=GOOD_CSV)
    section = proactive_section(agency_a, 2023)
    assert section["licensing"] == {"decisions": 4255} and section["fees"]["amount_10k_yuan"] == Decimal(
        "3881.372"
    )


# --------------------------------------------------------------------------------------------
# New media and published counts


def test_published_counts_per_column_and_channel(agency_a, team, django_assert_max_num_queries):
    author = team["author"]
    news = make_column(agency_a, "动态", "news")
    notice = make_column(agency_a, "公告", "notice")
    empty = make_column(agency_a, "空栏目", "other")
    both = put_public(agency_a, news, when=aware(2023, 1, 1, 0, 5), author=author)
    both.columns.add(notice)
    put_public(agency_a, news, when=aware(2023, 12, 31, 23, 50), author=author)  # still 2023 in Beijing
    put_public(agency_a, news, when=aware(2024, 1, 1, 0, 10), author=author)  # 2024
    put_public(agency_a, notice, when=aware(2022, 12, 31, 23, 59), author=author)  # 2022
    gone = put_public(agency_a, notice, when=aware(2023, 6, 1), author=author)
    gone.status = "withdrawn"  # as the withdraw service does: a save, which the counters follow
    gone.save(update_fields=["status"])
    wechat = services.media_account_save(
        actor=author, agency=agency_a, platform=MediaPlatform.WECHAT, name="甲局发布"
    )
    weibo = services.media_account_save(
        actor=author, agency=agency_a, platform=MediaPlatform.WEIBO, name="甲局微博"
    )
    services.media_year_save(
        actor=author, account=wechat, year=2023, posts=120, followers_start=1000, followers_end=1500
    )
    services.media_year_save(
        actor=author, account=weibo, year=2023, posts=30, followers_start=10, followers_end=20
    )
    services.media_year_save(
        actor=author, account=weibo, year=2022, posts=99, followers_start=1, followers_end=10
    )

    with django_assert_max_num_queries(4):  # columns, per-column counts, total, channels
        counts = published_counts(agency_a, 2023)
    by_column = {c["name"]: c["count"] for c in counts["columns"]}
    assert by_column == {"动态": 2, "公告": 1, "空栏目": 0}
    assert counts["total"] == 2  # distinct documents: the one in two columns counts once
    channels = {c["channel"]: c["count"] for c in counts["channels"]}
    assert channels == {"website": 2, "wechat": 120, "weibo": 30}
    assert empty.pk in {c["id"] for c in counts["columns"]}


def test_media_year_is_replaced_not_duplicated(agency_a, team):
    account = services.media_account_save(actor=team["author"], agency=agency_a, platform="wechat", name="号")
    services.media_year_save(
        actor=team["author"], account=account, year=2023, posts=1, followers_start=1, followers_end=2
    )
    services.media_year_save(
        actor=team["author"], account=account, year=2023, posts=5, followers_start=1, followers_end=3
    )
    assert list(account.years.values_list("year", "posts")) == [(2023, 5)]
    with pytest.raises(ValidationError):
        services.media_account_save(actor=team["author"], agency=agency_a, platform="wechat", name="号")


def test_an_interpretation_is_a_document_linked_to_what_it_interprets(
    make_document, team, agency_b, make_user
):
    from gongkai.publishing.models import Interpretation

    policy = make_document(kind="policy", title="关于促进就业的若干措施")
    reading = make_document(
        kind="interpretation", title="《关于促进就业的若干措施》政策解读", interprets=policy
    )
    assert list(Interpretation.objects.values_list("pk", flat=True)) == [reading.pk]
    assert list(policy.interpretations.all()) == [reading]
    with pytest.raises(ValidationError, match="须关联所解读的文件"):
        make_document(kind="interpretation", title="无对象的解读")
    foreign = Document.objects.create(
        agency=agency_b,
        title="乙的政策",
        formed_on=date(2024, 1, 1),
        created_by=make_user("cb2", agency_b, ["clerk"]),
    )
    with pytest.raises(ValidationError, match="只能解读本机关的文件"):
        make_document(kind="interpretation", title="越权解读", interprets=foreign)


def test_one_annual_report_column_per_agency(agency_a, agency_b, team, make_user):
    services.column_create(actor=team["author"], agency=agency_a, name="年度报告", is_annual_report=True)
    with pytest.raises(ValidationError, match="已有年度报告栏目"):
        services.column_create(actor=team["author"], agency=agency_a, name="年报", is_annual_report=True)
    other = services.column_create(actor=team["author"], agency=agency_a, name="年报")
    with pytest.raises(ValidationError, match="已有年度报告栏目"):
        services.column_update(actor=team["author"], column=other, is_annual_report=True)
    clerk_b = make_user("cb3", agency_b, ["clerk"])
    assert services.column_create(actor=clerk_b, agency=agency_b, name="年度报告", is_annual_report=True).pk
