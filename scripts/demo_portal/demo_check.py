#!/usr/bin/python3
"""End-to-end check of a running demo (scripts/demo --check runs it).

Does what a staff member does, with python3-requests as the browser, through
the gateway to the sample portal, and checks every step:

  1. the portal without a session  -> 302 to the gateway's login page
  2. the login page                -> the VNeID button (start URL)
  3. start                         -> 302 to the mock VNeID /auth (our client_id,
                                      the callback on this gateway)
  4. at the mock: ID number, password, the OTP read from the SMS outbox
  5. the callback                  -> session cookie (HttpOnly), 302 back to /
  6. the portal page               -> shows the verified citizen id, name, level
                                      in the identity panel (saved to --save-dir)
  7. forged X-VNeID-* headers from the browser never reach the portal
  8. /_vneid/whoami                -> the same identity as JSON
  9. the portal opened directly    -> no identity
 10. logout (confirmation page, POST with CSRF) -> the portal asks for a login again
 11. a level-1 citizen             -> refused by the gateway (level_too_low)
 12. a locked citizen              -> VNeID refuses; the gateway shows idp_denied

Exit status 0 when every step passed, 1 otherwise.
"""

import argparse
import html
import json
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import requests  # noqa: E402  (python3-requests)

from mock_vneid.browser import MockLoginError, login_at_mock  # noqa: E402

PASSWORD = "VNeID@2024"
STAFF = ("001085012345", "Nguyễn Văn An")
LEVEL1 = "048201001234"
LOCKED = "036178005678"
PANEL_TITLE = "Danh tính đã xác thực do cổng VNeID gửi tới"
TIMEOUT = 15

NAV = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Dest": "document",
    "User-Agent": "vneid-demo-check/1.0 (requests)",
}


class CheckFailed(Exception):
    pass


class Checker:
    def __init__(self, args):
        self.a = args
        self.failures = 0
        self.step_no = 0
        if args.save_dir:
            os.makedirs(args.save_dir, exist_ok=True)

    # -- reporting -------------------------------------------------------------

    def step(self, title, fn):
        self.step_no += 1
        try:
            detail = fn()
        except CheckFailed as e:
            self.failures += 1
            print("  %2d. FAIL  %s: %s" % (self.step_no, title, e), flush=True)
            return False
        except (requests.RequestException, MockLoginError, ValueError, KeyError) as e:
            self.failures += 1
            print("  %2d. FAIL  %s: %s: %s" % (self.step_no, title, type(e).__name__, e),
                  flush=True)
            return False
        print("  %2d. ok    %s%s" % (self.step_no, title, (": " + detail) if detail else ""),
              flush=True)
        return True

    def save(self, name, text):
        if self.a.save_dir:
            with open(os.path.join(self.a.save_dir, name), "w", encoding="utf-8") as f:
                f.write(text)

    # -- helpers ---------------------------------------------------------------

    def session(self):
        s = requests.Session()
        s.headers.update(NAV)
        return s

    def get(self, s, url, **kw):
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", TIMEOUT)
        return s.get(urllib.parse.urljoin(self.a.gateway + "/", url), **kw)

    @staticmethod
    def expect(cond, msg):
        if not cond:
            raise CheckFailed(msg)

    def expect_status(self, r, status, what):
        if r.status_code != status:
            raise CheckFailed("%s: HTTP %d, expected %d; %s" % (
                what, r.status_code, status, summary(r)))

    def login_page_to_auth(self, s):
        """/ -> login page -> start; returns the mock's /auth URL."""
        r = self.get(s, "/")
        self.expect_status(r, 302, "GET /")
        r = self.get(s, r.headers["Location"])
        self.expect_status(r, 200, "login page")
        r = self.get(s, start_href(r.text))
        self.expect_status(r, 302, "start")
        return r.headers["Location"]

    def login_until_callback(self, s, pid):
        """/ -> login page -> start -> mock login; returns the callback Location."""
        return login_at_mock(s, self.login_page_to_auth(s), pid, PASSWORD, self.a.mock)

    # -- the scenario ----------------------------------------------------------

    def run(self):
        a = self.a
        s = self.session()
        state = {}

        def unauthenticated():
            r = self.get(s, "/")
            self.expect_status(r, 302, "GET / without a session")
            loc = r.headers["Location"]
            parts = urllib.parse.urlsplit(loc)
            self.expect(parts.path == "/_vneid/login",
                        "redirected to %r, expected /_vneid/login" % loc)
            state["login"] = loc
            return "302 -> %s" % loc

        def login_page():
            r = self.get(s, state["login"])
            self.expect_status(r, 200, "login page")
            self.expect("Tài khoản Định danh điện tử cấp bởi Bộ Công an" in visible_text(r.text),
                        "the VNeID button text is missing")
            self.save("1-gateway-login.html", r.text)
            state["start"] = start_href(r.text)
            return "button -> %s" % state["start"]

        def start():
            r = self.get(s, state["start"])
            self.expect_status(r, 302, "start")
            loc = r.headers["Location"]
            q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query))
            self.expect(loc.startswith(a.mock + "/auth?"), "start went to %r" % loc)
            self.expect(q.get("client_id") == a.client_id,
                        "client_id %r, expected %r" % (q.get("client_id"), a.client_id))
            want = a.gateway + "/_vneid/callback"
            self.expect(q.get("redirect_uri") == want,
                        "redirect_uri %r, expected %r" % (q.get("redirect_uri"), want))
            self.expect(q.get("state"), "no state parameter")
            state["auth"] = loc
            return "302 -> mock /auth (client_id=%s)" % a.client_id

        def mock_login():
            loc = login_at_mock(s, state["auth"], STAFF[0], PASSWORD, a.mock)
            self.expect(loc.startswith(a.gateway + "/_vneid/callback?"),
                        "the mock redirected to %r" % loc)
            self.expect("code=" in loc, "no code in %r" % loc)
            if a.client_id == "vneid-demo-enc":
                self.expect("encrypt_key=" in loc, "encrypted client but no encrypt_key")
            state["callback"] = loc
            return "ID number + password + OTP accepted, 302 -> callback"

        def callback():
            r = self.get(s, state["callback"])
            self.expect_status(r, 302, "callback")
            self.expect(urllib.parse.urlsplit(r.headers["Location"]).path == "/",
                        "callback redirected to %r, expected /" % r.headers["Location"])
            cookies = r.headers.get("Set-Cookie", "")
            m = re.search(r"(?:^|,\s*)vneid_session=([^;]*)([^,]*)", cookies)
            self.expect(m and m.group(1), "no vneid_session cookie in %r" % cookies)
            attrs = m.group(2).lower()
            self.expect("httponly" in attrs, "session cookie is not HttpOnly")
            self.expect("secure" not in attrs.replace("samesite", ""),
                        "session cookie is Secure on plain HTTP (vneid_cookie insecure expected)")
            return "session cookie set (HttpOnly), 302 -> /"

        def portal():
            r = self.get(s, "/")
            self.expect_status(r, 200, "GET / with the session")
            text = r.text
            self.save("2-portal.html", text)
            self.expect(PANEL_TITLE in text, "the identity panel is missing")
            found = panel_values(text)
            self.expect(found.get("x-vneid-citizen-id") == STAFF[0],
                        "citizen id in the panel: %r" % found.get("x-vneid-citizen-id"))
            self.expect(found.get("x-vneid-name") == STAFF[1],
                        "name in the panel: %r" % found.get("x-vneid-name"))
            self.expect((found.get("x-vneid-level") or "").startswith("2"),
                        "level in the panel: %r" % found.get("x-vneid-level"))
            if a.expect_account:
                self.expect(found.get("x-vneid-account") == a.expect_account,
                            "account in the panel: %r" % found.get("x-vneid-account"))
            self.expect('href="/_vneid/logout"' in text, "no Đăng xuất link to /_vneid/logout")
            return "portal shows %s" % ", ".join(
                "%s=%s" % (k[8:], v) for k, v in sorted(found.items()))

        def forged():
            r = self.get(s, "/", headers={
                "X-VNeID-Citizen-Id": "079190004321",
                "x-vneid-name": "Giả Mạo".encode("utf-8"),
                "X_VNeID_Level": "9",
                "X-Vneid-Account": "admin",
            })
            self.expect_status(r, 200, "GET / with forged headers")
            found = panel_values(r.text)
            self.expect(found.get("x-vneid-citizen-id") == STAFF[0],
                        "forged citizen id reached the portal: %r" % found)
            self.expect("079190004321" not in r.text and "Giả Mạo" not in r.text
                        and ">admin<" not in r.text and "X_VNeID_Level" not in r.text,
                        "a forged header reached the portal")
            return "stripped; portal still sees %s" % STAFF[0]

        def whoami():
            r = self.get(s, "/_vneid/whoami", headers={"Accept": "application/json"})
            self.expect_status(r, 200, "whoami")
            j = r.json()
            self.expect(json.dumps(j, ensure_ascii=False).find(STAFF[0]) >= 0,
                        "whoami does not name %s: %r" % (STAFF[0], j))
            return "200, authenticated as %s" % j.get("citizen_id")

        def direct():
            if not a.portal:
                return "skipped (no --portal)"
            r = requests.get(a.portal + "/", timeout=TIMEOUT)
            self.expect_status(r, 200, "portal opened directly")
            self.expect("Không nhận được danh tính" in r.text,
                        "the portal shows an identity without the gateway")
            return "no identity without the gateway"

        def logout():
            r = self.get(s, "/_vneid/logout")
            self.expect_status(r, 200, "logout confirmation page")
            self.save("3-gateway-logout.html", r.text)
            csp = r.headers.get("Content-Security-Policy", "")
            m = re.search(r'name="csrf" value="([^"]*)"', r.text)
            self.expect(m, "no CSRF field on the logout page")
            form = re.search(r'<form[^>]*action="([^"]*)"', r.text)
            action = html.unescape(form.group(1)) if form else "/_vneid/logout"
            r = s.post(urllib.parse.urljoin(a.gateway + "/_vneid/logout", action),
                       data={"csrf": html.unescape(m.group(1))},
                       allow_redirects=False, timeout=TIMEOUT)
            self.expect(r.status_code in (200, 302, 303),
                        "logout POST: HTTP %d; %s" % (r.status_code, summary(r)))
            where = r.headers.get("Location", "")
            # A browser applies the form page's CSP form-action to the POST's
            # redirects too (Chromium: "Sending form data to ... violates the
            # following Content Security Policy directive"); requests does not,
            # so check it here, or the person clicking "Đăng xuất" sees nothing
            # happen and VNeID's own session (SSO) stays alive.
            if where:
                target = urllib.parse.urljoin(a.gateway + "/_vneid/logout", where)
                self.expect(form_action_allows(csp, a.gateway, target),
                            "a browser blocks the logout: the POST redirects to %s, but the "
                            "logout page's CSP is \"%s\" (form-action must also allow %s)"
                            % (target.split("?")[0], form_action(csp), origin(target)))
                r2 = s.get(target, timeout=TIMEOUT)   # VNeID's logout ends its session
                self.expect(r2.status_code < 400, "VNeID logout: HTTP %d" % r2.status_code)
            r = self.get(s, "/")
            self.expect_status(r, 302, "GET / after logout")
            # the next person at this browser must type an ID number again
            loc = self.login_page_to_auth(s)
            r = s.get(loc, allow_redirects=False, timeout=TIMEOUT)
            self.expect(r.status_code == 200 and 'action="/auth/login"' in r.text,
                        "after logout VNeID signs the browser in again without asking "
                        "(HTTP %d %s)" % (r.status_code, r.headers.get("Location", "")))
            return "signed out%s; next login asks for the ID number again" % (
                " and at VNeID (%s)" % where.split("?")[0] if where else "")

        def level1():
            s1 = self.session()
            loc = self.login_until_callback(s1, LEVEL1)
            r = self.get(s1, loc)
            self.expect_status(r, 403, "callback for a level-1 citizen")
            self.expect("level_too_low" in r.text, "the page does not say level_too_low")
            self.save("4-gateway-level1-refused.html", r.text)
            r = self.get(s1, "/")
            self.expect_status(r, 302, "GET / after the refusal")
            return "403 level_too_low, no session"

        def locked():
            s2 = self.session()
            try:
                self.login_until_callback(s2, LOCKED)
            except MockLoginError as e:
                self.expect(e.code == "account_locked", "the mock said %s" % e.code)
                self.expect(e.error_redirect, "the mock's refusal page has no way back")
                r = self.get(s2, e.error_redirect)
                self.expect_status(r, 403, "callback with error=access_denied")
                self.expect("idp_denied" in r.text, "the page does not say idp_denied")
                return "VNeID: account_locked; gateway: 403 idp_denied"
            raise CheckFailed("the locked citizen could sign in")

        print("demo check: gateway %s, mock VNeID %s, client %s" % (
            a.gateway, a.mock, a.client_id), flush=True)
        steps = [
            ("portal without a session redirects to the login page", unauthenticated),
            ("gateway login page", login_page),
            ("start sends the browser to VNeID", start),
            ("VNeID login (mock): ID number, password, SMS OTP", mock_login),
            ("callback: token + user info, new session", callback),
            ("portal page shows the verified identity", portal),
            ("forged X-VNeID-* headers are removed", forged),
            ("/_vneid/whoami", whoami),
            ("portal opened directly has no identity", direct),
            ("logout", logout),
            ("level-1 citizen is refused", level1),
            ("locked citizen is refused", locked),
        ]
        for i, (title, fn) in enumerate(steps):
            ok = self.step(title, fn)
            # steps 1-6 build on each other: stop at the first failure there
            if not ok and i < 6:
                print("  (remaining steps skipped)", flush=True)
                self.failures += 1
                break
        print("demo check: %s" % ("PASSED" if not self.failures else
                                  "FAILED (%d)" % self.failures), flush=True)
        return 0 if not self.failures else 1


# -- page parsing ----------------------------------------------------------------

def summary(r):
    """A short description of an unexpected answer (title / error code)."""
    text = r.text if "html" in r.headers.get("Content-Type", "") else r.text[:300]
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    h1 = re.search(r"<h1>(.*?)</h1>", text, re.S)
    bits = [r.headers.get("Location", "")]
    for m in (title, h1):
        if m:
            bits.append(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip())
    code = re.search(r"\b([a-z]+_[a-z_]+) · HTTP", text)
    if code:
        bits.append(code.group(1))
    if not (title or h1):
        bits.append(text[:200])
    return " | ".join(b for b in bits if b)


def origin(url):
    p = urllib.parse.urlsplit(url)
    port = p.port or {"http": 80, "https": 443}.get(p.scheme)
    return "%s://%s:%s" % (p.scheme, p.hostname, port)


def form_action(csp):
    for d in csp.split(";"):
        parts = d.split()
        if parts and parts[0].lower() == "form-action":
            return " ".join(parts)
    return ""


def form_action_allows(csp, page_url, target):
    """Whether CSP form-action (as a browser reads it) allows navigating a form
    submission to target; no form-action directive allows everything."""
    fa = form_action(csp)
    if not fa:
        return True
    want = origin(target)
    for src in fa.split()[1:]:
        s = src.strip().lower()
        if s == "*":
            return True
        if s == "'self'" and want == origin(page_url):
            return True
        if s.endswith(":") and want.startswith(s):
            return True
        if s.startswith(("http://", "https://")) and origin(s) == want:
            return True
    return False


def visible_text(page):
    """The page's text without tags, whitespace collapsed."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def start_href(page):
    m = re.search(r'href="([^"]*/_vneid/start[^"]*)"', page)
    if not m:
        raise CheckFailed("no link to /_vneid/start on the login page")
    return html.unescape(m.group(1))


def panel_values(page):
    """{lower-case header name: value} from the portal's identity panel."""
    out = {}
    for m in re.finditer(r'<td class="v" data-header="([^"]*)">(.*?)</td>', page, re.S):
        out[html.unescape(m.group(1))] = html.unescape(m.group(2))
    if "x-vneid-level" in out:
        out["x-vneid-level"] = out["x-vneid-level"].split(" ")[0]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gateway", required=True, help="e.g. http://127.0.0.1:8080")
    ap.add_argument("--mock", required=True, help="e.g. http://127.0.0.1:8900")
    ap.add_argument("--portal", help="the portal's direct address, e.g. http://127.0.0.1:8081")
    ap.add_argument("--client-id", default="vneid-demo-plain")
    ap.add_argument("--expect-account", help="the legacy account the staff member must get")
    ap.add_argument("--save-dir", help="save the pages seen (HTML) here")
    args = ap.parse_args(argv)
    args.gateway = args.gateway.rstrip("/")
    args.mock = args.mock.rstrip("/")
    args.portal = args.portal.rstrip("/") if args.portal else None
    return Checker(args).run()


if __name__ == "__main__":
    sys.exit(main())
