"""End-to-end tests of vneidctl against throw-away stores.

VNEIDCTL and VNEID_SEED name the binaries (set by tests/cli/CMakeLists.txt).
Sessions are created with the test tool vneid-test-seed, which uses the same
store API as the nginx module.
"""
import os
import pathlib
import re
import subprocess

import pytest

VNEIDCTL = os.environ.get("VNEIDCTL", "vneidctl")
SEED = os.environ.get("VNEID_SEED", "vneid-test-seed")
SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
DEMO_CSV = SOURCE_DIR / "conf" / "demo" / "accounts.csv"

AN = "001085012345"   # Hà Nội, male, 1985
BICH = "079190004321"  # TP. Hồ Chí Minh, male, 1990
DUC = "040072009876"  # Nghệ An, male, 1972


def ctl(store, *args, check=None):
    cmd = [VNEIDCTL]
    if store is not None:
        cmd += ["--store", str(store)]
    r = subprocess.run(cmd + [str(a) for a in args], capture_output=True,
                       text=True, encoding="utf-8", timeout=30)
    if check is not None:
        assert r.returncode == check, (r.returncode, r.stdout, r.stderr)
    return r


def seed(store, *args):
    r = subprocess.run([SEED, "--store", str(store)] + [str(a) for a in args],
                       capture_output=True, text=True, encoding="utf-8", timeout=30)
    return r


def create_session(store, citizen_id, name="Nguyễn Văn An", level=2):
    r = seed(store, "create", "--citizen-id", citizen_id, "--name", name,
             "--level", level)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def session_exists(store, cookie):
    r = seed(store, "show", cookie)
    assert r.returncode in (0, 3), r.stderr
    return r.returncode == 0


@pytest.fixture
def store(tmp_path):
    d = tmp_path / "store"
    d.mkdir()
    # Let the test tool create the LMDB files, as nginx's master would.
    assert seed(d, "stats").returncode == 0
    return d


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def accounts_of(store, citizen_id):
    r = ctl(store, "accounts", "list", citizen_id)
    if r.returncode != 0:
        return []
    rows = r.stdout.splitlines()[1:]
    return [re.split(r"\s{2,}", row.strip()) for row in rows]


def usernames(store, citizen_id):
    return [row[1] for row in accounts_of(store, citizen_id)]


def statuses(store, citizen_id):
    """username -> "enabled" / "disabled" (the STATUS column)."""
    return {row[1]: row[2] for row in accounts_of(store, citizen_id)}


GOOD_CSV = (
    "\ufeffcitizen_id,username,display_name,unit\r\n"
    f"{AN},an.nv,Nguyễn Văn An,\"Bộ phận Một cửa, UBND phường Mẫu Sơn\"\r\n"
    f"{DUC},duc.hm,Hoàng Minh Đức,Phòng Tư pháp\r\n"
    f"{DUC},duc.hm.tnmt,\"Hoàng Minh \"\"Đức\"\"\",Phòng Tài nguyên và Môi trường\r\n"
).encode("utf-8")


# ------------------------------------------------------------------ import

def test_import_good_csv_with_bom_quotes_crlf(store, tmp_path):
    f = write(tmp_path, "users.csv", GOOD_CSV)
    r = ctl(store, "accounts", "import", f, check=0)
    assert "imported 3 accounts for 2 staff" in r.stdout
    an = accounts_of(store, AN)
    assert an == [[AN, "an.nv", "enabled", "Nguyễn Văn An",
                   "Bộ phận Một cửa, UBND phường Mẫu Sơn"]]
    assert usernames(store, DUC) == ["duc.hm", "duc.hm.tnmt"]
    assert accounts_of(store, DUC)[1][3] == 'Hoàng Minh "Đức"'


def test_import_replaces_only_listed_citizens(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    second = (
        "citizen_id,username,display_name,unit\n"
        f"{DUC},duc.moi,Hoàng Minh Đức,Phòng Nội vụ\n"
    ).encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "b.csv", second), check=0)
    assert "imported 1 account for 1 staff" in r.stdout
    assert usernames(store, DUC) == ["duc.moi"]
    assert usernames(store, AN) == ["an.nv"]


def test_import_demo_file_is_valid(store):
    r = ctl(store, "accounts", "import", DEMO_CSV, check=0)
    assert re.search(r"imported \d+ accounts for \d+ staff", r.stdout)
    listing = ctl(store, "accounts", "list", check=0).stdout
    assert AN in listing and "an.nv" in listing


def test_import_with_bad_rows_changes_nothing(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    before = ctl(store, "accounts", "list", check=0).stdout
    bad = (
        "citizen_id,username,display_name,unit\n"          # 1
        f"{BICH},bich.tt,Trần Thị Bích,Một cửa\n"          # 2 good
        "1085012345,x.y,Leading Zeros Lost,Một cửa\n"      # 3 short id
        f"{AN},,No Username,Một cửa\n"                     # 4 empty username
        f"{AN},\"a,b\",Comma,Một cửa\n"                    # 5 comma in username
        "001299012345,future,Born 2099,Một cửa\n"          # 6 birth year in future
        f"{AN},only-three-fields,x\n"                       # 7 field count
        f"{DUC},duc.new,Hoàng Minh Đức,Phòng Tư pháp\n"    # 8 good
    ).encode()
    f = write(tmp_path, "bad.csv", bad)
    r = ctl(store, "accounts", "import", f, check=2)
    for line in (3, 4, 5, 6, 7):
        assert f"{f}:{line}: " in r.stderr, r.stderr
    for line in (1, 2, 8):
        assert f"{f}:{line}: " not in r.stderr
    assert "leading zeros" in r.stderr
    assert "nothing imported" in r.stderr
    assert ctl(store, "accounts", "list", check=0).stdout == before
    assert usernames(store, BICH) == []


def test_import_rejects_duplicates_wrong_header_and_broken_quotes(store, tmp_path):
    dup = (f"citizen_id,username,display_name,unit\n{AN},an.nv,A,U\n{AN},an.nv,A,U\n"
           ).encode()
    f = write(tmp_path, "dup.csv", dup)
    r = ctl(store, "accounts", "import", f, check=2)
    assert f"{f}:3: " in r.stderr and "line 2" in r.stderr

    f = write(tmp_path, "hdr.csv", f"id,user\n{AN},an.nv\n".encode())
    r = ctl(store, "accounts", "import", f, check=2)
    assert f"{f}:1: expected the header" in r.stderr

    f = write(tmp_path, "quote.csv",
              f"citizen_id,username,display_name,unit\n{AN},an.nv,\"open,U\n".encode())
    r = ctl(store, "accounts", "import", f, check=2)
    assert f"{f}:2: unterminated" in r.stderr

    f = write(tmp_path, "ctrl.csv",
              f"citizen_id,username,display_name,unit\n{AN},an\x01nv,A,U\n".encode())
    r = ctl(store, "accounts", "import", f, check=2)
    assert f"{f}:2: username contains a control character" in r.stderr

    f = write(tmp_path, "empty.csv", b"")
    ctl(store, "accounts", "import", f, check=2)
    f = write(tmp_path, "header-only.csv", b"citizen_id,username,display_name,unit\n")
    ctl(store, "accounts", "import", f, check=2)
    assert ctl(store, "stats", check=0).stdout.split("accounts")[1].split()[0] == "0"


def test_import_missing_file(store, tmp_path):
    r = ctl(store, "accounts", "import", tmp_path / "nope.csv", check=2)
    assert "cannot open" in r.stderr


# ------------------------------------------------------------- list / link

def test_list_all_and_one(store, tmp_path):
    assert "no accounts linked" in ctl(store, "accounts", "list", check=0).stdout
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    out = ctl(store, "accounts", "list", check=0).stdout.splitlines()
    assert out[0].split() == ["CITIZEN", "ID", "USERNAME", "STATUS", "DISPLAY", "NAME",
                              "UNIT"]
    assert len(out) == 4
    one = ctl(store, "accounts", "list", DUC, check=0).stdout
    assert AN not in one and "duc.hm.tnmt" in one
    r = ctl(store, "accounts", "list", BICH, check=2)
    assert "no accounts linked" in r.stderr
    ctl(store, "accounts", "list", "12345", check=2)


def test_link_and_unlink(store):
    r = ctl(store, "accounts", "link", AN, "an.nv", "--name", "Nguyễn Văn An",
            "--unit", "Bộ phận Một cửa", check=0)
    assert "linked an.nv" in r.stdout
    ctl(store, "accounts", "link", AN, "an.nv.tp", check=0)
    r = ctl(store, "accounts", "link", AN, "an.nv", check=0)
    assert "already linked" in r.stdout
    assert usernames(store, AN) == ["an.nv", "an.nv.tp"]
    assert accounts_of(store, AN)[0] == [AN, "an.nv", "enabled", "Nguyễn Văn An",
                                         "Bộ phận Một cửa"]

    ctl(store, "accounts", "unlink", AN, "an.nv", check=0)
    assert usernames(store, AN) == ["an.nv.tp"]
    r = ctl(store, "accounts", "unlink", AN, "an.nv", check=2)
    assert "not linked" in r.stderr
    ctl(store, "accounts", "unlink", AN, "an.nv.tp", check=0)
    assert usernames(store, AN) == []


def test_link_validates(store):
    assert "not 12" in ctl(store, "accounts", "link", "1085012345", "u", check=2).stderr
    ctl(store, "accounts", "link", "001299012345", "u", check=2)  # born 2099
    ctl(store, "accounts", "link", AN, "a,b", check=2)
    ctl(store, "accounts", "link", AN, "", check=2)
    ctl(store, "accounts", "link", AN, "u", "--bogus", "x", check=2)
    ctl(store, "accounts", "link", AN, "u", "--name", check=2)
    assert usernames(store, AN) == []


# --------------------------------------------------------- disable / enable

def test_disable_and_enable(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    r = ctl(store, "accounts", "disable", DUC, "duc.hm", check=0)
    assert r.stdout == f"disabled duc.hm of {DUC} (1 of 2 accounts enabled)\n"
    assert statuses(store, DUC) == {"duc.hm": "disabled", "duc.hm.tnmt": "enabled"}
    # Still linked: same order, name and unit; the whole listing shows it too.
    assert accounts_of(store, DUC)[0] == [DUC, "duc.hm", "disabled", "Hoàng Minh Đức",
                                          "Phòng Tư pháp"]
    assert re.search(rf"^{DUC}\s+duc\.hm\s+disabled\s", ctl(store, "accounts", "list",
                                                             check=0).stdout, re.M)

    before = ctl(store, "accounts", "list", check=0).stdout
    r = ctl(store, "accounts", "disable", DUC, "duc.hm", check=0)
    assert r.stdout == f"duc.hm of {DUC} is already disabled\n"
    assert ctl(store, "accounts", "list", check=0).stdout == before

    r = ctl(store, "accounts", "enable", DUC, "duc.hm", check=0)
    assert r.stdout == f"enabled duc.hm of {DUC} (2 of 2 accounts enabled)\n"
    assert statuses(store, DUC) == {"duc.hm": "enabled", "duc.hm.tnmt": "enabled"}
    r = ctl(store, "accounts", "enable", DUC, "duc.hm", check=0)
    assert "already enabled" in r.stdout


def test_disable_the_last_enabled_account(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    r = ctl(store, "accounts", "disable", AN, "an.nv", check=0)
    assert "no enabled account left" in r.stdout
    assert statuses(store, AN) == {"an.nv": "disabled"}
    # A disabled account is still a link: the staff member still counts.
    assert "accounts 2" in ctl(store, "stats", check=0).stdout


def test_disable_enable_errors_change_nothing(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    before = ctl(store, "accounts", "list", check=0).stdout
    for cmd in ("disable", "enable"):
        r = ctl(store, "accounts", cmd, DUC, "duc.nobody", check=2)
        assert r.stderr == f"vneidctl: duc.nobody is not linked to {DUC}\n"
        r = ctl(store, "accounts", cmd, BICH, "bich.tt", check=2)
        assert r.stderr == f"vneidctl: no accounts linked to {BICH}\n"
        r = ctl(store, "accounts", cmd, "1085012345", "an.nv", check=2)
        assert "12 digits" in r.stderr and "leading zeros" in r.stderr
        ctl(store, "accounts", cmd, DUC, check=2)
        ctl(store, "accounts", cmd, DUC, "duc.hm", "extra", check=2)
        # usernames are exact: no case folding, no trimming
        ctl(store, "accounts", cmd, DUC, "DUC.HM", check=2)
    assert ctl(store, "accounts", "list", check=0).stdout == before


def test_import_keeps_disabled_accounts_disabled(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    ctl(store, "accounts", "disable", DUC, "duc.hm.tnmt", check=0)
    # The portal's export again, with the unit of the disabled account renamed:
    # the file's data is taken, the admin's disable is kept.
    again = GOOD_CSV.replace("Phòng Tài nguyên và Môi trường".encode(),
                             "Phòng Nông nghiệp và Môi trường".encode())
    r = ctl(store, "accounts", "import", write(tmp_path, "b.csv", again), check=0)
    assert r.stdout == "imported 3 accounts for 2 staff (1 kept disabled)\n"
    assert statuses(store, DUC) == {"duc.hm": "enabled", "duc.hm.tnmt": "disabled"}
    assert accounts_of(store, DUC)[1][4] == "Phòng Nông nghiệp và Môi trường"
    assert statuses(store, AN) == {"an.nv": "enabled"}

    # An account that leaves the list loses its link, flag included: linked
    # again later, it starts enabled.
    without = (
        "citizen_id,username,display_name,unit\n"
        f"{DUC},duc.hm,Hoàng Minh Đức,Phòng Tư pháp\n"
    ).encode()
    r = ctl(store, "accounts", "import", write(tmp_path, "c.csv", without), check=0)
    assert r.stdout == "imported 1 account for 1 staff\n"
    ctl(store, "accounts", "import", write(tmp_path, "d.csv", GOOD_CSV), check=0)
    assert statuses(store, DUC) == {"duc.hm": "enabled", "duc.hm.tnmt": "enabled"}


def test_link_keeps_a_disabled_account_disabled(store):
    ctl(store, "accounts", "link", AN, "an.nv", "--name", "Nguyễn Văn An", check=0)
    ctl(store, "accounts", "link", AN, "an.nv.tp", check=0)
    ctl(store, "accounts", "disable", AN, "an.nv", check=0)
    r = ctl(store, "accounts", "link", AN, "an.nv", check=0)
    assert "already linked" in r.stdout and "disabled" in r.stdout
    assert f"vneidctl accounts enable {AN} an.nv" in r.stdout
    assert statuses(store, AN) == {"an.nv": "disabled", "an.nv.tp": "enabled"}
    # unlink removes a disabled account like any other; a new link is enabled
    ctl(store, "accounts", "unlink", AN, "an.nv", check=0)
    ctl(store, "accounts", "link", AN, "an.nv", check=0)
    assert statuses(store, AN) == {"an.nv.tp": "enabled", "an.nv": "enabled"}


# ---------------------------------------------------------------- sessions

def test_sessions_list_masks_citizen_ids(store):
    assert "no active sessions" in ctl(store, "sessions", "list", check=0).stdout
    create_session(store, AN, "Nguyễn Văn An", 2)
    create_session(store, BICH, "Trần Thị Bích", 1)
    r = ctl(store, "sessions", "list", check=0)
    assert AN not in r.stdout and BICH not in r.stdout
    assert "001******345" in r.stdout and "079******321" in r.stdout
    assert "Nguyễn Văn An" in r.stdout and "Trần Thị Bích" in r.stdout
    lines = r.stdout.splitlines()
    assert lines[0].startswith("KEY")
    assert len(lines) == 3
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r.stdout)
    assert re.search(r"^[0-9a-f]{16}\s", lines[1])


def test_revoke_by_citizen(store):
    a1 = create_session(store, AN)
    a2 = create_session(store, AN)
    b = create_session(store, BICH, "Trần Thị Bích")
    r = ctl(store, "sessions", "revoke", "--citizen", AN, check=0)
    assert "revoked 2 sessions" in r.stdout
    assert not session_exists(store, a1) and not session_exists(store, a2)
    assert session_exists(store, b)
    r = ctl(store, "sessions", "revoke", "--citizen", AN, check=0)
    assert "revoked 0 sessions" in r.stdout


def test_revoke_all(store):
    cookies = [create_session(store, AN), create_session(store, BICH, "Trần Thị Bích")]
    r = ctl(store, "sessions", "revoke", "--all", check=0)
    assert "revoked 2 sessions" in r.stdout
    assert not any(session_exists(store, c) for c in cookies)


def test_revoke_usage(store):
    ctl(store, "sessions", "revoke", check=2)
    ctl(store, "sessions", "revoke", "--all", "--citizen", AN, check=2)
    ctl(store, "sessions", "revoke", "--citizen", check=2)
    ctl(store, "sessions", "revoke", "--citizen", "12", check=2)


# ------------------------------------------------------------------- stats

def test_stats(store, tmp_path):
    ctl(store, "accounts", "import", write(tmp_path, "a.csv", GOOD_CSV), check=0)
    create_session(store, AN)
    out = ctl(store, "stats", check=0).stdout
    values = dict(line.split() for line in out.splitlines())
    assert values == {"sessions": "1", "flows": "0", "accounts": "2"}


# ------------------------------------------------------------- usage/errors

@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["accounts", "--help"], ["accounts", "import", "-h"],
    ["accounts", "link", "--help"], ["accounts", "disable", "-h"],
    ["accounts", "enable", DUC, "--help"], ["sessions", "-h"], ["sessions", "revoke", "--help"],
    ["stats", "--help"],
])
def test_help_everywhere(args):
    r = ctl(None, *args, check=0)
    assert r.stdout.startswith("usage: vneidctl")


@pytest.mark.parametrize("args", [
    [], ["frobnicate"], ["accounts"], ["accounts", "frob"], ["sessions", "frob"],
    ["stats", "extra"], ["--bogus", "stats"], ["accounts", "import"],
    ["accounts", "unlink", AN], ["accounts", "disable"], ["accounts", "enable", AN],
])
def test_usage_errors(store, args):
    r = ctl(store, *args, check=2)
    assert r.stderr.startswith("vneidctl: ")


def test_store_required():
    r = ctl(None, "stats", check=2)
    assert "--store" in r.stderr


def test_missing_store_dir_is_not_created(tmp_path):
    missing = tmp_path / "no-such-store"
    r = ctl(missing, "stats", check=1)
    assert "does not exist" in r.stderr
    assert not missing.exists()
