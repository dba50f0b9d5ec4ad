"""The whole staff login, end to end: a real nginx with the module in front of
the echo backend, and the real mock VNeID SSO (scripts/mock-vneid) with its
pages, OTP, '+' codes, encrypt_key and {data,key} envelopes, over HTTP and
over TLS. See login_support.py for the environment and the "browser"."""

import html
import re
import time
import urllib.parse

import pytest

import harness
from login_support import (AN, BICH, DUC, JSON_ACCEPT, assert_logged_in, describe,
                           login_env, mockb)  # noqa: F401 (fixture)


def set_cookie_headers(resp):
    return [v for k, v in resp.raw.headers.items() if k.lower() == "set-cookie"]


def identity_headers(seen):
    return {k: v for k, v in harness.prefixed(seen["headers"])}


# --- the plain client ------------------------------------------------------------

def test_plain_login_full_flow(login_env):
    env = login_env(client="plain")
    b = env.browser()
    path = "/ho-so/chi-tiet?id=7&tab=a%20b&q=%C4%91"

    # 1. the protected page sends the browser to the login page, keeping the URL
    login_url = b.protected(path)
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(login_url).query)
    assert q["return"] == [path], login_url

    # 2. the login page links to /_vneid/start with the same return URL
    start = b.login_page(login_url)
    sq = urllib.parse.parse_qs(urllib.parse.urlsplit(start).query)
    assert sq["return"] == [path], start

    # 3. start: the binding cookie, then the IdP's authorization request
    r = b.get(start)
    assert r.status_code == 302, describe(r)
    binding = [c for c in set_cookie_headers(r) if c.startswith("vneid_session_login=")]
    assert len(binding) == 1, describe(r)
    attrs = [a.strip() for a in binding[0].split(";")]
    assert "Path=/" in attrs and "Max-Age=600" in attrs, binding
    assert "HttpOnly" in attrs and "SameSite=Lax" in attrs, binding
    assert "Secure" not in attrs, binding          # vneid_cookie ... insecure
    auth = r.headers["Location"]
    aq = urllib.parse.parse_qs(urllib.parse.urlsplit(auth).query)
    assert auth.startswith(env.mock.base_url + "/auth?"), auth
    assert aq["response_type"] == ["code"] and aq["client_id"] == ["vneid-demo-plain"], auth
    assert aq["redirect_uri"] == [env.base + "/_vneid/callback"], auth
    assert "openid" in aq["scope"][0].split() and len(aq["state"][0]) >= 32, auth

    # 4. the mock's pages: ID + password, OTP; the code has a '+'
    cb = b.idp_login(auth, AN[0])
    params = mockb.callback_params(cb)
    assert "+" in params["code"] and params["state"] == aq["state"][0], cb
    assert "encrypt_key" not in params, cb

    # 5. the callback: a session and back to the page, query intact
    r = b.callback(cb)
    cookie = assert_logged_in(r, path)
    loc = r.headers["Location"]
    assert loc.endswith(path), loc

    # 6. the page, with the verified identity for the backend
    seen = b.backend_view(path)
    assert seen["path"] == path
    ids = identity_headers(seen)
    assert ids.get("X-VNeID-Citizen-Id") == AN[0], seen
    assert ids.get("X-VNeID-Name") == "Nguyễn Văn An", seen
    assert ids.get("X-VNeID-Level") == "2", seen
    # the gateway's cookie is not passed on
    assert not any("vneid_session=" in v for v in seen.header_all("Cookie")), seen

    # 7. whoami
    w = b.whoami()
    assert w.status_code == 200, describe(w)
    info = w.json()
    assert info["authenticated"] is True
    assert info["citizen_id"] == AN[0] and info["name"] == "Nguyễn Văn An"
    assert info["level"] == 2
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", info["csrf_token"]), info
    assert abs(info["auth_time"] - time.time()) < 60, info
    assert set(info) >= {"authenticated", "citizen_id", "name", "level", "account",
                         "accounts", "csrf_token", "auth_time"}, info

    # the stored record is the one the cookie names
    rec = env.nginx.show_session(cookie)
    assert rec and rec["citizen_id"] == AN[0], rec

    log = env.log()
    assert "vneid login: citizen 001******345 level 2" in log, log[-2000:]
    assert AN[0] not in "\n".join(l for l in log.splitlines() if "vneid login:" in l)


def test_whoami_without_session(login_env):
    env = login_env()
    r = env.browser().whoami()
    assert r.status_code == 401, describe(r)
    assert r.json()["authenticated"] is False


def test_login_links_accounts_from_directory(login_env):
    """The portal account comes from the directory (vneidctl), not from the
    IdP: DUC's one account is active at once and sent to the backend."""
    env = login_env(accounts=[(DUC[0], "motcua.duc", "Hoàng Minh Đức", "Bộ phận Một cửa")])
    b = env.browser()
    b.login(DUC[0], path="/")
    info = b.whoami().json()
    assert info["citizen_id"] == DUC[0] and info["name"] == "Hoàng Minh Đức", info
    assert info["account"] == "motcua.duc", info
    assert info["accounts"] == [{"username": "motcua.duc", "display_name": "Hoàng Minh Đức",
                                 "unit": "Bộ phận Một cửa"}], info
    seen = b.backend_view("/")
    assert seen.header_all("X-VNeID-Account") == ["motcua.duc"], seen
    assert seen.header_all("X-VNeID-Accounts") == ["motcua.duc"], seen


# --- the encrypted client: encrypt_key and {data,key} envelopes --------------------

def test_encrypted_client_login(login_env):
    env = login_env(client="enc")
    b = env.browser()
    path = "/ho-so?id=42&loai=mot%20cua"
    cb = b.login_until_callback(BICH[0], path)
    params = mockb.callback_params(cb)
    assert params.get("encrypt_key"), cb          # the code came AES-encrypted
    r = b.callback(cb)
    assert_logged_in(r, path)
    seen = b.backend_view(path)
    ids = identity_headers(seen)
    assert ids.get("X-VNeID-Citizen-Id") == BICH[0], seen
    assert ids.get("X-VNeID-Name") == "Trần Thị Bích", seen
    assert ids.get("X-VNeID-Level") == "2", seen
    info = b.whoami().json()
    assert info["citizen_id"] == BICH[0] and info["authenticated"] is True, info


# --- session fixation ----------------------------------------------------------------

def test_planted_cookie_is_replaced(login_env):
    """A cookie set before the login (by an attacker, or the attacker's own
    valid session) is never the one after it: the login mints a fresh id."""
    env = login_env()
    b = env.browser()
    planted = "A" * 43
    b.set_cookie("vneid_session", planted)
    r = b.login(AN[0], path="/x")
    new = assert_logged_in(r, "/x")
    assert new != planted
    assert b.cookie("vneid_session") == new

    # the attacker's own, valid session planted in the victim's browser
    attacker = env.nginx.create_session(citizen_id=BICH[0], name=BICH[1], accounts=())
    v = env.browser()
    v.set_cookie("vneid_session", attacker)
    auth = v.start_for("/y")                      # signed in: go straight to start
    r = v.callback(v.idp_login(auth, AN[0]))
    new2 = assert_logged_in(r, "/y")
    assert new2 not in (attacker, new)
    assert v.whoami().json()["citizen_id"] == AN[0]

    # a second login in the same browser also gets a new id
    auth = b.start_for("/z")
    r = b.callback(b.idp_login(auth, AN[0]))
    assert assert_logged_in(r, "/z") not in (new, new2, planted)


# --- several tabs ----------------------------------------------------------------------

@pytest.mark.parametrize("order", ["first-then-second", "second-then-first"])
def test_two_tabs_finish_in_either_order(login_env, order):
    env = login_env()
    b = env.browser()
    auth1 = b.start("/_vneid/start?return=%2Ftab1%3Fa%3D1")
    auth2 = b.start("/_vneid/start?return=%2Ftab2%3Fb%3D2")
    s1 = urllib.parse.parse_qs(urllib.parse.urlsplit(auth1).query)["state"]
    s2 = urllib.parse.parse_qs(urllib.parse.urlsplit(auth2).query)["state"]
    assert s1 != s2
    cb1 = b.idp_login(auth1, AN[0])
    # the second tab: VNeID still knows the browser (its SSO session)
    cb2 = mockb.login_at_mock(b.s, auth2, AN[0], "VNeID@2024", env.mock.base_url,
                              reuse_sso=True)
    assert cb2.startswith(env.base + "/_vneid/callback?"), cb2
    pairs = [(cb1, "/tab1?a=1"), (cb2, "/tab2?b=2")]
    if order == "second-then-first":
        pairs.reverse()
    cookies = []
    for cb, path in pairs:
        r = b.callback(cb)
        cookies.append(assert_logged_in(r, path))
        assert b.whoami().json()["citizen_id"] == AN[0]
    assert cookies[0] != cookies[1]
    seen = b.backend_view("/tab1?a=1")
    assert seen.header_all("X-VNeID-Citizen-Id") == [AN[0]]


# --- logout -------------------------------------------------------------------------------

def logout_form(b):
    r = b.get("/_vneid/logout")
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("text/html"), describe(r)
    m = re.search(r'<form[^>]*method="post"[^>]*action="([^"]*)"', r.text, re.I) or \
        re.search(r'<form[^>]*action="([^"]*)"[^>]*method="post"', r.text, re.I)
    assert m, "no POST form on the logout page: %s" % describe(r)
    c = re.search(r'name="csrf" value="([^"]*)"', r.text)
    assert c, "no csrf field on the logout page: %s" % describe(r)
    return html.unescape(m.group(1)), html.unescape(c.group(1))


def test_logout(login_env):
    env = login_env()
    b = env.browser()
    b.login(AN[0], path="/")
    old = b.cookie("vneid_session")
    action, csrf = logout_form(b)
    assert csrf == b.whoami().json()["csrf_token"]
    assert urllib.parse.urlsplit(action).path == "/_vneid/logout", action

    # a GET only asks: still signed in
    assert b.whoami().status_code == 200

    # wrong and missing csrf: refused, the session stays
    r = b.post(action, {"csrf": csrf[:-2] + ("AA" if not csrf.endswith("AA") else "BB")})
    assert r.status_code == 403, describe(r)
    assert "csrf_invalid" in r.text, describe(r)
    r = b.post(action, {"other": "x"})
    assert r.status_code == 403, describe(r)
    assert b.whoami().status_code == 200
    assert b.backend_view("/").header_all("X-VNeID-Citizen-Id") == [AN[0]]

    # the right csrf: the session ends on the server and in the browser
    r = b.post(action, {"csrf": csrf})
    assert r.status_code == 200, describe(r)           # no end-session endpoint
    assert r.headers["Content-Type"].startswith("text/html"), describe(r)
    cleared = [c for c in set_cookie_headers(r) if c.startswith("vneid_session=")]
    assert len(cleared) == 1 and "Max-Age=0" in cleared[0], describe(r)
    assert 'href="/_vneid/login' in r.text, describe(r)
    assert env.nginx.show_session(old) is None

    # the old cookie no longer works anywhere
    other = env.browser()
    other.set_cookie("vneid_session", old)
    r = other.get("/ho-so")
    assert r.status_code == 302 and "/_vneid/login" in r.headers["Location"], describe(r)
    assert other.whoami().status_code == 401
    r = other.get("/ho-so", headers=JSON_ACCEPT)
    assert r.status_code == 401, describe(r)


def test_logout_goes_to_idp_end_session(login_env):
    env = login_env(end_session=True)
    b = env.browser()
    b.login(AN[0], path="/")
    old = b.cookie("vneid_session")
    action, csrf = logout_form(b)
    r = b.post(action, {"csrf": csrf})
    assert r.status_code == 302, describe(r)
    loc = r.headers["Location"]
    assert loc.startswith(env.mock.base_url + "/logout"), loc
    assert "client_id=vneid-demo-plain" in loc, loc
    cleared = [c for c in set_cookie_headers(r) if c.startswith("vneid_session=")]
    assert len(cleared) == 1 and "Max-Age=0" in cleared[0], describe(r)
    assert env.nginx.show_session(old) is None
    other = env.browser()
    other.set_cookie("vneid_session", old)
    assert other.whoami().status_code == 401


# --- TLS to the IdP ----------------------------------------------------------------------

def test_login_over_tls_with_trusted_certificate(login_env):
    env = login_env(client="enc", tls=True, trust=True)
    assert env.mock.base_url.startswith("https://127.0.0.1:")
    b = env.browser()
    r = b.login(BICH[0], path="/tls?x=1")
    assert_logged_in(r, "/tls?x=1")
    seen = b.backend_view("/tls?x=1")
    assert seen.header_all("X-VNeID-Citizen-Id") == [BICH[0]]


def test_login_over_tls_without_trusted_certificate_fails(login_env):
    """The mock's self-signed certificate is not trusted: the token call must
    fail (idp_tls, 502), never fall back to an unverified connection."""
    env = login_env(tls=True, trust=False)
    b = env.browser()
    cb = b.login_until_callback(AN[0], "/")
    r = b.callback(cb)
    line = env.assert_login_error(r, "idp_tls")
    assert "token endpoint" in line, line
    assert b.cookie("vneid_session") is None
    assert b.whoami().status_code == 401


# --- the return URL ------------------------------------------------------------------------

def test_return_url_stays_on_this_site(login_env):
    """Only a relative path survives the round trip through VNeID; anything
    that could leave the site lands on "/"."""
    env = login_env()
    cases = {
        "https://evil.example/x": "/",
        "//evil.example/x": "/",
        "/\\evil.example": "/",
        "javascript:alert(1)": "/",
        "/ok\r\nX-Injected: 1": "/",
        "/ho-so?a=1&b=%C4%91#tab": "/ho-so?a=1&b=%C4%91#tab",
    }
    for ret, expected in cases.items():
        b = env.browser()
        auth = b.start_for(ret)
        r = b.callback(b.idp_login(auth, AN[0]))
        assert_logged_in(r, expected)
        assert "X-Injected" not in r.headers, describe(r)
