"""Staff attachments: typed by content against an allow-list, their text extracted in a capped process."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing import services
from gongkai.publishing.models import Attachment

from ..security.test_bounded import pdf_declaring, zip_bomb_docx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("通知.pdf", b"MZ\x90\x00" + b"\0" * 64, "文件类型不被接受"),  # an executable named .pdf
        ("页面.html", b"<html><script>alert(1)</script></html>", "文件类型不被接受"),
        ("炸弹.docx", zip_bomb_docx(), "压缩比"),
    ],
)
def test_files_off_the_list_are_refused_and_nothing_is_kept(make_document, team, name, data, message):
    document = make_document()
    with pytest.raises(ValidationError, match=message):
        services.attachment_add(
            actor=team["author"], document=document, upload=SimpleUploadedFile(name, data)
        )
    assert not Attachment.objects.filter(document=document).exists()


def test_a_pdf_past_the_page_cap_is_kept_with_a_note_for_the_reviewer(make_document, team):
    document = make_document()
    upload = SimpleUploadedFile("文件.pdf", pdf_declaring(50_000))
    attachment = services.attachment_add(actor=team["author"], document=document, upload=upload)
    assert attachment.content_type == "application/pdf" and attachment.text == ""
    assert "解析上限" in attachment.extraction_error and "人工检查" in attachment.extraction_error
