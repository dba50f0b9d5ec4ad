"""vneidctl and the roster: portal accounts imported without a citizen id,
waiting for their owner to claim them by self-service linking.

Run like test_vneidctl.py (VNEIDCTL, VNEID_SEED from tests/cli/CMakeLists.txt).
An import row with an EMPTY citizen_id goes to the roster; `accounts list`
shows roster entries with citizen id "-" (--json: null) and status
"unlinked" (or "disabled"); `accounts export` writes them with an empty
citizen id, so export -> import round-trips them.
"""
import json
import re

import pytest

from test_vneidctl import store  # noqa: F401  (the fixture: a fresh store)
from test_vneidctl import AN, BICH, DUC, ctl, seed, write
from test_vneidctl_scripts import export_bytes

KHAI = "Nguyễn Thị Minh Khai"

MIXED_CSV = (
    "citizen_id,username,display_name,unit\n"
    f"{AN},an.nv,Nguyễn Văn An,\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\n"
    f",khai.nt,{KHAI},\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\n"
    "  ,=cong.an,\"=HYPERLINK(\"\"http://x\"\")\",\"-Phòng, \"\"Tư pháp\"\"\"\n"
    f"{DUC},duc.hm,Hoàng Minh Đức,Phòng Tư pháp\n"
    ",bich.tt,\"Trần Thị \"\"Bích\"\"\",\n"
).encode("utf-8")


def listing(store, *args):
    return json.loads(ctl(store, "accounts", "list", "--json", *args, check=0).stdout)


def roster(store):
    return [r for r in listing(store) if r["citizen_id"] is None]


def link_request(store, citizen_id, user, name, at=1713144600):
    r = seed(store, "link-request", citizen_id, user, name, "--at", at)
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------------ import

def test_rows_without_citizen_id_go_to_the_roster(store, tmp_path):
    r = ctl(store, "accounts", "import", write(tmp_path, "m.csv", MIXED_CSV), check=0)
    assert r.stdout == ("imported 2 accounts for 2 staff, "
                        "3 unlinked accounts to the roster\n")
    assert r.stderr == ""
    rows = listing(store)
    # the directory first (citizen id order), then the roster (username order)
    assert [(x["citizen_id"], x["username"], x["status"]) for x in rows] == [
        (AN, "an.nv", "enabled"), (DUC, "duc.hm", "enabled"),
        (None, "=cong.an", "unlinked"), (None, "bich.tt", "unlinked"),
        (None, "khai.nt", "unlinked")]
    assert rows[4] == {"citizen_id": None, "username": "khai.nt", "status": "unlinked",
                       "display_name": KHAI, "unit": "Bộ phận Một cửa, UBND phường Mẫu Sơn"}
    assert rows[2]["display_name"] == '=HYPERLINK("http://x")'
    assert rows[2]["unit"] == '-Phòng, "Tư pháp"'
    assert rows[3]["display_name"] == 'Trần Thị "Bích"' and rows[3]["unit"] == ""
    # one citizen's listing never shows the roster
    assert [x["username"] for x in listing(store, AN)] == ["an.nv"]
    # the table: "-" for the citizen id, STATUS unlinked
    out = ctl(store, "accounts", "list", check=0).stdout.splitlines()
    assert len(out) == 6
    assert re.fullmatch(rf"-\s+khai\.nt\s+unlinked\s+{KHAI}\s+Bộ phận Một cửa, UBND phường "
                        r"Mẫu Sơn", out[5].rstrip()), out[5]
    # not linked: no staff counted, no report row
    assert "accounts 2" in ctl(store, "stats", check=0).stdout
    doc = json.loads(ctl(store, "report", "adoption", "--json", check=0).stdout)
    assert doc["total"]["accounts"] == 2


def test_only_roster_rows(store, tmp_path):
    data = "citizen_id,username,display_name,unit\n,khai.nt,Khai,Một cửa\n".encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "r.csv", data), check=0)
    assert r.stdout == "imported 0 accounts for 0 staff, 1 unlinked account to the roster\n"
    assert ctl(store, "accounts", "list", check=0).stdout.startswith("CITIZEN ID")
    assert [x["username"] for x in roster(store)] == ["khai.nt"]


def test_a_roster_import_updates_and_adds(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "m.csv", MIXED_CSV), check=0)
    data = ("citizen_id,username,display_name,unit\n"
            ",khai.nt,Khai mới,Phòng mới\n,moi.nv,Mới,\n").encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "u.csv", data), check=0)
    assert r.stdout == "imported 0 accounts for 0 staff, 2 unlinked accounts to the roster\n"
    by_user = {x["username"]: x for x in roster(store)}
    assert set(by_user) == {"=cong.an", "bich.tt", "khai.nt", "moi.nv"}  # others untouched
    assert by_user["khai.nt"]["display_name"] == "Khai mới"
    assert by_user["khai.nt"]["unit"] == "Phòng mới"


def test_roster_rows_of_linked_accounts_are_skipped(store, tmp_path):
    ctl(store, "accounts", "link", BICH, "bich.tt", check=0)
    data = ("citizen_id,username,display_name,unit\n"
            ",bich.tt,Trần Thị Bích,\n"        # linked in the store
            f"{AN},an.nv,An,\n"
            ",an.nv,An again,\n"               # linked by this very file
            ",khai.nt,Khai,\n").encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "s.csv", data), check=0)
    assert r.stdout == ("imported 1 account for 1 staff, 1 unlinked account to the roster "
                        "(2 already linked, not in the roster)\n")
    assert [x["username"] for x in roster(store)] == ["khai.nt"]
    # a citizen the file replaces no longer holds what the file leaves out
    data = (f"citizen_id,username,display_name,unit\n{BICH},bich.moi,Bích,\n"
            ",bich.tt,Trần Thị Bích,\n").encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "t.csv", data), check=0)
    assert r.stdout == ("imported 1 account for 1 staff, 1 unlinked account to the roster\n")
    assert [x["username"] for x in roster(store)] == ["bich.tt", "khai.nt"]


def test_linking_takes_an_account_out_of_the_roster(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "m.csv", MIXED_CSV), check=0)
    # an import that names the owner
    data = f"citizen_id,username,display_name,unit\n{BICH},bich.tt,Bích,Tư pháp\n".encode()
    ctl(store, "accounts", "import", write(tmp_path, "b.csv", data), check=0)
    assert "bich.tt" not in [x["username"] for x in roster(store)]
    # accounts link: the roster's display name and unit, unless given
    r = ctl(store, "accounts", "link", AN, "khai.nt", check=0)
    assert r.stdout == f"linked khai.nt to {AN} (2 accounts; from the roster)\n"
    assert listing(store, AN)[1] == {
        "citizen_id": AN, "username": "khai.nt", "status": "enabled", "display_name": KHAI,
        "unit": "Bộ phận Một cửa, UBND phường Mẫu Sơn"}
    ctl(store, "accounts", "link", DUC, "=cong.an", "--unit", "Công an", check=0)
    assert listing(store, DUC)[1]["display_name"] == '=HYPERLINK("http://x")'
    assert listing(store, DUC)[1]["unit"] == "Công an"
    assert roster(store) == []
    # unlinking does not put it back
    ctl(store, "accounts", "unlink", AN, "khai.nt", check=0)
    assert roster(store) == []


def test_roster_row_errors_change_nothing(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "m.csv", MIXED_CSV), check=0)
    before = export_bytes(store)
    bad = ("citizen_id,username,display_name,unit\n"
           ",,No Username,\n"                  # 2
           ",a,b,Một cửa\n"                    # 3 good
           ",a,b again,\n"                     # 4 twice without a citizen id
           ",x\x01y,Ctrl,\n"                   # 5
           ",\"c,d\",Comma,\n"                 # 6
           ",ok,Name\x1b,\n"                  # 7
           f",{'u' * 128},Too long,\n").encode()  # 8
    f = write(tmp_path, "bad.csv", bad)
    r = ctl(store, "accounts", "import", f, check=2)
    for line in (2, 4, 5, 6, 7, 8):
        assert f"{f}:{line}: " in r.stderr, r.stderr
    assert f"{f}:3: " not in r.stderr
    assert f'{f}:4: username "a" already listed without a citizen id on line 3' in r.stderr
    assert f"{f}:8: username longer than 127 bytes" in r.stderr
    assert export_bytes(store) == before


def test_disabled_roster_entries(store, tmp_path):
    data = ("citizen_id,username,display_name,unit,status\n"
            ",khai.nt,Khai,Một cửa,disabled\n,bich.tt,Bích,,enabled\n").encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "d.csv", data), check=0)
    assert r.stdout == ("imported 0 accounts for 0 staff, 2 unlinked accounts to the roster "
                        "(1 disabled by the file)\n")
    assert [(x["username"], x["status"]) for x in roster(store)] == [
        ("bich.tt", "unlinked"), ("khai.nt", "disabled")]
    # an older file saying "enabled" never re-enables
    data = "citizen_id,username,display_name,unit,status\n,khai.nt,Khai,Một cửa,enabled\n"
    r = ctl(store, "accounts", "import", write(tmp_path, "e.csv", data.encode()), check=0)
    assert r.stdout == ("imported 0 accounts for 0 staff, 1 unlinked account to the roster "
                        "(1 kept disabled)\n")
    assert roster(store)[1]["status"] == "disabled"
    # linked by an administrator: stays disabled, and says so
    r = ctl(store, "accounts", "link", AN, "khai.nt", check=0)
    assert "disabled, as in the roster" in r.stdout
    assert f"vneidctl accounts enable {AN} khai.nt" in r.stdout
    assert listing(store, AN)[0]["status"] == "disabled"


# ------------------------------------------------------------------ export

def test_export_import_round_trip_with_the_roster(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "m.csv", MIXED_CSV), check=0)
    data = ("citizen_id,username,display_name,unit,status\n"
            ",'+khoa,\"Lê, Văn \"\"Khoa\"\"\",@Phòng,disabled\n").encode()
    ctl(store, "accounts", "import", write(tmp_path, "k.csv", data), check=0)
    first = export_bytes(store)
    text = first.decode("utf-8")
    assert text.endswith(
        ",'+khoa,\"Lê, Văn \"\"Khoa\"\"\",'@Phòng,disabled\r\n"
        ",'=cong.an,\"'=HYPERLINK(\"\"http://x\"\")\",\"'-Phòng, \"\"Tư pháp\"\"\",enabled\r\n"
        ",bich.tt,\"Trần Thị \"\"Bích\"\"\",,enabled\r\n"
        f",khai.nt,{KHAI},\"Bộ phận Một cửa, UBND phường Mẫu Sơn\",enabled\r\n")
    assert text.index(f"{DUC},duc.hm") < text.index(",'+khoa")  # the directory first

    empty = tmp_path / "empty"
    empty.mkdir()
    assert seed(empty, "stats").returncode == 0
    r = ctl(empty, "accounts", "import", write(tmp_path, "x.csv", first), check=0)
    assert r.stdout == ("imported 2 accounts for 2 staff, 4 unlinked accounts to the roster "
                        "(1 disabled by the file)\n")
    assert export_bytes(empty) == first
    assert listing(empty) == listing(store)


# ---------------------------------------------------------- link requests

def test_approve_takes_the_roster_entry(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "m.csv", MIXED_CSV), check=0)
    link_request(store, BICH, "khai.nt", KHAI)
    r = ctl(store, "accounts", "approve", BICH, "khai.nt", check=0)
    assert r.stdout == f"approved: khai.nt linked to {BICH}\n"
    assert listing(store, BICH) == [{
        "citizen_id": BICH, "username": "khai.nt", "status": "enabled", "display_name": KHAI,
        "unit": "Bộ phận Một cửa, UBND phường Mẫu Sơn"}]
    assert "khai.nt" not in [x["username"] for x in roster(store)]


def test_approve_keeps_a_roster_disable(store, tmp_path):
    data = "citizen_id,username,display_name,unit,status\n,khai.nt,Khai,,disabled\n"
    ctl(store, "accounts", "import", write(tmp_path, "d.csv", data.encode()), check=0)
    link_request(store, BICH, "khai.nt", KHAI)
    r = ctl(store, "accounts", "approve", BICH, "khai.nt", check=0)
    assert r.stdout == (f"approved: khai.nt linked to {BICH} (disabled, as in the roster; "
                        f"to use it: vneidctl accounts enable {BICH} khai.nt)\n")
    assert listing(store, BICH)[0]["status"] == "disabled"


def test_approve_refuses_another_citizens_account(store):
    ctl(store, "accounts", "link", AN, "khai.nt", check=0)
    link_request(store, BICH, "khai.nt", KHAI)
    r = ctl(store, "accounts", "approve", BICH, "khai.nt", check=2)
    assert r.stdout == ""
    assert r.stderr.startswith("vneidctl: account khai.nt is linked to another citizen id "
                               f"({AN})")
    assert "request stays" in r.stderr
    # nothing changed: still AN's, the request still there
    assert [x["citizen_id"] for x in listing(store)] == [AN]
    reqs = json.loads(ctl(store, "accounts", "requests", "--json", check=0).stdout)
    assert [(x["citizen_id"], x["username"]) for x in reqs] == [(BICH, "khai.nt")]
    ctl(store, "accounts", "reject", BICH, "khai.nt", check=0)


# ------------------------------------------------------------------- help

@pytest.mark.parametrize("text", ["EMPTY citizen_id", "roster", "unlinked"])
def test_help_explains_the_roster(text):
    assert text in ctl(None, "accounts", "--help", check=0).stdout
