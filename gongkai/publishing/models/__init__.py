"""Proactive disclosure (主动公开, Regulation art. 19–26): catalogue, documents, review, supervision.

One module per concept: ``catalogue`` (columns), ``documents`` (documents, versions,
attachments, index numbers), ``review`` (review steps, acknowledged personal data),
``registers`` (normative register, yearly figures, new media) and ``supervision`` (the full
disclosure list and rectification findings). Import models from this package.

Names here are a contract with the portal and the search index (``gongkai.portal``,
``gongkai.search``): ``Column``, ``Document``, ``DocumentVersion``, ``Attachment``,
``NormativeRecord``, ``YearlyFigures``, ``MediaAccount``, ``MediaYear``, ``Interpretation``,
``DisclosureItem``, ``RectificationItem``. Keep them stable.

Every model names the path to its owning agency in ``agency_field`` for
``gongkai.agencies.scoping.scope``.
"""

from .catalogue import ART20_CODES, ART20_ITEMS, ART20_LABELS, Column, ColumnKind, ColumnYearCount, Topic
from .documents import (
    Attachment,
    Document,
    DocumentKind,
    DocumentStatus,
    DocumentVersion,
    IndexCounter,
    Interpretation,
    InterpretationManager,
    Validity,
    attachment_path,
)
from .registers import (
    FiguresSource,
    MediaAccount,
    MediaPlatform,
    MediaPost,
    MediaYear,
    NormativeKind,
    NormativeRecord,
    YearlyFigures,
)
from .review import PiiAcknowledgement, ReviewDecision, ReviewLevel, ReviewStep
from .supervision import (
    DisclosureItem,
    RectificationItem,
    RectificationResponse,
    RectificationStatus,
    evidence_path,
)

__all__ = [
    "ART20_CODES",
    "ART20_ITEMS",
    "ART20_LABELS",
    "Attachment",
    "Column",
    "ColumnKind",
    "ColumnYearCount",
    "DisclosureItem",
    "Document",
    "DocumentKind",
    "DocumentStatus",
    "DocumentVersion",
    "FiguresSource",
    "IndexCounter",
    "Interpretation",
    "InterpretationManager",
    "MediaAccount",
    "MediaPlatform",
    "MediaPost",
    "MediaYear",
    "NormativeKind",
    "NormativeRecord",
    "PiiAcknowledgement",
    "RectificationItem",
    "RectificationResponse",
    "RectificationStatus",
    "ReviewDecision",
    "ReviewLevel",
    "ReviewStep",
    "Topic",
    "Validity",
    "YearlyFigures",
    "attachment_path",
    "evidence_path",
]
