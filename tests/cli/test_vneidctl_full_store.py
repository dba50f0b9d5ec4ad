"""vneidctl on a full store: revocation deletes in batches that shrink when
the map is full (deleting needs free pages too), so it works exactly when it
is needed most."""

import json

import pytest

from test_vneidctl import AN, BICH, ctl, seed

MAP = 1 << 20


@pytest.fixture
def full_store(tmp_path):
    d = tmp_path / "store"
    d.mkdir()
    assert seed(d, "--map-size", MAP, "create", "--citizen-id", BICH).returncode == 0
    r = seed(d, "--map-size", MAP, "bulk", 100000, "--citizen-id", AN)
    assert r.returncode != 0 and "session store full" in r.stderr, r.stderr
    return d


def sessions(store):
    r = seed(store, "--map-size", MAP, "stats")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["sessions"]


def test_revoke_one_citizen_on_a_full_store(full_store):
    before = sessions(full_store)
    assert before > 1000
    r = ctl(full_store, "sessions", "revoke", "--citizen", AN, check=0)
    assert r.stdout.startswith("revoked %d sessions" % (before - 1)), r.stdout
    assert sessions(full_store) == 1


def test_revoke_all_on_a_full_store(full_store):
    before = sessions(full_store)
    r = ctl(full_store, "sessions", "revoke", "--all", check=0)
    assert r.stdout.startswith("revoked %d sessions" % before), r.stdout
    assert sessions(full_store) == 0
