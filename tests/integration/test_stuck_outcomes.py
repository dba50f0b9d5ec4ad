"""Issue 11, items 3 and 8 (second half): say what actually happened.

VNeID sends error=access_denied with an error_description the gateway now
tells apart: user_cancelled (a calm page, HTTP 200, the login button),
account_locked (403: who unlocks a VNeID account) and otp_exhausted (403:
wait and sign in again); any other denial stays idp_denied. The technical
lines (error code, HTTP status) sit in a "Chi tiết kỹ thuật" disclosure and
the reference stays visible (login_support.assert_error_page_layout, which
assert_login_error applies to every failure page); the pages say "phiên
đăng nhập". Every error page, store errors included, carries a reference
that is also in the error log; no log line repeats its code
("idp_denied: idp_denied:")."""

import re
import urllib.parse

import pytest

from login_support import (AN, BICH, DUNG, JSON_ACCEPT, PASSWORD, REF_RX, assert_logged_in,
                           describe, login_env, mockb, query_values,  # noqa: F401
                           retry_link, tech_details)

PATH = "/ho-so?id=3&tab=x"
EN = {"Accept-Language": "en-US,en;q=0.9"}


def mock_post(b, env, path, data):
    return b.s.post(env.mock.base_url + path, data=data, allow_redirects=False,
                    timeout=10, verify=b.s.verify)


def mock_form(b, env, auth):
    """The mock's login form for a fresh transaction: its tx."""
    mockb.forget_sso_session(b.s)
    page = b.s.get(auth, allow_redirects=False, timeout=10, verify=b.s.verify)
    m = re.search(r'name="tx" value="([^"]*)"', page.text)
    assert page.status_code == 200 and m, describe(page)
    return m.group(1)


def cancelled_callback(env, b, path=PATH):
    """The staff member presses "Hủy" at VNeID: the callback URL it sends."""
    tx = mock_form(b, env, b.start_for(path))
    r = mock_post(b, env, "/auth/cancel", {"tx": tx})
    assert r.status_code == 302, describe(r)
    cb = r.headers["Location"]
    assert cb.startswith(env.base + "/_vneid/callback?"), cb
    assert mockb.callback_params(cb).get("error_description") == "user_cancelled", cb
    return cb


def refused_at_mock(env, b, pid, expect, wrong_otp=False, path=PATH):
    """The mock stops the login with a 403 page (a locked account, or the
    OTP tries used up); returns its "Quay lại trang dịch vụ" link, the
    callback with error=access_denied."""
    tx = mock_form(b, env, b.start_for(path))
    r = mock_post(b, env, "/auth/login", {"tx": tx, "pid": pid, "password": PASSWORD})
    if wrong_otp:
        assert r.status_code == 200 and 'action="/auth/otp"' in r.text, describe(r)
        otp = mockb.latest_otp(b.s, env.mock.base_url, pid, tx)
        wrong = "%06d" % ((int(otp) + 1) % 10 ** 6)
        r = mock_post(b, env, "/auth/otp", {"tx": tx, "otp": wrong})
    stop = mockb._page_error(r)
    assert stop.status == 403 and stop.code == expect, describe(r)
    cb = stop.error_redirect
    assert cb and cb.startswith(env.base + "/_vneid/callback?"), stop
    assert mockb.callback_params(cb).get("error_description") == expect, cb
    return cb


def title(resp):
    m = re.search(r"<h1>(.*?)</h1>", resp.text, re.S)
    assert m, describe(resp)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip()


def status_icon(text):
    m = re.search(r'<svg class="status-icon".*?</svg>', text, re.S)
    return m.group(0) if m else None


def visible_text(text):
    """The page's text outside the technical details, tags removed."""
    tech = tech_details(text)
    body = tech[2] if tech else text
    body = re.sub(r"<style\b.*?</style>", "", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def error_icon(env):
    """The error look's icon, as an error page of this build draws it."""
    r = env.browser().get("/_vneid/callback?state=x&code=y")
    env.assert_login_error(r, "state_invalid")
    icon = status_icon(r.text)
    assert icon, describe(r)
    return icon


# ---------------------------------------------------------------------------
# the three VNeID outcomes
# ---------------------------------------------------------------------------

def test_cancel_at_vneid_is_a_calm_page_with_the_login_button(login_env):
    env = login_env()
    b = env.browser()
    r = b.callback(cancelled_callback(env, b))
    line = env.assert_login_error(r, "idp_cancelled", status=200)
    assert "user_cancelled" in line, line
    assert "Bạn đã hủy đăng nhập" in title(r), describe(r)
    # not an error: no error icon, and the way on is the login, keeping the return
    assert error_icon(env) not in r.text, describe(r)
    href = retry_link(r, PATH)
    assert_logged_in(b.callback(b.idp_login(b.start(b.login_page(href)), AN[0])), PATH)
    # in English too
    b2 = env.browser()
    r = b2.get(cancelled_callback(env, b2), headers=EN)
    assert r.status_code == 200, describe(r)
    assert "Sign-in cancelled" in title(r), describe(r)
    assert tech_details(r.text)[0] == "Technical details", describe(r)


def test_cancel_as_json_for_scripts(login_env):
    env = login_env()
    b = env.browser()
    r = b.get(cancelled_callback(env, b), headers=JSON_ACCEPT)
    assert r.status_code == 200, describe(r)
    body = r.json()
    assert body["error"] == "idp_cancelled" and body["reference"], body
    assert env.failure_line(body["reference"]), env.log()[-2000:]


def test_locked_vneid_account_says_who_unlocks_it(login_env):
    env = login_env()
    b = env.browser()
    r = b.callback(refused_at_mock(env, b, DUNG[0], "account_locked"))
    line = env.assert_login_error(r, "idp_account_locked")
    assert "account_locked" in line, line
    text = visible_text(r.text)
    assert "Công an" in text, text
    retry_link(r, PATH)


def test_locked_after_wrong_passwords(login_env):
    """The mock locks a citizen after too many wrong passwords: the same
    page, the same advice."""
    env = login_env(mock_args=["--password-max-failures", "1"])
    b = env.browser()
    tx = mock_form(b, env, b.start_for(PATH))
    r = mock_post(b, env, "/auth/login", {"tx": tx, "pid": AN[0], "password": "sai-mat-khau"})
    stop = mockb._page_error(r)
    assert stop.code == "account_locked", describe(r)
    r = b.callback(stop.error_redirect)
    env.assert_login_error(r, "idp_account_locked")
    assert "Công an" in visible_text(r.text)


def test_otp_tries_used_up_says_wait_and_retry(login_env):
    env = login_env(mock_args=["--otp-max-tries", "1"])
    b = env.browser()
    r = b.callback(refused_at_mock(env, b, AN[0], "otp_exhausted", wrong_otp=True))
    line = env.assert_login_error(r, "idp_otp_exhausted")
    assert "otp_exhausted" in line, line
    assert "phút" in visible_text(r.text), describe(r)
    href = retry_link(r, PATH)
    # and signing in again works
    assert_logged_in(b.callback(b.idp_login(b.start(b.login_page(href)), AN[0])), PATH)


@pytest.mark.parametrize("query", [
    "error=access_denied&error_description=transaction_dead",
    "error=access_denied",
])
def test_other_denials_stay_idp_denied(login_env, query):
    env = login_env()
    b = env.browser()
    state = query_values(b.start_for(PATH))["state"]
    r = b.callback("/_vneid/callback?%s&state=%s" % (query, urllib.parse.quote(state, safe="")))
    line = env.assert_login_error(r, "idp_denied")
    assert "access_denied" in line, line
    assert "idp_denied: idp_denied" not in env.log()
    retry_link(r, PATH)


def test_each_outcome_has_its_own_page(login_env):
    env = login_env(mock_args=["--otp-max-tries", "1"])
    titles = {}
    b = env.browser()
    titles["idp_cancelled"] = title(b.callback(cancelled_callback(env, b)))
    b = env.browser()
    titles["idp_account_locked"] = title(b.callback(
        refused_at_mock(env, b, DUNG[0], "account_locked")))
    b = env.browser()
    titles["idp_otp_exhausted"] = title(b.callback(
        refused_at_mock(env, b, BICH[0], "otp_exhausted", wrong_otp=True)))
    b = env.browser()
    state = query_values(b.start_for(PATH))["state"]
    titles["idp_denied"] = title(b.callback(
        "/_vneid/callback?error=access_denied&state=" + urllib.parse.quote(state, safe="")))
    assert len(set(titles.values())) == 4, titles


# ---------------------------------------------------------------------------
# wording: "phiên đăng nhập"
# ---------------------------------------------------------------------------

def test_session_wording_on_the_stale_login_pages(login_env):
    env = login_env()
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    r = b.callback(cb.replace("state=", "state=x"))
    env.assert_login_error(r, "state_invalid")
    assert "phiên đăng nhập" in title(r).lower() + visible_text(r.text).lower(), describe(r)
    cb = b.login_until_callback(AN[0], "/")
    env.advance_clock(120)                     # past the mock's code lifetime
    r = b.callback(cb)
    env.assert_login_error(r, "code_rejected")
    assert "phiên đăng nhập" in title(r).lower() + visible_text(r.text).lower(), describe(r)


# ---------------------------------------------------------------------------
# item 8: every error page carries a reference that is also in the error log
# ---------------------------------------------------------------------------

def reference_of(resp):
    if resp.headers.get("Content-Type", "").startswith("application/json"):
        return resp.json().get("reference")
    m = REF_RX.search(resp.text)
    return m.group(1) if m else None


def broken_session(env, b):
    """A session whose record the request path cannot hold (seeded directly,
    bypassing the login's bounds): every lookup is a store error."""
    b.set_cookie("vneid_session", env.nginx.create_session(name="Đ" * 400))


def signed_in(env, b):
    b.set_cookie("vneid_session", env.nginx.create_session(
        citizen_id=AN[0], name=AN[1], accounts=("an.nv",)))


def form_post(b, path, data, headers=None):
    h = {"Origin": b.env.base, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate",
         "Sec-Fetch-Dest": "document"}
    h.update(headers or {})
    return b.post(path, data, headers=h)


ERROR_PAGES = {
    "store_error protected page": (broken_session, lambda b: b.get("/ho-so"),
                                   503, "store_error"),
    "store_error whoami": (broken_session, lambda b: b.get("/_vneid/whoami", headers=JSON_ACCEPT),
                           503, "store_error"),
    "store_error accounts page": (broken_session, lambda b: b.get("/_vneid/accounts"),
                                  503, "store_error"),
    "store_error accounts switch": (broken_session, lambda b: form_post(
        b, "/_vneid/accounts", {"account": "an.nv", "csrf": "x"}), 503, "store_error"),
    "csrf_invalid logout": (signed_in, lambda b: form_post(
        b, "/_vneid/logout", {"csrf": "sai"}), 403, "csrf_invalid"),
    "csrf_invalid switch": (signed_in, lambda b: form_post(
        b, "/_vneid/accounts", {"account": "an.nv", "csrf": "sai"}), 403, "csrf_invalid"),
    "account_not_linked": (signed_in, lambda b: form_post(
        b, "/_vneid/accounts", {"account": "bich.tt", "csrf": b.csrf()}),
        403, "account_not_linked"),
    "not_found": (None, lambda b: b.get("/_vneid/khong-co"), 404, "not_found"),
    "method_not_allowed": (None, lambda b: b.s.put(b.url("/_vneid/login"), timeout=10,
                                                   allow_redirects=False),
                           405, "method_not_allowed"),
}


@pytest.mark.parametrize("case", sorted(ERROR_PAGES))
def test_every_error_page_has_a_reference_in_the_log(login_env, case):
    prepare, request, status, code = ERROR_PAGES[case]
    env = login_env()
    b = env.browser()
    if prepare:
        prepare(env, b)
    r = request(b)
    assert r.status_code == status, describe(r)
    assert code in r.text, describe(r)
    ref = reference_of(r)
    assert ref, "no reference: %s" % describe(r)
    lines = [l for l in env.log().splitlines() if ref in l]
    assert lines, "reference %s not in error.log:\n%s" % (ref, env.log()[-3000:])
    if r.headers.get("Content-Type", "").startswith("text/html"):
        tech = tech_details(r.text)
        assert tech and code in tech[1], describe(r)
        assert REF_RX.search(tech[2]), describe(r)
