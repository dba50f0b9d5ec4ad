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
 10. logout                        -> a case file's "Đăng xuất": the confirmation's
                                      "Quay lại" goes back to that case file; POST
                                      with CSRF; VNeID's logout sends the browser
                                      back to the gateway's /_vneid/logout, "Bạn
                                      đã đăng xuất"; the portal and VNeID ask for
                                      a login again
 11. a level-1 citizen, from a case file link -> refused by the gateway
                                      (level_too_low), with "Đăng nhập lại" and
                                      "Đăng nhập bằng tài khoản VNeID khác", both
                                      carrying return=<the case file>
 12. its "Đăng nhập lại"           -> straight back to the refusal: VNeID's
                                      session is alive, no ID number asked
 13. its "... tài khoản VNeID khác" -> VNeID's logout (state login:<case file>),
                                      back to the gateway, a fresh login: VNeID
                                      asks for an ID number; Nguyễn Văn An signs
                                      in and lands on the case file
 14. a locked citizen              -> VNeID refuses; the gateway shows
                                      idp_account_locked (403)
 15. cancelled at VNeID            -> 200 idp_cancelled with the login button

With --switch (the demo's account directory is linked), the staff member
with three portal accounts in three units, Hoàng Minh Đức:

 16. first login                   -> the chooser (/_vneid/accounts), and the
                                      portal sends there too until he chooses
 17. the chooser                   -> his three accounts, one POST form with CSRF
 18. he chooses duc.hm             -> the portal makes its own session
                                      (MOTCUA_SESSION) for duc.hm, then trusts
                                      that cookie; the switcher is injected
                                      once, before </body>
 19. switch in the switcher        -> duc.hm.tnmt, in a fresh portal session
 20. switch again                  -> duc.hm.motcua, in a fresh portal session
 21. the old portal cookies, sent again, never reach the portal
 22. a wrong CSRF token, a cross-site form and another person's account are
     refused (403), nothing changes
 23. /_vneid/whoami                -> the active account and all three
 24. sign-out from the switcher    -> the portal cookie is expired too
 25. shared desk PC: the next person (Nguyễn Văn An) signs in on the same
     browser with Đức's portal cookie planted back: the portal never sees it
 26. Đức signs in again            -> no chooser: the account used last

With --link (the demo leaves Vũ Ngọc Hà unlinked; her portal account ha.vn
waits in the roster), self-service linking, then the rollout report:

 27. her VNeID login               -> the "not linked" page (403 no_account)
                                      with the form "Liên kết tài khoản một
                                      cửa" (username, password, csrf) and the
                                      link cookie; no session
 28. a wrong portal password       -> 403 link_refused, the form again, tries
                                      left; still no session
 29. her portal password           -> 303 to /, a session; the portal's own
                                      cookie from the check never reaches
                                      the browser; the link cookie expired
 30. the portal                    -> acts as ha.vn for her citizen id
 31. the form posted again         -> 400 link_expired (single use)
 32. vneidctl accounts list        -> ha.vn linked to her, enabled, with the
                                      name and unit of the roster
 33. vneidctl report adoption      -> her unit counts her as logged in with
                                      VNeID

Exit status 0 when every step passed, 1 otherwise.
"""

import argparse
import html
import json
import os
import re
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import requests  # noqa: E402  (python3-requests)

from mock_vneid.browser import MockLoginError, login_at_mock  # noqa: E402

PASSWORD = "VNeID@2024"
STAFF = ("001085012345", "Nguyễn Văn An")
DUC = ("040072009876", "Hoàng Minh Đức")
DUC_ACCOUNTS = ("duc.hm", "duc.hm.tnmt", "duc.hm.motcua")   # conf/demo/accounts.csv
PORTAL_COOKIE = "MOTCUA_SESSION"                         # scripts/demo_portal/portal.py
SESSION_COOKIE = "vneid_session"                         # conf/demo/nginx.conf.in
HA = ("031303002468", "Vũ Ngọc Hà")                     # left unlinked by the demo
# her portal account: a roster row of conf/demo/accounts.csv (no citizen id),
# its password in conf/demo/portal-passwords.csv
HA_ACCOUNT = ("ha.vn", "MotCua@2024")
HA_UNIT = "Văn phòng UBND phường Mẫu Sơn"
LINK_COOKIE = SESSION_COOKIE + "_link"
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

    def follow(self, s, url, stop=None, limit=10):
        """GET url and the redirects after it, one by one (across the gateway
        and the mock), until an answer that is no redirect or a URL for which
        stop(url) is true; [(url, response)], the last one the end."""
        hops = []
        for _ in range(limit):
            r = s.get(url, allow_redirects=False, timeout=TIMEOUT)
            hops.append((url, r))
            if stop and stop(url) or r.status_code not in (301, 302, 303, 307, 308):
                return hops
            url = urllib.parse.urljoin(url, r.headers["Location"])
        raise CheckFailed("more than %d redirects from %s" % (limit, hops[0][0]))

    def expect_other_account(self, page, ret):
        """A refusal after VNeID's login offers "Đăng nhập bằng tài khoản VNeID
        khác" (<endpoint>relogin?return=...) and a retry carrying the return."""
        hrefs = links(page)
        other = [h for h, t in hrefs if urllib.parse.urlsplit(h).path == "/_vneid/relogin"
                 and "tài khoản VNeID khác" in t]
        self.expect(other, "no \"Đăng nhập bằng tài khoản VNeID khác\" (/_vneid/relogin) link")
        # return=/ is the default: it may be left out
        self.expect(query(other[0]).get("return", "/") == ret,
                    "the other-account link %r does not carry return=%s" % (other[0], ret))

    def login_page_to_auth(self, s, path="/"):
        """path (/ or a case file) -> login page -> start; returns the mock's
        /auth URL."""
        r = self.get(s, path)
        self.expect_status(r, 302, "GET %s" % path)
        r = self.get(s, r.headers["Location"])
        self.expect_status(r, 200, "login page")
        r = self.get(s, start_href(r.text))
        self.expect_status(r, 302, "start")
        return r.headers["Location"]

    def login_until_callback(self, s, pid, path="/"):
        """path -> login page -> start -> mock login; returns the callback Location."""
        return login_at_mock(s, self.login_page_to_auth(s, path), pid, PASSWORD, self.a.mock)

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
            state["portal"] = text
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
            # the portal's "Đăng xuất" on a case file: the confirmation's
            # "Quay lại" goes back there
            back_to = case_path(state.get("portal", "")) or "/"
            r = self.get(s, back_to)
            self.expect_status(r, 200, "the case file %s" % back_to)
            out = [h for h, _ in links(r.text)
                   if urllib.parse.urlsplit(h).path == "/_vneid/logout"]
            self.expect(out and query(out[0]).get("return", "/") == back_to,
                        "the case file's Đăng xuất link is %r, expected "
                        "/_vneid/logout?return=%s" % (out[:1], back_to))
            r = self.get(s, out[0])
            self.expect_status(r, 200, "logout confirmation page")
            self.save("3-gateway-logout.html", r.text)
            cancel = [h for h, t in links(r.text) if "Quay lại" in t]
            self.expect(cancel, "the logout confirmation has no \"Quay lại\" link")
            self.expect(cancel[0] == back_to,
                        "\"Quay lại\" goes to %r, expected %r (the return)" % (cancel[0], back_to))
            csp = r.headers.get("Content-Security-Policy", "")
            m = re.search(r'name="csrf" value="([^"]*)"', r.text)
            self.expect(m, "no CSRF field on the logout page")
            form = re.search(r'<form[^>]*action="([^"]*)"', r.text)
            action = html.unescape(form.group(1)) if form else "/_vneid/logout"
            r = s.post(urllib.parse.urljoin(a.gateway + "/_vneid/logout", action),
                       data={"csrf": html.unescape(m.group(1))},
                       allow_redirects=False, timeout=TIMEOUT)
            self.expect(r.status_code in (302, 303),
                        "logout POST: HTTP %d; %s" % (r.status_code, summary(r)))
            where = r.headers.get("Location", "")
            target = urllib.parse.urljoin(a.gateway + "/_vneid/logout", where)
            self.expect(target.startswith(a.mock + "/logout?"),
                        "the logout POST redirects to %r, expected VNeID's logout" % target)
            # VNeID sends the browser back to the gateway's own logout page
            back = query(target).get("post_logout_redirect_uri")
            self.expect(back == a.gateway + "/_vneid/logout",
                        "post_logout_redirect_uri %r, expected %s/_vneid/logout"
                        % (back, a.gateway))
            # A browser applies the form page's CSP form-action to the POST's
            # redirects too (Chromium: "Sending form data to ... violates the
            # following Content Security Policy directive"); requests does not,
            # so check it here, or the person clicking "Đăng xuất" sees nothing
            # happen and VNeID's own session (SSO) stays alive.
            self.expect(form_action_allows(csp, a.gateway, target),
                        "a browser blocks the logout: the POST redirects to %s, but the "
                        "logout page's CSP is \"%s\" (form-action must also allow %s)"
                        % (target.split("?")[0], form_action(csp), origin(target)))
            hops = self.follow(s, target)      # VNeID's logout ends its session
            last_url, r2 = hops[-1]
            self.expect(urllib.parse.urlsplit(last_url).path == "/_vneid/logout"
                        and last_url.startswith(a.gateway + "/"),
                        "after VNeID's logout the browser ended at %s (HTTP %d), expected "
                        "the gateway's %s/_vneid/logout" % (last_url, r2.status_code, a.gateway))
            self.expect(r2.status_code == 200 and "Bạn đã đăng xuất" in visible_text(r2.text),
                        "the page after VNeID's logout: HTTP %d; %s" % (r2.status_code,
                                                                       summary(r2)))
            self.save("3-gateway-logged-out.html", r2.text)
            r = self.get(s, "/")
            self.expect_status(r, 302, "GET / after logout")
            # the next person at this browser must type an ID number again
            loc = self.login_page_to_auth(s)
            r = s.get(loc, allow_redirects=False, timeout=TIMEOUT)
            self.expect(r.status_code == 200 and 'action="/auth/login"' in r.text,
                        "after logout VNeID signs the browser in again without asking "
                        "(HTTP %d %s)" % (r.status_code, r.headers.get("Location", "")))
            return ("\"Quay lại\" -> %s; signed out here and at VNeID, back on \"Bạn đã đăng "
                    "xuất\"; next login asks for the ID number again" % back_to)

        refused = {}

        def level1():
            # he followed a link to a case file: every way on keeps it
            s1 = self.session()
            target = case_path(state.get("portal", "")) or "/"
            loc = self.login_until_callback(s1, LEVEL1, target)
            r = self.get(s1, loc)
            self.expect_status(r, 403, "callback for a level-1 citizen")
            self.expect("level_too_low" in r.text, "the page does not say level_too_low")
            self.save("4-gateway-level1-refused.html", r.text)
            hrefs = links(r.text)
            retry = [h for h, t in hrefs if urllib.parse.urlsplit(h).path == "/_vneid/login"]
            other = [(h, t) for h, t in hrefs
                     if urllib.parse.urlsplit(h).path == "/_vneid/relogin"]
            self.expect(retry, "the refusal has no \"Đăng nhập lại\" (/_vneid/login) link")
            self.expect(query(retry[0]).get("return") == target,
                        "the retry %r does not carry return=%s" % (retry[0], target))
            self.expect(other, "the refusal has no \"Đăng nhập bằng tài khoản VNeID khác\" "
                        "(/_vneid/relogin) link")
            self.expect("tài khoản VNeID khác" in other[0][1],
                        "the /_vneid/relogin link says %r" % other[0][1])
            self.expect(query(other[0][0]).get("return") == target,
                        "the other-account link %r does not carry return=%s"
                        % (other[0][0], target))
            r = self.get(s1, "/")
            self.expect_status(r, 302, "GET / after the refusal")
            refused.update(session=s1, retry=retry[0], other=other[0][0], target=target)
            return ("403 level_too_low, no session; retry and other-account links carry "
                    "return=%s" % target)

        def level1_retry():
            # VNeID's session is still alive: the same person, no ID number asked
            s1 = refused["session"]
            r = self.get(s1, refused["retry"])
            self.expect_status(r, 200, "login page (the retry)")
            r = self.get(s1, start_href(r.text))
            self.expect_status(r, 302, "start (the retry)")
            r = s1.get(r.headers["Location"], allow_redirects=False, timeout=TIMEOUT)
            self.expect(r.status_code == 302
                        and r.headers["Location"].startswith(a.gateway + "/_vneid/callback?"),
                        "VNeID asked again instead of answering from its session: HTTP %d"
                        % r.status_code)
            r = self.get(s1, r.headers["Location"])
            self.expect(r.status_code == 403 and "level_too_low" in r.text,
                        "the retry: HTTP %d; %s" % (r.status_code, summary(r)))
            return "straight back to 403 level_too_low (VNeID's session still alive)"

        def level1_other_account():
            # the next staff member at this PC: VNeID's session ends, the login
            # asks for an ID number again, and An signs in and lands on the
            # case file
            s1, target = refused["session"], refused["target"]
            r = self.get(s1, refused["other"])
            self.expect_status(r, 302, "the other-account link")
            to_idp = r.headers["Location"]
            self.expect(to_idp.startswith(a.mock + "/logout?"),
                        "the other-account link redirects to %r, expected VNeID's logout"
                        % to_idp)
            q = query(to_idp)
            self.expect(q.get("post_logout_redirect_uri") == a.gateway + "/_vneid/logout"
                        and q.get("state") == "login:" + target,
                        "VNeID's logout gets post_logout_redirect_uri=%r state=%r"
                        % (q.get("post_logout_redirect_uri"), q.get("state")))
            hops = self.follow(s1, to_idp, stop=lambda u: u.startswith(a.mock + "/auth?"))
            last_url, r = hops[-1]
            path = " -> ".join(urllib.parse.urlsplit(u).path for u, _ in hops)
            self.expect(last_url.startswith(a.mock + "/auth?"),
                        "the other-account link ended at %s (%s)" % (last_url, path))
            self.expect(r.status_code == 200 and 'action="/auth/login"' in r.text,
                        "VNeID did not ask for an ID number: HTTP %d" % r.status_code)
            loc = login_at_mock(s1, last_url, STAFF[0], PASSWORD, a.mock)
            r = self.get(s1, loc)
            self.expect_status(r, 302, "callback for %s" % STAFF[0])
            self.expect(urllib.parse.urlsplit(r.headers["Location"]).path == target,
                        "after the login the browser goes to %r, expected %s"
                        % (r.headers["Location"], target))
            r = self.get(s1, r.headers["Location"])
            self.expect_status(r, 200, "GET %s as %s" % (target, STAFF[0]))
            found = panel_values(r.text)
            self.expect(found.get("x-vneid-citizen-id") == STAFF[0],
                        "the portal got %r" % found.get("x-vneid-citizen-id"))
            return "%s; VNeID asked for an ID number; %s signed in, on %s" % (
                path, STAFF[1], target)

        def locked():
            s2 = self.session()
            try:
                self.login_until_callback(s2, LOCKED)
            except MockLoginError as e:
                self.expect(e.code == "account_locked", "the mock said %s" % e.code)
                self.expect(e.error_redirect, "the mock's refusal page has no way back")
                r = self.get(s2, e.error_redirect)
                self.expect_status(r, 403, "callback with error_description=account_locked")
                self.expect("idp_account_locked" in r.text,
                            "the page does not say idp_account_locked; %s" % summary(r))
                self.save("4-gateway-locked.html", r.text)
                return "VNeID: account_locked; gateway: 403 idp_account_locked"
            raise CheckFailed("the locked citizen could sign in")

        def cancelled():
            s3 = self.session()
            r = s3.get(self.login_page_to_auth(s3), allow_redirects=False, timeout=TIMEOUT)
            tx = re.search(r'name="tx" value="([^"]*)"', r.text)
            self.expect(r.status_code == 200 and tx, "no VNeID login form")
            r = s3.post(urllib.parse.urljoin(a.mock, "/auth/cancel"),
                        data={"tx": html.unescape(tx.group(1))}, allow_redirects=False,
                        timeout=TIMEOUT)
            self.expect_status(r, 302, "cancel at VNeID")
            r = self.get(s3, r.headers["Location"])
            self.expect(r.status_code == 200 and "idp_cancelled" in r.text,
                        "cancelled at VNeID: HTTP %d, expected 200 idp_cancelled; %s"
                        % (r.status_code, summary(r)))
            self.save("4-gateway-cancelled.html", r.text)
            again = [h for h, _ in links(r.text)
                     if urllib.parse.urlsplit(h).path in ("/_vneid/login", "/_vneid/start")]
            self.expect(again, "the cancelled page has no login button")
            r = self.get(s3, "/")
            self.expect_status(r, 302, "GET / after the cancel")
            return "200 idp_cancelled with the login button (%s), no session" % again[0]

        steps_switch = self.switch_steps() if a.switch else []
        steps_link = self.link_steps() if a.link else []

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
            ("level-1 refusal: the retry comes straight back", level1_retry),
            ("level-1 refusal: another VNeID account", level1_other_account),
            ("locked citizen is refused", locked),
            ("cancelled at VNeID", cancelled),
        ]
        first_switch = len(steps)
        steps += steps_switch
        first_link = len(steps)
        steps += steps_link
        skip_to = None
        for i, (title, fn) in enumerate(steps):
            if skip_to is not None and i < skip_to:
                continue
            skip_to = None
            ok = self.step(title, fn)
            # steps 1-6 build on each other, and so do the switch steps and
            # the link steps: stop at the first failure there (a failed
            # switch step still lets the link steps run)
            if not ok and i < 6:
                print("  (remaining steps skipped)", flush=True)
                self.failures += 1
                break
            if not ok and first_switch <= i < first_link:
                print("  (remaining switch steps skipped)", flush=True)
                self.failures += 1
                skip_to = first_link
            if not ok and i >= first_link:
                print("  (remaining link steps skipped)", flush=True)
                self.failures += 1
                break
        print("demo check: %s" % ("PASSED" if not self.failures else
                                  "FAILED (%d)" % self.failures), flush=True)
        return 0 if not self.failures else 1


    # -- several accounts: chooser, switcher, portal sessions ------------------

    def post_form(self, s, page_url, action, fields, **kw):
        """POST a form as a browser on the gateway's own pages does (Origin,
        Fetch Metadata), not following the answer."""
        page = urllib.parse.urljoin(self.a.gateway + "/", page_url)
        headers = {"Origin": self.a.gateway, "Sec-Fetch-Site": "same-origin",
                   "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document",
                   "Referer": page}
        headers.update(kw.pop("headers", {}))
        return s.post(urllib.parse.urljoin(page, action), data=fields,
                      headers=headers, allow_redirects=False, timeout=TIMEOUT, **kw)

    def portal_page(self, s, name=None, **kw):
        """GET / through the gateway: (response, portal values)."""
        r = self.get(s, "/", **kw)
        self.expect_status(r, 200, "GET / (portal)")
        if name:
            self.save(name, r.text)
        return r, portal_values(r.text)

    def sign_out(self, s, page, csp):
        """The switcher's sign-out form on a portal page: POST, check the
        portal cookie is expired, follow to VNeID's logout."""
        forms = [f for f in parse_forms(switcher_html(page)) if f[0].endswith("/_vneid/logout")]
        self.expect(forms, "the switcher has no sign-out form")
        action, hidden, _ = forms[0]
        r = self.post_form(s, "/", action, hidden)
        self.expect(r.status_code in (302, 303),
                    "sign-out POST: HTTP %d; %s" % (r.status_code, summary(r)))
        expired = expired_cookies(r)
        where = r.headers.get("Location", "")
        if where:
            target = urllib.parse.urljoin(self.a.gateway + "/_vneid/logout", where)
            self.expect(form_action_allows(csp, self.a.gateway, target),
                        "a browser blocks the switcher's sign-out: it redirects to %s, but "
                        "the portal page's CSP is \"%s\"" % (target.split("?")[0],
                                                             form_action(csp)))
            s.get(target, timeout=TIMEOUT)
        return expired

    def login_as(self, s, citizen):
        """The whole VNeID login in browser s; returns the callback's answer."""
        loc = self.login_until_callback(s, citizen)
        r = self.get(s, loc)
        self.expect_status(r, 302, "callback for %s" % citizen)
        return r

    def switch_steps(self):
        s = self.session()
        st = {}

        def first_login():
            r = self.login_as(s, DUC[0])
            loc = r.headers["Location"]
            parts = urllib.parse.urlsplit(loc)
            self.expect(parts.path == "/_vneid/accounts",
                        "after the first login with three accounts the callback sent the "
                        "browser to %r, expected the chooser /_vneid/accounts" % loc)
            ret = urllib.parse.parse_qs(parts.query).get("return", ["/"])[0]
            self.expect(ret == "/", "chooser return=%r, expected /" % ret)
            st["chooser"] = loc
            r = self.get(s, "/")
            self.expect(r.status_code == 302 and urllib.parse.urlsplit(
                r.headers.get("Location", "")).path == "/_vneid/accounts",
                "the portal before an account is chosen: HTTP %d %s, expected 302 to the "
                "chooser" % (r.status_code, r.headers.get("Location", "")))
            return "302 -> %s; the portal sends there too until he chooses" % loc

        def chooser():
            r = self.get(s, st["chooser"])
            self.expect_status(r, 200, "chooser page")
            self.save("5-gateway-chooser.html", r.text)
            forms = [f for f in parse_forms(r.text) if f[2]]
            self.expect(len(forms) == 1, "%d account forms on the chooser" % len(forms))
            action, hidden, accounts = forms[0]
            self.expect(sorted(accounts) == sorted(DUC_ACCOUNTS),
                        "the chooser offers %r, expected %r" % (accounts, DUC_ACCOUNTS))
            self.expect(hidden.get("csrf"), "the chooser form has no csrf field")
            self.expect('aria-current="true"' not in r.text,
                        "an account is marked active before he chose one")
            st["chooser_form"] = forms[0]
            return "%s, form POST %s with csrf" % (", ".join(accounts), action)

        def choose():
            action, hidden, _ = st["chooser_form"]
            r = self.post_form(s, st["chooser"], action, dict(hidden, account=DUC_ACCOUNTS[0]))
            self.expect_status(r, 303, "POST the chooser")
            self.expect(urllib.parse.urlsplit(r.headers.get("Location", "")).path == "/",
                        "the choice went on to %r, expected /" % r.headers.get("Location"))
            r, pv = self.portal_page(s, "6-portal-%s.html" % DUC_ACCOUNTS[0])
            self.expect(pv["account"] == DUC_ACCOUNTS[0],
                        "the portal's session is for %r, expected %s" % (pv["account"],
                                                                        DUC_ACCOUNTS[0]))
            self.expect(pv["state"] == "new", "the portal did not start a session: %r" % pv)
            self.expect(PORTAL_COOKIE in set_cookie_names(r),
                        "the portal's Set-Cookie %s did not reach the browser" % PORTAL_COOKIE)
            self.expect(panel_values(r.text).get("x-vneid-account") == DUC_ACCOUNTS[0],
                        "X-VNeID-Account: %r" % panel_values(r.text).get("x-vneid-account"))
            self.check_switcher(r.text, DUC_ACCOUNTS[0])
            # the portal now trusts its own cookie alone
            r2, pv2 = self.portal_page(s)
            self.expect(pv2["state"] == "existing" and pv2["number"] == pv["number"],
                        "the second page is not in the same portal session: %r then %r"
                        % (pv, pv2))
            st["sessions"] = [(DUC_ACCOUNTS[0], pv["number"], s.cookies.get(PORTAL_COOKIE))]
            st["page"], st["csp"] = r2.text, r2.headers.get("Content-Security-Policy", "")
            return ("portal session #%s for %s (cookie %s), kept on the next page; switcher "
                    "injected" % (pv["number"], pv["account"], PORTAL_COOKIE))

        def switch(to):
            def run():
                forms = [f for f in parse_forms(switcher_html(st["page"])) if f[2]]
                self.expect(forms, "the switcher has no account form")
                action, hidden, accounts = forms[0]
                self.expect(to in accounts, "the switcher offers %r, not %s" % (accounts, to))
                old = st["sessions"][-1]
                r = self.post_form(s, "/", action, dict(hidden, account=to))
                self.expect_status(r, 303, "POST the switcher's form")
                expired = expired_cookies(r)
                r, pv = self.portal_page(s, "7-portal-%s.html" % to)
                self.expect(pv["account"] == to,
                            "after the switch the portal still acts as %r, expected %s"
                            % (pv["account"], to))
                self.expect(pv["state"] == "new" and pv["number"] not in
                            [x[1] for x in st["sessions"]],
                            "no fresh portal session after the switch: %r" % pv)
                self.expect(panel_values(r.text).get("x-vneid-account") == to,
                            "X-VNeID-Account: %r" % panel_values(r.text).get("x-vneid-account"))
                self.expect(PORTAL_COOKIE in expired,
                            "the switch did not expire the portal cookie %s" % PORTAL_COOKIE)
                self.check_switcher(r.text, to)
                st["sessions"].append((to, pv["number"], s.cookies.get(PORTAL_COOKIE)))
                st["page"], st["csp"] = r.text, r.headers.get("Content-Security-Policy", "")
                return "%s (portal session #%s) -> %s, fresh portal session #%s" % (
                    old[0], old[1], to, pv["number"])
            return run

        def replay():
            # a browser that kept an earlier portal cookie (it ignored the
            # expiry, or a copy was planted): the gateway must drop it; the
            # portal then makes a fresh session for the current account,
            # which becomes the browser's portal session
            host = urllib.parse.urlsplit(self.a.gateway).hostname
            olds = st["sessions"][:]
            current = olds[-1]
            for account, number, value in olds[:-1]:
                self.expect(value, "no %s cookie was recorded for %s" % (PORTAL_COOKIE, account))
                s.cookies.set(PORTAL_COOKIE, value, domain=host, path="/")
                r, pv = self.portal_page(s)
                self.expect(pv["account"] == current[0] and pv["state"] == "new"
                            and pv["number"] not in [x[1] for x in olds],
                            "the portal got the old %s cookie of %s back (session #%s): %r"
                            % (PORTAL_COOKIE, account, number, pv))
                self.expect(PORTAL_COOKIE in expired_cookies(r),
                            "the gateway did not expire the stale %s" % PORTAL_COOKIE)
                st["sessions"].append((current[0], pv["number"], s.cookies.get(PORTAL_COOKIE)))
                st["page"] = r.text
            return ("removed by the gateway (and expired); the portal saw only %s and made "
                    "a fresh session for it" % current[0])

        def refusals():
            forms = [f for f in parse_forms(switcher_html(st["page"])) if f[2]]
            action, hidden, accounts = forms[0]
            before = st["sessions"][-1]
            tries = [
                ("wrong csrf", dict(hidden, csrf="x" + hidden.get("csrf", ""),
                                    account=accounts[0]), {}, "csrf_invalid"),
                ("no csrf", {"account": accounts[0], "return": "/"}, {}, "csrf_invalid"),
                ("cross-site", dict(hidden, account=accounts[0]),
                 {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
                 "csrf_invalid"),
                ("another person's account", dict(hidden, account="an.nv"), {},
                 "account_not_linked"),
            ]
            for what, fields, headers, code in tries:
                r = self.post_form(s, "/", action, fields, headers=headers)
                self.expect(r.status_code == 403 and code in r.text,
                            "%s: HTTP %d, expected 403 %s; %s" % (what, r.status_code, code,
                                                                  summary(r)))
            r, pv = self.portal_page(s)
            self.expect(pv["account"] == before[0] and pv["number"] == before[1]
                        and pv["state"] == "existing",
                        "a refused switch changed something: %r, before %r" % (pv, before))
            return "4 × 403 (csrf_invalid ×3, account_not_linked); still %s, session #%s" % (
                before[0], before[1])

        def whoami():
            r = self.get(s, "/_vneid/whoami", headers={"Accept": "application/json"})
            self.expect_status(r, 200, "whoami")
            j = r.json()
            names = sorted(x.get("username") for x in j.get("accounts", []))
            self.expect(j.get("account") == st["sessions"][-1][0],
                        "whoami account %r" % j.get("account"))
            self.expect(names == sorted(DUC_ACCOUNTS), "whoami accounts %r" % names)
            return "account %s of %s" % (j["account"], ", ".join(names))

        def sign_out():
            st["last"] = st["sessions"][-1]
            expired = self.sign_out(s, st["page"], st["csp"])
            self.expect(PORTAL_COOKIE in expired,
                        "sign-out did not expire the portal cookie %s" % PORTAL_COOKIE)
            r = self.get(s, "/")
            self.expect_status(r, 302, "GET / after the sign-out")
            return "the gateway session and the portal cookie %s ended" % PORTAL_COOKIE

        def shared_pc():
            account, number, value = st["last"]
            r = self.login_as(s, STAFF[0])
            self.expect(urllib.parse.urlsplit(r.headers["Location"]).path == "/",
                        "An's login went to %r" % r.headers["Location"])
            # a browser that kept Đức's portal cookie (one that ignored the
            # expiry, or a copy of it): it comes with An's first portal page
            s.cookies.set(PORTAL_COOKIE, value, domain=urllib.parse.urlsplit(
                self.a.gateway).hostname, path="/")
            r, pv = self.portal_page(s, "8-portal-next-person.html")
            self.expect(pv["account"] == "an.nv" and pv["state"] == "new"
                        and pv["number"] != number,
                        "the next person got the previous portal session: %r (Đức's was #%s)"
                        % (pv, number))
            self.sign_out(s, r.text, r.headers.get("Content-Security-Policy", ""))
            return ("Đức's %s never reached the portal; An got a fresh session #%s for an.nv"
                    % (PORTAL_COOKIE, pv["number"]))

        def last_used():
            r = self.login_as(s, DUC[0])
            loc = r.headers["Location"]
            self.expect(urllib.parse.urlsplit(loc).path == "/",
                        "the second login went to %r, expected / (the last used account, "
                        "no chooser)" % loc)
            r, pv = self.portal_page(s)
            self.expect(pv["account"] == st["last"][0],
                        "the portal acts as %r, expected %s (used last)" % (pv["account"],
                                                                           st["last"][0]))
            return "straight to the portal as %s" % pv["account"]

        return [
            ("three accounts: the first login ends on the chooser", first_login),
            ("the chooser lists the three accounts", chooser),
            ("choosing %s: the portal makes its own session" % DUC_ACCOUNTS[0], choose),
            ("switch to %s in the top-right switcher" % DUC_ACCOUNTS[1], switch(DUC_ACCOUNTS[1])),
            ("switch to %s" % DUC_ACCOUNTS[2], switch(DUC_ACCOUNTS[2])),
            ("old portal cookies never reach the portal again", replay),
            ("refused switches change nothing", refusals),
            ("/_vneid/whoami names the active account", whoami),
            ("sign-out in the switcher ends the portal session too", sign_out),
            ("shared desk PC: the next person gets a fresh portal session", shared_pc),
            ("the next login brings back the account used last", last_used),
        ]

    # -- self-service linking: Vũ Ngọc Hà links ha.vn herself -----------------

    def vneidctl(self, *args):
        """The demo's vneidctl on the demo's store, --json output parsed."""
        proc = subprocess.run([self.a.vneidctl, "--store", self.a.store] + list(args),
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        if proc.returncode != 0:
            raise CheckFailed("vneidctl %s: exit %d: %s" % (
                " ".join(args), proc.returncode,
                (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()))
        return json.loads(proc.stdout.decode("utf-8"))

    def link_steps(self):
        s = self.session()
        st = {}

        def not_linked_page():
            loc = self.login_until_callback(s, HA[0])
            r = self.get(s, loc)
            self.expect_status(r, 403, "callback for an unlinked citizen")
            self.save("9-gateway-not-linked.html", r.text)
            self.expect("no_account" in r.text, "the page does not say no_account")
            self.expect("Liên kết tài khoản một cửa" in visible_text(r.text),
                        "no \"Liên kết tài khoản một cửa\" on the not-linked page")
            form = link_form(r.text)
            self.expect(form, "no linking form on the not-linked page")
            action, fields = form
            self.expect({"username", "password", "csrf"} <= set(fields),
                        "the linking form has the fields %r" % sorted(fields))
            self.expect(fields["csrf"], "the linking form's csrf field is empty")
            line = cookie_line(r, LINK_COOKIE)
            self.expect(line, "no %s cookie with the linking form" % LINK_COOKIE)
            attrs = line.lower().replace(" ", "")
            self.expect("httponly" in attrs and re.search(r";samesite=(lax|strict)\b", attrs),
                        "the link cookie is not HttpOnly + SameSite=Lax/Strict: %s"
                        % line.split(";", 1)[-1])
            self.expect(cookie_line(r, SESSION_COOKIE) is None, "a session on no_account")
            self.expect_other_account(r.text, "/")
            st["action"], st["csrf"] = action, fields["csrf"]
            return "403 no_account with the form (POST %s: username, password, csrf)" % action

        def wrong_password():
            r = self.post_form(s, "/_vneid/login", st["action"],
                               {"username": HA_ACCOUNT[0], "password": "VNeID@2024",
                                "csrf": st["csrf"]})
            self.save("10-gateway-link-refused.html", r.text)
            self.expect(r.status_code == 403 and "link_refused" in r.text,
                        "HTTP %d, expected 403 link_refused; %s" % (r.status_code, summary(r)))
            form = link_form(r.text)
            self.expect(form, "the refusal does not show the form again")
            self.expect(cookie_line(r, SESSION_COOKIE) is None, "a session after a refusal")
            self.expect_other_account(r.text, "/")
            st["action"], st["csrf"] = form[0], form[1].get("csrf") or st["csrf"]
            left = tries_left(r.text)
            return "403 link_refused, the form again%s" % (
                ", %d tries left" % left if left is not None else "")

        def right_password():
            r = self.post_form(s, "/_vneid/login", st["action"],
                               {"username": HA_ACCOUNT[0], "password": HA_ACCOUNT[1],
                                "csrf": st["csrf"]})
            self.expect_status(r, 303, "the linking form with the right password")
            self.expect(urllib.parse.urlsplit(r.headers.get("Location", "")).path == "/",
                        "linked, but sent to %r, expected /" % r.headers.get("Location"))
            self.expect(cookie_line(r, SESSION_COOKIE), "no session cookie after linking")
            self.expect(PORTAL_COOKIE not in set_cookie_names(r),
                        "the portal's %s from the password check reached the browser"
                        % PORTAL_COOKIE)
            self.expect(LINK_COOKIE in expired_cookies(r), "the link cookie was not expired")
            return "303 -> /, a session; the portal's cookie from the check discarded"

        def portal_as_ha():
            r, pv = self.portal_page(s, "11-portal-%s.html" % HA_ACCOUNT[0])
            found = panel_values(r.text)
            self.expect(found.get("x-vneid-citizen-id") == HA[0],
                        "citizen id in the panel: %r" % found.get("x-vneid-citizen-id"))
            self.expect(found.get("x-vneid-account") == HA_ACCOUNT[0],
                        "X-VNeID-Account: %r" % found.get("x-vneid-account"))
            self.expect(pv["account"] == HA_ACCOUNT[0] and pv["state"] == "new",
                        "the portal's session: %r" % pv)
            return "the portal acts as %s (portal session #%s, made from the headers)" % (
                pv["account"], pv["number"])

        def form_again():
            r = self.post_form(s, "/_vneid/login", st["action"],
                               {"username": HA_ACCOUNT[0], "password": HA_ACCOUNT[1],
                                "csrf": st["csrf"]})
            self.expect(r.status_code == 400 and "link_expired" in r.text,
                        "HTTP %d, expected 400 link_expired; %s" % (r.status_code, summary(r)))
            return "400 link_expired"

        def directory():
            rows = self.vneidctl("accounts", "list", HA[0], "--json")
            mine = [(x.get("username"), x.get("status"), x.get("display_name"), x.get("unit"))
                    for x in rows]
            self.expect(mine == [(HA_ACCOUNT[0], "enabled", HA[1], HA_UNIT)],
                        "accounts list %s: %r" % (HA[0], mine))
            return "%s enabled for %s, %s (from the roster)" % (HA_ACCOUNT[0], HA[0], HA_UNIT)

        def report():
            rep = self.vneidctl("report", "adoption", "--json")
            units = {u.get("unit"): u for u in rep.get("units", [])}
            unit = units.get(HA_UNIT)
            self.expect(unit, "no unit %r in the report: %r" % (HA_UNIT, sorted(units)))
            self.expect(unit.get("accounts") == 1 and unit.get("vneid_logins") == 1
                        and unit.get("not_yet") == [], "her unit in the report: %r" % unit)
            rows = self.vneidctl("report", "adoption", "--by", "account", "--json")
            mine = [x for x in rows.get("accounts", []) if x.get("username") == HA_ACCOUNT[0]]
            self.expect(len(mine) == 1 and mine[0].get("logged_in") is True
                        and mine[0].get("vneid_logins", 0) >= 1,
                        "report --by account for %s: %r" % (HA_ACCOUNT[0], mine))
            total = rep.get("total", {})
            return "%s: 1 account, 1 logged in with VNeID (total %s of %s)" % (
                HA_UNIT, total.get("vneid_logins"), total.get("accounts"))

        return [
            ("unlinked citizen: the not-linked page offers the linking form", not_linked_page),
            ("a wrong portal password is refused and counted", wrong_password),
            ("the right portal password links %s and signs her in" % HA_ACCOUNT[0],
             right_password),
            ("the portal acts as %s" % HA_ACCOUNT[0], portal_as_ha),
            ("the linking form is single use", form_again),
            ("vneidctl accounts list shows the link", directory),
            ("vneidctl report adoption counts her", report),
        ]

    def check_switcher(self, page, active):
        n = page.count('<div class="vneid-sw"')
        self.expect(n == 1, "the switcher appears %d times on the portal page" % n)
        self.expect(re.search(r'<div class="vneid-sw".*</div>\s*</body>', page, re.S),
                    "the switcher is not right before </body>")
        forms = [f for f in parse_forms(switcher_html(page)) if f[2]]
        self.expect(forms, "the switcher has no account form")
        others = sorted(a for a in DUC_ACCOUNTS if a != active)
        self.expect(sorted(forms[0][2]) == others,
                    "the switcher offers %r, expected %r" % (forms[0][2], others))
        self.expect(forms[0][1].get("csrf"), "the switcher's form has no csrf")


# -- page parsing ----------------------------------------------------------------

def parse_forms(page):
    """[(action, {hidden field: value}, [values of the "account" buttons])] of
    every form on the page."""
    forms = []
    for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", page, re.S | re.I):
        action = re.search(r'action="([^"]*)"', m.group(1))
        hidden = {html.unescape(n): html.unescape(v) for n, v in re.findall(
            r'<input type="hidden" name="([^"]*)" value="([^"]*)"', m.group(2))}
        accounts = [html.unescape(v) for v in re.findall(
            r'<button[^>]*\bname="account" value="([^"]*)"', m.group(2))]
        forms.append((html.unescape(action.group(1)) if action else "", hidden, accounts))
    return forms


def _attrs(tag):
    return {k.lower(): html.unescape(v) for k, v in re.findall(
        r'([A-Za-z][\w-]*)\s*=\s*"([^"]*)"', tag)}


def link_form(page):
    """(action, {field name: value}) of the self-service linking form: the
    form that posts to the gateway's .../link; None when there is none."""
    for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", page, re.S | re.I):
        action = _attrs(m.group(1)).get("action", "")
        if not urllib.parse.urlsplit(action).path.endswith("/link"):
            continue
        fields = {}
        for tag in re.findall(r"<input\b([^>]*)>", m.group(2), re.I):
            a = _attrs(tag)
            if a.get("name"):
                fields[a["name"]] = a.get("value", "")
        return action, fields
    return None


def tries_left(page):
    """N of "còn N lần" / "N tries left" on a refusal page, or None."""
    text = visible_text(page)
    m = (re.search(r"[Cc]òn (?:lại )?(\d+) lần", text)
         or re.search(r"(\d+) (?:more )?(?:tries|attempts) left", text))
    return int(m.group(1)) if m else None


def cookie_line(r, name):
    """The Set-Cookie line that sets cookie NAME (None when there is none)."""
    for line in set_cookie_lines(r):
        if line.split("=", 1)[0].strip() == name:
            return line
    return None


def switcher_html(page):
    """The injected switcher widget of a portal page ("" without one)."""
    i = page.find('<div class="vneid-sw"')
    return page[i:] if i >= 0 else ""


def portal_values(page):
    """What the demo portal believes: its session's account, number, state."""
    out = {}
    for key, attr in (("account", "account"), ("number", "session-number"),
                      ("sid", "session-id")):
        m = re.search(r'data-portal="%s">([^<]*)' % attr, page)
        out[key] = html.unescape(m.group(1)).strip() if m else None
    m = re.search(r'data-portal-state="([^"]*)"', page)
    out["state"] = m.group(1) if m else None
    return out


def set_cookie_lines(r):
    try:
        return list(r.raw.headers.getlist("Set-Cookie"))
    except AttributeError:
        return [v for k, v in r.raw.headers.items() if k.lower() == "set-cookie"]


def set_cookie_names(r):
    return {line.split("=", 1)[0].strip() for line in set_cookie_lines(r)}


def expired_cookies(r):
    """Names of the cookies a response deletes (Max-Age=0 or an Expires in 1970)."""
    out = set()
    for line in set_cookie_lines(r):
        low = line.lower().replace(" ", "")
        if "max-age=0" in low or "1970" in low:
            out.add(line.split("=", 1)[0].strip())
    return out


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


def links(page):
    """[(href, visible text)] of the page's <a href> elements, in order."""
    return [(html.unescape(m.group(1)), visible_text(m.group(2)))
            for m in re.finditer(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', page, re.S)]


def query(url):
    """The query of url as {name: first value} (percent-decoding, '+' as space)."""
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query,
                                                       keep_blank_values=True).items()}


def case_path(page):
    """The first case file's path on the portal's list (/ho-so/...), or None."""
    m = re.search(r'href="(/ho-so/[^"]+)"', page)
    return html.unescape(m.group(1)) if m else None


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
    ap.add_argument("--switch", action="store_true",
                    help="also check the three-account staff member: chooser, switcher, "
                         "fresh portal sessions (needs the demo's linked accounts)")
    ap.add_argument("--save-dir", help="save the pages seen (HTML) here")
    ap.add_argument("--link", action="store_true",
                    help="also check self-service linking as Vũ Ngọc Hà (the demo leaves her "
                         "unlinked) and the rollout report (needs --vneidctl and --store)")
    ap.add_argument("--vneidctl", help="the vneidctl binary, for --link")
    ap.add_argument("--store", help="the gateway's store directory, for --link")
    args = ap.parse_args(argv)
    args.gateway = args.gateway.rstrip("/")
    args.mock = args.mock.rstrip("/")
    args.portal = args.portal.rstrip("/") if args.portal else None
    if args.link and not (args.vneidctl and args.store):
        ap.error("--link needs --vneidctl and --store")
    return Checker(args).run()


if __name__ == "__main__":
    sys.exit(main())
