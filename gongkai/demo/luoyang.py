"""洛阳市教育局 2023, reconstructed from its published annual report (tests/fixtures/luoyang-education-2023.txt).

Columns with their item counts, channels and followers, five applications from natural persons
all disclosed, the normative register (1 issued / 1 repealed / 6 valid), the year's licensing,
penalty, coercion and fee figures, one reconsideration pending at the end of the year and one
direct lawsuit closed with another result. The report is then generated from these records,
its narrative edited into the published wording (with figures as placeholders), and published
on 2024-01-19 — so the website total now agrees with its columns (648, not the printed 612).
"""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from gongkai.annual_report import services as report_services
from gongkai.annual_report.models import AnnualReport
from gongkai.applications import services as app_services
from gongkai.publishing.models import (
    Column,
    ColumnKind,
    Document,
    DocumentKind,
    MediaAccount,
    MediaPlatform,
    MediaYear,
    NormativeKind,
    NormativeRecord,
    Validity,
    YearlyFigures,
)

from .records import applicant, handle_application, publish_bulk, publish_document

YEAR = 2023
COLUMNS = [
    # name, kind, items published in 2023, art. 20 items
    ("教育新闻", ColumnKind.NEWS, 363, ["11"]),
    ("通知公告", ColumnKind.NOTICE, 91, ["11"]),
    ("采购公示", ColumnKind.PROCUREMENT, 126, ["9"]),
    ("教师发展中心", ColumnKind.OTHER, 55, ["11"]),
    ("招生考试", ColumnKind.NOTICE, 7, ["11"]),
    ("教师资格认定", ColumnKind.OTHER, 6, ["5"]),
]
EXTRA_COLUMNS = [("政策文件", ColumnKind.POLICY, ["1"]), ("政府信息公开年报", ColumnKind.OTHER, ["15"])]

NORMATIVE = [
    # title, number, issued, repealed
    ("洛阳市中小学校学籍管理实施细则", "洛教基〔2019〕45号", date(2019, 3, 12), None),
    ("洛阳市民办学校年度检查办法", "洛教民〔2020〕12号", date(2020, 5, 8), None),
    ("洛阳市中小学教师继续教育管理办法", "洛教师〔2021〕33号", date(2021, 4, 20), None),
    ("洛阳市校外培训机构监督管理办法", "洛教规〔2021〕7号", date(2021, 11, 2), None),
    ("洛阳市义务教育阶段学校招生入学工作规程", "洛教基〔2022〕18号", date(2022, 6, 15), None),
    ("洛阳市普通高中招生工作管理办法（试行）", "洛教招〔2018〕21号", date(2018, 5, 10), date(2023, 5, 26)),
    ("洛阳市普通高中招生工作管理办法", "洛教规〔2023〕2号", date(2023, 5, 26), None),
]

REPLACEMENT = "洛教规〔2023〕2号"  # replaced 洛教招〔2018〕21号 on 2023-05-26

# The published narrative, with every figure that comes from the records as a placeholder.
OVERVIEW = """2023 年在市委、市政府和省教育厅的坚强领导下，积极落实党中央、国务院关于全面推进政务公开工作的决策部署，周密安排、把握重点、创新形式，积极推进政府信息公开工作标准化、规范化，不断提升政务公开的责任意识和为民服务的整体水平，进一步提升教育工作透明度。
（一）主动公开。2023 年按照政府信息公开的要求，做到“应公开，尽公开”，方便公众查询，洛阳市教育局官方网站主动发布《教育新闻》专栏发布信息 {{web.column.教育新闻}} 条，《通知公告》专栏发布信息 {{web.column.通知公告}} 条，《采购公示》专栏发布信息 {{web.column.采购公示}} 条。在新增设的《教师发展中心》专栏发布信息 {{web.column.教师发展中心}} 条，《招生考试》专栏发布信息 {{web.column.招生考试}} 条、《教师资格认定》专栏发布信息 {{web.column.教师资格认定}} 条。及时公开民生热点类信息，在市教育局官方网站、公众号还及时发布义务教育入学、高中招生、职称评定、招才引智、评优评先等教育相关信息，以及通过电视媒体、平面媒体、网络客户端、微博等各类媒体及时发布相关信息，方便学生和家长以及公众了解。
（二）依申请公开。2023 年全年共受理依申请公开 {{applications.new_this_year.total}} 件，答复 {{applications.total_handled.total}} 件。均在收到当日进行核查办理，并采用统一规范格式全部进行反馈。
（三）政府信息管理。持续完善政务公开全清单。依据我局“三定”机构职能方案、权责清单以及实际工作职责，更新 2023 年政务公开全清单，新开设教师发展中心、教育专题专栏，并按时做好公开。
（四）政府信息公开平台建设。进一步优化网站栏目和调整梳理版面。增设了教师发展中心、教育专题栏目。不断完善信息发布审核机制，进一步完善保密审查职责分工，规范审查程序，落实审查责任，加强安全管理，进一步做好政务新媒体管理工作。市教育局全年发布网站信息 {{web.total}} 条，微信公众号信息 {{media.wechat.posts}} 条、微博信息 {{media.weibo.posts}} 条，洛阳市教育局官方微信公众号关注人数由年初的 {{media.wechat.followers_start_10k}} 万人增至 {{media.wechat.followers_end_10k}} 万人。
（五）监督保障。结合我局政务公开工作实际，常态化加强日常政务公开工作的监督检查，严格执行信息发布“三审三校”机制，并定期检查网站各栏目内容更新情况，适时开展政务公开培训，组织机关科室人员学习《中华人民共和国政府信息公开条例》等与政务公开工作相关的法律法规，督促政务公开工作落到实处。针对市政府办公室通报的问题清单，及时整改反馈。按时按要求形成政府信息公开年度报告面向社会公布，接受社会公众和新闻媒体的监督。"""

PROBLEMS = """2023年虽然我局在开展政务信息公开工作过程中做了一些工作，但是还存在着信息公开内容广度、时效性有待进一步改进等问题。下一步，我局将在市委、市政府和省教育厅的领导下，不断提高政府信息公开规范化水平，并从以下几个方面不断深入推进政府信息公开工作。
一是持续做好信息公开。严格落实信息公开工作，切实加强对政府信息公开工作组织领导，加大公开工作的监督检查力度，认真落实国家、省关于推进重点领域政府信息公开的系列决策部署，按照“公开为原则，不公开为例外”的总体要求，及时提供，定期维护确保政府信息公开工作能按照既定的工作流程有效运作，以便于公众方便查询。二是持续强化公开能力。加强相关工作人员对政府信息与政务公开相关法律法规的学习，积极开展学习交流，定期开展政务公开专题业务培训会，提升规范化、标准化水平，切实提升政务公开工作人员的业务能力和水平。三是强化政策解读力度。着力对有关政务服务政策规定等加强解读，并通过网站、微信公众号、微博等新媒体平台增强解读时效，方便公众获取。"""

OTHER = "依据《政府信息公开信息处理费管理办法》，2023年本机关收取信息处理费为{{fee.yuan}}元。"

# Five applications from natural persons, each answered the day it was received.
APPLICATION_DAYS = [
    date(2023, 3, 14),
    date(2023, 5, 9),
    date(2023, 7, 18),
    date(2023, 9, 12),
    date(2023, 11, 21),
]


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def load(*, agency, users: dict, rng: random.Random) -> bool:
    """Load the 2023 records and publish the 2023 report; False when already there."""
    if AnnualReport.objects.filter(agency=agency, year=YEAR).exists():
        return False
    clerk, head = users["clerk"], users["head"]
    columns = {}
    for position, (name, kind, _count, art20) in enumerate(COLUMNS):
        columns[name] = Column.objects.create(
            agency=agency, name=name, kind=kind, art20_items=art20, position=position
        )
    for offset, (name, kind, art20) in enumerate(EXTRA_COLUMNS):
        columns[name] = Column.objects.create(
            agency=agency,
            name=name,
            kind=kind,
            art20_items=art20,
            position=len(COLUMNS) + offset,
            is_annual_report=name.endswith("年报"),
        )
    for name, _kind, count, _art20 in COLUMNS:
        # One of 通知公告's items is the normative document announced below.
        bulk = count - 1 if name == "通知公告" else count
        publish_bulk(agency=agency, column=columns[name], year=YEAR, count=bulk, actor=clerk, rng=rng)
    wechat = MediaAccount.objects.create(agency=agency, platform=MediaPlatform.WECHAT, name="洛阳教育")
    weibo = MediaAccount.objects.create(agency=agency, platform=MediaPlatform.WEIBO, name="洛阳市教育局")
    MediaYear.objects.create(
        account=wechat, year=YEAR, posts=324, followers_start=560000, followers_end=780000
    )
    MediaYear.objects.create(account=weibo, year=YEAR, posts=78, followers_start=41000, followers_end=43500)
    documents = {}
    for title, number, issued, repealed in NORMATIVE:
        # The 2023 document was announced in 通知公告 (one of its 91 items that year).
        column = columns["通知公告"] if issued.year == YEAR else columns["政策文件"]
        documents[number] = publish_document(
            agency=agency,
            column=column,
            title=title,
            number=number,
            day=issued,
            actor=clerk,
            kind=DocumentKind.NORMATIVE,
            validity=Validity.REPEALED if repealed else Validity.VALID,
        )
    replacement = documents[REPLACEMENT]
    for title, number, issued, repealed in NORMATIVE:
        NormativeRecord.objects.create(
            agency=agency,
            kind=NormativeKind.NORMATIVE,
            title=title,
            document_number=number,
            issued_on=issued,
            repealed_on=repealed,
            document=documents[number],
            created_by=clerk,
            replaced_by=replacement if repealed else None,
        )
        if repealed:
            Document.objects.filter(pk=documents[number].pk).update(replaced_by=replacement)
    YearlyFigures.objects.create(
        agency=agency,
        year=YEAR,
        licensing=4255,
        penalty=0,
        coercion=0,
        fees_10k_yuan=Decimal("3881.372"),
        entered_by=clerk,
    )
    apps = []
    for n, day in enumerate(APPLICATION_DAYS):
        apps.append(
            handle_application(
                agency=agency,
                clerk=clerk,
                head=head,
                data=applicant(rng, "natural", n),
                received=day,
                outcome="disclosed",
                decided=day,
                reasons="所申请信息属于公开范围，予以公开。",
                legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
            )
        )
    app_services.remedy_case_create(
        application=apps[1],
        kind="reconsideration",
        filed_on=date(2023, 11, 6),
        body="洛阳市人民政府",
        case_number="洛政复〔2023〕217号",
        actor=clerk,
    )
    app_services.remedy_case_create(
        application=apps[0],
        kind="litigation_direct",
        filed_on=date(2023, 4, 20),
        body="洛阳市西工区人民法院",
        case_number="（2023）豫0303行初56号",
        outcome="other",
        concluded_on=date(2023, 9, 8),
        notes="原告撤回起诉，法院裁定准许。",
        actor=clerk,
    )
    report = report_services.annual_report_generate(agency=agency, year=YEAR, actor=clerk)
    report = report_services.annual_report_edit(
        report=report, text={"overview": OVERVIEW, "problems": PROBLEMS, "other": OTHER}, actor=clerk
    )
    report_services.annual_report_transition(
        report=report, action="review", actor=users["reviewer1"], at=_aware(date(2024, 1, 15), 10)
    )
    report_services.annual_report_transition(
        report=report, action="approve", actor=head, at=_aware(date(2024, 1, 17), 16)
    )
    report_services.annual_report_transition(
        report=report, action="publish", actor=head, at=_aware(date(2024, 1, 19), 9)
    )
    return True
