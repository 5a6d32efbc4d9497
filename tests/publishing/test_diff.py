"""The document diff a reviewer reads (issue 13): sentence then character level, escaped, in Chinese."""

from __future__ import annotations

from django.urls import reverse

from gongkai.publishing import diff, services
from gongkai.publishing.confidentiality import ALL_CLEAR


def _render(pieces) -> str:
    marks = {diff.ADDED: "+[{}]", diff.REMOVED: "-[{}]", diff.SAME: "{}"}
    return "".join(marks[p.kind].format(p.text) for p in pieces)


def test_a_changed_figure_is_one_small_change_inside_its_sentence():
    old = "一、总体情况。全年共收到申请12件。二、其他事项。"
    new = "一、总体情况。全年共收到申请15件。二、其他事项。"
    assert _render(diff.text_pieces(old, new)) == "一、总体情况。全年共收到申请-[12]+[15]件。二、其他事项。"


def test_added_and_removed_sentences_whole_and_long_unchanged_text_shortened():
    same = "本机关依法做好信息公开工作，" * 10 + "。"
    old = same + "旧的一句。"
    new = same + "新增的一句话。"
    rendered = _render(diff.text_pieces(old, new))
    assert rendered == "……" + same[-30:] + "-[旧]+[新增]的一句+[话]。"
    assert _render(diff.text_pieces("甲。", "甲。乙。")) == "甲。+[乙。]"
    assert _render(diff.text_pieces("甲。乙。", "甲。")) == "甲。-[乙。]"


def test_compare_lists_only_changed_fields_with_chinese_labels():
    old = {"title": "关于A的通知", "body": "正文。", "columns": ["通知公告"], "written_on": None}
    new = {
        "title": "关于A的通知",
        "body": "正文。",
        "columns": ["通知公告", "政策文件"],
        "written_on": "2026-12-01",
    }
    changes = diff.compare(old, new)
    assert [(c.label, _render(c.pieces)) for c in changes] == [
        ("成文日期", "+[2026-12-01]"),
        ("所属栏目", "-[通知公告]+[通知公告、政策文件]"),
    ]
    assert diff.compare(old, dict(old)) == []


def test_the_reviewer_sees_what_the_author_changed_after_a_return(client, team, make_document):
    document = make_document(body="<p>全年共收到申请12件。</p><p>其他事项。</p>")
    services.document_transition(actor=team["author"], document=document, name="submit")
    services.document_transition(actor=team["r1"], document=document, name="approve_1", opinion="同意")
    services.document_transition(actor=team["r2"], document=document, name="return_2", opinion="数字有误")
    document.refresh_from_db()
    services.document_update(
        actor=team["author"],
        document=document,
        body="<p>全年共收到申请15件。</p><p>其他事项。</p><p>联系人：&lt;script&gt;x&lt;/script&gt;</p>",
    )
    document.refresh_from_db()
    services.document_transition(actor=team["author"], document=document, name="submit")
    client.force_login(team["r1"])
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    section = page.split('<h2 id="diff-h">变更对比</h2>')[1].split("</section>")[0]
    assert "与二级审核（复审）退回修改时的内容（复审人" in section and "有 1 处字段修改" in section
    assert "<dt>正文" in section and "申请</span><del>12</del><ins>15</ins><span>件" in section
    assert "&lt;script&gt;" in section and "<script>" not in section  # escaped, never markup

    services.document_transition(actor=team["r1"], document=document, name="approve_1", opinion="同意")
    client.force_login(team["r2"])
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "与一级审核（初审）通过时的内容" in page and "内容没有修改" in page


def test_a_first_submission_has_nothing_to_compare(client, team, make_document):
    document = make_document()
    services.document_transition(actor=team["author"], document=document, name="submit")
    client.force_login(team["r1"])
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "变更对比" not in page


def test_a_published_document_is_compared_in_its_history_not_here(client, team, make_document, advance):
    document = advance(make_document())
    services.document_transition(
        actor=team["r3"], document=document, name="withdraw", opinion="撤回", checklist=ALL_CLEAR
    )
    client.force_login(team["r1"])
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "变更对比" not in page
