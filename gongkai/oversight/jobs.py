"""The supervisor's batch audit as a background job (autodiscovered by gongkai.jobs)."""

from __future__ import annotations

from gongkai.jobs.registry import job_handler

from .services import JOB_KIND, audit_batch_read

job_handler(JOB_KIND, "审读上传的年度报告")(audit_batch_read)
