"""Helpers for the end-to-end login tests (test_login_*.py): a real nginx with
the module, a real mock VNeID SSO (scripts/mock-vneid) on a free port, and a
"browser" (requests.Session with a cookie jar) that walks the whole staff
login: protected page -> /_vneid/login -> /_vneid/start -> mock pages (ID,
password, OTP) -> /_vneid/callback -> back to the page with a session.

Built on harness.py / conftest.py (nginx_factory, backend); what conftest.py
lacks for the login (the mock, key pairs, the browser, error-page checks)
lives here.

    from login_support import login_env        # the fixture (a factory)

    def test_x(login_env):
        env = login_env(client="plain")          # mock + nginx, started
        b = env.browser()
        r = b.login("001085012345", path="/ho-so?id=7")
"""

import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
import requests

import harness

sys.path.insert(0, os.path.join(harness.SOURCE_DIR, "scripts"))

from mock_vneid import browser as mockb  # noqa: E402
from mock_vneid.harness import MockVneid  # noqa: E402

PASSWORD = "VNeID@2024"
HTTP_TIMEOUT = 10          # every request to nginx or the mock is bounded

# The sample citizens (conf/mock-vneid/citizens.json).
AN = ("001085012345", "Nguyễn Văn An")         # level 2, the default
BICH = ("079190004321", "Trần Thị Bích")       # level 2
DUC = ("040072009876", "Hoàng Minh Đức")       # level 2
HA = ("031303002468", "Vũ Ngọc Hà")            # level 2
CUONG = ("048201001234", "Lê Văn Cường")       # level 1
DUNG = ("036178005678", "Phạm Thị Dung")       # level 2

# The portal account each sample citizen has by default (login_env links
# them with vneidctl, as a province imports its portal's user export):
# vneid_require_account is on by default, and a citizen without an account
# ends on the no_account page.
SAMPLE_ACCOUNTS = [
    (AN[0], "an.nv", AN[1], "Bộ phận Một cửa - UBND phường Mẫu Sơn"),
    (BICH[0], "bich.tt", BICH[1], "Bộ phận Một cửa - UBND phường Mẫu Sơn"),
    (DUC[0], "duc.hm", DUC[1], "Phòng Tư pháp - UBND quận Mẫu Sơn"),
    (HA[0], "ha.vn", HA[1], "Bộ phận Một cửa - UBND phường Mẫu Sơn"),
    (CUONG[0], "cuong.lv", CUONG[1], "Bộ phận Một cửa - UBND phường Mẫu Sơn"),
    (DUNG[0], "dung.pt", DUNG[1], "Văn phòng HĐND và UBND quận Mẫu Sơn"),
]

# A citizen whose ID has an unknown province code (999): loaded by the mock
# only with --allow-invalid-pids; the gateway must refuse it.
BAD_PROVINCE = {
    "pid": "999085012345", "password": PASSWORD, "fullName": "Đỗ Văn Sai",
    "birthDate": "1985-01-01", "gender": "male", "phone": "0912000999",
    "accountType": "CONG_DAN", "accountLevel": 2,
}

CLIENTS = {
    "plain": ("vneid-demo-plain", "demo-plain-secret"),
    "enc": ("vneid-demo-enc", "demo-enc-secret"),
}

NAV = dict(harness.NAV_HEADERS)
# a script's request: merged over the browser's navigation headers, None
# removes a header in requests
JSON_ACCEPT = dict(harness.API_HEADERS, **{k: None for k in NAV if k != "Accept"})

ERROR_STATUS = {
    "state_invalid": 400, "idp_denied": 403, "idp_timeout": 504,
    "idp_unreachable": 503, "idp_tls": 502, "idp_error": 502,
    "idp_bad_answer": 502, "code_rejected": 400, "level_too_low": 403,
    "citizen_id_invalid": 403, "identity_too_long": 403, "busy": 503,
    "csrf_invalid": 403, "not_configured": 500, "internal": 500,
    "no_account": 403, "account_not_linked": 403, "account_required": 403,
    # issue 11: what VNeID says when it refuses (error_description)
    "idp_cancelled": 200, "idp_account_locked": 403, "idp_otp_exhausted": 403,
    "store_error": 503, "bad_request": 400, "not_found": 404,
    "method_not_allowed": 405, "link_refused": 403, "link_limited": 429,
    "link_expired": 400, "account_taken": 403, "account_disabled": 403,
}

REF_RX = re.compile(r"Mã tham chiếu: <code>([^<]+)</code>")

# The error pages' technical lines (error code, HTTP status) sit in a
# disclosure "Chi tiết kỹ thuật" (issue 11); the reference stays visible.
TECH_RX = re.compile(r'<details\b[^>]*\bclass="[^"]*\btech\b[^"]*"[^>]*>\s*'
                     r'<summary\b[^>]*>(.*?)</summary>(.*?)</details>', re.S)
TECH_SUMMARY = {"vi": "Chi tiết kỹ thuật", "en": "Technical details"}
# "Đăng nhập bằng tài khoản VNeID khác": the button that ends VNeID's session
# and starts a fresh login (issue 11, item 1)
SWITCH_LABEL = {"vi": "Đăng nhập bằng tài khoản VNeID khác",
                "en": "Sign in with another VNeID account"}


# ---------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------

LOGIN_MAIN = """
thread_pool vneid threads=@THREADS@ max_queue=@MAX_QUEUE@;
"""

LOGIN_HTTP = """
    vneid_store %%STORE%%;
    vneid_thread_pool vneid;
    server {
        listen 127.0.0.1:%%PORT%%@LISTEN@;
        @SERVER_NAME@
        vneid_cookie vneid_session insecure;
        @PROVIDER@
        vneid_authorization_endpoint @IDP@/auth;
        vneid_token_endpoint @TOKEN@;
        vneid_userinfo_endpoint @USERINFO@;
        vneid_client_id @CLIENT_ID@;
        vneid_client_secret_file @SECRET_FILE@;
        vneid_idp_timeout @IDP_TIMEOUT@;
        @SERVER_EXTRA@
        location /_vneid/ {
            vneid_endpoint;
        }
        location / {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
    }
"""


def fill(template, values):
    for k, v in values.items():
        template = template.replace("@%s@" % k, str(v))
    return template


def run(cmd, timeout=60):
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)
    assert proc.returncode == 0, "%s failed: %s" % (cmd, proc.stderr.decode())
    return proc


def make_rsa_keypair(directory, name="rp"):
    """An RP key pair made with openssl, as a province receives one. The
    private key stays 0600 root: nginx's master (root) reads it at start."""
    priv = os.path.join(directory, name + ".key")
    pub = os.path.join(directory, name + ".pub.pem")
    run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
         "rsa_keygen_bits:2048", "-out", priv])
    run(["openssl", "pkey", "-in", priv, "-pubout", "-out", pub])
    os.chmod(priv, 0o600)
    os.chmod(pub, 0o644)
    return priv, pub


def citizens_file(directory, extra=()):
    """The sample citizens plus `extra` ones, in a new file."""
    with open(os.path.join(harness.SOURCE_DIR, "conf", "mock-vneid",
                           "citizens.json"), encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict):
        data = data["citizens"]
    data = list(data) + list(extra)
    path = os.path.join(directory, "citizens.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    return path


def clients_file(directory, port, endpoint="/_vneid/"):
    """The sample clients (conf/mock-vneid/clients.json) with this test
    gateway's post-logout address registered, on both of its host names, as
    a province registers its portal's with VNeID: VNeID's logout sends the
    browser back to `<origin><endpoint>logout` (issue 11, item 5)."""
    with open(os.path.join(harness.SOURCE_DIR, "conf", "mock-vneid",
                           "clients.json"), encoding="utf-8") as f:
        data = json.load(f)
    clients = data["clients"] if isinstance(data, dict) else data
    for c in clients:
        uris = list(c.get("post_logout_redirect_uris", []))
        uris += ["http://%s:%d%slogout" % (host, port, endpoint)
                 for host in ("127.0.0.1", "localhost")]
        c["post_logout_redirect_uris"] = uris
        key = c.get("public_key_file")
        if key and "$" not in key and not os.path.isabs(os.path.expanduser(key)):
            # relative to the sample file's folder, not to this copy's
            c["public_key_file"] = os.path.join(harness.SOURCE_DIR, "conf", "mock-vneid", key)
    path = os.path.join(directory, "clients.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    return path


# ---------------------------------------------------------------------------
# the environment: mock + nginx
# ---------------------------------------------------------------------------

class LoginEnv:
    def __init__(self, nginx, mock, backend, client_id, tls):
        self.nginx = nginx
        self.mock = mock
        self.backend = backend
        self.client_id = client_id
        self.tls = tls
        self.base = "http://127.0.0.1:%d" % nginx.port
        self.admin = requests.Session()
        self.admin.verify = mock.cert_file if tls else True

    # -- mock admin ---------------------------------------------------------

    def set_faults(self, spec):
        return mockb.set_faults(self.admin, self.mock.base_url, spec)

    def clear_faults(self):
        return mockb.clear_faults(self.admin, self.mock.base_url)

    def advance_clock(self, seconds):
        return mockb.advance_clock(self.admin, self.mock.base_url, seconds)

    def held(self, target="token"):
        """Requests at the mock waiting in a hold (or latency) fault now."""
        return mockb.held(self.admin, self.mock.base_url)[target]

    def wait_held(self, count, target="token", timeout=10.0):
        """Waits until `count` requests to `target` are held at the mock: the
        gateway's IdP calls have reached it and are in flight."""
        harness.wait_until(lambda: self.held(target) >= count, timeout,
                           "%d held %s request(s) at the mock" % (count, target))

    def release(self, target="all"):
        return mockb.release(self.admin, self.mock.base_url, target)

    # -- browsers -------------------------------------------------------------

    def browser(self):
        return Browser(self)

    def prepare_callbacks(self, n, pid=AN[0], path="/"):
        """n browsers, each with a finished mock login and its callback URL
        not yet fetched: [(browser, callback_url)]."""
        out = []
        for i in range(n):
            b = self.browser()
            out.append((b, b.login_until_callback(pid, path="%s?n=%d" % (path, i))))
        return out

    # -- logs -----------------------------------------------------------------

    def log(self):
        return self.nginx.read_log()

    def failure_line(self, ref, timeout=3.0):
        """The error.log line 'vneid login failed [ref REF]: code: detail'."""
        needle = "vneid login failed [ref %s]: " % ref
        deadline = time.monotonic() + timeout
        while True:
            lines = [l for l in self.log().splitlines() if needle in l]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def assert_login_error(self, resp, code, status=None):
        """An HTML error page with its status and a reference code, and the
        same reference in error.log with the error code. Returns the line."""
        status = status or ERROR_STATUS[code]
        assert resp.status_code == status, describe(resp)
        assert resp.headers.get("Content-Type", "").startswith("text/html"), describe(resp)
        text = resp.content.decode("utf-8")
        m = REF_RX.search(text)
        assert m, "no reference on the error page: %s" % describe(resp)
        ref = m.group(1)
        assert re.search(r"\b%s\b" % re.escape(code), text), \
            "error code %s not on the page: %s" % (code, describe(resp))
        lines = self.failure_line(ref)
        assert len(lines) == 1, "reference %s in error.log: %r\n%s" % (
            ref, lines, self.log()[-3000:])
        assert "[ref %s]: %s: " % (ref, code) in lines[0], lines[0]
        # the detail names the cause, never the code a second time
        # ("idp_denied: idp_denied: ...", issue 11 item 6)
        detail = lines[0].split("[ref %s]: %s: " % (ref, code), 1)[1]
        assert not detail.startswith(code + ":"), lines[0]
        # never a session on a failed login
        assert "vneid_session=" not in ";".join(
            v for k, v in resp.raw.headers.items() if k.lower() == "set-cookie"), describe(resp)
        assert_error_page_layout(text, code, status)
        return lines[0]


def tech_details(text):
    """(summary, inside, outside) of the page's "Chi tiết kỹ thuật"
    disclosure; None when the page has none."""
    m = TECH_RX.search(text)
    if not m:
        return None
    return (re.sub(r"<[^>]+>", "", m.group(1)).strip(), m.group(2),
            text[:m.start()] + text[m.end():])


def assert_error_page_layout(text, code, status):
    """Issue 11 item 3 on a built-in error page: the error code and the HTTP
    status inside the "Chi tiết kỹ thuật" disclosure, the reference outside
    it, and "phiên đăng nhập" where the pages used to say "lượt đăng nhập"."""
    tech = tech_details(text)
    assert tech, "no <details class=\"tech\"> on the %s page: %s" % (code, text[:3000])
    summary, inside, outside = tech
    assert summary in TECH_SUMMARY.values(), summary
    assert re.search(r"\b%s\b" % re.escape(code), inside), (code, inside)
    assert "HTTP %d" % status in inside, (status, inside)
    assert "HTTP %d" % status not in outside, "the status outside the disclosure: %s" % outside
    assert REF_RX.search(outside), "the reference is not visible: %s" % text[:3000]
    assert "lượt đăng nhập" not in text.lower(), "'lượt đăng nhập' on the %s page" % code


def page_links(text):
    """[(href, label)] of every link on a page: href HTML-unescaped, label
    as plain text."""
    import html as _html
    out = []
    for attrs, inner in re.findall(r"<a\b([^>]*)>(.*?)</a>", text, re.S):
        m = re.search(r'\bhref="([^"]*)"', attrs)
        if m:
            label = _html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
            out.append((_html.unescape(m.group(1)), label))
    return out


def links_to(text, name, endpoint="/_vneid/"):
    """The links of a page to <endpoint>NAME (relative or absolute)."""
    return [(h, l) for h, l in page_links(text)
            if urllib.parse.urlsplit(h).path == endpoint + name]


def query_values(url):
    """{name: value} of a URL's query (each name once), percent-decoded."""
    pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    names = [k for k, _ in pairs]
    assert len(names) == len(set(names)), url
    return dict(pairs)


def retry_link(resp, ret=None):
    """The page's retry: its one link to /_vneid/login. With `ret`, asserts
    it carries that return path. Returns the href."""
    links = links_to(resp.text, "login")
    assert len(links) == 1, "expected one link to /_vneid/login: %r\n%s" % (
        links, describe(resp))
    href = links[0][0]
    if ret is not None:
        assert query_values(href).get("return") == ret, (href, ret)
    return href


def switch_link(resp, ret=None, lang="vi"):
    """The page's "Đăng nhập bằng tài khoản VNeID khác": its one link to
    /_vneid/relogin. With `ret`, asserts the return path. Returns the href."""
    links = links_to(resp.text, "relogin")
    assert len(links) == 1, "expected one link to /_vneid/relogin: %r\n%s" % (
        links, describe(resp))
    href, label = links[0]
    assert label == SWITCH_LABEL[lang], (label, describe(resp))
    if ret is not None:
        assert query_values(href).get("return") == ret, (href, ret)
    return href


def expired_cookie(line):
    """A Set-Cookie line that removes its cookie."""
    low = (line or "").lower().replace(" ", "")
    return "max-age=0" in low or "1970" in low


def cookie_lines(resp, name):
    """The Set-Cookie lines of a response for cookie `name`."""
    return [l for l in set_cookies(resp) if l.split("=", 1)[0].strip() == name]


def describe(resp):
    body = resp.content[:600].decode("utf-8", "replace")
    return "<%s %s %s headers=%r body=%r>" % (
        resp.request.method, resp.url, resp.status_code, dict(resp.headers), body)


# ---------------------------------------------------------------------------
# the browser
# ---------------------------------------------------------------------------

class Browser:
    """One browser: a cookie jar shared by the gateway and the mock (cookies
    are per host, not per port, as in a real browser; the names differ)."""

    def __init__(self, env):
        self.env = env
        self.s = requests.Session()
        self.s.headers.update(NAV)
        self.s.headers["User-Agent"] = "Mozilla/5.0 (vneid-login-test)"
        self.s.verify = env.mock.cert_file if env.tls else True

    def url(self, path):
        return path if path.startswith("http") else self.env.base + path

    def get(self, path, headers=None, timeout=HTTP_TIMEOUT, cookies=None):
        return self.s.get(self.url(path), headers=headers, allow_redirects=False,
                          timeout=timeout, verify=self.s.verify, cookies=cookies)

    def post(self, path, data, headers=None, timeout=HTTP_TIMEOUT):
        return self.s.post(self.url(path), data=data, headers=headers,
                           allow_redirects=False, timeout=timeout, verify=self.s.verify)

    # -- cookies ----------------------------------------------------------------

    def cookie(self, name="vneid_session"):
        for c in self.s.cookies:
            if c.name == name:
                return c.value
        return None

    def set_cookie(self, name, value, path="/"):
        self.s.cookies.set(name, value, domain="127.0.0.1", path=path)

    def drop_cookie(self, name):
        for c in list(self.s.cookies):
            if c.name == name:
                self.s.cookies.clear(c.domain, c.path, c.name)

    # -- the login, step by step --------------------------------------------------

    def protected(self, path):
        """The protected page without a session: a 302 to the login page."""
        r = self.get(path)
        assert r.status_code == 302, describe(r)
        loc = r.headers["Location"]
        parts = urllib.parse.urlsplit(loc)
        assert parts.path == "/_vneid/login", loc
        return loc

    def login_page(self, login_url):
        r = self.get(login_url)
        assert r.status_code == 200, describe(r)
        assert r.headers["Content-Type"].startswith("text/html"), describe(r)
        m = re.search(r'href="(/_vneid/start[^"]*)"', r.text)
        assert m, "no start link on the login page: %s" % describe(r)
        return m.group(1).replace("&amp;", "&")

    def start(self, start_path):
        """GET /_vneid/start: the binding cookie and a 302 to the IdP."""
        r = self.get(start_path)
        assert r.status_code == 302, describe(r)
        auth = r.headers["Location"]
        assert auth.startswith(self.env.mock.base_url + "/auth?"), auth
        sc = r.headers.get("Set-Cookie", "")
        assert "vneid_session_login=" in sc, describe(r)
        return auth

    def start_for(self, path):
        return self.start("/_vneid/start?return=" + urllib.parse.quote(path, safe=""))

    def idp_login(self, auth_url, pid=AN[0], password=PASSWORD):
        loc = mockb.login_at_mock(self.s, auth_url, pid, password, self.env.mock.base_url)
        assert loc.startswith(self.env.base + "/_vneid/callback?"), loc
        return loc

    def callback(self, callback_url, timeout=HTTP_TIMEOUT):
        return self.get(callback_url, timeout=timeout)

    def login_until_callback(self, pid=AN[0], path="/"):
        """Everything up to (not including) the callback; returns its URL."""
        login_url = self.protected(path)
        start = self.login_page(login_url)
        auth = self.start(start)
        return self.idp_login(auth, pid)

    def login(self, pid=AN[0], path="/"):
        """A complete login; asserts success and returns the callback response."""
        cb = self.login_until_callback(pid, path)
        r = self.callback(cb)
        assert_logged_in(r, path)
        return r

    def whoami(self):
        r = self.get("/_vneid/whoami", headers=JSON_ACCEPT)
        return r

    def backend_view(self, path="/"):
        """The request as the echo backend saw it (asserts 200)."""
        r = self.get(path)
        assert r.status_code == 200, describe(r)
        return harness.BackendRequest(r.json())

    # -- accounts: the chooser and the switch ---------------------------------------

    def csrf(self):
        r = self.whoami()
        assert r.status_code == 200, describe(r)
        return r.json()["csrf_token"]

    def accounts_page(self, ret=None, headers=None):
        path = "/_vneid/accounts"
        if ret is not None:
            path += "?return=" + urllib.parse.quote(ret, safe="")
        return self.get(path, headers=headers)

    def switch(self, account, csrf=None, ret=None, action="/_vneid/accounts",
               headers=None, fields=None):
        """POST the chooser's form as a browser does from the gateway's own
        page (same-origin). csrf=None takes the session's token; fields
        replaces the whole form when given; headers are merged over the
        form post's (None removes one)."""
        if fields is None:
            fields = {"account": account, "csrf": self.csrf() if csrf is None else csrf}
            if ret is not None:
                fields["return"] = ret
        h = {"Origin": self.env.base, "Sec-Fetch-Site": "same-origin",
             "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document",
             "Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.post(action, fields, headers=h)


def chooser_return(resp):
    """A 302 to the account chooser: returns its return parameter ("/",
    the chooser's own default, when there is none)."""
    assert resp.status_code == 302, describe(resp)
    loc = resp.headers["Location"]
    parts = urllib.parse.urlsplit(loc)
    assert parts.path == "/_vneid/accounts", describe(resp)
    assert parts.netloc in ("", urllib.parse.urlsplit(resp.url).netloc), loc
    q = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    return q.get("return", ["/"])[0]


def set_cookies(resp):
    """Every Set-Cookie line of a requests response, as sent."""
    return [v for k, v in resp.raw.headers.items() if k.lower() == "set-cookie"]


_BUTTON_RX = re.compile(r'<button\b([^>]*)\bname="account"\s+value="([^"]*)"([^>]*)>(.*?)</button>',
                        re.S)


def parse_accounts_form(text):
    """The chooser page's (or the switcher's) account form:
    {"action", "csrf", "return", "accounts": [(username, active, inner_html)]}.
    Only the form that holds the account buttons is read."""
    import html as _html
    for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", text, re.S):
        attrs, inner = m.group(1), m.group(2)
        buttons = _BUTTON_RX.findall(inner)
        if not buttons:
            continue
        action = re.search(r'action="([^"]*)"', attrs)
        method = re.search(r'method="([^"]*)"', attrs)
        assert method and method.group(1).lower() == "post", attrs
        csrf = re.search(r'<input type="hidden" name="csrf" value="([^"]*)"', inner)
        ret = re.search(r'<input type="hidden" name="return" value="([^"]*)"', inner)
        return {
            "action": _html.unescape(action.group(1)) if action else None,
            "csrf": _html.unescape(csrf.group(1)) if csrf else None,
            "return": _html.unescape(ret.group(1)) if ret else None,
            "accounts": [(_html.unescape(user), "aria-current" in before + after, body)
                         for before, user, after, body in buttons],
        }
    return None


def assert_logged_in(resp, path="/"):
    """A successful callback: the session cookie and a 302 back to `path`."""
    assert resp.status_code == 302, describe(resp)
    assert resp.headers["Location"] in (path, resp.url.split("/_vneid/")[0] + path), \
        describe(resp)
    sc = [v for k, v in resp.raw.headers.items() if k.lower() == "set-cookie"]
    sess = [v for v in sc if v.startswith("vneid_session=")]
    assert len(sess) == 1, describe(resp)
    attrs = [a.strip() for a in sess[0].split(";")]
    assert re.fullmatch(r"vneid_session=[A-Za-z0-9_-]{43}", attrs[0]), sess
    assert "Path=/" in attrs and "HttpOnly" in attrs and "SameSite=Lax" in attrs, sess
    return attrs[0].split("=", 1)[1]


# ---------------------------------------------------------------------------
# the fixture
# ---------------------------------------------------------------------------

@pytest.fixture
def login_env(nginx_factory, backend):
    """make(client="plain"|"enc", tls=False, trust=True, mock_args=(),
    citizens=None, server_extra="", threads=4, max_queue=64, workers=1,
    idp_timeout="3s", token_endpoint=None, userinfo_endpoint=None, code_ttl=60,
    server_name="127.0.0.1 localhost", accounts=None, backend=None,
    reuseport=False, log_level="info") -> LoginEnv, started.
    The first server_name is the origin of the relative redirect_uri (never
    the Host header); None leaves server_name out. token_endpoint,
    userinfo_endpoint: a URL, or a function of the mock's base URL (its
    port is known only once it runs). Plain-HTTP mock endpoints
    get "vneid_provider vneid insecure;" (nginx -t refuses them otherwise).
    accounts: rows (citizen_id, username[, display_name[, unit]]) imported
    with `vneidctl accounts import` once nginx made the store; None: one
    account per citizen the mock knows (SAMPLE_ACCOUNTS, and "canbo.<pid>"
    for each of extra_citizens); () links none. backend: what proxy_pass
    goes to (default the echo backend). reuseport: spreads fresh
    connections over the workers. log_level: of nginx's error_log ("debug"
    works with an nginx built --with-debug).
    Mocks are stopped at teardown; nginx_factory checks error.log."""
    mocks = []
    default_backend = backend

    def make(client="plain", tls=False, trust=True, mock_args=(), citizens=None,
             extra_citizens=(), server_extra="", threads=4, max_queue=64, workers=1,
             idp_timeout="3s", token_endpoint=None, code_ttl=60, end_session=False,
             userinfo_endpoint=None,
             server_name="127.0.0.1 localhost", accounts=None, backend=None,
             reuseport=False, log_level="info"):
        upstream = backend or default_backend
        n = nginx_factory("", start=False, workers=workers, backend=upstream,
                          log_level=log_level)
        keydir = os.path.join(n.dir, "keys")
        os.mkdir(keydir, 0o755)
        client_id, secret = CLIENTS[client]
        secret_file = os.path.join(keydir, "client_secret")
        with open(secret_file, "w") as f:
            f.write(secret + "\n")
        os.chmod(secret_file, 0o600)

        args = ["--quiet", "--code-ttl", str(code_ttl)]
        for host in ("127.0.0.1", "localhost"):
            args += ["--redirect-uri",
                     "%s=http://%s:%d/_vneid/callback" % (client_id, host, n.port)]
        extra = []
        if client == "enc":
            priv, pub = make_rsa_keypair(keydir)
            args += ["--client-key", "%s=%s" % (client_id, pub)]
            extra.append("vneid_client_key %s;" % priv)
        if extra_citizens:
            citizens = citizens_file(keydir, extra_citizens)
        if tls:
            certdir = os.path.join(n.dir, "mockcert")
            os.mkdir(certdir, 0o755)
        args += list(mock_args)
        mock = MockVneid(clients=clients_file(keydir, n.port), citizens=citizens,
                         args=args, tls=tls, cert_dir=certdir if tls else None)
        mock.start()
        mocks.append(mock)
        if tls:
            assert mock.cert_file and mock.base_url.startswith("https://"), mock.stdout_lines
            if trust:
                extra.append("vneid_trusted_certificate %s;" % mock.cert_file)
        if end_session:
            extra.append("vneid_end_session_endpoint %s/logout;" % mock.base_url)
        # an endpoint may be a function of the mock's base URL (its port is
        # known only now)
        if callable(token_endpoint):
            token_endpoint = token_endpoint(mock.base_url)
        if callable(userinfo_endpoint):
            userinfo_endpoint = userinfo_endpoint(mock.base_url)
        token = token_endpoint or (mock.base_url + "/token")
        userinfo = userinfo_endpoint or (mock.base_url + "/userinfo")
        plain = not (mock.base_url.startswith("https:") and token.startswith("https:")
                     and userinfo.startswith("https:"))
        conf = fill(LOGIN_HTTP, {
            "LISTEN": " reuseport" if reuseport else "",
            "SERVER_NAME": "server_name %s;" % server_name if server_name else "",
            "PROVIDER": "vneid_provider vneid insecure;" if plain else "",
            "IDP": mock.base_url,
            "TOKEN": token,
            "USERINFO": userinfo,
            "CLIENT_ID": client_id,
            "SECRET_FILE": secret_file,
            "IDP_TIMEOUT": idp_timeout,
            "SERVER_EXTRA": "\n        ".join(extra + [server_extra]),
        })
        n.write_conf(conf, fill(LOGIN_MAIN, {"THREADS": threads, "MAX_QUEUE": max_queue}))
        n.start()
        if accounts is None:
            accounts = default_accounts(extra_citizens)
        if accounts:
            n.import_accounts(accounts)
        return LoginEnv(n, mock, upstream, client_id, tls)

    yield make

    for m in mocks:
        m.stop()


# ---------------------------------------------------------------------------
# the sample portal (scripts/demo_portal/portal.py) as a backend
# ---------------------------------------------------------------------------

PORTAL_SCRIPT = os.path.join(harness.SOURCE_DIR, "scripts", "demo_portal", "portal.py")


class SamplePortal:
    """The demo's sample one-stop portal in its own process, on a free port:
    a legacy portal with its own login form at /dang-nhap (self-service
    linking checks passwords there) and a session cookie MOTCUA_SESSION.

    accounts: rows (citizen_id, username, display_name, unit) of its user
    table; passwords: {username: password}. Every request it receives is in
    records() (passwords of its login form redacted); set_fault("503") or
    set_fault("delay=2") changes how the next login POSTs are answered."""

    LOGIN_PATH = "/dang-nhap"

    def __init__(self, directory, accounts, passwords, args=()):
        self.dir = directory
        self.accounts_file = os.path.join(directory, "portal-accounts.csv")
        self.passwords_file = os.path.join(directory, "portal-passwords.csv")
        self.record_file = os.path.join(directory, "portal-requests.jsonl")
        self.fault_file = os.path.join(directory, "portal-fault")
        self.log_file = os.path.join(directory, "portal.log")
        with open(self.accounts_file, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["citizen_id", "username", "display_name", "unit"])
            for row in accounts:
                w.writerow(list(row) + [""] * (4 - len(row)))
        with open(self.passwords_file, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["username", "password"])
            for user, password in passwords.items():
                w.writerow([user, password])
        self.args = list(args)
        self.proc = None
        self.port = None
        self.address = None

    @property
    def login_url(self):
        return "http://127.0.0.1:%d%s" % (self.port, self.LOGIN_PATH)

    def start(self, timeout=20.0):
        self._log = open(self.log_file, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, PORTAL_SCRIPT, "--port", "0", "--accounts", self.accounts_file,
             "--passwords", self.passwords_file, "--record", self.record_file,
             "--fault-file", self.fault_file] + self.args,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        line = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(rb"demo-portal listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                self.address = "127.0.0.1:%d" % self.port
                return self
        self.stop()
        raise AssertionError("the sample portal did not start: %r\n%s" % (line, self.log()))

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None:
            self.proc.stdout.close()
            self._log.close()

    def log(self):
        try:
            with open(self.log_file, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def records(self):
        """Every request received so far (harness.BackendRequest each, with
        "login" for a login POST and "answer": status, location, set_cookie)."""
        try:
            with open(self.record_file, encoding="utf-8") as f:
                return [harness.BackendRequest(json.loads(l)) for l in f if l.strip()]
        except FileNotFoundError:
            return []

    def logins(self):
        """The requests that reached its login URL (any method)."""
        return [r for r in self.records()
                if urllib.parse.urlsplit(r["path"]).path == self.LOGIN_PATH]

    def raw_records(self):
        try:
            with open(self.record_file, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return b""

    def set_fault(self, text):
        with open(self.fault_file, "w", encoding="utf-8") as f:
            f.write(text)

    def clear_fault(self):
        try:
            os.unlink(self.fault_file)
        except FileNotFoundError:
            pass


# ---------------------------------------------------------------------------
# concurrency helpers
# ---------------------------------------------------------------------------

def in_background(func):
    """Runs func() in a thread; returns (thread, box): box["r"] or box["e"]."""
    box = {}

    def run():
        try:
            box["r"] = func()
        except Exception as e:  # reported by the test
            box["e"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def in_threads(funcs, timeout=30.0):
    """Runs each callable in its own thread at (nearly) the same time;
    returns [(result, exception)] in order. Bounded by `timeout`."""
    results = [(None, None)] * len(funcs)
    barrier = threading.Barrier(len(funcs))

    def runner(i, f):
        try:
            barrier.wait(timeout=timeout)
            results[i] = (f(), None)
        except BaseException as e:  # reported to the caller
            results[i] = (None, e)

    threads = [threading.Thread(target=runner, args=(i, f), daemon=True)
               for i, f in enumerate(funcs)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "threads still running after %ss" % timeout
    return results


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    return harness.free_port()


# ---------------------------------------------------------------------------
# account directory
# ---------------------------------------------------------------------------

def default_accounts(extra_citizens=()):
    """One portal account per citizen the mock knows."""
    return list(SAMPLE_ACCOUNTS) + [
        (c["pid"], "canbo.%s" % c["pid"])
        for c in extra_citizens]


def report(capsys, text):
    """A measured figure, shown in the test output even under pytest -q
    (CTest), not swallowed by output capture."""
    with capsys.disabled():
        sys.stdout.write("\n[login figures] %s\n" % text)
        sys.stdout.flush()
