"""A flood of anonymous /_vneid/start requests (each stores a login flow for
10 minutes) can neither fill the store nor block the next real login:
pending flows are bounded in number, per browser and in their share of the
map, and what a flow keeps from the request is bounded in size.

VNEID_FLOOD_STARTS sets the number of starts (default 20000 against a 1 MB
map: the pressure of 100,000 against a bigger one; run 100000 by hand)."""

import http.client
import json
import os
import threading
import time
import urllib.parse

import pytest

import harness
import login_support
from login_support import AN, assert_logged_in, login_env  # noqa: F401

STARTS = int(os.environ.get("VNEID_FLOOD_STARTS", "20000"))
THREADS = 4
MAP = 1 << 20
LONG_RETURN = "/" + "a" * 4000        # a flow must not keep this


@pytest.fixture
def small_store(monkeypatch):
    monkeypatch.setattr(login_support, "LOGIN_HTTP", login_support.LOGIN_HTTP.replace(
        "vneid_store %%STORE%%;", "vneid_store %%STORE%% size=1m;"))


def flood(port, total, target):
    """`total` GET target on THREADS keep-alive connections, no cookies;
    returns {status: count}. Bounded: every request has a timeout."""
    counts, lock = {}, threading.Lock()
    per = [total // THREADS + (1 if i < total % THREADS else 0) for i in range(THREADS)]

    def run(n):
        mine = {}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(n):
            try:
                conn.request("GET", target, headers={"Host": "localhost"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                status = "error"
            mine[status] = mine.get(status, 0) + 1
        conn.close()
        with lock:
            for k, v in mine.items():
                counts[k] = counts.get(k, 0) + v

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in per]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "flood did not finish"
    return counts


def stats(env):
    """Store counts, read with the store's own map size (a larger one would
    grow it)."""
    return json.loads(harness.seed(env.nginx.store, "--map-size", MAP,
                                   "stats").stdout.decode())


def test_start_flood_then_a_full_login(small_store, login_env, capsys):
    env = login_env()
    target = "/_vneid/start?return=" + urllib.parse.quote(LONG_RETURN, safe="")
    t0 = time.monotonic()
    counts = flood(env.nginx.port, STARTS, target)
    took = time.monotonic() - t0
    login_support.report(capsys, "%d /_vneid/start in %.1f s (%.0f/s): %r" % (
        STARTS, took, STARTS / took, counts))
    # every start was answered (a 302 to the IdP), none failed for room
    assert counts == {302: STARTS}, counts
    s = stats(env)
    assert 0 < s["flows"] <= 10000, s

    # right after: a real staff login goes through, start to session
    b = env.browser()
    r = b.login(AN[0], path="/after-the-flood")
    assert_logged_in(r, "/after-the-flood")
    assert b.backend_view("/after-the-flood").header("X-VNeID-Citizen-Id") == AN[0]


def test_overlong_return_path_is_not_kept(small_store, login_env):
    env = login_env()
    b = env.browser()
    auth = b.start("/_vneid/start?return=" + urllib.parse.quote(LONG_RETURN, safe=""))
    r = b.callback(b.idp_login(auth, AN[0]))
    assert_logged_in(r, "/")


def test_one_browser_in_a_loop_keeps_eight_flows(small_store, login_env):
    env = login_env()
    b = env.browser()
    # the index orders flows by their creation second: the first four are
    # made a second before the rest, so "oldest" is unambiguous
    auths = [b.start_for("/tab%d" % i) for i in range(4)]
    time.sleep(1.1)
    auths += [b.start_for("/tab%d" % i) for i in range(4, 12)]
    assert stats(env)["flows"] == 8
    # the newest eight are usable, the oldest were pushed out
    r = b.callback(b.idp_login(auths[-1], AN[0]))
    assert_logged_in(r, "/tab11")
    # a pushed-out flow's callback is refused: with the session just made,
    # the browser goes on to the portal; without it, the error page
    old_auth = b.idp_login(auths[0], AN[0])
    old = b.callback(old_auth)
    assert old.status_code == 302 and old.headers["Location"].endswith("/"), old
    b.drop_cookie("vneid_session")
    old = b.callback(old_auth)
    env.assert_login_error(old, "state_invalid")
