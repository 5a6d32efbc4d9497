"""Proof with several processes: two gunicorn instances and a Celery worker on PostgreSQL + Redis.

Run by ``.ci/run`` (or by hand: ``.venv/bin/python scripts/multiprocess_proof.py``). Needs
PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (``PROOF_REDIS_DB``, default 0). It
creates its own database, starts every process on free ports of 127.0.0.1, drives both instances
at once, then stops everything and drops the database. One line per check, then the summary.
Set ``PYTHONPATH`` to a checkout to prove that checkout's code with another checkout's virtualenv.
"""

from __future__ import annotations

import concurrent.futures
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg

from gongkai.core.identifiers import resident_id_check_char

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "fixtures" / "luoyang-education-2023.txt"
PG = "postgres://postgres@127.0.0.1:5432"
DEADLINE = (
    time.monotonic() + 300
)  # the whole proof (about 90 s on an idle machine, up to a minute more to start a rate window)
PASSWORD = uuid.uuid4().hex  # a throw-away account in a throw-away database

SEED = f"""
from gongkai.agencies.models import Agency, RoleGrant, User
from gongkai.core.identifiers import credit_code_check_char
code = "11410300MB0000001"
agency = Agency.objects.create(name="验证市人民政府", kind="government", credit_code=code + credit_code_check_char(code))
for username, role in (("proof_sup", "supervisor"), ("proof_clerk", "clerk")):
    user = User.objects.create_user(username=username, password="{PASSWORD}", agency=agency)
    RoleGrant.objects.create(user=user, role=role)
print(agency.pk)
"""

# Deliver the reply to the first application (in a shell process, as a clerk's request would):
# with the broker configured the letter's PDF is left to the worker.
DELIVER = f"""
from datetime import date
from gongkai.agencies.models import RoleGrant, User
from gongkai.applications import services as s
from gongkai.applications.models import Application
app = Application.objects.order_by("pk").first()
head = User.objects.create_user(username="proof_head", password="{PASSWORD}", agency=app.agency)
RoleGrant.objects.create(user=head, role="office_head")
today = date.today()
app = s.application_confirm_receipt(application=app, received_on=today, actor=head)
app = s.application_decide(application=app, outcome="disclosed", decided_on=today, actor=head)
app = s.application_deliver(application=app, delivered_on=today, method="email", actor=head)
letter = app.letters.get(kind="reply")
print(app.pk, letter.pdf_job_id, bool(letter.pdf))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def remaining() -> float:
    left = DEADLINE - time.monotonic()
    if left <= 0:
        raise TimeoutError("the proof ran out of time")
    return left


class Client:
    """A browser-like client: one cookie jar for every instance (cookies ignore the port)."""

    def __init__(self, address: str):
        self.address = address  # the client address the trusted proxy reports
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(
        self, url: str, data: bytes | None = None, content_type: str | None = None, raw: bool = False
    ):
        headers = {"X-Forwarded-For": self.address}
        if content_type:
            headers["Content-Type"] = content_type
        if data is not None:
            headers["Referer"] = url
        req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (127.0.0.1 only)
        try:
            with self.opener.open(req, timeout=min(60, remaining())) as response:
                body = response.read()
                return response.status, response.headers, body if raw else body.decode()
        except urllib.error.HTTPError as exc:
            body = exc.read()
            return exc.code, exc.headers, body if raw else body.decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def form(self, url: str, fields: dict) -> tuple[int, object, str]:
        self.request(url)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.request(url, body, "application/x-www-form-urlencoded")

    def upload(self, url: str, fields: dict, files: list[tuple[str, str, bytes]]):
        self.request(url)
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.csrf()}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for field, filename, data in files:
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            parts.append(head.encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(url, b"".join(parts), f"multipart/form-data; boundary={boundary}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def application(agency_pk: int) -> dict:
    return {
        "agency": agency_pk,
        "token": uuid.uuid4().hex,
        "applicant_category": "natural",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": "41030219800101001" + resident_id_check_char("41030219800101001"),
        "phone": "13800138000",
        "email": "zhangsan@example.cn",
        "address": "河南省洛阳市某路1号",
        "postcode": "471000",
        "description": "申请公开本市义务教育阶段学校布局调整规划",
        "document_reference": "",
        "provision_form": "electronic",
        "delivery_method": "email",
        "legal_representative": "",
        "contact_person": "",
    }


def tracking_number(html: str) -> str | None:
    found = re.search(r'id="tracking-number">(\w+)<', html)
    return found.group(1) if found else None


def random_address() -> str:
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def main() -> int:
    results: list[tuple[str, bool, str]] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        results.append((name, ok, detail))
        print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)

    db = f"gongkai_proof_{os.getpid()}"
    home = Path(tempfile.mkdtemp(prefix="gongkai-proof-"))
    redis = f"redis://127.0.0.1:6379/{os.environ.get('PROOF_REDIS_DB', '0')}"
    env = dict(
        os.environ,
        GONGKAI_DATABASE_URL=f"{PG}/{db}",
        GONGKAI_REDIS_URL=redis,
        GONGKAI_BROKER_URL=redis,
        GONGKAI_HOME=str(home),
        GONGKAI_SECRET_KEY=uuid.uuid4().hex * 2,
        GONGKAI_TRUSTED_PROXY_HEADER="X-Forwarded-For",
        GONGKAI_LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="1",
        GONGKAI_OTP_REQUIRED="0",  # two-factor sign-in has its own tests; here: state across processes
    )
    processes: list[subprocess.Popen] = []
    logs: dict[str, Path] = {}

    def start(name: str, *argv: str) -> None:
        logs[name] = home / f"{name}.log"
        out = logs[name].open("wb")
        processes.append(
            subprocess.Popen(
                argv, cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    try:
        gongkai = str(BIN / "gongkai")
        subprocess.run(
            [gongkai, "migrate", "--no-input", "-v0"], cwd=home, env=env, check=True, timeout=remaining()
        )
        seeded = subprocess.run(
            [gongkai, "shell", "-c", SEED],
            cwd=home,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=remaining(),
        )
        agency_pk = int(seeded.stdout.strip().splitlines()[-1])
        ports = [free_port(), free_port()]
        for i, port in enumerate(ports):
            start(f"web{i + 1}", gongkai, "serve", "--host", "127.0.0.1", "--port", str(port))
        start(
            "worker",
            sys.executable,
            "-m",
            "celery",
            "-A",
            "gongkai.celery",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        )
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        probe = Client("127.0.0.1")
        for url in urls:
            while True:
                try:
                    status, _, body = probe.request(f"{url}/readyz")
                    if status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.3)
        check("both instances ready (database, Redis cache, Redis broker)", True, json.loads(body)["broker"])

        # 1. Submissions split across both instances, all at once.
        def submit(i: int) -> tuple[int, str | None]:
            client = Client(random_address())
            status, _, html = client.form(f"{urls[i % 2]}/apply/", application(agency_pk))
            if not tracking_number(html):
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{1,200})<', html)
                print(f"     submission {i}: {status} without a receipt {errors[:3]}", flush=True)
            return status, tracking_number(html)

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(submit, range(16)))
        numbers = [n for status, n in answers if status == 200 and n]
        with psycopg.connect(f"{PG}/{db}") as conn:
            saved, distinct = conn.execute(
                "SELECT count(*), count(DISTINCT tracking_number) FROM applications_application"
            ).fetchone()
        check(
            "16 simultaneous submissions over two instances: all saved, unique numbers",
            len(numbers) == 16 and len(set(numbers)) == 16 and saved == distinct == 16,
            f"{len(set(numbers))} receipts, {saved} rows, {distinct} distinct numbers",
        )

        # 2. One client address, alternating instances: the shared limit (5 per 10 minutes) holds.
        client = Client(random_address())
        statuses = [client.form(f"{urls[i % 2]}/apply/", application(agency_pk))[0] for i in range(6)]
        check("rate limit shared by both instances", statuses == [200] * 5 + [429], str(statuses))

        # 2b. The public API's limit (120 reads a minute per address) is one count over both instances.
        if time.time() % 60 > 40:  # start at the beginning of a minute: the window must not roll over
            time.sleep(60 - time.time() % 60 + 0.5)
        reader = Client(random_address())
        api_statuses = [reader.request(f"{urls[i % 2]}/api/v1/documents/999999/")[0] for i in range(121)]
        check(
            "the public API's rate limit is shared by both instances",
            api_statuses == [404] * 120 + [429],
            f"{api_statuses.count(404)} answered, then {api_statuses[120:]}",
        )

        # 3. Signed in on one instance, signed in on the other.
        staff = Client(random_address())
        status, headers, _ = staff.form(
            f"{urls[0]}/staff/login/", {"username": "proof_sup", "password": PASSWORD}
        )
        signed_in = status == 302
        status, headers, _ = staff.request(f"{urls[1]}/staff/")
        check("a session started on instance 1 works on instance 2", signed_in and status == 200, f"{status}")

        # 3b. Wrong passwords spread over both instances lock the sign-in on both (django-axes, in the database).
        intruder = Client(random_address())
        wrong = [
            intruder.form(f"{urls[i % 2]}/staff/login/", {"username": "proof_clerk", "password": "wrong"})[0]
            for i in range(5)
        ]
        status, _, _ = intruder.form(
            f"{urls[1]}/staff/login/", {"username": "proof_clerk", "password": PASSWORD}
        )
        check(
            "five wrong passwords over both instances lock the sign-in",
            302 not in wrong and status not in (200, 302),
            f"wrong: {wrong}, then the right password: {status}",
        )

        # 4. A batch audit started on one finishes in the worker and shows on the other.
        report = FIXTURE.read_bytes()
        files = [("files", f"report-{i}.txt", report) for i in range(3)]
        status, headers, _ = staff.upload(
            f"{urls[0]}/staff/oversight/reports/", {"name": "多进程验证"}, files
        )
        batch_url = headers.get("Location", "") if status == 302 else ""
        job = None
        while batch_url:
            _, _, page = staff.request(f"{urls[1]}{batch_url}")
            job = job or re.search(r'id="job-(\d+)"', page)
            if job is None or "report-2.txt" in page:
                break
            _, _, body = staff.request(f"{urls[1]}/staff/jobs/{job.group(1)}/")
            if json.loads(body)["status"] in ("done", "failed"):
                _, _, page = staff.request(f"{urls[1]}{batch_url}")
                break
            time.sleep(0.5)
        ran_in_worker = False
        deadline = time.monotonic() + 10
        while time.monotonic() < min(deadline, DEADLINE):
            text = logs["worker"].read_text(errors="replace")
            if re.search(r"gongkai\.jobs\.run\[[^\]]+\] succeeded", text):
                ran_in_worker = True
                break
            time.sleep(0.3)
        check(
            "a batch audit uploaded on instance 1 runs in the worker and shows on instance 2",
            bool(batch_url) and "report-2.txt" in page and ran_in_worker,
            f"upload {status}, worker ran the job: {ran_in_worker}",
        )

        # 5. A report sent to the auditor over the API on one instance runs in the worker; the other serves the result.
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="api.txt"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + report
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, answer = Client(random_address()).request(
            f"{urls[0]}/api/v1/auditor/jobs/", body, f"multipart/form-data; boundary={boundary}"
        )
        job_id = json.loads(answer).get("id") if status == 202 else None
        result = {}
        while job_id:
            _, _, answer = probe.request(f"{urls[1]}/api/v1/auditor/jobs/{job_id}/")
            result = json.loads(answer)
            if result.get("status") in ("done", "failed"):
                break
            time.sleep(0.5)
        runs = len(
            re.findall(r"gongkai\.jobs\.run\[[^\]]+\] succeeded", logs["worker"].read_text(errors="replace"))
        )
        check(
            "an auditor job sent over the API runs in the worker and is read on instance 2",
            result.get("status") == "done"
            and (result.get("result") or {}).get("agency") == "洛阳市教育局"
            and runs >= 2,
            f"POST {status}, job {result.get('status')}, worker runs: {runs}",
        )

        # 6. A reply delivered: the record is saved at once, its PDF typeset by the worker, served by instance 2.
        runs_before = runs
        delivered = subprocess.run(
            [gongkai, "shell", "-c", DELIVER],
            cwd=home,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=remaining(),
        )
        app_pk, _job_pk, pdf_at_delivery = delivered.stdout.strip().splitlines()[-1].split()
        head = Client(random_address())
        head.form(f"{urls[0]}/staff/login/", {"username": "proof_head", "password": PASSWORD})
        statuses, pdf = [], b""
        while True:
            status, _, pdf = head.request(
                f"{urls[1]}/staff/applications/{app_pk}/letters/reply.pdf", raw=True
            )
            statuses.append(status)
            if status != 202:
                break
            time.sleep(0.5)
        runs = len(
            re.findall(r"gongkai\.jobs\.run\[[^\]]+\] succeeded", logs["worker"].read_text(errors="replace"))
        )
        check(
            "a reply delivered: stored without its PDF, typeset in the worker, served by instance 2",
            pdf_at_delivery == "False"
            and statuses[-1] == 200
            and pdf.startswith(b"%PDF")
            and runs > runs_before,
            f"PDF at delivery: {pdf_at_delivery}, downloads {statuses[:3]}{'…' if len(statuses) > 4 else ''}"
            f"{statuses[-1:] if len(statuses) > 3 else ''}, worker runs: {runs}",
        )
    except Exception as exc:  # report, then clean up
        check("proof ran to the end", False, f"{type(exc).__name__}: {exc}")
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        failed = [name for name, ok, _ in results if not ok]
        if failed:
            for name, path in logs.items():
                print(f"--- {name} log (last lines) ---")
                print("\n".join(path.read_text(errors="replace").splitlines()[-30:]))
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(home, ignore_errors=True)
    passed = sum(1 for _, ok, _ in results if ok)
    print(f"proof: {passed} passed, {len(results) - passed} failed")
    return 1 if len(results) != passed else 0


if __name__ == "__main__":
    sys.exit(main())
