"""The IdP calls of the callback run in the thread pool: a slow VNeID never
stalls the worker's event loop (one worker here), a reload does not drop a
login in flight, and a client that goes away mid-call leaves a healthy
worker behind (nginx-module-notes.md §2.3, §2.5)."""

import socket
import threading
import time

import harness
from login_support import (report, AN, BICH, assert_logged_in, in_threads,  # noqa: F401
                           login_env)

SLOW_MS = 2000


def authed_probe(env, cookie):
    """One authenticated request on a new connection; returns seconds."""
    t0 = time.monotonic()
    r = harness.request(env.nginx.port, "GET", "/probe", headers=[
        ("Accept", "text/html"), ("Sec-Fetch-Mode", "navigate"),
        harness.cookie_header(cookie)], host="127.0.0.1:%d" % env.nginx.port, timeout=5)
    took = time.monotonic() - t0
    assert r.status == 200, r
    assert harness.backend_json(r).header_all("X-VNeID-Citizen-Id") == [BICH[0]], r
    return took


def test_twenty_slow_logins_do_not_block_the_worker(login_env, capsys):
    env = login_env(workers=1, threads=32, max_queue=256, idp_timeout="10s")
    cookie = env.nginx.create_session(citizen_id=BICH[0], name=BICH[1], accounts=())
    assert authed_probe(env, cookie) < 1.0            # warm-up

    prepared = env.prepare_callbacks(20, AN[0], "/hang-loat")
    env.set_faults({"target": "token", "latency_ms": SLOW_MS})

    done = threading.Event()
    box = {}

    def fire():
        t0 = time.monotonic()
        try:
            box["results"] = in_threads(
                [lambda b=b, cb=cb: b.callback(cb, timeout=15) for b, cb in prepared],
                timeout=30)
        finally:
            box["elapsed"] = time.monotonic() - t0
            done.set()

    firing = threading.Thread(target=fire, daemon=True)
    firing.start()

    latencies = []
    deadline = time.monotonic() + 30
    while not done.is_set() and time.monotonic() < deadline:
        latencies.append(authed_probe(env, cookie))
        done.wait(0.05)
    firing.join(5)
    assert done.is_set(), "the 20 callbacks did not finish within 30 s"

    mx = max(latencies)
    report(capsys, "20 logins with token latency %d ms: done in %.3f s; %d authenticated "
          "requests meanwhile, max latency %.1f ms, median %.1f ms" % (
              SLOW_MS, box["elapsed"], len(latencies), mx * 1000,
              sorted(latencies)[len(latencies) // 2] * 1000))

    errors = [e for _, e in box["results"] if e]
    assert not errors, errors
    cookies = set()
    for i, ((r, _), (b, _)) in enumerate(zip(box["results"], prepared)):
        cookies.add(assert_logged_in(r, "/hang-loat?n=%d" % i))
        assert b.whoami().json()["citizen_id"] == AN[0]
    assert len(cookies) == 20
    # they ran side by side, not one after the other
    assert SLOW_MS / 1000 <= box["elapsed"] < SLOW_MS / 1000 * 3, box["elapsed"]
    assert len(latencies) >= 15, latencies
    assert mx < 0.100, "an authenticated request took %.1f ms during the slow logins" % (
        mx * 1000)


def test_reload_while_token_call_in_flight(login_env, capsys):
    env = login_env(workers=1, idp_timeout="10s")
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/sau-reload?x=1")
    env.set_faults({"target": "token", "latency_ms": SLOW_MS})
    old_workers = env.nginx.worker_pids()

    box = {}

    def fire():
        t0 = time.monotonic()
        try:
            box["r"] = b.callback(cb, timeout=20)
        except Exception as e:  # reported below
            box["e"] = e
        box["elapsed"] = time.monotonic() - t0

    t = threading.Thread(target=fire, daemon=True)
    t.start()
    time.sleep(0.5)                       # the token call is in flight now
    assert t.is_alive()
    env.nginx.reload(timeout=15)          # SIGHUP; returns when the old worker is gone
    t.join(20)
    assert not t.is_alive()
    assert "e" not in box, box.get("e")
    r = box["r"]
    report(capsys, "reload during a %d ms token call: login answered in %.3f s" % (
        SLOW_MS, box["elapsed"]))
    assert_logged_in(r, "/sau-reload?x=1")
    assert set(env.nginx.worker_pids()).isdisjoint(old_workers)
    env.clear_faults()
    # the session works on the new worker
    seen = b.backend_view("/sau-reload?x=1")
    assert seen.header_all("X-VNeID-Citizen-Id") == [AN[0]], seen
    bad = env.nginx.log_problems()
    assert not bad, bad


def test_client_disconnects_mid_call(login_env):
    env = login_env(workers=1, idp_timeout="10s")
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/bo-di")
    binding = b.cookie("vneid_session_login")
    assert binding
    workers = env.nginx.worker_pids()
    env.set_faults({"target": "token", "latency_ms": SLOW_MS})

    target = cb[len(env.base):]
    req = harness.build_request("GET", target, headers=[
        ("Accept", "text/html"), ("Sec-Fetch-Mode", "navigate"),
        ("Cookie", "vneid_session_login=%s" % binding)],
        host="127.0.0.1:%d" % env.nginx.port)
    s = socket.create_connection(("127.0.0.1", env.nginx.port), timeout=5)
    s.sendall(req)
    time.sleep(0.5)
    s.close()                              # the staff member closed the tab

    # the task finishes (about 1.5 s later) and the request ends quietly
    lines = env.nginx.wait_log(r"vneid login: citizen|vneid login failed",
                               name="error.log", timeout=8)
    assert lines, env.log()[-3000:]
    time.sleep(0.3)
    assert env.nginx.worker_pids() == workers, "the worker was replaced"
    bad = [l for l in env.log().splitlines() if "[alert]" in l or "[crit]" in l]
    assert not bad, bad

    # the worker keeps serving, and the next login works
    env.clear_faults()
    other = env.browser()
    other.set_cookie("vneid_session", env.nginx.create_session(
        citizen_id=BICH[0], name=BICH[1], accounts=()))
    assert other.backend_view("/").header_all("X-VNeID-Citizen-Id") == [BICH[0]]
    b2 = env.browser()
    b2.login(AN[0], "/tiep")
    assert b2.whoami().json()["citizen_id"] == AN[0]
