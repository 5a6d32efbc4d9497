"""Writes of proactive disclosure. Each service runs in one transaction and writes an audit event.

One module per concept: ``catalogue`` (columns), ``documents`` (drafts, attachments, index
numbers), ``review`` (review, release, corrections), ``normative`` (the register of normative
documents), ``figures`` (yearly administrative figures), ``media`` (new-media accounts),
``disclosure`` (the full disclosure list) and ``rectification`` (findings).
"""

from .catalogue import column_create, column_update
from .disclosure import disclosure_item_save
from .documents import (
    attachment_add,
    attachment_remove,
    document_create,
    document_update,
    next_index_number,
    recompute_publish_deadlines,
)
from .figures import figures_import_csv, figures_save
from .media import media_account_save, media_post_add, media_posts_import_csv, media_year_save
from .normative import normative_register, normative_update, sync_validity
from .rectification import rectification_file, rectification_transition
from .review import (
    available_moves,
    can_correct,
    document_correct,
    document_transition,
    pii_acknowledge,
    pii_refusal,
    publish_due_scheduled,
)

__all__ = [
    "attachment_add",
    "attachment_remove",
    "available_moves",
    "can_correct",
    "column_create",
    "column_update",
    "disclosure_item_save",
    "document_correct",
    "document_create",
    "document_transition",
    "document_update",
    "figures_import_csv",
    "figures_save",
    "media_account_save",
    "media_post_add",
    "media_posts_import_csv",
    "media_year_save",
    "next_index_number",
    "normative_register",
    "normative_update",
    "pii_acknowledge",
    "pii_refusal",
    "publish_due_scheduled",
    "recompute_publish_deadlines",
    "rectification_file",
    "rectification_transition",
    "sync_validity",
]
