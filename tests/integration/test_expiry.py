"""Idle and absolute session limits, and the idle-timer refresh.

Sessions are seeded "in the past" (--created-ago / --idle-ago), and time
"passes" by moving a session's stored times back (vneid-test-seed age), so
no check waits on the wall clock. The store's own record shows whether a
request refreshed last_activity."""

import time

import harness
from harness import API_HEADERS, NAV_HEADERS, XHR_HEADERS, cookie_header

STATUS = 'add_header X-Status "$vneid_status" always;'


def conf(server_directives=""):
    return harness.standard_http(server=server_directives + "\n" + STATUS)


def get(n, cookie, path="/private/x", headers=NAV_HEADERS):
    return n.get(path, headers=headers + [cookie_header(cookie)])


def assert_ok(n, cookie, **kw):
    r = get(n, cookie, **kw)
    assert r.status == 200, r
    assert r.header("X-Status") == "ok", r
    assert harness.backend_json(r).header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID


def assert_expired(n, cookie, backend, path="/private/x", headers=NAV_HEADERS):
    before = backend.count()
    r = get(n, cookie, path=path, headers=headers)
    assert r.status in (302, 401), r
    if headers is NAV_HEADERS:
        assert r.status == 302
    assert r.header("X-Status") == "expired", r
    assert backend.count() == before
    return r


# --- defaults: idle 30m, max age 8h ------------------------------------------------

def test_default_idle_timeout(nginx_factory, backend):
    n = nginx_factory(conf())
    assert_ok(n, n.create_session(idle_ago=25 * 60))
    assert_expired(n, n.create_session(idle_ago=31 * 60), backend)


def test_default_max_age(nginx_factory, backend):
    n = nginx_factory(conf())
    assert_ok(n, n.create_session(created_ago=8 * 3600 - 120, idle_ago=0))
    assert_expired(n, n.create_session(created_ago=8 * 3600 + 120, idle_ago=0), backend)


# --- configured limits --------------------------------------------------------------

def test_configured_idle_timeout(nginx_factory, backend):
    n = nginx_factory(conf("vneid_session_idle_timeout 10m;"))
    assert_ok(n, n.create_session(idle_ago=540))
    assert_expired(n, n.create_session(idle_ago=660), backend)
    assert_expired(n, n.create_session(idle_ago=660), backend, headers=API_HEADERS)


def test_configured_max_age(nginx_factory, backend):
    n = nginx_factory(conf("vneid_session_max_age 1h;"))
    assert_ok(n, n.create_session(created_ago=3500, idle_ago=5))
    assert_expired(n, n.create_session(created_ago=3700, idle_ago=5), backend)


def test_max_age_wins_over_activity(nginx_factory, backend):
    """An active session still ends at max age."""
    n = nginx_factory(conf("vneid_session_max_age 1h;"))
    cookie = n.create_session(created_ago=3700, idle_ago=0)
    assert_expired(n, cookie, backend)


def test_idle_timeout_zero_means_no_idle_limit(nginx_factory, backend):
    n = nginx_factory(conf("vneid_session_idle_timeout 0;"))
    assert_ok(n, n.create_session(created_ago=5 * 3600, idle_ago=5 * 3600))


def test_limits_per_server(nginx_factory, backend):
    c = conf("vneid_session_idle_timeout 10m;") + """
    server {
        listen 127.0.0.1:%%PORT2%%;
        vneid_session_idle_timeout 1h;
        add_header X-Status "$vneid_status" always;
        location / { vneid on; proxy_pass http://%%BACKEND%%; }
    }
    """
    n = nginx_factory(c)
    r = n.get("/x", port=n.port2, headers=[cookie_header(n.create_session(idle_ago=1200))])
    assert r.status == 200 and r.header("X-Status") == "ok", r
    assert_expired(n, n.create_session(idle_ago=1200), backend)


def test_expired_session_in_optional_and_whoami(nginx_factory, backend):
    n = nginx_factory(conf("vneid_session_idle_timeout 10m;"))
    r = get(n, n.create_session(idle_ago=700), path="/opt/x")
    assert r.status == 200 and r.header("X-Status") == "expired", r
    assert harness.prefixed(harness.backend_json(r)["headers"]) == []
    r = get(n, n.create_session(idle_ago=700), path="/_vneid/whoami", headers=API_HEADERS)
    assert r.status == 401, r
    assert r.json().get("authenticated") is False


def test_expired_session_stays_expired(nginx_factory, backend):
    """Once expired, a session is not revived by later requests, here or
    in a server with a longer limit."""
    c = conf("vneid_session_idle_timeout 10m;") + """
    server {
        listen 127.0.0.1:%%PORT2%%;
        vneid_session_idle_timeout 2h;
        location / { vneid on; proxy_pass http://%%BACKEND%%; }
    }
    """
    n = nginx_factory(c)
    cookie = n.create_session(idle_ago=700)
    assert_expired(n, cookie, backend)
    r = get(n, cookie)
    assert r.status == 302 and r.header("X-Status") in ("expired", "none"), r
    assert n.get("/x", port=n.port2, headers=API_HEADERS + [cookie_header(cookie)]).status == 401


# --- refresh: at most one write per interval ------------------------------------------

def last_activity(n, cookie):
    rec = n.show_session(cookie)
    assert rec is not None, "session vanished"
    return rec["last_activity"]


def test_default_refresh_interval(nginx_factory, backend):
    """Default refresh 60s: a request 30s after the last write does not
    write; one 90s after does."""
    n = nginx_factory(conf())
    recent = n.create_session(idle_ago=30)
    older = n.create_session(idle_ago=90)
    before_recent = last_activity(n, recent)
    now = int(time.time())
    assert_ok(n, recent)
    assert_ok(n, older)
    assert last_activity(n, recent) == before_recent
    assert last_activity(n, older) >= now - 1


def test_refresh_defaults_to_quarter_of_short_timeout(nginx_factory, backend):
    """Timeout 2m, no refresh= : refresh every 30s."""
    n = nginx_factory(conf("vneid_session_idle_timeout 2m;"))
    recent = n.create_session(idle_ago=20)
    older = n.create_session(idle_ago=40)
    before = last_activity(n, recent)
    now = int(time.time())
    assert_ok(n, recent)
    assert_ok(n, older)
    assert last_activity(n, recent) == before
    assert last_activity(n, older) >= now - 1


def pass_time(n, seconds, *cookies):
    """As if `seconds` had passed since: each session's times move back."""
    for cookie in cookies:
        n.age_session(cookie, seconds)


def test_refresh_extends_idle_window(nginx_factory, backend):
    """timeout 60s refresh=10s: a session last used 40s ago is refreshed by a
    request and survives another 40s; an untouched twin expires."""
    n = nginx_factory(conf("vneid_session_idle_timeout 60s refresh=10s;"))
    used = n.create_session(idle_ago=40)
    idle = n.create_session(idle_ago=40)
    start = int(time.time())
    assert_ok(n, used)
    assert last_activity(n, used) >= start             # refreshed
    pass_time(n, 40, used, idle)
    assert_ok(n, used)
    assert_expired(n, idle, backend)


def test_navigation_activity_mode(nginx_factory, backend):
    """activity=navigation: XHR polling does not extend the idle window, a
    page navigation and a non-GET request do."""
    n = nginx_factory(conf("vneid_session_idle_timeout 60s activity=navigation refresh=10s;"))
    polled = n.create_session(idle_ago=40)
    navigated = n.create_session(idle_ago=40)
    posted = n.create_session(idle_ago=40)
    start = int(time.time())

    for headers in (XHR_HEADERS, harness.FETCH_HEADERS, API_HEADERS):
        assert_ok(n, polled, headers=headers)          # still valid...
    assert last_activity(n, polled) <= start - 40     # ...but not refreshed

    assert_ok(n, navigated, headers=NAV_HEADERS)
    assert last_activity(n, navigated) >= start

    r = n.request("POST", "/private/save", body='{"a":1}',
                  headers=XHR_HEADERS + [("Content-Type", "application/json"),
                                         cookie_header(posted)])
    assert r.status == 200, r
    assert last_activity(n, posted) >= start

    pass_time(n, 40, polled, navigated, posted)
    assert_expired(n, polled, backend, headers=XHR_HEADERS)
    assert_ok(n, navigated, headers=XHR_HEADERS)
    assert_ok(n, posted, headers=XHR_HEADERS)


def test_any_activity_mode_counts_xhr(nginx_factory, backend):
    n = nginx_factory(conf("vneid_session_idle_timeout 3s activity=any refresh=1s;"))
    cookie = n.create_session(idle_ago=2)
    start = int(time.time())
    assert_ok(n, cookie, headers=XHR_HEADERS)
    assert last_activity(n, cookie) >= start
