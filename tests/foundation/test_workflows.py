"""Every workflow of the code base has the one shape, and every name in its table is backed."""

from __future__ import annotations

import pytest

from gongkai.agencies import policy
from gongkai.annual_report import services as report_services
from gongkai.annual_report.workflow import WORKFLOW as REPORT
from gongkai.applications.services import _base as application_services
from gongkai.applications.workflow import WORKFLOW as APPLICATION
from gongkai.core.workflow import Workflow, missing_handlers
from gongkai.publishing.services import rectification, review
from gongkai.publishing.workflow import RECTIFICATION
from gongkai.publishing.workflow import WORKFLOW as DOCUMENT

WORKFLOWS = [APPLICATION, DOCUMENT, REPORT, RECTIFICATION]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_one_shape_with_labels_and_known_role_sets(workflow):
    assert isinstance(workflow, Workflow)
    assert workflow.role_set_names() <= set(policy.ROLE_SETS)
    assert all(label.strip() for label in [*workflow.states.values(), *workflow.actions.values()])


def test_every_named_effect_has_a_handler():
    assert missing_handlers(APPLICATION, ()) == frozenset()  # its services run their own steps
    assert missing_handlers(DOCUMENT, review.EFFECTS) == frozenset()
    assert missing_handlers(REPORT, report_services.EFFECTS) == frozenset()
    assert missing_handlers(RECTIFICATION, rectification.EFFECTS) == frozenset()


@pytest.mark.django_db
def test_every_named_guard_is_evaluated(agency_a, clerk_a):
    from gongkai.annual_report.models import AnnualReport
    from gongkai.applications.models import Application
    from gongkai.publishing.models import Document

    builders = {
        APPLICATION: application_services.guards_for(Application(agency=agency_a)),
        DOCUMENT: review.guards_for(Document(agency=agency_a), clerk_a),
        REPORT: report_services.guards_for(AnnualReport(agency=agency_a, year=2024)),
        RECTIFICATION: rectification._guards(),
    }
    for workflow, guards in builders.items():
        assert workflow.guard_names() <= set(guards), workflow.name
