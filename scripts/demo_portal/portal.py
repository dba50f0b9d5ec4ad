#!/usr/bin/python3
"""Sample "hệ thống một cửa điện tử" backend for the vneid-gateway demo.

It stands for the legacy one-stop portal that the gateway protects. Behind
the gateway it trusts the X-VNeID-* headers that the gateway (nginx +
ngx_http_vneid_module) adds after a VNeID login, and shows every one of them
in a panel, next to a fake staff screen (a list of case files, "hồ sơ").

It still has its old username + password login, as every legacy portal does:
the form at /dang-nhap (GET shows it, POST with the fields "username" and
"password" checks them against --passwords). A right password answers
302 Location: / with a new portal session (cookie MOTCUA_SESSION); a wrong one
answers 200 with the form again and an error, like a real legacy portal. The
gateway's self-service linking (vneid_link_verify) posts a staff member's
username and password there, server to server, and judges the answer: this
is how the staff member proves they own the account. Passwords are never
printed, logged or recorded.

Like most legacy portals it turns the identity into a session of its own on
the first request: it reads X-VNeID-Account (and the other headers), creates
a portal session, sets its own cookie MOTCUA_SESSION, and from then on trusts
that cookie alone; the headers of later requests are shown in the panel but
no longer decide who is signed in. Its pages show which portal session and
account it believes is active, so that an account switch at the gateway
(and the gateway's vneid_portal_cookies, which makes the portal start a
fresh session for the new account) is visible.

It also compresses its pages when the client accepts gzip, as a Tomcat or
IIS portal usually does: the gateway's switcher recipe (sub_filter) works
only because the gateway asks it for uncompressed pages
(proxy_set_header Accept-Encoding "").

    /usr/bin/python3 scripts/demo_portal/portal.py [--port 8081] [--accounts CSV]
        [--passwords CSV] [--record FILE]

--record FILE (for tests) appends one JSON line per request received: method,
target, headers, body, with the value of every password field of a login POST
replaced by "[redacted]", and what the portal answered (status, Location, the
portal session it issued). So a test can prove the gateway forwarded a
password nowhere but the login URL: the password must appear in no record.

Listens on 127.0.0.1 only; the last line on stdout,
"demo-portal listening on http://127.0.0.1:PORT", is printed once the socket
accepts connections. Stops on SIGTERM or Ctrl-C. Only Python's standard
library; the pages use no external resources (inline CSS and SVG, no script).

This is demo code: a real backend must accept connections from the gateway
only (firewall, or listen on a socket only nginx can reach), because anyone
who can reach it directly can send any header.
"""

import argparse
import csv
import datetime
import gzip
import hmac
import html
import http.server
import itertools
import json
import os
import secrets
import signal
import sys
import threading
import time
import urllib.parse

HEADER_PREFIX = "x-vneid-"
GATEWAY = "/_vneid/"
SESSION_COOKIE = "MOTCUA_SESSION"
LOGIN_PATH = "/dang-nhap"          # the legacy login form (GET) and its POST
REDACTED = "[redacted]"            # what --record keeps of a password

# What each identity header means (architecture.md, "Headers sent to the backend").
HEADER_MEANINGS = {
    "x-vneid-citizen-id": "Số định danh cá nhân (12 chữ số) đã được VNeID xác thực",
    "x-vneid-name": "Họ và tên theo VNeID (UTF-8)",
    "x-vneid-level": "Mức định danh điện tử (cổng chỉ chấp nhận mức 2)",
    "x-vneid-account": "Tài khoản một cửa đang sử dụng",
    "x-vneid-accounts": "Mọi tài khoản một cửa liên kết với số định danh này",
}
HEADER_ORDER = list(HEADER_MEANINGS)

LEVEL_TEXT = {"1": "Mức 1", "2": "Mức 2"}

# Fake case files. Dates are relative to today so the screen looks current.
CASES = [
    # code suffix, procedure, applicant, received (days ago), due (days from
    # receipt), status, status class, field
    ("0012", "Đăng ký khai sinh", "Trần Văn Bình", 0, 1,
     "Mới tiếp nhận", "new", "Hộ tịch"),
    ("0011", "Chứng thực bản sao từ bản chính", "Lê Thị Mai", 0, 0,
     "Đã trả kết quả", "done", "Chứng thực"),
    ("0009", "Đăng ký kết hôn", "Phan Quốc Huy", 1, 5,
     "Đang xử lý", "work", "Hộ tịch"),
    ("0007", "Xác nhận tình trạng hôn nhân", "Đỗ Thị Lan", 2, 3,
     "Chờ bổ sung hồ sơ", "wait", "Hộ tịch"),
    ("0004", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Ngô Văn Tâm", 6, 30,
     "Chuyển phòng chuyên môn", "work", "Đất đai"),
    ("0002", "Đăng ký hộ kinh doanh", "Bùi Thị Hồng", 8, 3,
     "Đã trả kết quả", "done", "Thành lập và hoạt động của hộ kinh doanh"),
]

EMBLEM = (
    '<svg class="emblem" viewBox="0 0 48 48" aria-hidden="true" focusable="false">'
    '<circle cx="24" cy="24" r="23" fill="#c8102e" stroke="#f4c430" stroke-width="2"/>'
    '<polygon fill="#f4c430" points="24,8 28.2,19.6 40.5,19.9 30.8,27.4 34.2,39.3 '
    '24,32.3 13.8,39.3 17.2,27.4 7.5,19.9 19.8,19.6"/></svg>')

STYLE = """
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;
 color:#1b2430;background:#eef2f7;line-height:1.45}
a{color:#0b4f9c}
.test{background:#fff4ce;color:#5c4400;text-align:center;font-size:.85rem;padding:.3rem 1rem;
 border-bottom:1px solid #e6d391}
header.top{background:#0b4f9c;color:#fff;display:flex;align-items:center;gap:1rem;
 padding:.6rem 1.5rem;flex-wrap:wrap}
header.top .brand{display:flex;align-items:center;gap:.75rem;flex:1 1 auto;min-width:16rem}
.emblem{width:2.75rem;height:2.75rem;flex:none}
.brand .sys{font-weight:700;font-size:1.15rem;letter-spacing:.02em;text-transform:uppercase}
.brand .org{font-size:.85rem;opacity:.9}
.user{display:flex;align-items:center;gap:.9rem;flex-wrap:wrap}
.user .who{text-align:right}
.user .name{font-weight:600}
.user .acct{font-size:.85rem;opacity:.92}
.user .acct a{color:#fff}
.avatar{width:2.4rem;height:2.4rem;border-radius:50%;background:#fff;color:#0b4f9c;
 display:flex;align-items:center;justify-content:center;font-weight:700;flex:none}
a.logout{background:#c8102e;color:#fff;text-decoration:none;padding:.45rem .9rem;border-radius:.3rem;
 font-weight:600;border:1px solid #ffffff55}
a.logout:hover,a.logout:focus{background:#a00d25}
nav.menu{background:#083b75;display:flex;flex-wrap:wrap;padding:0 1.5rem}
nav.menu span,nav.menu a{color:#dbe7f6;padding:.55rem .9rem;font-size:.92rem;text-decoration:none}
nav.menu .on{background:#eef2f7;color:#0b4f9c;font-weight:600;border-radius:.3rem .3rem 0 0}
main{max-width:72rem;margin:0 auto;padding:1.25rem 1.5rem 2rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .75rem}
.card{background:#fff;border:1px solid #d5dde8;border-radius:.5rem;padding:1rem 1.1rem;
 box-shadow:0 1px 2px #0000000d}
.stats{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:.75rem;margin-bottom:1.25rem}
@media (max-width:40rem){.stats{grid-template-columns:repeat(2,minmax(0,1fr))}}
.stat{background:#fff;border:1px solid #d5dde8;border-radius:.5rem;padding:.7rem .9rem}
.stat b{display:block;font-size:1.6rem;color:#0b4f9c}
.stat span{font-size:.85rem;color:#4a5868}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:.5rem .55rem;border-bottom:1px solid #e3e8ef;vertical-align:top}
th{background:#f3f6fa;font-weight:600;color:#34404e}
td.code{font-family:ui-monospace,Consolas,"DejaVu Sans Mono",monospace;font-size:.85rem;white-space:nowrap}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;
 white-space:nowrap}
.b-new{background:#e3efff;color:#0b4f9c}.b-work{background:#fff1d6;color:#7a4b00}
.b-wait{background:#ffe3e3;color:#9b1c1c}.b-done{background:#dff5e5;color:#16623a}
.identity{border:2px solid #16623a;background:#f6fcf8}
.identity h2{color:#16623a;display:flex;gap:.5rem;align-items:center}
.identity h2 svg{width:1.3rem;height:1.3rem;flex:none}
.identity table{font-size:.88rem}
.identity td.h{font-family:ui-monospace,Consolas,"DejaVu Sans Mono",monospace;font-size:.8rem;
 white-space:nowrap;color:#34404e}
.identity td.v{font-weight:600;overflow-wrap:anywhere}
.identity{margin-bottom:1.25rem}
.identity td.h{width:13rem}.identity td.v{width:22rem}
.identity td.m{color:#4a5868;font-size:.82rem}
.note{font-size:.88rem;color:#34404e;background:#fff;border-left:4px solid #16623a;
 padding:.55rem .75rem;margin:.9rem 0 0}
.missing{border:2px solid #9b1c1c;background:#fff6f6;margin-bottom:1.25rem}
.missing h2{color:#9b1c1c}
.muted{color:#5b6877;font-size:.85rem}
#unlinked{margin:.6rem 0 0}
footer{text-align:center;color:#5b6877;font-size:.8rem;padding:1rem}
dl.case{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1.25rem;margin:0}
dl.case dt{color:#4a5868}dl.case dd{margin:0;font-weight:600}
.portal-session{border:2px solid #0b4f9c;background:#f5f9ff;margin-bottom:1.25rem}
.portal-session h2{color:#0b4f9c}
.portal-session .note{border-left-color:#0b4f9c}
.portal-session .muted{margin:.6rem 0 0}
.warn{background:#fff6f6;border-left:4px solid #9b1c1c;color:#6d1313;padding:.55rem .75rem;
 margin:.9rem 0 0;font-size:.88rem}
.login{max-width:28rem;margin:1rem auto}
.login label{display:block;font-weight:600;margin:.9rem 0 .3rem}
.login input{width:100%;padding:.5rem .6rem;font:inherit;border:1px solid #8a96a5;border-radius:.3rem}
.login input:focus,.login button:focus{outline:3px solid #f4c430;outline-offset:1px}
.login button{margin-top:1.1rem;background:#0b4f9c;color:#fff;border:0;border-radius:.3rem;
 padding:.6rem 1.2rem;font:inherit;font-weight:600;cursor:pointer}
.login .warn{margin:.6rem 0 0}
.scroll{overflow-x:auto}
dl.case dd{overflow-wrap:anywhere;min-width:0}
/* a phone (390 px): the identity table and the session panel stack label over
   value instead of squeezing three columns; the case list scrolls sideways */
@media (max-width:40rem){
 main{padding:1rem .75rem 1.5rem}
 .card{padding:.85rem .8rem}
 header.top,nav.menu{padding-left:.75rem;padding-right:.75rem}
 dl.case{grid-template-columns:minmax(0,1fr);gap:0}
 dl.case dd{margin:0 0 .5rem}
 .identity table,.identity tbody,.identity tr,.identity td{display:block;width:auto}
 .identity thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 .identity tr{border-bottom:1px solid #e3e8ef;padding:.45rem 0}
 .identity td,.identity td.h,.identity td.v{border:0;padding:.1rem 0;width:auto}
 .identity td.h{white-space:normal;overflow-wrap:anywhere}
 .scroll table{min-width:48rem}
}
"""

SHIELD = ('<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="#16623a" '
          'd="M12 1 3 5v6c0 5.5 3.8 10.7 9 12 5.2-1.3 9-6.5 9-12V5l-9-4zm-1.2 15.6-4.2-4.2 '
          '1.4-1.4 2.8 2.8 6.2-6.2 1.4 1.4-7.6 7.6z"/></svg>')

E = html.escape


def logout_href(path):
    """The gateway's logout confirmation, told where "Quay lại" goes back to
    (this page) unless that is the front page."""
    if not path or path == "/":
        return GATEWAY + "logout"
    return GATEWAY + "logout?return=" + urllib.parse.quote(path, safe="/")


def load_accounts(path):
    """The portal's own user table: username -> (display name, unit).

    In the demo it is the same CSV the gateway's account directory is imported
    from (the portal's user export, header citizen_id,username,display_name,unit)."""
    users = {}
    if not path:
        return users
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                users[(row.get("username") or "").strip()] = (
                    (row.get("display_name") or "").strip(), (row.get("unit") or "").strip())
    except OSError as e:
        print("demo-portal: cannot read %s: %s" % (path, e), file=sys.stderr)
    return users


def load_passwords(path):
    """The portal's password table: username -> password, from a CSV with the
    header username,password (UTF-8). A real portal keeps salted hashes; the
    demo's test accounts keep their test passwords in clear, in a file only
    the portal reads (never the gateway's account import)."""
    table = {}
    if not path:
        return table
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                user = (row.get("username") or "").strip()
                if user:
                    table[user] = row.get("password") or ""
    except OSError as e:
        print("demo-portal: cannot read %s: %s" % (path, e), file=sys.stderr)
    return table


def form_pairs(body):
    """[(name, value)] of an application/x-www-form-urlencoded body (UTF-8,
    blank values kept, order and duplicates as sent)."""
    return urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True,
                                  encoding="utf-8", errors="replace")


def form_value(pairs, name):
    for k, v in pairs:
        if k == name:
            return v
    return None


def redact_form(text, field):
    """text (a query string or form body) with the value of every `field`
    pair replaced by [redacted]; everything else byte for byte as it was, so
    a password sent anywhere else (another field, the path) still shows."""
    if not text:
        return text
    out = []
    for part in text.split("&"):
        name, eq, _ = part.partition("=")
        if eq and urllib.parse.unquote_plus(name) == field:
            part = name + "=" + urllib.parse.quote(REDACTED)
        out.append(part)
    return "&".join(out)


def redact_target(target, field):
    """A request target with the `field` values of its query redacted (for
    the request log: a legacy login form sent by GET must not end up there)."""
    path, q, query = target.partition("?")
    return path + q + redact_form(query, field) if q else target


def header_value(raw):
    """Header values arrive as bytes that http.server decoded as Latin-1; the
    gateway sends UTF-8 (Vietnamese names), so undo that when it is UTF-8."""
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def fold(name):
    return name.lower().replace("_", "-")


def identity_headers(headers):
    """[(name as received, value)] of every header with the X-VNeID- prefix,
    known ones first in a fixed order, then the rest as received."""
    found = [(k, header_value(v)) for k, v in headers.items()
             if fold(k).startswith(HEADER_PREFIX)]
    order = {n: i for i, n in enumerate(HEADER_ORDER)}
    return sorted(found, key=lambda kv: order.get(fold(kv[0]), len(order)))


def first(found, name):
    for k, v in found:
        if fold(k) == name:
            return v
    return ""


def initials(name):
    parts = [p for p in name.split() if p]
    return (parts[-1][0] if parts else "?").upper()


def fmt_date(d):
    return d.strftime("%d/%m/%Y")


def case_rows(today):
    rows = []
    for suffix, proc, who, ago, days, status, cls, field in CASES:
        received = today - datetime.timedelta(days=ago)
        due = received + datetime.timedelta(days=days)
        code = "H29.46-%s-%s" % (received.strftime("%y%m%d"), suffix)
        rows.append({"code": code, "proc": proc, "who": who, "received": received,
                     "due": due, "status": status, "cls": cls, "field": field})
    return rows


def cookie_values(headers, name):
    """Every value of cookie NAME in the request's Cookie header(s), in order."""
    out = []
    for line in headers.get_all("Cookie") or []:
        for part in line.split(";"):
            key, sep, value = part.strip().partition("=")
            if sep and key.strip() == name:
                out.append(value.strip())
    return out


def accepts_gzip(value):
    """Whether an Accept-Encoding value allows gzip (q=0 refuses it)."""
    for item in (value or "").split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


class PortalSession:
    """One session of the portal: who it believes is signed in. Fixed when it
    is created (from the identity headers of one request, or by the legacy
    login form); never re-read."""

    def __init__(self, sid, number, found, login=None):
        self.sid = sid
        self.number = number
        self.created = datetime.datetime.now()
        self.requests = 0
        # "headers": made from X-VNeID-*; "password": the legacy login form
        self.source = "password" if login else "headers"
        if login:
            username, name = login
            self.citizen_id = ""
            self.name = name
            self.account = username
            self.accounts = [username]
            return
        self.citizen_id = first(found, "x-vneid-citizen-id")
        self.name = first(found, "x-vneid-name")
        self.account = first(found, "x-vneid-account")
        self.accounts = [a for a in first(found, "x-vneid-accounts").split(",") if a]


class Sessions:
    """The portal's session table (in memory: a restart forgets everyone)."""

    MAX = 10000

    def __init__(self):
        self.lock = threading.Lock()
        self.by_id = {}
        self.numbers = itertools.count(1)

    def find(self, sids):
        with self.lock:
            for sid in sids:
                sess = self.by_id.get(sid)
                if sess:
                    sess.requests += 1
                    return sess
        return None

    def create(self, found, login=None):
        with self.lock:
            while len(self.by_id) >= self.MAX:
                self.by_id.pop(next(iter(self.by_id)))
            sess = PortalSession(secrets.token_urlsafe(24), next(self.numbers), found, login)
            sess.requests = 1
            self.by_id[sess.sid] = sess
            return sess


class View:
    """What one request looks like to the portal: the headers it received,
    and the portal session it acts on (sess None: nobody is signed in)."""

    def __init__(self, found, sess=None, new=False, stale=False):
        self.found = found
        self.sess = sess
        self.new = new          # created from this request's headers
        self.stale = stale      # the browser sent a session cookie the portal does not know


class Portal:
    def __init__(self, users, name, gateway_url, port=0, cookie=SESSION_COOKIE,
                 passwords=None, username_field="username", password_field="password"):
        self.users = users
        self.name = name
        self.gateway_url = gateway_url
        self.port = port
        self.cookie = cookie
        self.passwords = passwords or {}
        self.username_field = username_field
        self.password_field = password_field
        self.sessions = Sessions()

    def check_password(self, username, password):
        """The legacy login: True when username has exactly this password.
        Constant-time compare; an unknown user is compared too (against
        nothing it could match), so timing does not tell which users exist."""
        known = self.passwords.get(username)
        want = (known if known is not None else secrets.token_hex(16)).encode("utf-8")
        ok = hmac.compare_digest(want, password.encode("utf-8"))
        return ok and known is not None and known != ""

    def legacy_login(self, username):
        """A portal session for username, as after its own login form."""
        display, _ = self.users.get(username, ("", ""))
        sess = self.sessions.create([], login=(username, display))
        sys.stderr.write("demo-portal: new portal session #%d for account %r (password login)\n"
                         % (sess.number, username))
        return sess

    def resolve(self, headers):
        """The legacy portal's login: its own cookie if it knows it (the
        identity headers are then ignored), else a new session made from the
        headers, else nobody."""
        found = identity_headers(headers)
        sids = cookie_values(headers, self.cookie)
        sess = self.sessions.find(sids)
        if sess:
            return View(found, sess)
        if first(found, "x-vneid-citizen-id"):
            sess = self.sessions.create(found)
            sys.stderr.write("demo-portal: new portal session #%d for account %r (%s)\n" % (
                sess.number, sess.account, sess.citizen_id))
            return View(found, sess, new=True, stale=bool(sids))
        return View(found, stale=bool(sids))

    # -- page parts -----------------------------------------------------------

    def page(self, title, body, view, path="/"):
        """The whole page; path is this page's own, where the gateway's logout
        confirmation goes back to with its "Quay lại" (its return)."""
        sess = view.sess
        if sess:
            display, unit = self.users.get(sess.account, ("", ""))
            if sess.account:
                acct = ('Tài khoản: <b data-portal="header-account">%s</b>' % E(sess.account))
                if unit:
                    acct += " · " + E(unit)
                if len(sess.accounts) > 1:
                    # the plain-link alternative to the injected switcher: a
                    # portal may link the gateway's chooser from its own menu
                    acct += (' · <a href="%saccounts" title="%d tài khoản">Chuyển tài khoản</a>'
                             % (GATEWAY, len(sess.accounts)))
            else:
                acct = "Chưa liên kết tài khoản một cửa"
            user = (
                '<div class="user"><div class="who"><div class="name">%s</div>'
                '<div class="acct">%s</div></div><div class="avatar" aria-hidden="true">%s</div>'
                '<a class="logout" href="%s">Đăng xuất</a></div>'
                % (E(sess.name or display), acct, E(initials(sess.name or display)),
                   E(logout_href(path))))
        else:
            user = ('<div class="user"><div class="who"><div class="name">Chưa xác định '
                    'người dùng</div><div class="acct">không có danh tính từ cổng VNeID</div>'
                    '</div></div>')
        return (
            '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>%s - %s</title><style>%s</style></head><body>'
            '<div class="test" role="note">Môi trường thử nghiệm: dữ liệu hồ sơ là dữ liệu '
            'giả lập của bản demo vneid-gateway</div>'
            '<header class="top"><div class="brand">%s<div><div class="sys">Hệ thống một cửa '
            'điện tử</div><div class="org">%s</div></div></div>%s</header>'
            '<nav class="menu" aria-label="Chức năng"><a class="on" href="/">Hồ sơ của tôi</a>'
            '<span>Tiếp nhận hồ sơ</span><span>Trả kết quả</span><span>Tra cứu</span>'
            '<span>Báo cáo, thống kê</span></nav>'
            '<main>%s</main>'
            '<footer>%s · bản demo của vneid-gateway, không phải hệ thống thật</footer>'
            '</body></html>\n'
            % (E(title), E(self.name), STYLE, EMBLEM, E(self.name), user, body, E(self.name)))

    def session_panel(self, view):
        """What the portal believes: its own session, and how it got it."""
        sess = view.sess
        if not sess:
            return ""
        _, unit = self.users.get(sess.account, ("", ""))
        account = (E(sess.account) if sess.account else
                   '<span class="muted">(không có: chưa liên kết)</span>')
        if unit:
            account += ' <span class="muted">· %s</span>' % E(unit)
        created = sess.created.strftime("%H:%M:%S %d/%m/%Y")
        if sess.source == "password":
            how = ('<b>Phiên đăng nhập bằng mật khẩu</b>: phiên này được tạo bởi trang đăng '
                   'nhập cũ của hệ thống (<code>%s</code>, tên đăng nhập và mật khẩu), không '
                   'qua cổng VNeID.' % E(LOGIN_PATH))
            state = "new" if view.new else "existing"
        elif view.new:
            how = ('<b>Phiên mới</b>: yêu cầu này không mang cookie <code>%s</code> nào hệ thống '
                   'biết, nên hệ thống vừa tạo phiên này từ tiêu đề <code>X-VNeID-Account</code> '
                   'của chính yêu cầu này và gửi cookie <code>%s</code> cho trình duyệt.'
                   % (E(self.cookie), E(self.cookie)))
            state = "new"
        else:
            how = ('<b>Phiên có sẵn</b>: trình duyệt gửi cookie <code>%s</code>, nên hệ thống '
                   'dùng phiên đã tạo lúc %s (yêu cầu thứ %d của phiên) và <b>không đọc lại</b> '
                   'các tiêu đề <code>X-VNeID-*</code>, như phần lớn hệ thống một cửa cũ.'
                   % (E(self.cookie), E(created), sess.requests))
            state = "existing"
        warn = ""
        sent_account = first(view.found, "x-vneid-account")
        sent_citizen = first(view.found, "x-vneid-citizen-id")
        if not view.new and sent_citizen and (sent_account != sess.account
                                              or sent_citizen != sess.citizen_id):
            warn = ('<p class="warn" id="portal-mismatch">Cổng VNeID đang gửi tài khoản '
                    '<b>%s</b> (số định danh %s), nhưng hệ thống một cửa vẫn dùng phiên cũ của '
                    'tài khoản <b>%s</b>. Đây là điều <code>vneid_portal_cookies</code> ngăn '
                    'chặn: không có nó, chuyển tài khoản không thay đổi gì, và người đăng nhập '
                    'sau trên cùng máy vào phiên của người trước.</p>'
                    % (E(sent_account or "-"), E(sent_citizen), E(sess.account or "-")))
        return (
            '<section class="card portal-session" id="portal-session" data-portal-state="%s" '
            'aria-labelledby="ps-h"><h2 id="ps-h">Phiên làm việc của hệ thống một cửa</h2>'
            '<dl class="case">'
            '<dt>Tài khoản đang dùng</dt><dd data-portal="account">%s</dd>'
            '<dt>Cán bộ</dt><dd>%s</dd>'
            '<dt>Phiên số</dt><dd data-portal="session-number">%d</dd>'
            '<dt>Cookie <code>%s</code></dt><dd><code data-portal="session-id">%s…</code> '
            '<span class="muted">(bắt đầu lúc %s)</span></dd></dl>'
            '<p class="note">%s</p>%s'
            '<p class="muted">Chuyển tài khoản bằng menu đỏ ở góc trên bên phải (do cổng VNeID '
            'chèn vào trang bằng <code>sub_filter</code>): cổng xoá cookie <code>%s</code> của '
            'tài khoản cũ, nên hệ thống tạo một phiên mới, đúng tài khoản mới.</p></section>'
            % (state, account, E(sess.name or "-"), sess.number, E(self.cookie),
               E(sess.sid[:8]), E(created), how, warn, E(self.cookie)))

    def identity_panel(self, view):
        found = view.found
        if not first(found, "x-vneid-citizen-id"):
            if view.sess:
                return (
                    '<section class="card missing" id="identity" aria-labelledby="id-h">'
                    '<h2 id="id-h">Yêu cầu này không mang danh tính từ cổng VNeID</h2>'
                    '<p>Hệ thống vẫn coi như đã đăng nhập vì trình duyệt gửi cookie '
                    '<code>%s</code> của nó.</p></section>' % E(self.cookie))
            return (
                '<section class="card missing" id="identity" aria-labelledby="id-h">'
                '<h2 id="id-h">Không nhận được danh tính từ cổng VNeID</h2>'
                '<p>Yêu cầu này không mang tiêu đề <code>X-VNeID-Citizen-Id</code>: trang đã được '
                'mở trực tiếp tại máy chủ một cửa (127.0.0.1:%s), không qua cổng VNeID. Hãy mở '
                'hệ thống qua cổng: <a href="%s">%s</a>.</p>'
                '<p class="muted">Trong triển khai thật, máy chủ một cửa chỉ nhận kết nối từ '
                'cổng, nên không thể bị truy cập trực tiếp như thế này. Trang đăng nhập cũ bằng '
                'tên đăng nhập và mật khẩu vẫn còn ở <a href="%s">%s</a>: cổng VNeID dùng nó '
                'để cán bộ tự liên kết tài khoản.</p></section>'
                % (E(str(self.port)), E(self.gateway_url), E(self.gateway_url), E(LOGIN_PATH),
                   E(LOGIN_PATH)))
        rows = []
        for k, v in found:
            meaning = HEADER_MEANINGS.get(fold(k), "")
            shown = v
            if fold(k) == "x-vneid-level":
                shown = "%s (%s)" % (v, LEVEL_TEXT.get(v, "mức " + v))
            rows.append('<tr><td class="h">%s</td><td class="v" data-header="%s">%s</td>'
                        '<td class="m">%s</td></tr>'
                        % (E(k), E(fold(k)), E(shown), E(meaning)))
        unlinked = ""
        if not first(found, "x-vneid-account"):
            unlinked = ('<p class="muted" id="unlinked">Không có tiêu đề '
                        '<code>X-VNeID-Account</code>: số định danh này chưa được liên kết với '
                        'tài khoản một cửa nào trong danh bạ tài khoản của cổng.</p>')
        return (
            '<section class="card identity" id="identity" aria-labelledby="id-h">'
            '<h2 id="id-h">%sDanh tính đã xác thực do cổng VNeID gửi tới</h2>'
            '<table><thead><tr><th scope="col">Tiêu đề HTTP</th><th scope="col">Giá trị</th>'
            '<th scope="col">Ý nghĩa</th></tr></thead><tbody>%s</tbody></table>%s'
            '<p class="note">Sau cổng VNeID, hệ thống một cửa này <b>không dùng trang đăng nhập '
            'cũ</b> của nó (<code>%s</code>): không hỏi mật khẩu, không gọi VNeID. Cổng VNeID '
            '(nginx với <code>ngx_http_vneid_module</code>) đã đăng nhập cán bộ qua VNeID (số '
            'định danh, mật khẩu, mã OTP) và gắn các tiêu đề trên vào mỗi yêu cầu; mọi tiêu đề '
            '<code>X-VNeID-*</code> do trình duyệt tự gửi đều bị cổng xóa trước khi chuyển '
            'tiếp.</p></section>'
            % (SHIELD, "".join(rows), unlinked, E(LOGIN_PATH)))

    def home(self, view):
        today = datetime.date.today()
        cases = case_rows(today)
        counts = {c: sum(1 for r in cases if r["cls"] == c) for c in ("new", "work", "wait", "done")}
        stats = (
            '<div class="stats">'
            '<div class="stat"><b>%d</b><span>Mới tiếp nhận</span></div>'
            '<div class="stat"><b>%d</b><span>Đang xử lý</span></div>'
            '<div class="stat"><b>%d</b><span>Chờ bổ sung</span></div>'
            '<div class="stat"><b>%d</b><span>Đã trả kết quả</span></div></div>'
            % (counts["new"], counts["work"], counts["wait"], counts["done"]))
        rows = []
        for r in cases:
            rows.append(
                '<tr><td class="code"><a href="/ho-so/%s">%s</a></td><td>%s<br><span '
                'class="muted">%s</span></td><td>%s</td><td>%s</td><td>%s</td>'
                '<td><span class="badge b-%s">%s</span></td></tr>'
                % (E(r["code"]), E(r["code"]), E(r["proc"]), E(r["field"]), E(r["who"]),
                   fmt_date(r["received"]), fmt_date(r["due"]), r["cls"], E(r["status"])))
        name = view.sess.name if view.sess else ""
        hello = ("Xin chào, %s" % name) if name else "Danh sách hồ sơ"
        body = (
            '<h1>%s</h1>%s%s%s<section class="card" aria-labelledby="cases-h">'
            '<h2 id="cases-h">Hồ sơ thủ tục hành chính được giao</h2>'
            '<div class="scroll"><table><thead><tr><th scope="col">Mã hồ sơ</th>'
            '<th scope="col">Thủ tục</th>'
            '<th scope="col">Người nộp</th><th scope="col">Ngày nhận</th>'
            '<th scope="col">Hẹn trả</th><th scope="col">Trạng thái</th></tr></thead>'
            '<tbody>%s</tbody></table></div></section>'
            % (E(hello), self.session_panel(view), self.identity_panel(view), stats,
               "".join(rows)))
        return self.page("Hồ sơ của tôi", body, view)

    def case(self, code, view):
        today = datetime.date.today()
        for r in case_rows(today):
            if r["code"] == code:
                body = (
                    '<p><a href="/">← Danh sách hồ sơ</a></p><h1>Hồ sơ %s</h1>'
                    '%s%s<section class="card"><dl class="case">'
                    '<dt>Thủ tục</dt><dd>%s</dd><dt>Lĩnh vực</dt><dd>%s</dd>'
                    '<dt>Người nộp</dt><dd>%s</dd><dt>Ngày tiếp nhận</dt><dd>%s</dd>'
                    '<dt>Ngày hẹn trả</dt><dd>%s</dd><dt>Trạng thái</dt>'
                    '<dd><span class="badge b-%s">%s</span></dd></dl></section>'
                    % (E(r["code"]), self.session_panel(view), self.identity_panel(view),
                       E(r["proc"]), E(r["field"]), E(r["who"]), fmt_date(r["received"]),
                       fmt_date(r["due"]), r["cls"], E(r["status"])))
                return 200, self.page("Hồ sơ " + r["code"], body, view,
                                      "/ho-so/" + r["code"])
        body = ('<h1>Không tìm thấy hồ sơ</h1><div class="card"><p>Không có hồ sơ mã '
                '<code>%s</code>.</p><p><a href="/">← Danh sách hồ sơ</a></p></div>' % E(code))
        return 404, self.page("Không tìm thấy hồ sơ", body, view)

    def login_page(self, view, error=False, username=""):
        """The legacy login form. The username typed is kept after a wrong
        password; the password never is."""
        warn = ('<p class="warn" role="alert" id="login-error">Tên đăng nhập hoặc mật khẩu '
                'không đúng.</p>' if error else "")
        body = (
            '<section class="card login" aria-labelledby="login-h">'
            '<h1 id="login-h">Đăng nhập hệ thống</h1>'
            '<p class="muted">Tên đăng nhập và mật khẩu do quản trị hệ thống một cửa cấp.</p>%s'
            '<form method="post" action="%s">'
            '<label for="u">Tên đăng nhập</label>'
            '<input id="u" name="%s" value="%s" autocomplete="username" required>'
            '<label for="p">Mật khẩu</label>'
            '<input id="p" type="password" name="%s" autocomplete="current-password" required>'
            '<button type="submit">Đăng nhập</button></form>'
            '<p class="muted">Cán bộ đã có tài khoản VNeID mức 2: đăng nhập qua cổng VNeID '
            '<a href="%s">%s</a>; cổng có thể liên kết tài khoản này với số định danh cá nhân '
            'sau khi hỏi mật khẩu này một lần.</p></section>'
            % (warn, E(LOGIN_PATH), E(self.username_field), E(username),
               E(self.password_field), E(self.gateway_url), E(self.gateway_url)))
        return self.page("Đăng nhập", body, view)


class Recorder:
    """--record FILE: one JSON line per request received, for tests. Written
    whole under a lock, flushed at once, so a reader never sees half a line."""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8") if path else None

    def write(self, rec):
        if self.file is None:
            return
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        with self.lock:
            self.file.write(line)
            self.file.flush()


def read_fault(path):
    """--fault-file (tests): how the next login POST is answered. Missing or
    empty: normally. Words: a status code (e.g. 503: answered with it
    instead), "delay=SECONDS" (the answer waits), or both."""
    status, delay = None, 0.0
    if not path:
        return status, delay
    try:
        with open(path, encoding="utf-8") as f:
            words = f.read().split()
    except OSError:
        return status, delay
    for w in words:
        if w.startswith("delay="):
            delay = float(w[len("delay="):])
        elif w.isdigit():
            status = int(w)
    return status, delay


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "demo-portal/1.0"
    protocol_version = "HTTP/1.1"

    # -- recording (--record) -------------------------------------------------

    def handle_one_request(self):
        self._rec = None
        self._answer = {"status": None, "location": None, "set_cookie": []}
        try:
            super().handle_one_request()
        finally:
            self.write_record()   # an answer that never got to end_headers()

    def write_record(self):
        if self._rec is not None:
            self._rec["answer"] = self._answer
            self.server.recorder.write(self._rec)
            self._rec = None

    def end_headers(self):
        # recorded before the answer leaves: a client that has the answer
        # finds the request in the record file
        self.write_record()
        super().end_headers()

    def send_response_only(self, code, message=None):
        if getattr(self, "_answer", None) is not None:
            self._answer["status"] = code
        super().send_response_only(code, message)

    def send_header(self, keyword, value):
        answer = getattr(self, "_answer", None)
        if answer is not None:
            if keyword.lower() == "location":
                answer["location"] = value
            elif keyword.lower() == "set-cookie":
                answer["set_cookie"].append(value)
        super().send_header(keyword, value)

    def read_request(self):
        """Reads the body and starts this request's record: what arrived,
        with the password fields of the login form (its POST body and its
        query) redacted; anything else verbatim, so a password that arrives
        anywhere else is seen by a test."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        portal = self.server.portal
        path = urllib.parse.urlsplit(self.path).path
        target, text = self.path, body.decode("utf-8", "replace")
        if path == LOGIN_PATH:
            target = redact_target(target, portal.password_field)
            text = redact_form(text, portal.password_field)
        self._rec = {
            "method": self.command,
            "path": target,
            "headers": [[k, header_value(v)] for k, v in self.headers.items()],
            "body": text,
        }
        return body

    # -- answers ----------------------------------------------------------------

    def security_headers(self):
        # The portal's own policy. It must allow what the gateway injects:
        # the switcher's inline <style> ('unsafe-inline' here; a hash works
        # too) and its sign-out form, whose answer redirects to the IdP's
        # logout (browsers apply form-action to a form's redirects).
        self.send_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                         "form-action 'self'%s; frame-ancestors 'none'; base-uri 'none'"
                         % "".join(" " + o for o in self.server.form_action))
        self.send_header("X-Content-Type-Options", "nosniff")

    def send_page(self, status, text, view, head_only=False):
        portal = self.server.portal
        body = text.encode("utf-8")
        compressed = accepts_gzip(self.headers.get("Accept-Encoding"))
        if compressed:
            # like a Tomcat/IIS portal with compression on; behind the gateway
            # the switcher recipe asks for identity (Accept-Encoding "")
            body = gzip.compress(body, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.security_headers()
        if view.new:
            self.send_header("Set-Cookie", "%s=%s; Path=/; HttpOnly; SameSite=Lax"
                             % (portal.cookie, view.sess.sid))
        elif view.stale and not view.sess:
            # a session the portal no longer knows: forget it
            self.send_header("Set-Cookie", "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                             % portal.cookie)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def send_plain(self, status, text, extra=()):
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self, head_only=False):
        self.read_request()
        portal = self.server.portal
        path = urllib.parse.urlsplit(self.path).path
        if path == "/favicon.ico":
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == LOGIN_PATH:
            # the form itself never makes a session from headers
            view = View(identity_headers(self.headers),
                        portal.sessions.find(cookie_values(self.headers, portal.cookie)))
            self.send_page(200, portal.login_page(view), view, head_only)
            return
        view = portal.resolve(self.headers)
        if path in ("/", "/index.html"):
            self.send_page(200, portal.home(view), view, head_only)
        elif path.startswith("/ho-so/"):
            status, text = portal.case(urllib.parse.unquote(path[len("/ho-so/"):]), view)
            self.send_page(status, text, view, head_only)
        else:
            body = ('<h1>Không tìm thấy trang</h1><div class="card"><p><a href="/">'
                    '← Danh sách hồ sơ</a></p></div>')
            self.send_page(404, portal.page("Không tìm thấy trang", body, view), view,
                           head_only)

    def do_HEAD(self):
        self.do_GET(head_only=True)

    def do_POST(self):
        body = self.read_request()
        if urllib.parse.urlsplit(self.path).path == LOGIN_PATH:
            self.legacy_login(body)
            return
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def legacy_login(self, body):
        """POST /dang-nhap: right -> 302 to / with a new portal session;
        wrong -> 200, the form again with an error (as legacy portals do)."""
        portal = self.server.portal
        pairs = form_pairs(body)
        username = form_value(pairs, portal.username_field) or ""
        password = form_value(pairs, portal.password_field) or ""
        status, delay = read_fault(self.server.fault_file)
        if delay > 0:
            sys.stderr.write("demo-portal: legacy login for %r: holding the answer %.1f s "
                             "(--fault-file)\n" % (username, delay))
            sys.stderr.flush()
            time.sleep(delay)
        login = {"username": username, "password_sent": bool(password)}
        self._rec["login"] = login
        if status is not None:
            login["verdict"] = "fault"
            sys.stderr.write("demo-portal: legacy login for %r: answered %d (--fault-file)\n"
                             % (username, status))
            self.send_plain(status, "Hệ thống đang bận (lỗi giả lập %d)\n" % status,
                            [("Retry-After", "30")] if status in (429, 503) else [])
            return
        ok = portal.check_password(username, password)
        login["verdict"] = "accepted" if ok else "refused"
        sys.stderr.write("demo-portal: legacy login for %r: %s\n" % (
            username, "accepted" if ok else "wrong username or password"))
        if ok:
            sess = portal.legacy_login(username)
            login["session"] = sess.sid
            text = "Đăng nhập thành công, đang chuyển tới /\n".encode("utf-8")
            self.send_response(302)
            self.send_header("Location", "/")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(text)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Set-Cookie", "%s=%s; Path=/; HttpOnly; SameSite=Lax"
                             % (portal.cookie, sess.sid))
            self.end_headers()
            self.wfile.write(text)
            return
        view = View(identity_headers(self.headers),
                    portal.sessions.find(cookie_values(self.headers, portal.cookie)))
        self.send_page(200, portal.login_page(view, error=True, username=username), view)

    def log_message(self, fmt, *args):
        headers = getattr(self, "headers", None)
        citizen = headers.get("X-VNeID-Citizen-Id", "-") if headers else "-"
        account = headers.get("X-VNeID-Account", "-") if headers else "-"
        # a login form sent by GET would put the password in the request line
        field = self.server.portal.password_field
        args = tuple(self._redact_line(a, field) for a in args)
        sys.stderr.write("%s demo-portal %s citizen=%s account=%s\n" % (
            self.log_date_time_string(), fmt % args, citizen, account))

    @staticmethod
    def _redact_line(value, field):
        """A request line "GET /x?password=... HTTP/1.1" with its target redacted."""
        if not isinstance(value, str):
            return value
        parts = value.split(" ")
        if len(parts) == 3:
            parts[1] = redact_target(parts[1], field)
            return " ".join(parts)
        return value


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(
        prog="demo-portal",
        description="Sample one-stop portal backend for the vneid-gateway demo: shows the "
                    "X-VNeID-* identity headers it receives. Listens on 127.0.0.1 only.")
    ap.add_argument("--port", type=int, default=8081, help="TCP port (default 8081; 0 = any)")
    ap.add_argument("--accounts", default=os.path.join(here, "..", "..", "conf", "demo",
                                                       "accounts.csv"),
                    help="the portal's user export (CSV citizen_id,username,display_name,unit)"
                         " used for display names and units (default conf/demo/accounts.csv)")
    ap.add_argument("--passwords", default=os.path.join(here, "..", "..", "conf", "demo",
                                                        "portal-passwords.csv"),
                    help="the legacy login's password table (CSV username,password; default "
                         "conf/demo/portal-passwords.csv)")
    ap.add_argument("--username-field", default="username",
                    help="form field of the username at %s (default username)" % LOGIN_PATH)
    ap.add_argument("--password-field", default="password",
                    help="form field of the password at %s (default password)" % LOGIN_PATH)
    ap.add_argument("--record", metavar="FILE",
                    help="(tests) append one JSON line per request received, passwords of "
                         "the login form redacted")
    ap.add_argument("--fault-file", metavar="FILE",
                    help="(tests) read at each login POST: a status code to answer instead "
                         "(e.g. 503) and/or delay=SECONDS")
    ap.add_argument("--name", default="UBND phường Mẫu Sơn (demo)",
                    help="the organisation shown in the header")
    ap.add_argument("--gateway-url", default="http://127.0.0.1:8080/",
                    help="where the gateway listens, for the hint shown on direct access")
    ap.add_argument("--session-cookie", default=SESSION_COOKIE,
                    help="name of the portal's own session cookie (default %s)" % SESSION_COOKIE)
    ap.add_argument("--form-action", action="append", default=[], metavar="ORIGIN",
                    help="another origin the pages' forms may end at (CSP form-action), e.g. "
                         "the IdP whose logout the gateway's sign-out form redirects to; "
                         "repeatable")
    args = ap.parse_args(argv)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.form_action = args.form_action
    server.recorder = Recorder(args.record)
    server.fault_file = args.fault_file
    server.portal = Portal(load_accounts(args.accounts), args.name, args.gateway_url,
                           server.server_address[1], args.session_cookie,
                           load_passwords(args.passwords), args.username_field,
                           args.password_field)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("demo-portal listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
