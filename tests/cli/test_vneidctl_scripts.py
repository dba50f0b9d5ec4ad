"""vneidctl for scripts and the rollout: --json on the listing verbs,
accounts export (the import format, round trip), report adoption.

Run like test_vneidctl.py (VNEIDCTL, VNEID_SEED from tests/cli/CMakeLists.txt).
Login history is seeded with `vneid-test-seed login CITIZEN_ID USER --at UNIX`,
the store API the gateway itself calls at a VNeID login.
"""
import calendar
import csv
import io
import json
import os
import re
import subprocess
import time

import pytest

from test_vneidctl import store  # noqa: F401  (the fixture: a fresh store)
from test_vneidctl import (AN, BICH, DUC, GOOD_CSV, VNEIDCTL, create_session, ctl, seed,
                           write)

CUONG = "036088001122"  # Nam Định, male, 1988


def ctl_tz(store, *args, tz="Asia/Ho_Chi_Minh", check=None):
    """vneidctl with a fixed local time zone (the deployment's)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = tz
    try:
        return ctl(store, *args, check=check)
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old


def export_bytes(store):
    """accounts export's stdout as bytes (text mode would fold CRLF)."""
    r = subprocess.run([VNEIDCTL, "--store", str(store), "accounts", "export"],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout


def login(store, citizen_id, user, at):
    r = seed(store, "login", citizen_id, user, "--at", int(at))
    assert r.returncode == 0, r.stderr


def local_ts(date_time, tz_hours=7):
    """'2024-04-15 08:00' in UTC+tz_hours (Hà Nội: +7, no DST) -> unix seconds."""
    return calendar.timegm(time.strptime(date_time, "%Y-%m-%d %H:%M")) - tz_hours * 3600


# ------------------------------------------------------------------- --json

def test_accounts_list_json(store, tmp_path):
    assert json.loads(ctl(store, "accounts", "list", "--json", check=0).stdout) == []
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    ctl(store, "accounts", "disable", DUC, "duc.hm", check=0)
    rows = json.loads(ctl(store, "accounts", "list", "--json", check=0).stdout)
    assert rows[0] == {"citizen_id": AN, "username": "an.nv", "status": "enabled",
                       "display_name": "Nguyễn Văn An",
                       "unit": "Bộ phận Một cửa, UBND phường Mẫu Sơn"}
    assert [list(r) for r in rows] == [["citizen_id", "username", "status", "display_name",
                                        "unit"]] * 3
    assert [(r["username"], r["status"]) for r in rows[1:]] == [
        ("duc.hm", "disabled"), ("duc.hm.tnmt", "enabled")]
    assert rows[2]["display_name"] == 'Hoàng Minh "Đức"'
    # one citizen; --json before or after the id
    one = json.loads(ctl(store, "accounts", "list", "--json", DUC, check=0).stdout)
    assert one == rows[1:]
    assert json.loads(ctl(store, "accounts", "list", DUC, "--json", check=0).stdout) == one
    # human output unchanged
    assert ctl(store, "accounts", "list", check=0).stdout.startswith("CITIZEN ID")
    ctl(store, "accounts", "list", "--json", BICH, check=2)


def test_sessions_list_json(store):
    assert json.loads(ctl(store, "sessions", "list", "--json", check=0).stdout) == []
    r = seed(store, "create", "--citizen-id", AN, "--name", "Nguyễn Văn An",
             "--accounts", "an.nv")
    assert r.returncode == 0, r.stderr
    create_session(store, BICH, "Trần Thị Bích", 1)
    out = ctl(store, "sessions", "list", "--json", "--limit", "10", check=0).stdout
    assert AN not in out and BICH not in out
    rows = json.loads(out)
    assert len(rows) == 2
    for row in rows:
        assert list(row) == ["key", "citizen_id_masked", "name", "level", "account",
                             "created", "last_activity"]
        assert re.fullmatch(r"[0-9a-f]{16}", row["key"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created"])
    by_id = {r["citizen_id_masked"]: r for r in rows}
    assert by_id["001******345"]["name"] == "Nguyễn Văn An"
    assert by_id["001******345"]["account"] == "an.nv"
    assert by_id["001******345"]["level"] == 2
    assert by_id["079******321"]["account"] is None


def test_stats_json(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    create_session(store, AN)
    assert json.loads(ctl(store, "stats", "--json", check=0).stdout) == {
        "sessions": 1, "flows": 0, "accounts": 2}
    assert "accounts 2" in ctl(store, "stats", check=0).stdout
    ctl(store, "stats", "--json", "extra", check=2)


# ------------------------------------------------------------------ export

HEADER = b"citizen_id,username,display_name,unit,status\r\n"

TRICKY_CSV = (
    "citizen_id,username,display_name,unit\n"
    f"{AN},an.nv,Nguyễn Văn An,\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\n"
    f"{AN},-an.nv,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+84 Phòng\n"
    f"{BICH},@bich,'=already quoted,'-'\n"
    f"{BICH},bich.tt,\"Trần Thị \"\"Bích\"\"\",'plain quote\n"
    f"{DUC},duc.hm,Hoàng Minh Đức,\"-Phòng Tư pháp, \"\"số 1\"\"\"\n"
    f"{CUONG},cuong.lv,Lê Văn Cường,=1+2\n"
).encode("utf-8")


def test_export_format_and_formula_guard(store, tmp_path):
    assert export_bytes(store) == HEADER
    ctl(store, "accounts", "import", write(tmp_path, "t.csv", TRICKY_CSV), check=0)
    ctl(store, "accounts", "disable", DUC, "duc.hm", check=0)
    data = export_bytes(store)
    assert ctl(store, "accounts", "export", "--csv", check=0).stdout.encode() == \
        data.replace(b"\r\n", b"\n")
    assert data.startswith(HEADER)
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in l for l in lines)
    body = data.decode("utf-8").replace("\r\n", "\n")
    # stored values (what import kept): the leading ' of a guarded cell went
    assert f"{AN},'-an.nv,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+84 Phòng,enabled" in body
    # a portal export's own guard quote goes at import, like ours
    assert f"{BICH},'@bich,'=already quoted,'-',enabled" in body
    assert f"{BICH},bich.tt,\"Trần Thị \"\"Bích\"\"\",'plain quote,enabled" in body
    assert f"{DUC},duc.hm,Hoàng Minh Đức,\"'-Phòng Tư pháp, \"\"số 1\"\"\",disabled" in body
    assert f"{CUONG},cuong.lv,Lê Văn Cường,'=1+2,enabled" in body
    # every cell a spreadsheet sees starts with something harmless
    for row in csv.reader(io.StringIO(body)):
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", row
    # what the directory holds
    rows = json.loads(ctl(store, "accounts", "list", "--json", check=0).stdout)
    held = {(r["citizen_id"], r["username"]): r for r in rows}
    assert held[(AN, "-an.nv")]["display_name"] == '=HYPERLINK("http://x","y")'
    assert held[(AN, "-an.nv")]["unit"] == "+84 Phòng"
    assert held[(BICH, "@bich")]["display_name"] == "=already quoted"
    assert held[(BICH, "@bich")]["unit"] == "-'"
    assert held[(BICH, "bich.tt")]["unit"] == "'plain quote"
    assert held[(CUONG, "cuong.lv")]["unit"] == "=1+2"
    # a value that really starts with a quote and a formula character gets
    # one quote more, so that import gives it back unchanged
    ctl(store, "accounts", "link", CUONG, "cuong.q", "--name", "'=x", "--unit", "''+y", check=0)
    assert f"{CUONG},cuong.q,''=x,'''+y,enabled\r\n".encode() in export_bytes(store)


def test_export_import_round_trip_is_byte_exact(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "t.csv", TRICKY_CSV), check=0)
    ctl(store, "accounts", "import", write(tmp_path, "g.csv", GOOD_CSV), check=0)
    ctl(store, "accounts", "disable", DUC, "duc.hm.tnmt", check=0)
    ctl(store, "accounts", "link", CUONG, "cuong.2", "--name", "Lê Văn \"Cường\", Jr",
        "--unit", "@Phòng, \"Nội vụ\"", check=0)
    ctl(store, "accounts", "link", CUONG, "cuong.q", "--name", "'=x", "--unit", "''-y", check=0)
    first = export_bytes(store)
    exported = write(tmp_path, "export.csv", first)

    empty = tmp_path / "empty"
    empty.mkdir()
    assert seed(empty, "stats").returncode == 0
    r = ctl(empty, "accounts", "import", exported, check=0)
    assert r.stdout == "imported 8 accounts for 4 staff (1 disabled by the file)\n"
    second = export_bytes(empty)
    assert second == first
    assert (json.loads(ctl(empty, "accounts", "list", "--json", check=0).stdout) ==
            json.loads(ctl(store, "accounts", "list", "--json", check=0).stdout))


def test_import_with_status_column_never_reenables(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "g.csv", GOOD_CSV), check=0)
    ctl(store, "accounts", "disable", DUC, "duc.hm", check=0)
    old_export = (
        "citizen_id,username,display_name,unit,status\r\n"
        f"{DUC},duc.hm,Hoàng Minh Đức,Phòng Tư pháp,enabled\r\n"
        f"{DUC},duc.hm.tnmt,Hoàng Minh Đức,Phòng TNMT,disabled\r\n"
    ).encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "o.csv", old_export), check=0)
    # an old export must not undo a disable done since; its own disable applies
    assert r.stdout == ("imported 2 accounts for 1 staff "
                        "(1 kept disabled, 1 disabled by the file)\n")
    rows = json.loads(ctl(store, "accounts", "list", DUC, "--json", check=0).stdout)
    assert [r["status"] for r in rows] == ["disabled", "disabled"]


def test_import_status_column_errors(store, tmp_path):
    bad = (
        "citizen_id,username,display_name,unit,status\n"
        f"{AN},an.nv,A,U,maybe\n"
        f"{AN},an.x,A,U\n"
    ).encode()
    f = write(tmp_path, "bad.csv", bad)
    r = ctl(store, "accounts", "import", f, check=2)
    assert f"{f}:2: status must be enabled or disabled" in r.stderr
    assert f"{f}:3: expected 5 fields" in r.stderr
    f = write(tmp_path, "hdr.csv", f"citizen_id,username,display_name,unit,state\n{AN},a,A,U,x\n"
              .encode())
    assert f"{f}:1: expected the header" in ctl(store, "accounts", "import", f, check=2).stderr


def test_export_usage(store):
    ctl(store, "accounts", "export", "--json", check=2)
    ctl(store, "accounts", "export", "x", check=2)
    assert ctl(None, "accounts", "export", "-h", check=0).stdout.startswith("usage: vneidctl")


# ------------------------------------------------------------------ report

def rollout(store, tmp_path):
    """Two units and a unit-less account; Đức has two accounts, one disabled."""
    data = (
        "citizen_id,username,display_name,unit\n"
        f"{AN},an.nv,Nguyễn Văn An,\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\n"
        f"{BICH},bich.tt,Trần Thị Bích,\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\n"
        f"{CUONG},cuong.lv,Lê Văn Cường,\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\n"
        f"{DUC},duc.hm,Hoàng Minh Đức,Phòng Tư pháp\n"
        f"{DUC},duc.hm.tnmt,Hoàng Minh Đức,Phòng Tư pháp\n"
        f"{DUC},duc.off,Hoàng Minh Đức,Phòng Tư pháp\n"
        f"{AN},an.khac,Nguyễn Văn An,\n"
    ).encode()
    ctl(store, "accounts", "import", write(tmp_path, "r.csv", data), check=0)
    ctl(store, "accounts", "disable", DUC, "duc.off", check=0)
    # 2024-04-10 and 2024-04-15 08:00 in Hà Nội time
    login(store, AN, "an.nv", local_ts("2024-04-10 08:00"))
    login(store, AN, "an.nv", local_ts("2024-04-16 09:30"))
    login(store, BICH, "bich.tt", local_ts("2024-04-14 23:59"))
    login(store, DUC, "duc.hm", local_ts("2024-04-15 00:00"))
    login(store, DUC, "duc.off", local_ts("2024-04-15 10:00"))  # disabled since: not counted
    login(store, "001085099999", "ghost", local_ts("2024-04-15 10:00"))  # not linked


MOT_CUA = "Bộ phận Một cửa, UBND phường Mẫu Sơn"


def test_report_json_ever(store, tmp_path):
    rollout(store, tmp_path)
    r = ctl_tz(store, "report", "adoption", "--json", check=0)
    assert r.stdout.count("\n{") == 0  # exactly one object
    doc = json.loads(r.stdout)
    assert list(doc) == ["since", "units", "total"]
    assert doc == {
        "since": None,
        "units": [
            {"unit": "", "accounts": 1, "vneid_logins": 0, "not_yet": ["an.khac"]},
            {"unit": MOT_CUA, "accounts": 3, "vneid_logins": 2, "not_yet": ["cuong.lv"]},
            {"unit": "Phòng Tư pháp", "accounts": 2, "vneid_logins": 1,
             "not_yet": ["duc.hm.tnmt"]},
        ],
        "total": {"accounts": 6, "vneid_logins": 3},
    }


def test_report_since_is_local_midnight(store, tmp_path):
    rollout(store, tmp_path)
    doc = json.loads(ctl_tz(store, "report", "adoption", "--since", "2024-04-15", "--json",
                            check=0).stdout)
    assert doc["since"] == "2024-04-15"
    units = {u["unit"]: u for u in doc["units"]}
    # Bích logged in at 23:59 the day before: not since 15/4; Đức at 00:00: yes
    assert units[MOT_CUA]["vneid_logins"] == 1
    assert units[MOT_CUA]["not_yet"] == ["bich.tt", "cuong.lv"]
    assert units["Phòng Tư pháp"]["vneid_logins"] == 1
    assert doc["total"] == {"accounts": 6, "vneid_logins": 2}
    # the same instant is 2024-04-14 17:00 UTC: in UTC, Bích's 16:59 UTC is before
    doc = json.loads(ctl_tz(store, "report", "adoption", "--since", "2024-04-15", "--json",
                            tz="UTC", check=0).stdout)
    assert doc["total"]["vneid_logins"] == 1  # only An's 16/4 02:30 UTC login


def test_report_by_account(store, tmp_path):
    rollout(store, tmp_path)
    doc = json.loads(ctl_tz(store, "report", "adoption", "--by", "account", "--since",
                            "2024-04-15", "--json", check=0).stdout)
    assert list(doc) == ["since", "accounts", "total"]
    rows = {a["username"]: a for a in doc["accounts"]}
    assert set(rows) == {"an.nv", "bich.tt", "cuong.lv", "duc.hm", "duc.hm.tnmt", "an.khac"}
    assert rows["an.nv"] == {
        "citizen_id": AN, "username": "an.nv", "display_name": "Nguyễn Văn An",
        "unit": MOT_CUA, "logged_in": True,
        "first_vneid_login": "2024-04-10T08:00:00+07:00",
        "last_vneid_login": "2024-04-16T09:30:00+07:00", "vneid_logins": 2}
    assert rows["bich.tt"]["logged_in"] is False and rows["bich.tt"]["vneid_logins"] == 1
    assert rows["cuong.lv"]["first_vneid_login"] is None
    assert rows["cuong.lv"]["vneid_logins"] == 0
    assert doc["total"] == {"accounts": 6, "vneid_logins": 2}

    out = ctl_tz(store, "report", "adoption", "--by", "account", "--csv", check=0).stdout
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["citizen_id", "username", "display_name", "unit", "logged_in",
                        "first_vneid_login", "last_vneid_login", "vneid_logins"]
    assert [AN, "an.nv", "Nguyễn Văn An", MOT_CUA, "yes", "2024-04-10T08:00:00+07:00",
            "2024-04-16T09:30:00+07:00", "2"] in table
    assert [CUONG, "cuong.lv", "Lê Văn Cường", MOT_CUA, "no", "", "", "0"] in table

    human = ctl_tz(store, "report", "adoption", "--by", "account", check=0).stdout
    assert re.search(rf"{AN}\s+an\.nv\s+Nguyễn Văn An\s+yes\s+2024-04-10 08:00\s+"
                     r"2024-04-16 09:30\s+2$", human, re.M)


def test_report_csv_and_human(store, tmp_path):
    rollout(store, tmp_path)
    out = ctl_tz(store, "report", "adoption", "--since", "2024-04-15", "--csv", check=0).stdout
    assert list(csv.reader(io.StringIO(out))) == [
        ["unit", "accounts", "vneid_logins", "not_yet"],
        ["", "1", "0", "an.khac"],
        [MOT_CUA, "3", "1", "bich.tt, cuong.lv"],
        ["Phòng Tư pháp", "2", "1", "duc.hm.tnmt"],
    ]
    human = ctl_tz(store, "report", "adoption", "--since", "2024-04-15", check=0).stdout
    assert "since 2024-04-15" in human
    assert re.search(rf"^{re.escape(MOT_CUA)}\s+3\s+1\s+33\.3%\s+2$", human, re.M)
    assert re.search(r"^TOTAL\s+6\s+2\s+33\.3%\s+4$", human, re.M)
    assert re.search(r"^\(no unit\)\s+1\s+0\s+0\.0%\s+1$", human, re.M)
    assert f"{MOT_CUA}: not yet (2)" in human
    assert re.search(r"^\s+bich\.tt\s+Trần Thị Bích\s+2024-04-14 23:59$", human, re.M)
    assert re.search(r"^\s+cuong\.lv\s+Lê Văn Cường\s+-$", human, re.M)


def test_report_empty_store(store):
    doc = json.loads(ctl(store, "report", "adoption", "--json", check=0).stdout)
    assert doc == {"since": None, "units": [], "total": {"accounts": 0, "vneid_logins": 0}}
    assert "TOTAL" in ctl(store, "report", "adoption", check=0).stdout


@pytest.mark.parametrize("args", [
    ["report"], ["report", "frob"], ["report", "adoption", "--since"],
    ["report", "adoption", "--since", "15/04/2024"], ["report", "adoption", "--since",
                                                       "2024-02-30"],
    ["report", "adoption", "--by", "citizen"], ["report", "adoption", "--json", "--csv"],
    ["report", "adoption", "extra"],
])
def test_report_usage_errors(store, args):
    r = ctl(store, *args, check=2)
    assert r.stderr.startswith("vneidctl: ")


def test_report_help():
    for args in (["report", "-h"], ["report", "adoption", "--help"]):
        assert ctl(None, *args, check=0).stdout.startswith("usage: vneidctl")


def test_large_import_keeps_disabled_flags(store, tmp_path):
    # Over 256 citizens the import reads the directory in one pass instead
    # of one lookup per citizen: the disabled marks must survive both ways.
    ids = [f"001085{n:06d}" for n in range(300)]
    rows = "".join(f"{cid},u{n},Người {n},Đơn vị {n % 7}\n" for n, cid in enumerate(ids))
    data = ("citizen_id,username,display_name,unit\n" + rows).encode()
    ctl(store, "accounts", "import", write(tmp_path, "big.csv", data), check=0)
    ctl(store, "accounts", "disable", ids[0], "u0", check=0)
    ctl(store, "accounts", "disable", ids[299], "u299", check=0)
    r = ctl(store, "accounts", "import", write(tmp_path, "big2.csv", data), check=0)
    assert r.stdout == "imported 300 accounts for 300 staff (2 kept disabled)\n"
    rows = json.loads(ctl(store, "accounts", "list", "--json", check=0).stdout)
    assert [r["username"] for r in rows if r["status"] == "disabled"] == ["u0", "u299"]
