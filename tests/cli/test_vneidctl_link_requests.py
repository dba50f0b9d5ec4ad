"""vneidctl accounts requests / approve / reject: staff's requests to have a
legacy account linked to their citizen id.

Run like test_vneidctl.py (VNEIDCTL, VNEID_SEED from tests/cli/CMakeLists.txt).
Requests are seeded with `vneid-test-seed link-request CITIZEN_ID USER NAME
--at UNIX`, the store API (Store::add_link_request) the gateway uses.
"""
import json
import re

import pytest

from test_vneidctl import store  # noqa: F401  (the fixture: a fresh store)
from test_vneidctl import AN, BICH, DUC, ctl, seed
from test_vneidctl_scripts import ctl_tz, local_ts

KHAI = "Nguyễn Thị Minh Khai"


def link_request(store, citizen_id, user, name, at):
    r = seed(store, "link-request", citizen_id, user, name, "--at", int(at))
    assert r.returncode == 0, r.stderr


def requests_json(store):
    return json.loads(ctl_tz(store, "accounts", "requests", "--json", check=0).stdout)


def pending(store):
    """(citizen_id, username) of every pending request, in listing order."""
    return [(r["citizen_id"], r["username"]) for r in requests_json(store)]


def accounts_json(store):
    return json.loads(ctl(store, "accounts", "list", "--json", check=0).stdout)


@pytest.fixture
def three_requests(store):
    link_request(store, DUC, "duc.hm", "Hoàng Minh Đức", local_ts("2024-04-16 14:05"))
    link_request(store, AN, "khai.nt", KHAI, local_ts("2024-04-15 08:30"))
    link_request(store, BICH, "bich.tt", "Trần Thị Bích", local_ts("2024-04-15 09:00"))
    return store


# ----------------------------------------------------------------- requests

def test_no_requests(store):
    r = ctl(store, "accounts", "requests", check=0)
    assert r.stdout == "no pending link requests\n" and r.stderr == ""
    assert requests_json(store) == []


def test_requests_table_in_citizen_id_order_local_time(three_requests):
    out = ctl_tz(three_requests, "accounts", "requests", check=0).stdout.splitlines()
    assert out[0].split() == ["CITIZEN", "ID", "USERNAME", "NAME", "REQUESTED"]
    assert len(out) == 4
    assert re.fullmatch(rf"{AN}\s+khai\.nt\s+{KHAI}\s+2024-04-15 08:30", out[1])
    assert re.fullmatch(rf"{DUC}\s+duc\.hm\s+Hoàng Minh Đức\s+2024-04-16 14:05", out[2])
    assert re.fullmatch(rf"{BICH}\s+bich\.tt\s+Trần Thị Bích\s+2024-04-15 09:00", out[3])
    # the same instant in UTC
    utc = ctl_tz(three_requests, "accounts", "requests", tz="UTC", check=0).stdout
    assert "2024-04-15 01:30" in utc


def test_requests_json(three_requests):
    rows = requests_json(three_requests)
    assert [list(r) for r in rows] == [["citizen_id", "username", "name", "requested"]] * 3
    assert rows[0] == {"citizen_id": AN, "username": "khai.nt", "name": KHAI,
                       "requested": "2024-04-15T08:30:00+07:00"}
    assert pending(three_requests) == [(AN, "khai.nt"), (DUC, "duc.hm"), (BICH, "bich.tt")]
    doc = json.loads(ctl_tz(three_requests, "accounts", "requests", "--json", tz="UTC",
                            check=0).stdout)
    assert doc[0]["requested"] == "2024-04-15T01:30:00+00:00"


def test_a_renewed_request_is_listed_once(store):
    link_request(store, AN, "khai.nt", "Old Name", local_ts("2024-04-15 08:30"))
    link_request(store, AN, "khai.nt", KHAI, local_ts("2024-04-17 10:00"))
    assert requests_json(store) == [{"citizen_id": AN, "username": "khai.nt", "name": KHAI,
                                     "requested": "2024-04-17T10:00:00+07:00"}]


def test_requests_control_characters_are_shown_harmless(store):
    link_request(store, AN, "khai.nt", "Khai\x1b[2J\nforged row", local_ts("2024-04-15 08:30"))
    out = ctl_tz(store, "accounts", "requests", check=0).stdout
    assert "\x1b" not in out and len(out.splitlines()) == 2
    assert "Khai?[2J?forged row" in out
    assert requests_json(store)[0]["name"] == "Khai\x1b[2J\nforged row"


# ------------------------------------------------------------------ approve

def test_approve_links_the_account_enabled_with_the_vneid_name(three_requests):
    store = three_requests
    ctl(store, "accounts", "link", AN, "an.nv", "--name", "Nguyễn Văn An", "--unit", "Một cửa",
        check=0)
    r = ctl(store, "accounts", "approve", AN, "khai.nt", check=0)
    assert r.stdout == f"approved: khai.nt linked to {AN}\n" and r.stderr == ""
    # appended after the citizen's existing account
    assert [a for a in accounts_json(store) if a["citizen_id"] == AN] == [
        {"citizen_id": AN, "username": "an.nv", "status": "enabled",
         "display_name": "Nguyễn Văn An", "unit": "Một cửa"},
        {"citizen_id": AN, "username": "khai.nt", "status": "enabled",
         "display_name": KHAI, "unit": ""}]
    assert pending(store) == [(DUC, "duc.hm"), (BICH, "bich.tt")]
    # decided once: a second approve finds nothing
    r = ctl(store, "accounts", "approve", AN, "khai.nt", check=2)
    assert r.stderr == f"vneidctl: no pending request to link khai.nt to {AN}\n"


def test_approve_leaves_an_already_linked_account_as_it_is(three_requests):
    store = three_requests
    ctl(store, "accounts", "link", DUC, "duc.hm", "--name", "Đức (portal)", "--unit", "Tư pháp",
        check=0)
    ctl(store, "accounts", "disable", DUC, "duc.hm", check=0)
    r = ctl(store, "accounts", "approve", DUC, "duc.hm", check=0)
    assert r.stdout == (f"approved: duc.hm was already linked to {DUC}; left as it is "
                        f"(disabled; to use it again: vneidctl accounts enable {DUC} duc.hm)\n")
    assert [a for a in accounts_json(store) if a["citizen_id"] == DUC] == [
        {"citizen_id": DUC, "username": "duc.hm", "status": "disabled",
         "display_name": "Đức (portal)", "unit": "Tư pháp"}]
    assert (DUC, "duc.hm") not in pending(store)

    ctl(store, "accounts", "link", BICH, "bich.tt", check=0)
    r = ctl(store, "accounts", "approve", BICH, "bich.tt", check=0)
    assert r.stdout == f"approved: bich.tt was already linked to {BICH}; left as it is\n"


# ------------------------------------------------------------------- reject

def test_reject_drops_the_request_and_links_nothing(three_requests):
    store = three_requests
    r = ctl(store, "accounts", "reject", BICH, "bich.tt", check=0)
    assert r.stdout == f"rejected: bich.tt not linked to {BICH}\n" and r.stderr == ""
    assert accounts_json(store) == []
    assert pending(store) == [(AN, "khai.nt"), (DUC, "duc.hm")]
    r = ctl(store, "accounts", "reject", BICH, "bich.tt", check=2)
    assert r.stderr == f"vneidctl: no pending request to link bich.tt to {BICH}\n"


def test_reject_says_when_the_account_is_linked_anyway(three_requests):
    store = three_requests
    ctl(store, "accounts", "link", AN, "khai.nt", check=0)
    r = ctl(store, "accounts", "reject", AN, "khai.nt", check=0)
    assert "rejected" in r.stdout and "is linked to" in r.stdout
    assert f"vneidctl accounts unlink {AN} khai.nt" in r.stdout
    assert [a["username"] for a in accounts_json(store)] == ["khai.nt"]  # left alone
    assert (AN, "khai.nt") not in pending(store)


# ------------------------------------------------------------------- errors

@pytest.mark.parametrize("cmd", ["approve", "reject"])
def test_no_such_request_changes_nothing(three_requests, cmd):
    store = three_requests
    before = (requests_json(store), ctl(store, "accounts", "export", check=0).stdout)
    # usernames and ids are exact: another citizen's request is not this one's
    for args in ([AN, "duc.hm"], [AN, "KHAI.NT"], [BICH, "nobody"], ["001085099999", "khai.nt"]):
        r = ctl(store, "accounts", cmd, *args, check=2)
        assert r.stderr == f"vneidctl: no pending request to link {args[1]} to {args[0]}\n"
        assert r.stdout == ""
    assert (requests_json(store), ctl(store, "accounts", "export", check=0).stdout) == before


@pytest.mark.parametrize("cmd", ["approve", "reject"])
def test_usage_errors_change_nothing(three_requests, cmd):
    store = three_requests
    before = requests_json(store)
    r = ctl(store, "accounts", cmd, AN[1:], "khai.nt", check=2)
    assert "12 digits" in r.stderr and "leading zeros" in r.stderr
    ctl(store, "accounts", cmd, "00108501234x", "khai.nt", check=2)
    ctl(store, "accounts", cmd, check=2)
    ctl(store, "accounts", cmd, AN, check=2)
    ctl(store, "accounts", cmd, AN, "khai.nt", "extra", check=2)
    assert requests_json(store) == before
    assert accounts_json(store) == []


def test_requests_usage(store):
    r = ctl(store, "accounts", "requests", "extra", check=2)
    assert r.stderr.startswith("vneidctl: ")
    ctl(store, "accounts", "requests", AN, check=2)


@pytest.mark.parametrize("args", [
    ["accounts", "requests", "-h"], ["accounts", "requests", "--json", "--help"],
    ["accounts", "approve", "--help"], ["accounts", "reject", AN, "khai.nt", "-h"],
])
def test_help(args):
    r = ctl(None, *args, check=0)
    assert r.stdout.startswith("usage: vneidctl --store DIR accounts")
    assert "approve CITIZEN_ID USER" in r.stdout and "reject CITIZEN_ID USER" in r.stdout


def test_main_help_lists_the_request_commands():
    out = ctl(None, "--help", check=0).stdout
    for cmd in ("accounts requests [--json]", "accounts approve CITIZEN_ID USER",
                "accounts reject CITIZEN_ID USER"):
        assert cmd in out
