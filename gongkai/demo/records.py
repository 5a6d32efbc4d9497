"""Building blocks of the demo: published documents in bulk, applications through the services."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db.models import F
from django.utils import timezone

from gongkai.annual_report import aggregates
from gongkai.applications import services as app_services
from gongkai.applications.validation import ApplicationData
from gongkai.core.identifiers import credit_code_check_char, resident_id_check_char
from gongkai.publishing.counters import refresh_column_counts
from gongkai.publishing.models import Column, Document, DocumentStatus, IndexCounter, Topic, Validity
from gongkai.publishing.services.documents import format_index_number

# Titles by column kind; {a} the agency, {x} a topic of its field, {d} a district, {m} a month, {y} the year.
TITLES = {
    "news": [
        "{a}召开{m}月份{x}工作调度会",
        "{a}赴{d}开展{x}专项督导",
        "{d}{x}工作推进会召开",
        "{a}负责同志到{d}调研{x}工作",
        "{d}{x}工作取得阶段性成效",
    ],
    "notice": [
        "关于做好{y}年{x}工作的通知",
        "关于{y}年{x}有关事项的公示",
        "关于公布{y}年{x}名单的通知",
        "关于开展{y}年{d}{x}检查的通知",
    ],
    "procurement": [
        "{d}{x}项目竞争性磋商公告",
        "{d}{x}项目成交结果公告",
        "{y}年{m}月{x}政府采购意向公开",
    ],
    "policy": ["关于进一步加强{x}的实施意见", "{x}实施细则", "关于推进{x}的通知", "{x}工作方案"],
    "other": ["{y}年{m}月{x}工作动态", "{x}服务指南（{y}年版）", "{d}{x}常见问题解答"],
}
# Topics by field of work, so each agency publishes what fits it (education, housing, a government).
FIELD_TOPICS = {
    "education": {
        "news": [
            "校园安全",
            "义务教育招生",
            "教师队伍建设",
            "职业教育",
            "学前教育",
            "“双减”",
            "教育信息化",
            "课后服务",
        ],
        "notice": [
            "中小学教师资格考试",
            "市级三好学生评选",
            "校外培训机构年检",
            "高中阶段招生",
            "教师职称评审",
        ],
        "procurement": ["教学设备", "校园安防系统", "教师培训服务", "学生课桌椅", "智慧教室建设"],
        "policy": ["中小学校规范管理", "教师继续教育", "民办学校规范办学", "学生资助"],
        "other": ["教师资格认定", "教师培训", "招生考试", "学籍管理"],
    },
    "housing": {
        "news": [
            "老旧小区改造",
            "城市更新",
            "建筑施工安全",
            "燃气安全",
            "保障性住房",
            "物业服务提升",
            "海绵城市建设",
        ],
        "notice": [
            "建筑业企业资质核查",
            "房地产开发企业信用评价",
            "住房公积金缴存基数调整",
            "既有住宅加装电梯",
        ],
        "procurement": ["老旧小区配套设施", "城市道路排水", "保障房维修", "建筑工地监测平台"],
        "policy": ["商品房预售资金监管", "住宅专项维修资金管理", "建筑市场信用管理", "城镇老旧小区改造"],
        "other": ["商品房预售许可", "建筑工程施工许可", "物业管理", "房屋租赁登记"],
    },
    "general": {
        "news": [
            "营商环境优化",
            "乡村振兴",
            "安全生产",
            "生态环境保护",
            "民生实事",
            "项目建设",
            "文明城市创建",
        ],
        "notice": ["重点项目", "政务服务事项", "防汛工作", "基层治理示范点", "民生实事项目"],
        "procurement": ["政务服务中心改造", "智慧城市平台", "公共区域照明", "园林绿化养护"],
        "policy": ["优化营商环境", "政务公开工作", "基层公共服务", "应急管理"],
        "other": ["政务服务", "便民服务", "公共资源交易", "人才引进"],
    },
}
DISTRICTS = [
    "涧西区",
    "西工区",
    "老城区",
    "瀍河区",
    "洛龙区",
    "偃师区",
    "孟津区",
    "新安县",
    "宜阳县",
    "伊川县",
    "嵩县",
    "栾川县",
]
NUMBER_PREFIX = {"education": "洛教", "housing": "洛建", "general": "洛政"}


def field_of(agency) -> str:
    """Which field of work an agency's demo documents are about, from its name."""
    if "教育" in agency.name:
        return "education"
    if "住房" in agency.name or "建设" in agency.name:
        return "housing"
    return "general"


BODY = (
    "<p>为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升{f}工作透明度，"
    "现将有关事项公开如下。</p><p>一、{a}。二、{b}。三、请各单位结合实际抓好落实，确保各项工作落到实处。</p>"
)
FIELD_WORDS = {"education": "教育", "housing": "住房和城乡建设", "general": "政务"}


def _unique_title(rng: random.Random, templates, topics, used: set[str], **values) -> str:
    """Draw a title not used yet by the agency (a real catalogue has no two alike)."""
    for _ in range(30):
        title = rng.choice(templates).format(
            x=rng.choice(topics), d=rng.choice(DISTRICTS), m=rng.randint(1, 12), **values
        )
        if title not in used:
            break
    n = 2
    base = title
    while title in used:  # a crowded column: number the later ones as a series does
        title, n = f"{base}（之{n}）", n + 1
    used.add(title)
    return title


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def publish_bulk(
    *, agency, column: Column, year: int, count: int, actor, rng: random.Random, until: date | None = None
) -> int:
    """Create ``count`` published documents in ``column`` spread over ``year`` (demo history).

    Index numbers come from the agency's counter for the year, as the publishing service does,
    so numbers stay unique and later publications continue the series.
    """
    if count <= 0:
        return 0
    counter, _ = IndexCounter.objects.get_or_create(agency=agency, year=year)
    first = counter.last_serial + 1
    IndexCounter.objects.filter(pk=counter.pk).update(last_serial=F("last_serial") + count)
    end = min(until or date(year, 12, 31), date(year, 12, 31))
    span = (end - date(year, 1, 1)).days
    field = field_of(agency)
    titles = TITLES.get(column.kind, TITLES["other"])
    topics = FIELD_TOPICS[field].get(column.kind, FIELD_TOPICS[field]["other"])
    used = set(Document.objects.filter(agency=agency).values_list("title", flat=True))
    docs = []
    for i in range(count):
        day = date(year, 1, 1) + timedelta(days=round(span * (i + 1) / count))
        title = _unique_title(rng, titles, topics, used, a=agency.short_name or agency.name, y=year)
        policy = column.kind == "policy"
        docs.append(
            Document(
                agency=agency,
                title=title,
                summary=f"{title}。",
                body=BODY.format(
                    f=FIELD_WORDS[field], a=rng.choice(topics) + "工作安排", b=rng.choice(topics) + "有关要求"
                ),
                # Policy documents carry the agency's document number (文号), as published ones do.
                document_number=f"{NUMBER_PREFIX[field]}〔{year}〕{first + i}号" if policy else "",
                index_number=format_index_number(agency.credit_code, year, first + i),
                issuing_body=agency.name,
                written_on=day - timedelta(days=2),
                topic=Topic.SCIENCE if "教育" in agency.name else Topic.CONSTRUCTION,
                validity=Validity.NOT_APPLICABLE,
                formed_on=day - timedelta(days=2),
                status=DocumentStatus.PUBLISHED,
                published_at=_aware(day, 9 + i % 8),
                version=1,
                created_by=actor,
            )
        )
    created = Document.objects.bulk_create(docs, batch_size=500)
    through = Document.columns.through
    through.objects.bulk_create(
        [through(document_id=d.pk, column_id=column.pk) for d in created], batch_size=1000
    )
    # bulk inserts bypass the signals that keep the counters and the yearly aggregates
    refresh_column_counts([column.pk], year)
    aggregates.touch(agency.pk, [year], ["publication"])
    return count


def publish_document(
    *, agency, column: Column, title: str, number: str, day: date, actor, kind, validity
) -> Document:
    """Create one published document with the next index number of its year (demo history)."""
    counter, _ = IndexCounter.objects.get_or_create(agency=agency, year=day.year)
    IndexCounter.objects.filter(pk=counter.pk).update(last_serial=F("last_serial") + 1)
    counter.refresh_from_db()
    document = Document.objects.create(
        agency=agency,
        kind=kind,
        title=title,
        summary=f"{title}（{number}）全文。",
        body=f"<p>{title}</p><p>第一条 为规范有关工作，根据有关法律法规，结合本市实际，制定本办法。</p>",
        index_number=format_index_number(agency.credit_code, day.year, counter.last_serial),
        document_number=number,
        issuing_body=agency.name,
        written_on=day,
        topic=Topic.SCIENCE,
        validity=validity,
        formed_on=day,
        status=DocumentStatus.PUBLISHED,
        published_at=_aware(day, 15),
        version=1,
        created_by=actor,
    )
    document.columns.add(column)
    return document


def resident_id(rng: random.Random, birth_year: int) -> str:
    first17 = f"410302{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return first17 + resident_id_check_char(first17)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
]
REQUESTS = [
    "申请公开本市义务教育阶段学校招生划片范围及依据。",
    "申请公开某小学新建校舍工程的招标文件及中标结果。",
    "申请公开本人所在学校教师职称评审的评审办法和结果。",
    "申请公开本市民办学校收费标准的审批文件。",
    "申请公开老旧小区改造项目的资金使用情况。",
    "申请公开某住宅项目的竣工验收备案材料。",
    "申请公开物业专项维修资金的使用审批记录。",
    "申请公开城市道路改造工程的规划许可文件。",
]
ORG_NAMES = {
    "commercial": "洛阳某某建设工程有限公司",
    "research": "某某大学公共管理研究所",
    "social_welfare": "洛阳市某某公益服务中心",
    "legal_services": "河南某某律师事务所",
    "other": "某某业主委员会",
}
ORG_CODES = {
    "commercial": "91410300MA3X0000",
    "research": "12410300MB0000",
    "social_welfare": "52410300MJ0000",
    "legal_services": "31410000MD0000",
    "other": "93410300MA0000",
}


def applicant(rng: random.Random, category: str, n: int) -> ApplicationData:
    if category == "natural":
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        id_type, id_number = "resident_id", resident_id(rng, rng.randint(1960, 2000))
    else:
        name = ORG_NAMES[category]
        base = (ORG_CODES[category] + "0" * 17)[:17]
        id_type, id_number = "credit_code", base + credit_code_check_char(base)
    return ApplicationData(
        applicant_category=category,
        applicant_name=name,
        id_type=id_type,
        id_number=id_number,
        phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
        description=REQUESTS[n % len(REQUESTS)],
        provision_form="paper",
        delivery_method="post",
        address="河南省洛阳市洛龙区某某路 1 号",
        legal_representative="" if category == "natural" else "张某某",
        contact_person="" if category == "natural" else "李某某",
    )


REASONS = {
    "disclosed": "经审查，您申请的信息属于公开范围，予以公开。",
    "partially_disclosed": "经审查，您申请的信息中部分内容涉及第三方合法权益，区分处理后部分公开。",
    "withheld": "经审查，您申请的信息属于不予公开的范围。",
    "unavailable": "经检索，本机关未制作或获取您申请的信息。",
    "not_handled": "您的申请不属于政府信息公开申请的范围，本机关不予处理。",
    "otherwise_closed": "申请人撤回申请，本机关终止办理。",
}


def handle_application(
    *,
    agency,
    clerk,
    head,
    data: ApplicationData,
    received: date,
    outcome: str | None,
    decided: date | None,
    reasons: str = "",
    legal_basis: str = "",
    deliver: bool = True,
):
    """Register an application as it arrived in person, and decide and deliver it when given."""
    registration = app_services.application_register(
        agency=agency,
        data=data,
        actor=clerk,
        channel="in_person",
        arrived_at=_aware(received, 9),
        received_on=received,
        receipt_basis="in_person",
        assignee=clerk,
    )
    application = registration.application
    if outcome and decided:
        partial = outcome == "partially_disclosed"
        application = app_services.application_decide(
            application=application,
            outcome=outcome,
            decided_on=decided,
            actor=clerk,
            reasons=reasons or REASONS.get(outcome.split(".")[0], "经审查，依法作出答复。"),
            legal_basis=legal_basis or "《中华人民共和国政府信息公开条例》",
            disclosed_parts="项目批复文件、资金安排情况" if partial else "",
            withheld_parts="涉及第三方商业秘密的投标报价明细，依据条例第十五条不予公开" if partial else "",
        )
        application = app_services.application_approve(application=application, actor=head)
        if deliver:
            application = app_services.application_deliver(
                application=application, delivered_on=decided, method="post", actor=clerk, notes="挂号信寄出"
            )
            application = app_services.application_close(application=application, actor=clerk)
    return application
