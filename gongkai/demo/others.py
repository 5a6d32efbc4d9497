"""The rest of the demo: later years of 洛阳市教育局, and other agencies with a realistic mix.

Enough that every page shows something: work lists with due, overdue and paused applications,
documents waiting at each review level, fresh and stale columns, carried-over applications,
reports published on time, late, or not at all.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from gongkai.annual_report import services as report_services
from gongkai.annual_report.models import AnnualReport
from gongkai.applications import services as app_services
from gongkai.core.workdays import is_working_day, nth_working_day_after
from gongkai.publishing.confidentiality import ALL_CLEAR
from gongkai.publishing.models import (
    Column,
    ColumnKind,
    Document,
    DocumentKind,
    MediaAccount,
    MediaPost,
    MediaYear,
    Validity,
    YearlyFigures,
)
from gongkai.publishing.services import documents as doc_services
from gongkai.publishing.services import review as review_services
from gongkai.workdays.selectors import get_calendar

from .records import applicant, handle_application, publish_bulk, publish_document

OUTCOME_MIX = [
    ("disclosed", 10),
    ("partially_disclosed", 3),
    ("unavailable.not_held", 4),
    ("unavailable.needs_creation", 1),
    ("withheld.third_party_rights", 1),
    ("withheld.process_information", 1),
    ("not_handled.petition", 1),
    ("not_handled.repeat", 1),
    ("otherwise_closed.other", 1),
]
CATEGORY_MIX = [("natural", 12), ("commercial", 3), ("legal_services", 2), ("research", 1), ("other", 1)]


def _pick(rng: random.Random, mix):
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _workday_after(day: date, n: int) -> date:
    return nth_working_day_after(get_calendar(), day, n).day


def year_of_applications(*, agency, users, rng, year: int, count: int, carry_last: int = 0) -> None:
    """Applications received in ``year`` and answered within the reply period; the last
    ``carry_last`` ones arrive in late December and are answered in January (carried forward)."""
    for n in range(count):
        carried = n >= count - carry_last
        received = (
            date(year, 12, 22 + n % 5) if carried else date(year, 1, 10) + timedelta(days=rng.randint(0, 320))
        )
        if received.weekday() >= 5:
            received -= timedelta(days=received.weekday() - 4)
        decided = _workday_after(received, rng.randint(3, 18))
        if decided >= timezone.localdate():
            decided = None
        handle_application(
            agency=agency,
            clerk=users["clerk"],
            head=users["head"],
            data=applicant(rng, _pick(rng, CATEGORY_MIX), n + year),
            received=received,
            outcome=_pick(rng, OUTCOME_MIX) if decided else None,
            decided=decided,
        )


def open_caseload(*, agency, users, rng, today: date) -> None:
    """This year's open applications: due soon, overdue, awaiting correction, fee, consultation."""
    clerk, head = users["clerk"], users["head"]

    def register(n, received):
        return handle_application(
            agency=agency,
            clerk=clerk,
            head=head,
            data=applicant(rng, "natural", 500 + n),
            received=received,
            outcome=None,
            decided=None,
        )

    register(1, _workday_before(today, 17))  # due within 3 working days
    register(2, _workday_before(today, 23))  # overdue
    register(3, _workday_before(today, 2))  # fresh
    waiting = register(4, _workday_before(today, 4))
    app_services.application_request_correction(
        application=waiting,
        requested_on=_workday_before(today, 2),
        items="请补充所需信息的文件名称或文号",
        deadline=_workday_after(today, 10),
        actor=clerk,
    )
    app_services.application_sign_notice(application=waiting, actor=head)  # the clerk's notice goes out
    consulted = register(5, _workday_before(today, 8))
    app_services.application_start_consultation(
        application=consulted,
        party_kind="third_party",
        party_name="洛阳某某建设工程有限公司",
        sent_on=_workday_before(today, 5),
        subject="涉及商业秘密，征求第三方意见",
        actor=clerk,
    )
    fee = register(6, _workday_before(today, 6))
    app_services.application_notify_fee(
        application=fee,
        method="per_volume",
        pages=120,
        notified_on=_workday_before(today, 3),
        actor=clerk,
    )
    app_services.application_sign_notice(application=fee, actor=head)
    app_services.application_record_fee_notice_received(
        application=fee, received_on=_workday_before(today, 2), actor=clerk
    )
    # An online submission not yet confirmed as received.
    app_services.application_register(agency=agency, data=applicant(rng, "commercial", 507))
    # Replies the clerk has decided that wait for the office head's approval (and their letters).
    for n, outcome, days in ((8, "disclosed", 12), (9, "partially_disclosed", 15)):
        decided = register(n, _workday_before(today, days))
        partial = outcome == "partially_disclosed"
        app_services.application_decide(
            application=decided,
            outcome=outcome,
            decided_on=_workday_before(today, 1),
            actor=clerk,
            reasons="经审查，您申请获取的信息属于本机关公开范围，现予提供。",
            legal_basis="《中华人民共和国政府信息公开条例》第二十七条、第三十六条",
            disclosed_parts="学校布局调整方案及专家论证意见" if partial else "",
            withheld_parts="涉及个人隐私的学生家庭住址，依据条例第十五条不予公开" if partial else "",
        )


def _workday_before(day: date, n: int) -> date:
    cal = get_calendar()
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(cal, day):
            n -= 1
    return day


def publish_report(*, agency, users, year: int, published_on: date | None) -> AnnualReport:
    report = report_services.annual_report_generate(agency=agency, year=year, actor=users["clerk"])
    if published_on is None:
        return report
    for action, who, day in (
        ("review", "reviewer1", published_on - timedelta(days=4)),
        ("approve", "head", published_on - timedelta(days=2)),
        ("publish", "head", published_on),
    ):
        report = report_services.annual_report_transition(
            report=report, action=action, actor=users[who], at=_aware(day)
        )
    return report


def review_queue(*, agency, users, column) -> None:
    """Documents at every stage of review, so each reviewer's queue shows something."""
    today = timezone.localdate()
    for n, (title, stop_after) in enumerate(
        [
            ("关于做好2027年春季学期开学工作的通知（草稿）", None),
            ("关于公布2026年度市级优秀教师名单的公示", "submit"),
            ("洛阳市教育局2026年政府采购意向公开", "approve_1"),
            ("关于开展中小学校园安全专项检查的通知", "approve_2"),
            ("洛阳市2026年教育统计公报", "clear_confidentiality"),
        ]
    ):
        doc = doc_services.document_create(
            actor=users["clerk"],
            agency=agency,
            columns=[column],
            title=title,
            body=f"<p>{title}。现将有关事项通知如下。</p>",
            formed_on=today - timedelta(days=n + 1),
        )
        if stop_after is None:
            continue
        if stop_after == "submit":
            _returned_and_redrafted(doc, users)
            continue
        for name, who in (
            ("submit", "clerk"),
            ("approve_1", "reviewer1"),
            ("approve_2", "reviewer2"),
            ("clear_confidentiality", "secrecy"),
        ):
            review_services.document_transition(
                actor=users[who], document=doc, name=name, opinion="同意", checklist=ALL_CLEAR
            )
            if name == stop_after:
                break


def media_posts(*, education, clerk, today: date) -> None:
    """Recent posts: the WeChat account posts every other day, the Weibo account fell silent 20 days ago.

    The inspection page then shows both sides of the two-week rule (RULES.md §2, new-media freshness).
    """
    wechat = MediaAccount.objects.get(agency=education, platform="wechat")
    weibo = MediaAccount.objects.get(agency=education, platform="weibo")
    posts = [
        MediaPost(account=wechat, posted_on=today - timedelta(days=n), title=f"教育动态（第{30 - n}期）")
        for n in range(1, 30, 2)
    ]
    posts += [
        MediaPost(account=weibo, posted_on=today - timedelta(days=n), title="招生考试提示")
        for n in (20, 27, 34)
    ]
    for entry in posts:
        entry.entered_by = clerk
    MediaPost.objects.bulk_create(posts)


# Policy interpretations (政策解读) of the bureau's normative documents, each linked to the one it explains.
INTERPRETATIONS = [
    ("《洛阳市普通高中招生工作管理办法》政策解读", "洛教规〔2023〕2号", 40),
    ("《洛阳市校外培训机构监督管理办法》政策解读", "洛教规〔2021〕7号", 25),
    ("一图读懂《洛阳市义务教育阶段学校招生入学工作规程》", "洛教基〔2022〕18号", 12),
]


def interpretations(*, agency, actor, today: date) -> None:
    """Publish the interpretations in a 政策解读 column (the index's 政策解读 type has members)."""
    column = Column.objects.create(agency=agency, name="政策解读", kind=ColumnKind.POLICY, position=20)
    for title, number, days_ago in INTERPRETATIONS:
        explained = Document.objects.get(agency=agency, document_number=number)
        document = publish_document(
            agency=agency,
            column=column,
            title=title,
            number="",
            day=today - timedelta(days=days_ago),
            actor=actor,
            kind=DocumentKind.INTERPRETATION,
            validity=Validity.NOT_APPLICABLE,
        )
        Document.objects.filter(pk=document.pk).update(
            interprets=explained,
            summary=f"解读《{explained.title}》（{number}）的出台背景、主要内容和办理方式。",
            body=(
                f"<p>一、出台背景。为规范有关工作，市教育局印发了《{explained.title}》（{number}）。</p>"
                "<p>二、主要内容。明确了适用范围、工作程序和各方职责。</p>"
                "<p>三、咨询方式。市民可拨打 0379-12345 咨询。</p>"
            ),
        )


NOTICE_BODY = (
    "<p>根据《洛阳市优秀教师评选办法》，经学校推荐、县区初审、市级评审，拟确定张华等{count}名同志为"
    "2026年度市级优秀教师。现予以公示。</p><p>公示期为{days}个工作日。如有异议，请在公示期内以书面形式"
    "向市教育局反映。</p>{contact}"
)


def _returned_and_redrafted(doc, users) -> None:
    """Submit, have the first reviewer return it, correct and resubmit it: the reviewer's page then
    shows what the author changed (the document diff)."""
    doc_services.document_update(
        actor=users["clerk"], document=doc, body=NOTICE_BODY.format(count=48, days=5, contact="")
    )
    for name, who, opinion in (
        ("submit", "clerk", ""),
        ("return_1", "reviewer1", "公示期应不少于7个工作日；请补充受理异议的联系电话。"),
    ):
        doc = review_services.document_transition(actor=users[who], document=doc, name=name, opinion=opinion)
    body = NOTICE_BODY.format(count=46, days=7, contact="<p>联系电话：0379-63212345（市教育局人事科）。</p>")
    doc = doc_services.document_update(actor=users["clerk"], document=doc, body=body)
    review_services.document_transition(actor=users["clerk"], document=doc, name="submit", opinion="")


EARLIER_YEARS = {
    # agency key: {year: (applications, licensing decisions, report published on)}
    "education": {2021: (6, 3980, date(2022, 1, 25)), 2022: (7, 4105, date(2023, 1, 20))},
    "housing": {
        2021: (18, 1190, date(2022, 1, 28)),
        2022: (21, 1195, date(2023, 2, 15)),  # late
        2023: (24, 1197, date(2024, 1, 30)),
    },
}


def earlier_years(*, education, housing, edu_users, housing_users, rng: random.Random) -> None:
    for key, agency, users in (("education", education, edu_users), ("housing", housing, housing_users)):
        for year, (count, licensing, published_on) in EARLIER_YEARS[key].items():
            YearlyFigures.objects.create(
                agency=agency,
                year=year,
                licensing=licensing,
                penalty=1 if key == "education" else 30 + year % 5,
                coercion=0 if key == "education" else 3,
                fees_10k_yuan=Decimal("3700.5") if key == "education" else Decimal("240.8"),
                entered_by=users["clerk"],
            )
            year_of_applications(agency=agency, users=users, rng=rng, year=year, count=count)
            publish_report(agency=agency, users=users, year=year, published_on=published_on)


def load(*, agencies: dict, users: dict, rng: random.Random) -> bool:
    education, housing, yibin = agencies["education"], agencies["housing"], agencies["yibin"]
    if AnnualReport.objects.filter(agency=education, year=2024).exists():
        return False
    today = timezone.localdate()
    edu_users = users
    housing_users = {
        **users,
        "clerk": users["clerk2"],
        "head": users["head2"],
        "reviewer1": users["reviewer_h"],
    }

    # 洛阳市教育局 2024 → this year: documents keep coming; 2024 and 2025 reports on time.
    columns = {c.name: c for c in Column.objects.filter(agency=education)}
    per_year = {
        "教育新闻": 340,
        "通知公告": 85,
        "采购公示": 110,
        "教师发展中心": 40,
        "招生考试": 9,
        "教师资格认定": 6,
    }
    for year in range(2024, today.year + 1):
        for name, count in per_year.items():
            share = count if year < today.year else count * today.timetuple().tm_yday // 366
            publish_bulk(
                agency=education,
                column=columns[name],
                year=year,
                count=share,
                actor=users["clerk"],
                rng=rng,
                until=today - timedelta(days=1) if year == today.year else None,
            )
    wechat = MediaAccount.objects.get(agency=education, platform="wechat")
    media_posts(education=education, clerk=users["clerk"], today=today)
    for year, (posts, start, end) in {2024: (351, 780000, 865000), 2025: (366, 865000, 921000)}.items():
        MediaYear.objects.create(
            account=wechat, year=year, posts=posts, followers_start=start, followers_end=end
        )
    for year, licensing, fees in ((2024, 4480, "3912.006"), (2025, 4602, "3950.118")):
        YearlyFigures.objects.create(
            agency=education,
            year=year,
            licensing=licensing,
            penalty=1,
            coercion=0,
            fees_10k_yuan=Decimal(fees),
            entered_by=users["clerk"],
        )
    # 2021–2022 of 洛阳市教育局 and 2021–2023 of 住房和城乡建设局: a few applications and the yearly
    # figures each year, reports published, so the supervisor's comparison page has 2021–2024
    # trends (issue 14.4). Nothing is carried into 2023: the reconstructed 2023 report stays as printed.
    earlier_years(
        education=education, housing=housing, edu_users=edu_users, housing_users=housing_users, rng=rng
    )
    year_of_applications(agency=education, users=edu_users, rng=rng, year=2024, count=9, carry_last=1)
    year_of_applications(agency=education, users=edu_users, rng=rng, year=2025, count=12, carry_last=2)
    publish_report(agency=education, users=edu_users, year=2024, published_on=date(2025, 1, 22))
    publish_report(agency=education, users=edu_users, year=2025, published_on=date(2026, 1, 27))
    year_of_applications(agency=education, users=edu_users, rng=rng, year=today.year, count=8)
    open_caseload(agency=education, users=edu_users, rng=rng, today=today)
    review_queue(agency=education, users=edu_users, column=columns["通知公告"])
    interpretations(agency=education, actor=users["clerk"], today=today)

    # 洛阳市住房和城乡建设局: more applications, organisations among them; 2024 report late,
    # 2025 report still a draft (late); its news column has gone stale.
    h_columns = {}
    for position, (name, kind) in enumerate(
        [
            ("工作动态", ColumnKind.NEWS),
            ("通知公告", ColumnKind.NOTICE),
            ("政策文件", ColumnKind.POLICY),
            ("招标采购", ColumnKind.PROCUREMENT),
            ("棚户区改造", ColumnKind.OTHER),
            ("信息公开年报", ColumnKind.OTHER),
        ]
    ):
        h_columns[name] = Column.objects.create(
            agency=housing, name=name, kind=kind, position=position, is_annual_report=name.endswith("年报")
        )
    for year in (2024, 2025):
        for name, count in (("工作动态", 150), ("通知公告", 40), ("政策文件", 6), ("招标采购", 60)):
            publish_bulk(
                agency=housing, column=h_columns[name], year=year, count=count, actor=users["clerk2"], rng=rng
            )
        YearlyFigures.objects.create(
            agency=housing,
            year=year,
            licensing=1200 + year % 7,
            penalty=35,
            coercion=4,
            fees_10k_yuan=Decimal("256.4"),
            entered_by=users["clerk2"],
        )
    year_of_applications(agency=housing, users=housing_users, rng=rng, year=2024, count=26, carry_last=2)
    year_of_applications(agency=housing, users=housing_users, rng=rng, year=2025, count=31, carry_last=3)
    publish_report(agency=housing, users=housing_users, year=2024, published_on=date(2025, 2, 10))
    publish_report(agency=housing, users=housing_users, year=2025, published_on=None)

    # 伊滨区管委会: a small body with a blank column and a few items; no report yet.
    y_news = Column.objects.create(agency=yibin, name="区域动态", kind=ColumnKind.NEWS, position=0)
    Column.objects.create(agency=yibin, name="重点领域信息公开", kind=ColumnKind.OTHER, position=1)
    publish_bulk(
        agency=yibin,
        column=y_news,
        year=today.year,
        count=12,
        actor=users["admin"],
        rng=rng,
        until=today - timedelta(days=40),
    )
    return True
