"""The collector as a background job (autodiscovered by gongkai.jobs)."""

from __future__ import annotations

from gongkai.jobs.registry import job_handler

from .services import JOB_KIND, run_execute

job_handler(JOB_KIND, "采集年度报告栏目")(run_execute)
