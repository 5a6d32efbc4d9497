"""The console commands: ``gongkai calendar``, ``gongkai deadline``, ``gongkai fee``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.workdays import selectors


def run(*args, stdin: str | None = None, monkeypatch=None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args, stdin: str | None = None, monkeypatch=None) -> str:
    """Run a command that must fail: exit status 2 and exactly one line on stderr."""
    err = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as info:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    assert info.value.code == 2
    text = err.getvalue()
    assert text.strip() and "\n" not in text.strip()
    return text


# --- calendar -------------------------------------------------------------------------------------


def test_calendar_show_loaded_year(db):
    out, _ = run("calendar", "show", "2026")
    assert "2026年工作日：248 天" in out
    assert "临时" not in out
    assert "2026-10-01 星期四 国庆节" in out
    assert "2026-10-10 星期六" in out  # a make-up working day


def test_calendar_show_year_not_loaded(db):
    out, _ = run("calendar", "show", "2027")
    assert "2027年工作日：261 天（临时：按周末规则推算）" in out


def test_calendar_show_bad_year(db):
    assert "年份" in run_failing("calendar", "show", "二〇二六")


def test_calendar_import_then_show(db, notice_2027_file, deadline_store):
    out, _ = run("calendar", "import", str(notice_2027_file))
    assert "国务院办公厅关于2027年部分节假日安排的通知" in out
    assert "261 天（原为临时推算） → 258 天" in out
    assert "重新计算的未结期限：1 件" in out
    out, _ = run("calendar", "show", "2027")
    assert "2027年工作日：258 天" in out and "临时" not in out
    assert "2027-10-09 星期六 调休上班" in out


def test_calendar_import_from_stdin(db, monkeypatch):
    out, _ = run(
        "calendar",
        "import",
        "-",
        stdin="date,kind,name,notice_year\n2027-01-01,holiday,元旦,2027\n",
        monkeypatch=monkeypatch,
    )
    assert "放假 1 天" in out


def test_calendar_import_bad_files(db, tmp_path):
    assert "无法读取文件" in run_failing("calendar", "import", str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name,notice_year\n2027-01-01,holiday,元旦,2027\n2027-02-30,holiday,春节,2027\n")
    assert "第3行" in run_failing("calendar", "import", str(bad))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "UTF-8" in run_failing("calendar", "import", str(binary))


# --- deadline -------------------------------------------------------------------------------------


def test_deadline_from_file(db, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "received": "2026-09-28",
                "events": [{"type": "extended", "date": "2026-10-30", "workdays": 10}],
                "today": "2026-10-30",
            }
        )
    )
    out, _ = run("deadline", str(path))
    data = json.loads(out)
    # due 2026-10-30, +10 working days: 11-2..6, 11-9..13; on 10-30, 20 of the 30 days are used
    assert data["due"] == "2026-11-13"
    assert (data["provisional"], data["paused"], data["workdays_left"]) == (False, False, 10)
    assert data["correction_notice_due"] == "2026-10-13"
    assert data["explanation"][0].startswith("2026-09-28 收到申请")
    assert "收到申请" in out  # ensure_ascii=False


def test_deadline_from_stdin_paused_and_provisional(db, monkeypatch):
    stdin = json.dumps(
        {
            "received": "2026-12-20",
            "events": [{"type": "consultation_started", "date": "2026-12-22"}],
            "today": "2026-12-23",
        }
    )
    data = json.loads(run("deadline", "-", stdin=stdin, monkeypatch=monkeypatch)[0])
    # counted: 12-21, 12-22; the window began on 12-22 and is still open
    assert (data["due"], data["paused"], data["workdays_left"]) == (None, True, 18)
    assert data["provisional"] is True  # its 15th working day is in 2027, not loaded


def test_deadline_without_today_and_events(db, monkeypatch):
    data = json.loads(run("deadline", "-", stdin='{"received": "2026-10-10"}', monkeypatch=monkeypatch)[0])
    assert (data["due"], data["workdays_left"]) == ("2026-11-06", None)


def test_deadline_fee_switch(db, monkeypatch):
    stdin = json.dumps(
        {
            "received": "2026-03-02",
            "events": [
                {"type": "fee_notified", "date": "2026-03-04"},
                {"type": "fee_paid", "date": "2026-03-09"},
            ],
        }
    )
    paused = json.loads(run("deadline", "-", stdin=stdin, monkeypatch=monkeypatch)[0])
    assert paused["due"] == "2026-04-02"
    running = json.loads(
        run("deadline", "-", "--no-fee-pauses-clock", stdin=stdin, monkeypatch=monkeypatch)[0]
    )
    assert running["due"] == "2026-03-30"


def test_deadline_json_has_the_fee_lapse_date(db, monkeypatch):
    events = [
        {"type": "fee_notified", "date": "2026-03-04"},
        {"type": "fee_notice_received", "date": "2026-03-06"},
    ]
    stdin = json.dumps({"received": "2026-03-02", "today": "2026-03-10", "events": events})
    data = json.loads(run("deadline", "-", stdin=stdin, monkeypatch=monkeypatch)[0])
    assert (data["due"], data["paused"], data["fee_lapse_date"]) == (None, True, "2026-04-03")


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ('{"received": "2026-09-28",', "JSON"),
        ("[1, 2]", "对象"),
        ('{"received": "2026-02-30"}', "2026-02-30"),
        ('{"events": []}', "received"),
        ('{"received": "2026-09-28", "events": [{"type": "fee_paid", "date": "2026-10-09"}]}', "fee paid"),
        (
            '{"received": "2026-09-28", "events": [{"type": "extended", "date": "2026-10-31", "workdays": 5}]}',
            "2026-10-30",
        ),
        ('{"received": "2026-09-28", "events": [{"type": "appeal", "date": "2026-10-09"}]}', "appeal"),
        (
            '{"received": "2026-09-28", "events": [{"type": "extended", "date": "2026-10-09", "workdays": 30}]}',
            "1–20",
        ),
        ('{"received": "2026-09-28", "today": "yesterday"}', "yesterday"),
        ('{"received": "2026-09-28", "colour": "red"}', "colour"),
    ],
)
def test_deadline_invalid_input_exits_2(db, monkeypatch, payload, fragment):
    assert fragment in run_failing("deadline", "-", stdin=payload, monkeypatch=monkeypatch)


def test_deadline_missing_file_exits_2(tmp_path):
    assert "无法读取文件" in run_failing("deadline", str(tmp_path / "nope.json"))


def test_deadline_works_without_a_database(monkeypatch):
    """No ``db`` fixture: the command falls back to the bundled calendar."""
    monkeypatch.setattr(selectors, "database_is_ready", lambda using="default": False)
    _calendar, origin = selectors.get_calendar_or_fallback()
    assert origin == "bundled"
    stdin = json.dumps({"received": "2026-09-28", "today": "2026-11-02"})
    data = json.loads(run("deadline", "-", stdin=stdin, monkeypatch=monkeypatch)[0])
    assert (data["due"], data["workdays_left"]) == ("2026-10-30", -1)


# --- fee ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "method", "yuan"),
    [
        (("--nth", "10"), "per_item", 0),
        (("--nth", "11"), "per_item", 100),
        (("--nth", "31"), "per_item", 200),
        (("--pages", "101"), "per_volume", 720),
        (("--pages", "30"), "per_volume", 0),
    ],
)
def test_fee(args, method, yuan):
    data = json.loads(run("fee", *args)[0])
    assert (data["method"], data["yuan"]) == (method, yuan)
    assert "管理办法" in data["explanation"]


@pytest.mark.parametrize("args", [("--nth", "0"), ("--nth", "1.5"), ("--pages", "abc"), ("--pages", "-3")])
def test_fee_invalid_numbers_exit_2(args):
    assert "错误" in run_failing("fee", *args)


def test_fee_needs_exactly_one_option():
    with pytest.raises(CommandError):
        call_command("fee", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command("fee", "--nth", "1", "--pages", "2", stdout=io.StringIO(), stderr=io.StringIO())
