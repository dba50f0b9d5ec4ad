"""Every way the login can fail, against the real mock VNeID SSO: each gives
its own page and status with a reference code ("Mã tham chiếu") that is also
in error.log as 'vneid login failed [ref REF]: <code>: <detail>', never a
session, and never disturbs a session established before (another user's
login keeps working)."""

import re
import time
import urllib.parse

import pytest

from login_support import (report, AN, BAD_PROVINCE, BICH, CUONG, JSON_ACCEPT, SAMPLE_ACCOUNTS,
                           assert_logged_in, closed_port, describe, in_threads,
                           login_env, mockb)  # noqa: F401 (fixture)


def bystander(env):
    """Another staff member, logged in for real before anything goes wrong."""
    b = env.browser()
    b.login(BICH[0], path="/ban-lam-viec")
    return b


def assert_still_works(b, citizen_id=BICH[0]):
    seen = b.backend_view("/ban-lam-viec?sau=loi")
    assert seen.header_all("X-VNeID-Citizen-Id") == [citizen_id], seen
    w = b.whoami()
    assert w.status_code == 200 and w.json()["citizen_id"] == citizen_id, describe(w)


# --- state and browser binding -------------------------------------------------------

def test_tampered_state(login_env):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    state = mockb.callback_params(cb)["state"]
    bad = state[:-1] + ("A" if state[-1] != "A" else "B")
    r = b.callback(cb.replace("state=" + urllib.parse.quote(state, safe=""),
                              "state=" + bad))
    line = env.assert_login_error(r, "state_invalid")
    assert "[warn]" in line, line
    assert_still_works(other)


def test_failure_as_json_for_scripts(login_env):
    """A callback fetched by a script (not a navigation) gets the error as
    JSON, with the same reference as error.log."""
    env = login_env()
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    r = b.get(cb.replace("state=", "state=x"), headers=JSON_ACCEPT)
    assert r.status_code == 400, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    body = r.json()
    assert body["error"] == "state_invalid" and body["reference"], body
    lines = env.failure_line(body["reference"])
    assert len(lines) == 1 and ": state_invalid: " in lines[0], lines


def test_callback_from_another_browser(login_env):
    """The callback URL reaches a browser that never called /start (no
    binding cookie): refused, even with a valid state and code."""
    env = login_env()
    other = bystander(env)
    victim = env.browser()
    cb = victim.login_until_callback(AN[0], "/")
    attacker = env.browser()
    r = attacker.callback(cb)
    line = env.assert_login_error(r, "state_invalid")
    assert "binding" in line, line
    assert attacker.cookie("vneid_session") is None
    # the attacker's own /start (a binding cookie of its own) does not help
    cb2 = victim.login_until_callback(AN[0], "/")
    attacker.start_for("/")
    r = attacker.callback(cb2)
    env.assert_login_error(r, "state_invalid")
    assert attacker.whoami().status_code == 401
    assert_still_works(other)


def test_replayed_callback(login_env):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/mot")
    assert_logged_in(b.callback(cb), "/mot")
    first = b.cookie("vneid_session")
    r = b.callback(cb)                      # the same URL again (back button, history)
    # signed in: on to a page, not an error (issue 11, item 4)
    assert r.status_code == 302 and r.headers["Location"] in ("/", env.base + "/"), describe(r)
    # the session from the first callback is untouched
    assert b.cookie("vneid_session") == first
    assert_still_works(b, AN[0])
    # without the session the replay is refused
    b.drop_cookie("vneid_session")
    env.assert_login_error(b.callback(cb), "state_invalid")
    assert_still_works(other)


# --- the IdP says no ---------------------------------------------------------------------

def test_cancelled_at_idp(login_env):
    """"Hủy" at VNeID: error=access_denied&error_description=user_cancelled,
    a calm page with status 200 (issue 11, item 3; test_stuck_outcomes.py
    has the other descriptions)."""
    env = login_env()
    other = bystander(env)
    b = env.browser()
    auth = b.start_for("/")
    mockb.forget_sso_session(b.s)
    page = b.s.get(auth, allow_redirects=False, timeout=10, verify=b.s.verify)
    tx = re.search(r'name="tx" value="([^"]*)"', page.text).group(1)
    r = b.s.post(env.mock.base_url + "/auth/cancel", data={"tx": tx},
                 allow_redirects=False, timeout=10, verify=b.s.verify)
    assert r.status_code == 302, describe(r)
    cb = r.headers["Location"]
    assert "error=access_denied" in cb and cb.startswith(env.base + "/_vneid/callback?"), cb
    r = b.callback(cb)
    line = env.assert_login_error(r, "idp_cancelled")
    assert "access_denied" in line and "user_cancelled" in line, line
    assert_still_works(other)


# --- the IdP is slow, down, broken ----------------------------------------------------------

def test_idp_timeout(login_env, capsys):
    env = login_env(idp_timeout="1s")
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    env.set_faults({"target": "token", "latency_ms": 3000})
    t0 = time.monotonic()
    r = b.callback(cb, timeout=10)
    elapsed = time.monotonic() - t0
    report(capsys, "idp_timeout: vneid_idp_timeout 1s, token latency 3s: answered in %.3f s"
          % elapsed)
    line = env.assert_login_error(r, "idp_timeout")
    assert "token endpoint" in line, line
    assert 0.9 <= elapsed < 1.8, "answered in %.3f s, expected about 1 s" % elapsed
    env.clear_faults()
    assert_still_works(other)


def test_idp_unreachable(login_env):
    """The token endpoint on a closed port: 503, at once."""
    port = closed_port()
    env = login_env(token_endpoint="http://127.0.0.1:%d/token" % port)
    other = env.browser()
    other.set_cookie("vneid_session", env.nginx.create_session(
        citizen_id=BICH[0], name=BICH[1], accounts=("bich.tt",)))
    assert_still_works(other)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    t0 = time.monotonic()
    r = b.callback(cb)
    assert time.monotonic() - t0 < 2.0
    line = env.assert_login_error(r, "idp_unreachable")
    assert "token endpoint" in line, line
    assert_still_works(other)


def test_idp_connection_reset(login_env):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    env.set_faults({"target": "token", "reset": True})
    r = b.callback(cb)
    env.assert_login_error(r, "idp_unreachable")
    assert_still_works(other)


@pytest.mark.parametrize("target,status", [("token", 500), ("token", 503),
                                           ("userinfo", 502)])
def test_idp_5xx(login_env, target, status):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    env.set_faults({"target": target, "status": status})
    r = b.callback(cb)
    line = env.assert_login_error(r, "idp_error")
    assert "%s endpoint answered %d" % (target, status) in line, line
    assert_still_works(other)


@pytest.mark.parametrize("target", ["token", "userinfo"])
def test_idp_garbage(login_env, target):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    env.set_faults({"target": target, "garbage": True})
    r = b.callback(cb)
    line = env.assert_login_error(r, "idp_bad_answer")
    assert "%s response is not a JSON object" % target in line, line
    assert_still_works(other)


@pytest.mark.parametrize("target", ["token", "userinfo", "auth"])
def test_wrong_envelope_key(login_env, target):
    """Envelopes (or the encrypt_key of the code) made for another RSA key."""
    env = login_env(client="enc")
    other = bystander(env)
    b = env.browser()
    if target == "auth":
        env.set_faults({"target": "auth", "wrong_key": True})
    cb = b.login_until_callback(AN[0], "/")
    env.set_faults({"target": target, "wrong_key": True})
    r = b.callback(cb)
    line = env.assert_login_error(r, "idp_bad_answer")
    if target == "auth":
        assert "encrypted code" in line, line
    else:
        assert "%s envelope" % target in line, line
    env.clear_faults()
    assert_still_works(other)


# --- the code ----------------------------------------------------------------------------------

def test_expired_code(login_env):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    env.set_faults({"expired_codes": True})
    r = b.callback(cb)
    line = env.assert_login_error(r, "code_rejected")
    assert "invalid_grant" in line, line
    env.set_faults({"expired_codes": False})
    assert_still_works(other)


def test_expired_code_by_clock(login_env):
    env = login_env()
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    env.advance_clock(120)           # past --code-ttl (60 s in these tests)
    r = b.callback(cb)
    env.assert_login_error(r, "code_rejected")


def test_reused_code(login_env):
    """A code already exchanged, presented again with a fresh valid state of
    the same browser: the IdP refuses it (invalid_grant) -> code_rejected."""
    env = login_env()
    other = bystander(env)
    b = env.browser()
    auth1 = b.start_for("/mot")
    auth2 = b.start_for("/hai")
    cb1 = b.idp_login(auth1, AN[0])
    assert_logged_in(b.callback(cb1), "/mot")
    p1 = mockb.callback_params(cb1)
    state2 = urllib.parse.parse_qs(urllib.parse.urlsplit(auth2).query)["state"][0]
    replay = "/_vneid/callback?code=%s&state=%s" % (
        urllib.parse.quote(p1["code"], safe=""), urllib.parse.quote(state2, safe=""))
    r = b.callback(replay)
    line = env.assert_login_error(r, "code_rejected")
    assert "invalid_grant" in line, line
    assert_still_works(b, AN[0])          # the first login's session stays
    assert_still_works(other)


# --- who logged in ------------------------------------------------------------------------------

def test_level_1_citizen_refused(login_env):
    env = login_env()
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(CUONG[0], "/")
    r = b.callback(cb)
    line = env.assert_login_error(r, "level_too_low")
    assert "level 1 is below vneid_min_level 2" in line, line
    assert b.whoami().status_code == 401
    assert_still_works(other)


def test_level_1_citizen_accepted_with_min_level_1(login_env):
    env = login_env(server_extra="vneid_min_level 1;")
    b = env.browser()
    r = b.login(CUONG[0], path="/ho-so?muc=1")
    assert_logged_in(r, "/ho-so?muc=1")
    seen = b.backend_view("/ho-so?muc=1")
    assert seen.header_all("X-VNeID-Citizen-Id") == [CUONG[0]], seen
    assert seen.header_all("X-VNeID-Level") == ["1"], seen
    assert seen.header_all("X-VNeID-Name") == [CUONG[1]], seen


def test_invalid_citizen_id(login_env):
    # the portal has no account for an ID number that cannot exist
    env = login_env(extra_citizens=[BAD_PROVINCE], mock_args=["--allow-invalid-pids"],
                    accounts=SAMPLE_ACCOUNTS)
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(BAD_PROVINCE["pid"], "/")
    r = b.callback(cb)
    line = env.assert_login_error(r, "citizen_id_invalid")
    assert "citizen id rejected" in line, line
    assert b.whoami().status_code == 401
    assert_still_works(other)


# --- the thread pool is full -------------------------------------------------------------------

def test_thread_pool_queue_full(login_env, capsys):
    """threads=1 max_queue=1, token latency 2 s, 4 callbacks at once: one runs,
    one waits, the others get 'busy' (503) at once, with a reference."""
    env = login_env(threads=1, max_queue=1)
    other = bystander(env)
    prepared = env.prepare_callbacks(4, AN[0], "/tai")
    env.set_faults({"target": "token", "latency_ms": 2000})
    t0 = time.monotonic()
    results = in_threads([lambda b=b, cb=cb: (b.callback(cb, timeout=15),
                                              time.monotonic() - t0)
                          for b, cb in prepared], timeout=30)
    errors = [e for _, e in results if e]
    assert not errors, errors
    busy, ok, busy_pages = [], [], []
    for (r, took), _ in results:
        if r.status_code == 503:
            assert r.headers["Content-Type"].startswith("text/html"), describe(r)
            assert "busy" in r.text, describe(r)
            busy.append(took)
            busy_pages.append(r)
        else:
            assert_logged_in(r, r.headers.get("Location", "").split(env.base)[-1])
            ok.append(took)
    report(capsys, "queue full: %d busy (%.3f s max), %d logged in (%.3f s max)" % (
        len(busy), max(busy or [0]), len(ok), max(ok or [0])))
    assert len(busy) >= 2 and len(ok) >= 1, (busy, ok)
    assert max(busy) < 1.0, "busy must answer at once, not after the IdP: %r" % busy
    assert any("queue overflow" in l or "queue is full" in l
               for l in env.log().splitlines()), env.log()[-2000:]
    env.clear_faults()
    assert_still_works(other)
    # and the next login works again
    env.browser().login(AN[0], "/sau")
    # like every failure: a reference on the page, the same one in error.log
    for r in busy_pages:
        env.assert_login_error(r, "busy")


# --- identities a session cannot keep (issue 7, item 7) ----------------------------------

def citizen(pid, full_name):
    return {"pid": pid, "password": "VNeID@2024", "fullName": full_name,
            "birthDate": "1985-03-04", "gender": "male", "phone": "0912000777",
            "accountType": "CONG_DAN", "accountLevel": 2}


def test_huge_name_is_refused_with_a_clear_page(login_env):
    """A 200 KB fullName used to log in and leave a session that answered 503
    on every request, logout included: now the login itself is refused."""
    huge = citizen("001085077777", "Nguyễn " + "A" * (200 * 1024))
    env = login_env(extra_citizens=[huge])
    other = bystander(env)
    b = env.browser()
    cb = b.login_until_callback(huge["pid"], "/")
    r = b.callback(cb)
    line = env.assert_login_error(r, "identity_too_long")
    size = len(huge["fullName"].encode("utf-8"))
    assert size > 200 * 1024
    assert "'fullName' is %d bytes" % size in line and "255" in line, line
    assert "AAAA" not in env.log(), "the name must not reach the log"
    assert "Thông tin tài khoản quá dài" in r.text, describe(r)
    assert b.cookie("vneid_session") is None
    assert b.whoami().status_code == 401
    # the browser can still go on: the login page, not a dead session
    assert b.get("/_vneid/logout").status_code == 200
    assert_still_works(other)


def test_longest_name_that_fits_logs_in_and_is_served(login_env):
    """The bound is what the request path can carry: a 255-byte name works
    on every request and the logout."""
    name = "ễ" * 85
    assert len(name.encode()) == 255
    longest = citizen("001085066666", name)
    env = login_env(extra_citizens=[longest])
    b = env.browser()
    b.login(longest["pid"], path="/")
    seen = b.backend_view("/")
    assert seen.header_all("X-VNeID-Name") == [name], seen
    assert b.whoami().json()["name"] == name
    r = b.get("/_vneid/logout")
    assert r.status_code == 200, describe(r)


def test_account_list_too_long_is_refused(login_env):
    """Linked accounts come from the directory: a list the request path
    cannot carry is refused at login as well, never stored in a session."""
    env = login_env()
    for i in range(10):
        env.nginx.ctl("accounts", "link", AN[0], "u%d-" % i + "x" * 120)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    r = b.callback(cb)
    line = env.assert_login_error(r, "identity_too_long")
    assert "account directory" in line and "1023" in line, line
    assert b.whoami().status_code == 401
