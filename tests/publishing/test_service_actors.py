"""Every data-changing publishing service checks its actor itself: it never trusts the view.

Each service is called as people who must be refused — staff of another agency holding the
right role, staff of the agency without the role, the supervisor above — and as the right
person, so the test fails if a check is missing or if it refuses everyone.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.publishing import services
from gongkai.publishing.models import Attachment, ColumnKind, MediaAccount, NormativeRecord

FORMED = date(2024, 3, 1)


@pytest.fixture
def records(agency_a, team, columns, make_document):
    document = make_document()
    return {
        "column": columns["news"],
        "document": document,
        "attachment": Attachment.objects.create(document=document, name="a.txt", text="a", file="p/a.txt"),
        "account": MediaAccount.objects.create(agency=agency_a, platform="wechat", name="甲局发布"),
        "record": NormativeRecord.objects.create(agency=agency_a, title="甲局规范性文件", issued_on=FORMED),
    }


# service -> (role set it needs, call(actor, agency, records))
CALLS = {
    "column_create": lambda u, a, r: services.column_create(
        actor=u, agency=a, name="新栏目", kind=ColumnKind.NEWS
    ),
    "column_update": lambda u, a, r: services.column_update(actor=u, column=r["column"], name="改名"),
    "disclosure_item_save": lambda u, a, r: services.disclosure_item_save(
        actor=u,
        agency=a,
        name="事项",
        legal_basis="依据",
        content="内容",
        department="科室",
        time_limit="及时",
        channel="网站",
    ),
    "figures_import_csv": lambda u, a, r: services.figures_import_csv(
        actor=u, agency=a, text="year,licensing,penalty,coercion,fees_10k_yuan\n2023,1,2,3,0.5\n"
    ),
    "media_account_save": lambda u, a, r: services.media_account_save(
        actor=u, agency=a, platform="weibo", name="甲局微博"
    ),
    "media_year_save": lambda u, a, r: services.media_year_save(
        actor=u, account=r["account"], year=2024, posts=3, followers_start=1, followers_end=2
    ),
    "normative_register": lambda u, a, r: services.normative_register(
        actor=u, agency=a, title="新规范性文件", issued_on=FORMED
    ),
    "normative_update": lambda u, a, r: services.normative_update(actor=u, record=r["record"], title="改名"),
    "document_create": lambda u, a, r: services.document_create(
        actor=u, agency=a, title="新稿", formed_on=FORMED
    ),
    "document_update": lambda u, a, r: services.document_update(actor=u, document=r["document"], title="改"),
    "attachment_remove": lambda u, a, r: services.attachment_remove(actor=u, attachment=r["attachment"]),
}
DRAFTING = {"document_create", "document_update", "attachment_remove"}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_services_refuse_actors_the_policy_refuses(
    name, records, agency_a, team, make_user, supervisor_city, agency_b
):
    call = CALLS[name]
    outsider = make_user("outsider", agency_b, ["clerk", "office_head", "agency_admin"])
    without_role = team["head"] if name in DRAFTING else team["r1"]
    for actor in (outsider, without_role, supervisor_city):
        with pytest.raises(PermissionDenied):
            call(actor, agency_a, records)
    call(team["author"], agency_a, records)  # a clerk of the agency: drafts and edits the catalogue
