"""Writes of proactive disclosure. Each service runs in one transaction and writes an audit event."""

from .documents import (  # noqa: F401
    attachment_add,
    attachment_remove,
    document_create,
    document_update,
    format_index_number,
    next_index_number,
    publish_due_for,
    recompute_publish_deadlines,
)
from .rectification import rectification_file, rectification_transition, supervises  # noqa: F401
from .registers import (  # noqa: F401
    column_create,
    column_update,
    disclosure_item_save,
    figures_import_csv,
    figures_save,
    media_account_save,
    media_year_save,
    normative_register,
    normative_update,
    sync_validity,
)
from .review import (  # noqa: F401
    document_correct,
    document_transition,
    pii_acknowledge,
    publish_due_scheduled,
)
