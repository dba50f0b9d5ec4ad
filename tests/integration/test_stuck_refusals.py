"""Issue 11, items 1 and 2: a refusal after a successful VNeID sign-in never
traps the browser, and every retry keeps the destination.

The mock's SSO session is kept alive, as VNeID's is: after "Tài khoản VNeID
chưa đủ mức định danh" (a level-1 citizen), "not linked" or a disabled
account, the plain retry ("Đăng nhập lại") goes back through VNeID without
any question and ends on the same refusal (the same person: that is right),
while "Đăng nhập bằng tài khoản VNeID khác" ends VNeID's session at its
end-session endpoint and starts a fresh login, for which VNeID asks for an
ID number again (the next staff member at a shared PC).

Every error page's retry carries the original `return`: the callback's
failures after the state was accepted (the flow's return), the start's
refusals (the query's return), the linking pages (the pending link's)."""

import re
import urllib.parse

import pytest

from login_support import (AN, BAD_PROVINCE, BICH, CUONG, HA, PASSWORD, SAMPLE_ACCOUNTS,
                           SWITCH_LABEL, assert_logged_in, describe, links_to,
                           login_env, mockb, query_values, retry_link,  # noqa: F401
                           switch_link)
from test_account_link import (HA_USER, PER_CITIZEN, UNLINKED_HA, attempt,  # noqa: F401
                               link_env, link_form, unlinked_login)

PATH = "/ho-so/chi-tiet?id=7&q=%C4%91"
REDIRECTS = (301, 302, 303, 307, 308)


def mock_get(b, url):
    """A request to the mock, as the browser makes it (its cookie jar)."""
    return b.s.get(url, allow_redirects=False, timeout=10, verify=b.s.verify)


def absolute(env, location):
    return urllib.parse.urljoin(env.base + "/", location)


def asks_for_id(resp):
    """The mock's first page: the ID number and password form."""
    return resp.status_code == 200 and 'action="/auth/login"' in resp.text


def same_person_retry(env, b, retry_href, code, ret):
    """The plain retry: the login page, /start, and VNeID answers at once
    (its session lives) with a callback that ends on the same refusal."""
    start = b.login_page(retry_href)
    assert query_values(start).get("return") == ret, start
    auth = b.start(start)
    r = mock_get(b, auth)
    assert r.status_code == 302, "VNeID asked again although its session lives: %s" % (
        describe(r))
    cb = r.headers["Location"]
    assert cb.startswith(env.base + "/_vneid/callback?"), cb
    again = b.callback(cb)
    env.assert_login_error(again, code)
    return again


def other_account(env, b, switch_href, ret, end_session=True):
    """The switch button: VNeID's logout (end_session), back to the gateway's
    <endpoint>logout, on to /start with the same return, and VNeID asks for
    an ID number again. Returns the mock's authorization URL, at its form."""
    r = b.get(switch_href)
    assert r.status_code == 302, describe(r)
    loc = absolute(env, r.headers["Location"])
    if end_session:
        assert loc.startswith(env.mock.base_url + "/logout?"), loc
        q = query_values(loc)
        assert q.get("post_logout_redirect_uri") == env.base + "/_vneid/logout", loc
        assert q.get("state") == "login:" + ret, loc
        assert q.get("client_id") == env.client_id, loc
        r = mock_get(b, loc)                      # VNeID ends its session ...
        assert r.status_code == 302, describe(r)
        back = r.headers["Location"]
        assert back.startswith(env.base + "/_vneid/logout"), back
        assert b.cookie(mockb.SSO_COOKIE) is None, "the mock's SSO cookie survived"
        r = b.get(back)                           # ... and sends the browser back
        assert r.status_code == 302, describe(r)
        loc = absolute(env, r.headers["Location"])
    parts = urllib.parse.urlsplit(loc)
    assert parts.path == "/_vneid/start" and parts.netloc == urllib.parse.urlsplit(
        env.base).netloc, loc
    assert query_values(loc).get("return") == ret, loc
    auth = b.start(loc)
    page = mock_get(b, auth)
    if end_session:
        assert asks_for_id(page), "VNeID did not ask for an ID number: %s" % describe(page)
    return auth


# ---------------------------------------------------------------------------
# item 1: the refusals after VNeID, same person and another person
# ---------------------------------------------------------------------------

def _level_1(env):
    return CUONG[0], "level_too_low"


def _not_linked(env):
    return HA[0], "no_account"


def _disabled(env):
    env.nginx.ctl("accounts", "disable", AN[0], "an.nv")
    return AN[0], "no_account"


REFUSALS = {
    "level_1": (_level_1, None),
    "not_linked": (_not_linked, UNLINKED_HA),
    "account_disabled": (_disabled, None),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusal_then_same_person_then_another_account(login_env, case):
    make, accounts = REFUSALS[case]
    env = login_env(end_session=True, accounts=accounts)
    pid, code = make(env)
    b = env.browser()

    # the ID number, password and OTP asked once; the gateway refuses
    r = b.callback(b.login_until_callback(pid, PATH))
    env.assert_login_error(r, code)
    assert b.cookie(mockb.SSO_COOKIE), "the mock keeps its SSO session"
    retry = retry_link(r, PATH)
    switch = switch_link(r, PATH)

    # the same person retries: straight through VNeID to the same refusal,
    # which still offers both ways on
    again = same_person_retry(env, b, retry, code, PATH)
    retry_link(again, PATH)
    switch_link(again, PATH)

    # the next staff member at this PC: another VNeID account
    auth = other_account(env, b, switch, PATH)
    cb = mockb.login_at_mock(b.s, auth, BICH[0], PASSWORD, env.mock.base_url,
                             reuse_sso=True)
    assert_logged_in(b.callback(cb), PATH)
    assert b.whoami().json()["citizen_id"] == BICH[0]
    seen = b.backend_view(PATH)
    assert seen.header_all("X-VNeID-Citizen-Id") == [BICH[0]], seen


def test_switch_in_english(login_env):
    env = login_env(end_session=True)
    b = env.browser()
    cb = b.login_until_callback(CUONG[0], "/x")
    r = b.get(cb, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.status_code == 403, describe(r)
    switch_link(r, "/x", lang="en")


def test_switch_without_end_session_endpoint_starts_a_new_login(login_env):
    """No vneid_end_session_endpoint: the button can only start a fresh
    login (VNeID's session, if any, answers it)."""
    env = login_env(end_session=False)
    b = env.browser()
    r = b.callback(b.login_until_callback(CUONG[0], PATH))
    env.assert_login_error(r, "level_too_low")
    other_account(env, b, switch_link(r, PATH), PATH, end_session=False)


@pytest.mark.parametrize("ret,expected", [
    ("https://evil.example/x", "/"),
    ("//evil.example/x", "/"),
    ("/ok?a=1&b=%C4%91", "/ok?a=1&b=%C4%91"),
])
def test_switch_return_stays_on_this_site(login_env, ret, expected):
    env = login_env(end_session=True)
    b = env.browser()
    r = b.get("/_vneid/relogin?return=" + urllib.parse.quote(ret, safe=""))
    assert r.status_code == 302, describe(r)
    loc = r.headers["Location"]
    assert loc.startswith(env.mock.base_url + "/logout?"), loc
    assert query_values(loc)["state"] == "login:" + expected, loc
    assert "evil" not in urllib.parse.unquote(query_values(loc)["post_logout_redirect_uri"])
    # a forged state coming back cannot leave the site either: an on-site
    # /start, whose login lands on a safe path
    b = env.browser()
    r = b.get("/_vneid/logout?state=" + urllib.parse.quote("login:" + ret, safe=""))
    assert r.status_code == 302, describe(r)
    loc = absolute(env, r.headers["Location"])
    assert urllib.parse.urlsplit(loc).path == "/_vneid/start", loc
    assert urllib.parse.urlsplit(loc).netloc == urllib.parse.urlsplit(env.base).netloc, loc
    assert_logged_in(b.callback(b.idp_login(b.start(loc), AN[0])), expected)


def test_no_switch_where_vneid_did_not_sign_anyone_in(login_env):
    """The button follows a successful VNeID sign-in only: a stale login
    (state_invalid) offers the plain retry."""
    env = login_env(end_session=True)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    r = b.callback(cb.replace("state=", "state=x"))
    env.assert_login_error(r, "state_invalid")
    assert links_to(r.text, "relogin") == [], describe(r)
    assert SWITCH_LABEL["vi"] not in r.text
    retry_link(r)


# ---------------------------------------------------------------------------
# item 1 on the linking pages (self-service linking, issue 10)
# ---------------------------------------------------------------------------

def test_linking_pages_offer_the_switch_and_keep_the_return(link_env):
    env = link_env(end_session=True)
    b = env.browser()
    r, form = unlinked_login(env, b, path=PATH)
    retry_link(r, PATH)
    switch_link(r, PATH)

    # the form page again (GET <endpoint>link)
    r = b.get("/_vneid/link")
    assert r.status_code in (200, 403) and link_form(r.text), describe(r)
    switch_link(r, PATH)

    # someone else's account: account_taken
    r = attempt(b, form, "an.nv", env.passwords["an.nv"])
    assert r.status_code == 403 and "account_taken" in r.text, describe(r)
    retry_link(r, PATH)
    switch_link(r, PATH)

    # wrong passwords: link_refused, then link_limited
    for i in range(PER_CITIZEN):
        r = attempt(b, form, HA_USER, "sai-%d" % i)
        assert r.status_code == 403 and "link_refused" in r.text, describe(r)
        switch_link(r, PATH)
        form = link_form(r.text) or form
    r = attempt(b, form, HA_USER, "sai-cuoi")
    assert r.status_code == 429 and "link_limited" in r.text, describe(r)
    retry_link(r, PATH)
    switch_link(r, PATH)

    # and the switch works from there: VNeID asks for an ID number again
    auth = other_account(env, b, switch_link(r, PATH), PATH)
    cb = mockb.login_at_mock(b.s, auth, AN[0], PASSWORD, env.mock.base_url, reuse_sso=True)
    assert_logged_in(b.callback(cb), PATH)


def test_own_disabled_account_page_offers_the_switch(link_env):
    env = link_env(accounts=SAMPLE_ACCOUNTS, end_session=True)
    env.nginx.ctl("accounts", "disable", HA[0], HA_USER)
    b = env.browser()
    _, form = unlinked_login(env, b, path=PATH)
    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert r.status_code == 403 and "account_disabled" in r.text, describe(r)
    retry_link(r, PATH)
    switch_link(r, PATH)


# ---------------------------------------------------------------------------
# item 2: every retry keeps the destination
# ---------------------------------------------------------------------------

def _token_503(env, b):
    env.set_faults({"target": "token", "status": 503})
    return "idp_error"


def _userinfo_garbage(env, b):
    env.set_faults({"target": "userinfo", "garbage": True})
    return "idp_bad_answer"


def _expired_code(env, b):
    env.set_faults({"expired_codes": True})
    return "code_rejected"


def _level(env, b):
    return "level_too_low"


LONG_NAME = {"pid": "001085077777", "password": PASSWORD, "fullName": "Nguyễn " + "A" * 300,
             "birthDate": "1985-03-04", "gender": "male", "phone": "0912000777",
             "accountType": "CONG_DAN", "accountLevel": 2}

# the refusals that follow a successful VNeID sign-in: they offer "Đăng nhập
# bằng tài khoản VNeID khác"; VNeID's or the gateway's trouble does not
AFTER_VNEID = ("level_too_low", "citizen_id_invalid", "identity_too_long", "no_account")

CALLBACK_FAILURES = {
    "idp_error": (_token_503, AN[0], {}),
    "idp_bad_answer": (_userinfo_garbage, AN[0], {}),
    "code_rejected": (_expired_code, AN[0], {}),
    "level_too_low": (_level, CUONG[0], {}),
    "citizen_id_invalid": (lambda env, b: "citizen_id_invalid", BAD_PROVINCE["pid"],
                           {"extra_citizens": [BAD_PROVINCE], "accounts": SAMPLE_ACCOUNTS,
                            "mock_args": ["--allow-invalid-pids"]}),
    "identity_too_long": (lambda env, b: "identity_too_long", LONG_NAME["pid"],
                          {"extra_citizens": [LONG_NAME]}),
    "no_account": (lambda env, b: "no_account", HA[0], {"accounts": UNLINKED_HA}),
}


@pytest.mark.parametrize("case", sorted(CALLBACK_FAILURES))
def test_callback_failure_retry_keeps_the_return(login_env, case):
    make, pid, kw = CALLBACK_FAILURES[case]
    env = login_env(**kw)
    b = env.browser()
    cb = b.login_until_callback(pid, PATH)
    code = make(env, b)
    r = b.callback(cb)
    env.assert_login_error(r, code)
    retry = retry_link(r, PATH)
    if code in AFTER_VNEID:
        switch_link(r, PATH)
    else:
        assert links_to(r.text, "relogin") == [], describe(r)
    env.clear_faults()
    # following it lands where the staff member was going
    start = b.login_page(retry)
    assert query_values(start).get("return") == PATH, start
    if code in AFTER_VNEID:
        return
    auth = b.start(start)
    cb = mockb.login_at_mock(b.s, auth, pid, PASSWORD, env.mock.base_url, reuse_sso=True)
    assert_logged_in(b.callback(cb), PATH)


def test_denied_at_vneid_retry_keeps_the_return(login_env):
    """error=access_denied (a description the gateway has no page of its
    own for): the state was accepted, so the return is known."""
    env = login_env()
    b = env.browser()
    auth = b.start_for(PATH)
    state = query_values(auth)["state"]
    r = b.callback("/_vneid/callback?error=access_denied&error_description=transaction_dead"
                   "&state=" + urllib.parse.quote(state, safe=""))
    line = env.assert_login_error(r, "idp_denied")
    assert "access_denied" in line, line
    retry_link(r, PATH)


def test_start_refusal_retry_keeps_the_return(login_env):
    """/start refuses (a relative vneid_redirect_uri without a usable
    server_name): the retry carries the query's return."""
    env = login_env(server_name=None)
    b = env.browser()
    r = b.get("/_vneid/start?return=" + urllib.parse.quote(PATH, safe=""))
    env.assert_login_error(r, "not_configured")
    retry_link(r, PATH)


def test_retry_return_is_escaped_and_safe(login_env):
    """A return with characters that need escaping stays data on the page,
    and a foreign one never becomes the retry's."""
    env = login_env()
    b = env.browser()
    r = b.callback(b.idp_login(b.start_for('/a?x="><b>&y=1'), CUONG[0]))
    env.assert_login_error(r, "level_too_low")
    assert '"><b>' not in r.text, describe(r)
    assert query_values(retry_link(r)).get("return", "").startswith("/a"), describe(r)
    b2 = env.browser()
    r = b2.callback(b2.idp_login(b2.start_for("//evil.example/x"), CUONG[0]))
    env.assert_login_error(r, "level_too_low")
    href = retry_link(r)
    assert "evil" not in urllib.parse.unquote(href), href
    assert re.match(r"^(/|%s/)" % re.escape(env.base), href), href
