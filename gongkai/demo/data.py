"""The demo agencies and logins. Credit codes carry valid GB 32100-2015 check characters."""

from gongkai.agencies.models import AgencyKind, Role
from gongkai.core.identifiers import credit_code_check_char


def code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


DEMO_PASSWORD = "gongkai-demo-2026"  # noqa: S105 — printed by `make demo`; demo databases only

AGENCIES = [
    # key, parent key, name, first 17 characters of the credit code, kind
    ("city", None, "洛阳市人民政府", "11410300005184000", AgencyKind.GOVERNMENT),
    ("education", "city", "洛阳市教育局", "11410300005184193", AgencyKind.DEPARTMENT),
    ("housing", "city", "洛阳市住房和城乡建设局", "11410300005184270", AgencyKind.DEPARTMENT),
    ("yibin", "city", "洛阳市伊滨区管理委员会", "11410300MB1520437", AgencyKind.COUNTY_BODY),
]

OFFICES = {
    "education": {
        "office_name": "洛阳市教育局办公室",
        "office_address": "河南省洛阳市洛龙区开元大道 248 号",
        "office_postcode": "471000",
        "office_hours": "法定工作日 上午 8:30—12:00，下午 15:00—18:00（冬季 14:30—17:30）",
        "office_phone": "0379-63221234",
        "office_fax": "0379-63221235",
        "office_email": "gongkai@lyedu.example.cn",
        "office_web": "https://jyj.luoyang.example.cn/",
    },
}

# username, agency key, full name, roles
USERS = [
    ("admin", None, "系统管理员", [Role.SITE_ADMIN]),
    ("clerk", "education", "王晓梅（办理员）", [Role.CLERK]),
    ("reviewer1", "education", "李建国（一级审核）", [Role.REVIEWER_1]),
    ("reviewer2", "education", "张红（二级审核）", [Role.REVIEWER_2]),
    ("reviewer3", "education", "刘伟（三级审核签发）", [Role.REVIEWER_3]),
    ("secrecy", "education", "陈静（保密审查）", [Role.CONFIDENTIALITY]),
    ("head", "education", "赵明（公开办负责人）", [Role.OFFICE_HEAD]),
    ("agencyadmin", "education", "孙丽（机关管理员）", [Role.AGENCY_ADMIN]),
    ("supervisor", "city", "周强（市政务公开办监督员）", [Role.SUPERVISOR]),
    ("clerk2", "housing", "吴芳（住建局办理员）", [Role.CLERK]),
    ("head2", "housing", "郑涛（住建局公开办负责人）", [Role.OFFICE_HEAD]),
    ("reviewer_h", "housing", "冯雪（住建局一级审核）", [Role.REVIEWER_1]),
    # 洛阳市人民政府办公室: compiles and publishes the government's consolidated report
    ("cityclerk", "city", "何静（市政府办公室办理员、一级审核）", [Role.CLERK, Role.REVIEWER_1]),
    ("cityhead", "city", "马骏（市政府公开办负责人）", [Role.OFFICE_HEAD]),
]
