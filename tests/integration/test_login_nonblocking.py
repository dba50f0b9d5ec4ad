"""The IdP calls of the callback run in the thread pool: a slow VNeID never
stalls the worker's event loop (one worker here), a reload does not drop a
login in flight, and a client that goes away mid-call leaves a healthy
worker behind (nginx-module-notes.md §2.3, §2.5).

"Slow" is the mock's hold fault: the token calls stay at the mock until the
test releases them, and the mock counts them (/_admin/held), so every check
is an ordering of events ("answered while the token calls were held"), not
a stopwatch reading."""

import socket
import threading

import harness
from login_support import (report, AN, BICH, assert_logged_in, in_background, in_threads,  # noqa: F401
                           login_env)


def authed_probe(env, cookie):
    """One authenticated request on a new connection, answered by the backend."""
    r = harness.request(env.nginx.port, "GET", "/probe", headers=[
        ("Accept", "text/html"), ("Sec-Fetch-Mode", "navigate"),
        harness.cookie_header(cookie)], host="127.0.0.1:%d" % env.nginx.port, timeout=5)
    assert r.status == 200, r
    assert harness.backend_json(r).header_all("X-VNeID-Citizen-Id") == [BICH[0]], r


def test_twenty_slow_logins_do_not_block_the_worker(login_env, capsys):
    env = login_env(workers=1, threads=32, max_queue=256, idp_timeout="10s")
    cookie = env.nginx.create_session(citizen_id=BICH[0], name=BICH[1], accounts=("bich.tt",))
    authed_probe(env, cookie)                         # warm-up

    prepared = env.prepare_callbacks(20, AN[0], "/hang-loat")
    env.set_faults({"target": "token", "hold": True})

    done = threading.Event()
    box = {}

    def fire():
        try:
            box["results"] = in_threads(
                [lambda b=b, cb=cb: b.callback(cb, timeout=15) for b, cb in prepared],
                timeout=30)
        finally:
            done.set()

    firing = threading.Thread(target=fire, daemon=True)
    firing.start()

    # They run side by side, not one after the other: all twenty token calls
    # are at the IdP at the same time.
    env.wait_held(20, timeout=15)
    # Meanwhile the only worker answers authenticated requests: each one
    # completes while every token call is still held.
    probes = 20
    for _ in range(probes):
        authed_probe(env, cookie)
    assert env.held("token") == 20 and not done.is_set(), \
        "the token calls ended before the authenticated requests did"

    assert env.release("token") == 20
    assert done.wait(30), "the 20 callbacks did not finish after the IdP answered"
    firing.join(5)
    report(capsys, "20 logins held at the token endpoint together; %d authenticated "
           "requests answered meanwhile" % probes)

    errors = [e for _, e in box["results"] if e]
    assert not errors, errors
    cookies = set()
    for i, ((r, _), (b, _)) in enumerate(zip(box["results"], prepared)):
        cookies.add(assert_logged_in(r, "/hang-loat?n=%d" % i))
        assert b.whoami().json()["citizen_id"] == AN[0]
    assert len(cookies) == 20


def test_reload_while_token_call_in_flight(login_env, capsys):
    env = login_env(workers=1, idp_timeout="10s")
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/sau-reload?x=1")
    env.set_faults({"target": "token", "hold": True})
    old_workers = set(env.nginx.worker_pids())

    login, box = in_background(lambda: b.callback(cb, timeout=20))
    env.wait_held(1)                      # the token call is in flight now
    assert login.is_alive()

    # SIGHUP: new workers start, the old one stays for the login it serves
    reload, reloaded = in_background(lambda: env.nginx.reload(timeout=15))
    harness.wait_until(lambda: set(env.nginx.worker_pids()) - old_workers, 10,
                       "the new worker after the reload")
    assert login.is_alive() and env.held("token") == 1, "the call ended before the reload"
    assert old_workers & set(env.nginx.worker_pids()), "the old worker left its login behind"

    assert env.release("token") == 1
    login.join(20)
    reload.join(20)
    assert not login.is_alive() and not reload.is_alive()
    assert "e" not in box, box.get("e")
    assert "e" not in reloaded, reloaded.get("e")
    report(capsys, "reload during a held token call: the login completed on the old worker")
    assert_logged_in(box["r"], "/sau-reload?x=1")
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
    env.set_faults({"target": "token", "hold": True})

    target = cb[len(env.base):]
    req = harness.build_request("GET", target, headers=[
        ("Accept", "text/html"), ("Sec-Fetch-Mode", "navigate"),
        ("Cookie", "vneid_session_login=%s" % binding)],
        host="127.0.0.1:%d" % env.nginx.port)
    s = socket.create_connection(("127.0.0.1", env.nginx.port), timeout=5)
    s.sendall(req)
    env.wait_held(1)                       # the token call is in flight
    s.close()                              # the staff member closed the tab
    assert env.release("token") == 1       # then VNeID answers

    # the task finishes and the request ends quietly
    lines = env.nginx.wait_log(r"vneid login: citizen|vneid login failed",
                               name="error.log", timeout=8)
    assert lines, env.log()[-3000:]

    # the same worker keeps serving, and the next login works
    env.clear_faults()
    other = env.browser()
    other.set_cookie("vneid_session", env.nginx.create_session(
        citizen_id=BICH[0], name=BICH[1], accounts=("bich.tt",)))
    assert other.backend_view("/").header_all("X-VNeID-Citizen-Id") == [BICH[0]]
    assert env.nginx.worker_pids() == workers, "the worker was replaced"
    b2 = env.browser()
    b2.login(AN[0], "/tiep")
    assert b2.whoami().json()["citizen_id"] == AN[0]
    assert env.nginx.worker_pids() == workers, "the worker was replaced"
    bad = [l for l in env.log().splitlines() if "[alert]" in l or "[crit]" in l]
    assert not bad, bad
