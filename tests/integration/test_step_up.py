"""Issue 12, item 5 (the `vneid` profile): step-up for sensitive paths.

`vneid_max_auth_age TIME;` in a protected location: a session whose VNeID
sign-in (the session record's auth_time) is older than TIME goes through a
fresh login and comes back to the same page; a page load gets a 302 to
`<endpoint>login?return=<uri>&reauth=1`, whose login page shows the sign-in
although the session is valid; a script gets 401 `reauth_required` with the
login URL and `"reauth": true`. The fresh login makes a new session (new
cookie, fresh auth_time, the account as at any login). Locations without the
directive, and `off`, are unaffected. Sessions are aged with vneid-test-seed
(`env.nginx.age_session`), never by sleeping."""

import html
import json
import re
import time
import urllib.parse

import pytest

from login_support import (AN, JSON_ACCEPT, assert_logged_in, describe,  # noqa: F401
                           login_env)
from test_config_errors import expect_error, expect_ok, base  # noqa: F401
from test_stuck_refusals import other_account

# /duyet/ approves case files: a VNeID sign-in of the last 5 minutes;
# /ho-so/ is the ordinary desk; /duyet/xem/ turns the step-up off again.
STEP_UP = """
        location /duyet/ {
            vneid on;
            vneid_max_auth_age 5m;
            proxy_pass http://%%BACKEND%%;
        }
        location /duyet/xem/ {
            vneid on;
            vneid_max_auth_age off;
            proxy_pass http://%%BACKEND%%;
        }
        location /ho-so/ {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
"""

PAGE_URI = "/duyet/ky?id=7&loai=ho%20so"
OLD = 6 * 60            # older than the 5 minutes /duyet/ accepts


def reauth_location(uri):
    return "/_vneid/login?return=%s&reauth=1" % urllib.parse.quote(uri, safe="")


def relative(location):
    """nginx makes a relative Location absolute (absolute_redirect)."""
    parts = urllib.parse.urlsplit(location)
    return parts.path + ("?" + parts.query if parts.query else "")


def signed_in(login_env, path="/ho-so/1", end_session=False):
    env = login_env(server_extra=STEP_UP, end_session=end_session)
    b = env.browser()
    b.login(AN[0], path)
    return env, b


def identity(b, path):
    seen = b.backend_view(path)
    return seen.header("X-VNeID-Citizen-Id"), seen.header("X-VNeID-Account")


def test_fresh_session_passes(login_env):
    env, b = signed_in(login_env)
    assert identity(b, PAGE_URI) == (AN[0], "an.nv")
    # two minutes later: still within the 5 minutes
    env.nginx.age_session(b.cookie(), 120)
    assert identity(b, PAGE_URI) == (AN[0], "an.nv")


def step_up_button(b, login_url):
    """The step-up login page (shown although the session is valid): its
    button goes to <endpoint>relogin with the same return."""
    r = b.get(login_url)
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("text/html"), describe(r)
    m = re.search(r'href="(/_vneid/relogin[^"]*)"', r.text)
    assert m, "no relogin button on the step-up login page: %s" % describe(r)
    assert "/_vneid/start" not in r.text, describe(r)
    return html.unescape(m.group(1))


@pytest.mark.parametrize("end_session", [True, False])
def test_old_sign_in_goes_through_a_fresh_login_back_to_the_same_page(login_env, end_session):
    """With vneid_end_session_endpoint, VNeID's own session is ended first so
    VNeID asks for the ID number again (the vneid profile has no prompt=login);
    without it, the button can only start a new login."""
    env, b = signed_in(login_env, end_session=end_session)
    old = b.cookie()
    env.nginx.age_session(old, OLD)
    old_auth = env.nginx.show_session(old)["auth_time"]

    # the desk is unaffected; the approval page asks for a fresh sign-in
    assert identity(b, "/ho-so/1") == (AN[0], "an.nv")
    assert identity(b, "/duyet/xem/1") == (AN[0], "an.nv")
    r = b.get(PAGE_URI)
    assert r.status_code == 302, describe(r)
    assert relative(r.headers["Location"]) == reauth_location(PAGE_URI), describe(r)

    # the plain login page still sends a signed-in browser straight back...
    r = b.get("/_vneid/login?return=" + urllib.parse.quote(PAGE_URI, safe=""))
    assert r.status_code == 302, describe(r)
    # ...the step-up one shows the sign-in, keeping the return
    button = step_up_button(b, reauth_location(PAGE_URI))
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(button).query)["return"] == [PAGE_URI]

    t0 = int(time.time())
    # VNeID's logout (end_session), back to <endpoint>logout, on to /start:
    # the live gateway session does not turn that into the logout question
    auth = other_account(env, b, button, PAGE_URI, end_session=end_session)
    assert env.nginx.show_session(old) is not None      # until the new one
    cb = b.idp_login(auth, AN[0])
    r = b.callback(cb)
    new = assert_logged_in(r, PAGE_URI)
    assert new != old                                   # a fresh session id

    rec = env.nginx.show_session(new)
    assert rec["auth_time"] >= t0 > old_auth, (rec, old_auth)
    assert rec["citizen_id"] == AN[0]
    assert identity(b, PAGE_URI) == (AN[0], "an.nv")    # the same page loads
    assert identity(b, "/ho-so/1") == (AN[0], "an.nv")

    # and it holds only for 5 minutes
    env.nginx.age_session(new, OLD)
    r = b.get(PAGE_URI)
    assert r.status_code == 302, describe(r)
    assert relative(r.headers["Location"]) == reauth_location(PAGE_URI), describe(r)


def test_script_gets_401_reauth_json(login_env):
    env, b = signed_in(login_env)
    env.nginx.age_session(b.cookie(), OLD)

    r = b.get("/duyet/api/ky?id=7", headers=JSON_ACCEPT)
    assert r.status_code == 401, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    body = json.loads(r.text)
    assert body["error"] == "reauth_required", body
    assert body["reauth"] is True, body
    assert body["login_url"] == reauth_location("/duyet/api/ky?id=7"), body
    assert "VNeID" in body["message"], body

    en = dict(JSON_ACCEPT, **{"Accept-Language": "en"})
    body = json.loads(b.get("/duyet/api/ky", headers=en).text)
    assert body["error"] == "reauth_required" and "sign-in" in body["message"], body

    # the ordinary desk's scripts go on working
    r = b.get("/ho-so/api/1", headers=JSON_ACCEPT)
    assert r.status_code == 200, describe(r)

    # no session at all is still login_required, with no reauth hint
    b.drop_cookie("vneid_session")
    r = b.get("/duyet/api/ky", headers=JSON_ACCEPT)
    assert r.status_code == 401, describe(r)
    body = json.loads(r.text)
    assert body["error"] == "login_required" and "reauth" not in body, body
    r = b.get(PAGE_URI)
    assert r.status_code == 302, describe(r)
    assert "reauth" not in r.headers["Location"], describe(r)


def test_without_the_directive_old_sessions_pass(login_env):
    env, b = signed_in(login_env, "/")
    env.nginx.age_session(b.cookie(), 20 * 60)
    for path in ("/", "/ho-so/1", "/duyet/xem/2"):
        assert identity(b, path) == (AN[0], "an.nv"), path


def test_server_level_value_is_inherited_and_off_in_a_location(login_env):
    env = login_env(server_extra="vneid_max_auth_age 1m;\n" + STEP_UP.replace(
        "vneid_max_auth_age 5m;", ""))
    b = env.browser()
    b.login(AN[0], "/ho-so/1")
    env.nginx.age_session(b.cookie(), 90)
    r = b.get("/ho-so/1")
    assert r.status_code == 302, describe(r)
    assert relative(r.headers["Location"]) == reauth_location("/ho-so/1"), describe(r)
    assert identity(b, "/duyet/xem/1") == (AN[0], "an.nv")     # off


# --- nginx -t -------------------------------------------------------------------

def test_directive_values(nginx_t):
    for ok in ("vneid_max_auth_age 15m;", "vneid_max_auth_age off;",
               "location /x/ { vneid on; vneid_max_auth_age 300; }"):
        expect_ok(nginx_t, base(ok))
    expect_ok(nginx_t, "vneid_max_auth_age 1h;" + base())
    for bad in ("0", "0s", "abc", "-5m"):
        out = expect_error(nginx_t, base("location /x/ { vneid_max_auth_age %s; }" % bad),
                           'invalid value "%s" in "vneid_max_auth_age" directive' % bad)
        assert '"off"' in out
    expect_error(nginx_t, base("location /x/ { vneid_max_auth_age 5m; vneid_max_auth_age 5m; }"),
                 '"vneid_max_auth_age" directive is duplicate')
    expect_error(nginx_t, base("location /x/ { vneid_max_auth_age; }"),
                 'invalid number of arguments in "vneid_max_auth_age" directive')
