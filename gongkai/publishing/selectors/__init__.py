"""Reads of proactive disclosure (aggregate queries; no writes)."""

from .checking import CheckReport, document_checks  # noqa: F401
from .documents import (  # noqa: F401
    column_tree,
    document_list,
    drafts_of,
    latest_return,
    published_documents,
    waiting_for,
)
from .inspection import (  # noqa: F401
    ColumnState,
    Inspection,
    disclosure_list_status,
    inspect_agencies,
    inspect_agency,
)
from .reports import normative_counts, proactive_section, published_counts  # noqa: F401
