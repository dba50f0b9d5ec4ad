"""Issue 11, items 4, 5, 6 and 8 (first half), end to end against the mock:

- a replayed or stale callback (the Back button after the login, a
  bookmarked callback URL) while the browser has a valid session sends the
  staff member on to a page (302 "/"), not to a state_invalid error;
- the logout confirmation has "Quay lại" back to where the staff member
  was; after VNeID's end-session the browser comes back to the gateway's
  `<origin>/_vneid/logout` (registered with the mock for this test's
  port and both host names) and sees "Bạn đã đăng xuất";
- the callback's code and state are in no log (nginx's error-log context
  `request: "..."` and the access log's $request); the `<cookie>_login`
  binding cookie is expired once its login finished or failed, unless
  another pending login of the same browser still needs it;
- a full thread-pool queue answers 503 `busy` with Retry-After and keeps
  the login state: the page's "Thử lại" is the same callback URL, and it
  works once the gateway has room."""

import re
import urllib.parse

import pytest

import harness
from login_support import (AN, BICH, CUONG, JSON_ACCEPT, assert_logged_in, in_background,  # noqa: F401
                           cookie_lines, describe, expired_cookie, links_to, login_env,
                           mockb, page_links, query_values)
from test_login_flow import logout_form

BINDING = "vneid_session_login"


def session_lines(resp):
    return cookie_lines(resp, "vneid_session")


# ---------------------------------------------------------------------------
# item 4: a replayed or stale callback while signed in
# ---------------------------------------------------------------------------

def test_replayed_callback_while_signed_in_goes_on_to_a_page(login_env):
    env = login_env()
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/mot")
    assert_logged_in(b.callback(cb), "/mot")
    cookie = b.cookie("vneid_session")

    for replay in (cb,                                        # the Back button
                   cb.replace("state=", "state=x")):          # a stale bookmark
        r = b.callback(replay)
        assert r.status_code == 302, describe(r)
        assert r.headers["Location"] in ("/", env.base + "/"), describe(r)
        assert session_lines(r) == [], describe(r)        # the session stays as it is
        assert b.cookie("vneid_session") == cookie
        assert "state_invalid" not in r.text
    seen = b.backend_view("/")
    assert seen.header_all("X-VNeID-Citizen-Id") == [AN[0]], seen
    assert env.nginx.show_session(cookie)["citizen_id"] == AN[0]


def test_replayed_callback_without_a_session_is_still_state_invalid(login_env):
    env = login_env()
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/mot")
    assert_logged_in(b.callback(cb), "/mot")
    b.drop_cookie("vneid_session")
    env.assert_login_error(b.callback(cb), "state_invalid")
    # and a signed-in browser of another person replaying a foreign
    # callback never becomes that person
    other = env.browser()
    other.login(BICH[0], "/")
    r = other.callback(cb)
    assert r.status_code in (302, 400), describe(r)
    assert session_lines(r) == [], describe(r)
    assert other.whoami().json()["citizen_id"] == BICH[0]


# ---------------------------------------------------------------------------
# item 5: logout always comes back
# ---------------------------------------------------------------------------

def back_link(resp):
    links = [h for h, label in page_links(resp.text) if label == "Quay lại"]
    assert len(links) == 1, "expected one 'Quay lại' link: %s" % describe(resp)
    return links[0]


@pytest.mark.parametrize("ret,expected", [
    ("/ho-so?id=7&q=%C4%91", "/ho-so?id=7&q=%C4%91"),
    (None, "/"),
    ("//evil.example/x", "/"),
    ("https://evil.example/", "/"),
])
def test_logout_confirmation_has_a_way_back(login_env, ret, expected):
    env = login_env()
    b = env.browser()
    b.login(AN[0], "/")
    path = "/_vneid/logout"
    if ret is not None:
        path += "?return=" + urllib.parse.quote(ret, safe="")
    r = b.get(path)
    assert r.status_code == 200, describe(r)
    assert back_link(r) in (expected, env.base + expected), describe(r)
    # cancelling signs no one out
    assert b.whoami().status_code == 200
    assert b.backend_view(expected).header_all("X-VNeID-Citizen-Id") == [AN[0]]


@pytest.mark.parametrize("server_name", ["127.0.0.1 localhost", "localhost 127.0.0.1"])
def test_vneid_logout_comes_back_to_signed_out(login_env, server_name):
    """A test port is never VNeID's default: the gateway sends its own
    <origin>/_vneid/logout, the mock (as VNeID) returns the browser there,
    and it reads "Bạn đã đăng xuất"."""
    env = login_env(end_session=True, server_name=server_name)
    origin = "http://%s:%d" % (server_name.split()[0], env.nginx.port)
    env.base = origin          # the browser uses the server's own name
    b = env.browser()
    b.login(AN[0], "/")
    action, csrf = logout_form(b)
    r = b.post(action, {"csrf": csrf})
    assert r.status_code == 302, describe(r)
    loc = r.headers["Location"]
    assert loc.startswith(env.mock.base_url + "/logout?"), loc
    assert query_values(loc)["post_logout_redirect_uri"] == origin + "/_vneid/logout", loc
    r = b.s.get(loc, allow_redirects=False, timeout=10)
    assert r.status_code == 302, describe(r)
    back = r.headers["Location"]
    assert back.startswith(origin + "/_vneid/logout"), back
    r = b.s.get(back, allow_redirects=False, timeout=10)
    assert r.status_code == 200, describe(r)
    assert "Bạn đã đăng xuất" in r.text, describe(r)
    assert links_to(r.text, "login"), describe(r)
    assert b.whoami().status_code == 401
    # VNeID's session ended too: the next login asks for an ID number
    auth = b.start_for("/")
    page = b.s.get(auth, allow_redirects=False, timeout=10)
    assert page.status_code == 200 and 'action="/auth/login"' in page.text, describe(page)


# ---------------------------------------------------------------------------
# item 6: the binding cookie goes once its login is over
# ---------------------------------------------------------------------------

def test_binding_cookie_expired_after_a_login(login_env):
    env = login_env()
    b = env.browser()
    r = b.callback(b.login_until_callback(AN[0], "/"))
    assert_logged_in(r, "/")
    lines = cookie_lines(r, BINDING)
    assert len(lines) == 1 and expired_cookie(lines[0]), describe(r)
    assert "Path=/" in lines[0], lines
    assert b.cookie(BINDING) is None


def test_binding_cookie_expired_after_a_failed_login(login_env):
    env = login_env()
    b = env.browser()
    r = b.callback(b.login_until_callback(CUONG[0], "/"))
    env.assert_login_error(r, "level_too_low")
    lines = cookie_lines(r, BINDING)
    assert len(lines) == 1 and expired_cookie(lines[0]), describe(r)
    assert b.cookie(BINDING) is None


def test_binding_cookie_stays_while_another_tab_logs_in(login_env):
    env = login_env()
    b = env.browser()
    auth1 = b.start_for("/tab1")
    auth2 = b.start_for("/tab2")
    cb1 = b.idp_login(auth1, AN[0])
    cb2 = mockb.login_at_mock(b.s, auth2, AN[0], "VNeID@2024", env.mock.base_url,
                              reuse_sso=True)
    r = b.callback(cb1)
    assert_logged_in(r, "/tab1")
    assert not any(expired_cookie(l) for l in cookie_lines(r, BINDING)), describe(r)
    assert b.cookie(BINDING)
    r = b.callback(cb2)
    assert_logged_in(r, "/tab2")
    lines = cookie_lines(r, BINDING)
    assert len(lines) == 1 and expired_cookie(lines[0]), describe(r)


# ---------------------------------------------------------------------------
# item 6: the code and state in no log
# ---------------------------------------------------------------------------

def secrets_in(callback_url):
    """Every form in which the callback's code and state could be logged:
    as sent, percent-decoded, and their long alphanumeric runs."""
    out = set()
    for part in urllib.parse.urlsplit(callback_url).query.split("&"):
        name, _, value = part.partition("=")
        if name in ("code", "state") and value:
            decoded = urllib.parse.unquote(value)
            out.update((value, decoded))
            out.update(run for run in re.findall(r"[A-Za-z0-9]{12,}", decoded))
    assert out, callback_url
    return out


def assert_absent(secrets, text, where):
    found = [s for s in secrets if s in text]
    assert not found, "%s holds %r:\n%s" % (where, found, "\n".join(
        l for l in text.splitlines() if any(s in l for s in found))[:3000])


def three_callbacks(env):
    """A login, a refused login and a denial at VNeID: the callback URLs."""
    urls = []
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/ho-so")
    assert_logged_in(b.callback(cb), "/ho-so")
    urls.append(cb)
    b = env.browser()
    cb = b.login_until_callback(CUONG[0], "/")
    env.assert_login_error(b.callback(cb), "level_too_low")
    urls.append(cb)
    b = env.browser()
    state = query_values(b.start_for("/"))["state"]
    cb = "%s/_vneid/callback?error=access_denied&error_description=x&state=%s" % (
        env.base, urllib.parse.quote(state, safe=""))
    env.assert_login_error(b.callback(cb), "idp_denied")
    urls.append(cb)
    return urls


def callback_access_lines(env, n):
    lines = env.nginx.wait_log(r"/_vneid/callback", name="access.log", count=n)
    assert len(lines) >= n, env.nginx.read_log("access.log")
    return lines


def test_code_and_state_in_no_log(login_env):
    env = login_env(log_level="info")
    urls = three_callbacks(env)
    secrets = set().union(*(secrets_in(u) for u in urls))
    lines = callback_access_lines(env, 3)
    # the request is still recognisable: the path and the parameter names
    assert all("GET /_vneid/callback?" in l for l in lines), lines
    assert any("code=" in l and "state=" in l for l in lines), lines
    assert_absent(secrets, env.nginx.read_log("access.log"), "access.log")
    log = env.log()
    # error-log lines of the callback keep a (masked) request context
    ctx = [l for l in log.splitlines()
           if "vneid login" in l and 'request: "GET /_vneid/callback?' in l]
    assert len(ctx) >= 3, log[-3000:]
    assert_absent(secrets, log, "error.log")


def test_code_and_state_in_no_request_context_at_debug(login_env, capsys):
    """At debug level nginx itself dumps the raw request line and its
    arguments while parsing (before any module runs): those lines are
    nginx's own diagnostics, not a context. What the gateway controls,
    every line's `request: "..."` context and the access log, stays clean."""
    env = login_env(log_level="debug")
    urls = three_callbacks(env)
    secrets = set().union(*(secrets_in(u) for u in urls))
    callback_access_lines(env, 3)
    assert_absent(secrets, env.nginx.read_log("access.log"), "access.log")
    contexts = [l.split('request: "', 1)[1] for l in env.log().splitlines()
                if 'request: "' in l]
    assert any(c.startswith("GET /_vneid/callback?") for c in contexts), contexts[:5]
    assert_absent(secrets, "\n".join(contexts), "error.log request contexts")
    # entries, not lines: a debug dump of a header block spans several lines
    entries = re.split(r"\n(?=\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[)", env.log())
    raw = [e for e in entries if any(s in e for s in secrets)]
    with capsys.disabled():
        print("\n[login figures] debug log: %d nginx-core debug entries carry the raw "
              "callback query (request line / args / header dumps)" % len(raw))
    assert all(re.match(r"\S+ \S+ \[debug\]", e) for e in raw), \
        [e for e in raw if not re.match(r"\S+ \S+ \[debug\]", e)][:5]


# ---------------------------------------------------------------------------
# item 8: busy keeps the login
# ---------------------------------------------------------------------------

def test_busy_keeps_the_state_and_retries_the_same_callback(login_env):
    """threads=1 max_queue=1: one login runs (held at the token endpoint),
    one waits in the queue, the third is refused at once: 503 busy with
    Retry-After, its login state intact, and its "Thử lại" is the same
    callback URL, which logs in once the gateway has room."""
    env = login_env(threads=1, max_queue=1, idp_timeout="10s")
    prepared = env.prepare_callbacks(3, AN[0], "/ban")
    env.set_faults({"target": "token", "hold": True})

    (b0, cb0) = prepared[0]
    t0, box0 = in_background(lambda: b0.callback(cb0, timeout=20))
    env.wait_held(1)                             # the only thread is taken

    rest = [in_background(lambda b=b, cb=cb: b.callback(cb, timeout=20))
            for b, cb in prepared[1:]]
    # one of the two is queued, the other refused at once
    done = harness.wait_until(lambda: [i for i, (t, box) in enumerate(rest) if box],
                              10, "the busy answer")
    assert len(done) == 1, [box for _, box in rest]
    i = done[0]
    busy_box = rest[i][1]
    assert "e" not in busy_box, busy_box.get("e")
    r = busy_box["r"]
    b, cb = prepared[1 + i]
    env.assert_login_error(r, "busy")
    assert r.headers.get("Retry-After") == "5", describe(r)
    # the binding cookie stays: the login is not over
    assert not any(expired_cookie(l) for l in cookie_lines(r, BINDING)), describe(r)
    assert b.cookie(BINDING)
    # "Thử lại" is the same callback URL
    retries = links_to(r.text, "callback")
    assert len(retries) == 1, describe(r)
    href = retries[0][0]
    assert mockb.callback_params(href) == mockb.callback_params(cb), (href, cb)

    # VNeID answers; the running and the queued logins finish
    env.clear_faults()
    for t, box in [(t0, box0), rest[1 - i]]:
        t.join(20)
        assert not t.is_alive() and "e" not in box, box
        assert box["r"].status_code == 302, describe(box["r"])

    # the retry: the same state, the same code, a session
    r = b.callback(href)
    assert_logged_in(r, "/ban?n=%d" % (1 + i))
    assert b.whoami().json()["citizen_id"] == AN[0]


def test_busy_as_json_then_as_a_page_then_the_retry(login_env):
    """threads=1 max_queue=1, one login held at VNeID, one queued (seen in
    the debug log): a script's callback gets the JSON answer with
    retry_after, the same callback as a navigation the page, and both
    leave the state usable: the page's retry logs in afterwards."""
    env = login_env(threads=1, max_queue=1, idp_timeout="10s", log_level="debug")
    prepared = env.prepare_callbacks(3, AN[0], "/ban")
    env.set_faults({"target": "token", "hold": True})
    running = [in_background(lambda b=b, cb=cb: b.callback(cb, timeout=20))
               for b, cb in prepared[:2]]
    env.wait_held(1)
    queued = env.nginx.wait_log(r'task #\d+ added to thread pool "vneid"', name="error.log",
                                count=2, timeout=10)
    assert len(queued) >= 2, env.log()[-3000:]

    b, cb = prepared[2]
    r = b.get(cb, headers=JSON_ACCEPT)
    assert r.status_code == 503, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    body = r.json()
    assert body["error"] == "busy" and body["reference"], body
    assert body.get("retry_after") == 5, body
    assert r.headers.get("Retry-After") == "5", describe(r)
    assert env.failure_line(body["reference"]), env.log()[-2000:]

    r = b.callback(cb)                      # the same state: still there
    env.assert_login_error(r, "busy")
    retries = links_to(r.text, "callback")
    assert len(retries) == 1, describe(r)
    href = retries[0][0]
    assert mockb.callback_params(href) == mockb.callback_params(cb), (href, cb)

    env.clear_faults()
    for t, box in running:
        t.join(20)
        assert not t.is_alive() and "e" not in box, box
        assert box["r"].status_code == 302, describe(box["r"])
    assert_logged_in(b.callback(href), "/ban?n=2")
    assert b.whoami().json()["citizen_id"] == AN[0]
