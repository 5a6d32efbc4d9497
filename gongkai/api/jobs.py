"""The auditor's jobs sent over the API, as background jobs (autodiscovered by gongkai.jobs)."""

from __future__ import annotations

from gongkai.jobs.registry import job_handler

from .services import AUDIT_JOB_KIND, audit_job_run

job_handler(AUDIT_JOB_KIND, "接口审读年度报告")(audit_job_run)
