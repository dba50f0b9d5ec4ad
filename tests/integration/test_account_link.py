"""Issue 10: self-service account linking on the no_account page.

A staff member whose ID number has no enabled portal account logs in with
VNeID, gets the no_account page with the form "Liên kết tài khoản một cửa",
and proves they own a legacy account with its password: the gateway posts
the username and password to the portal's own login form
(vneid_link_verify), links the account when the portal accepts them, and
continues as a normal login with that account. Without a password check
(vneid_account_link request) the form records a link request that an
administrator approves or rejects with vneidctl.

Real nginx, the real mock VNeID, and as the backend the demo's sample portal
(scripts/demo_portal/portal.py), whose legacy login form at /dang-nhap is
the URL the gateway checks passwords at. The portal records every request it
receives (login passwords redacted), so the tests can see what reached it.
Each test gives the portal's accounts fresh passwords holding a random token:
the token appears verbatim in every encoding of the password, so finding it
anywhere (logs, store, backend requests) is a leak."""

import os
import re
import secrets
import time
import urllib.parse

import pytest
import requests

import harness
from login_support import (AN, HA, SAMPLE_ACCOUNTS, SamplePortal, closed_port, describe,
                           in_threads, login_env,  # noqa: F401 (fixture)
                           set_cookies)

HA_USER = "ha.vn"
LINK_COOKIE = "vneid_session_link"
LINK_ACTION = "/_vneid/link"
# the gateway's directory: every sample citizen linked but Vũ Ngọc Hà
UNLINKED_HA = [row for row in SAMPLE_ACCOUNTS if row[0] != HA[0]]
HA_UNIT = "Văn phòng UBND phường Mẫu Sơn"

PER_CITIZEN = 5          # attempts per citizen id per 15 minutes
PER_ADDRESS = 30         # attempts per client address per 15 minutes
WINDOW = 900

TRIES_LEFT_RX = re.compile(r"(?:Bạn còn|You have) (\d+) (?:lần thử|tries left)")


def new_password():
    """A password for one portal account of one test: a random token (the
    part a leak search looks for), with Vietnamese letters and the
    characters form encoding must escape."""
    return "Mk-%s-Mật khẩu&cũ=+%%;" % secrets.token_hex(8)


def token_of(password):
    return password.split("-")[1]


def masked_log(citizen_id):
    return citizen_id[:3] + "*" * 6 + citizen_id[-3:]


# ---------------------------------------------------------------------------
# the environment: the sample portal as backend and as the login URL
# ---------------------------------------------------------------------------

@pytest.fixture
def link_env(login_env, tmp_path):
    """make(mode=None, verify=True, verify_url=None, verify_options="",
    portal_args=(), accounts=UNLINKED_HA, server_extra="", **login_env kw)
    -> LoginEnv with .portal (SamplePortal) and .passwords ({username:
    password}). verify: write vneid_link_verify (to the portal's login form,
    or verify_url); mode: write vneid_account_link MODE."""
    portals = []

    def make(mode=None, verify=True, verify_url=None, verify_options="", portal_args=(),
             accounts=None, server_extra="", **kw):
        passwords = {row[1]: new_password() for row in SAMPLE_ACCOUNTS}
        d = str(tmp_path / ("portal%d" % len(portals)))
        os.makedirs(d)
        portal = SamplePortal(d, SAMPLE_ACCOUNTS, passwords, portal_args).start()
        portals.append(portal)
        lines = []
        if verify:
            lines.append("vneid_link_verify %s%s;" % (
                verify_url or portal.login_url, " " + verify_options if verify_options else ""))
        if mode:
            lines.append("vneid_account_link %s;" % mode)
        if server_extra:
            lines.append(server_extra)
        env = login_env(accounts=UNLINKED_HA if accounts is None else accounts,
                        backend=portal, server_extra="\n        ".join(lines), **kw)
        env.portal = portal
        env.passwords = passwords
        return env

    yield make

    for p in portals:
        p.stop()


# ---------------------------------------------------------------------------
# the form and its answers
# ---------------------------------------------------------------------------

def _attrs(tag):
    import html
    return {k.lower(): html.unescape(v)
            for k, v in re.findall(r'([A-Za-z][\w-]*)\s*=\s*"([^"]*)"', tag)}


class LinkForm:
    def __init__(self, action, method, fields, inputs):
        self.action = action
        self.method = method
        self.fields = fields          # {name: value} of every input
        self.inputs = inputs          # {name: type}

    @property
    def csrf(self):
        return self.fields.get("csrf")

    def __repr__(self):
        return "<LinkForm %s %s %r>" % (self.method, self.action, self.inputs)


def link_form(text):
    """The linking form of a page (the form posting to .../link), or None."""
    for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", text, re.S | re.I):
        attrs = _attrs(m.group(1))
        action = attrs.get("action", "")
        if not urllib.parse.urlsplit(action).path.endswith("/link"):
            continue
        fields, inputs = {}, {}
        for tag in re.findall(r"<input\b([^>]*)>", m.group(2), re.I):
            a = _attrs(tag)
            if a.get("name"):
                fields[a["name"]] = a.get("value", "")
                inputs[a["name"]] = a.get("type", "text").lower()
        return LinkForm(action, attrs.get("method", "get").lower(), fields, inputs)
    return None


def same_origin(env, extra=None):
    """What a browser sends with a form POST from the gateway's own page."""
    h = {"Origin": env.base, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate",
         "Sec-Fetch-Dest": "document", "Content-Type": "application/x-www-form-urlencoded"}
    h.update(extra or {})
    return h


def script_headers(env):
    """A fetch() from the gateway's page asking for JSON."""
    return {"Origin": env.base, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors",
            "Sec-Fetch-Dest": "empty", "Accept": "application/json"}


def post_link(b, fields, headers=None, action=LINK_ACTION):
    return b.post(action, fields, headers=same_origin(b.env, headers))


def attempt(b, form, username, password, headers=None):
    return post_link(b, {"username": username, "password": password, "csrf": form.csrf},
                     headers=headers, action=form.action or LINK_ACTION)


def cookie_line(resp, name):
    for line in set_cookies(resp):
        if line.split("=", 1)[0].strip() == name:
            return line
    return None


def expired(line):
    low = (line or "").lower().replace(" ", "")
    return "max-age=0" in low or "1970" in low


def unlinked_login(env, b, pid=HA[0], path="/"):
    """A VNeID login of a citizen without an account: the no_account page
    (checked as an error page: 403, reference in page and log, no session)
    with the linking form. Returns (response, form)."""
    r = b.callback(b.login_until_callback(pid, path))
    env.assert_login_error(r, "no_account")
    form = link_form(r.text)
    assert form, "no linking form on the no_account page: %s" % describe(r)
    return r, form


def tries_left(r):
    if r.headers.get("Content-Type", "").startswith("application/json"):
        return r.json().get("tries_left")
    m = TRIES_LEFT_RX.search(re.sub(r"<[^>]+>", "", r.text))
    return int(m.group(1)) if m else None


def assert_refused(r, left):
    """A wrong password: 403 link_refused, the form again, N tries left."""
    assert r.status_code == 403, describe(r)
    assert "link_refused" in r.text, describe(r)
    assert tries_left(r) == left, "expected %d tries left: %s" % (left, describe(r))
    assert cookie_line(r, "vneid_session") is None, describe(r)
    if r.headers.get("Content-Type", "").startswith("text/html"):
        form = link_form(r.text)
        assert form and form.csrf, "the refusal does not show the form again: %s" % describe(r)
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.text, describe(r)
        return form
    return None


def assert_limited(r):
    """429 link_limited with Retry-After (seconds, within the window)."""
    assert r.status_code == 429, describe(r)
    assert "link_limited" in r.text, describe(r)
    retry = r.headers.get("Retry-After", "")
    assert retry.isdigit() and 0 < int(retry) <= WINDOW, describe(r)
    assert cookie_line(r, "vneid_session") is None, describe(r)
    return int(retry)


def assert_error(r, status, code):
    assert r.status_code == status, describe(r)
    assert code in r.text, describe(r)
    assert cookie_line(r, "vneid_session") is None, describe(r)


def login_posts(env):
    return [r for r in env.portal.logins() if r["method"] == "POST"]


def accounts_of(env, citizen_id):
    import json
    out = env.nginx.ctl("accounts", "list", citizen_id, "--json", check=False)
    if out.returncode != 0:
        return []
    return [(a["username"], a["status"], a["display_name"], a["unit"])
            for a in json.loads(out.stdout.decode("utf-8"))]


def ctl_json(env, *args):
    import json
    return json.loads(env.nginx.ctl(*args).stdout.decode("utf-8"))


def portal_view(env, b, path="/"):
    """GET path through the gateway; the request as the portal received it."""
    before = len(env.portal.records())
    r = b.get(path)
    assert r.status_code in (200, 404), describe(r)
    recs = env.portal.records()
    assert len(recs) == before + 1, recs[before:]
    return recs[-1]


# ---------------------------------------------------------------------------
# verify mode: the password checked at the portal's login form
# ---------------------------------------------------------------------------

def test_right_password_links_and_lands(link_env):
    env = link_env(workers=2)
    b = env.browser()
    path = "/ho-so/chi-tiet?id=7&q=%C4%91"
    r, form = unlinked_login(env, b, path=path)

    # the form: username, password, csrf (the pending record's), POST
    assert form.method == "post", form
    assert urllib.parse.urlsplit(form.action).path == LINK_ACTION, form
    assert form.inputs.get("username") in ("text", None), form
    assert form.inputs.get("password") == "password", form
    assert form.inputs.get("csrf") == "hidden", form
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", form.csrf), form
    assert "Liên kết tài khoản một cửa" in r.text, describe(r)
    # the pending link: its own cookie, never a session
    line = cookie_line(r, LINK_COOKIE)
    assert line, describe(r)
    attrs = [a.strip() for a in line.split(";")]
    assert re.fullmatch(LINK_COOKIE + r"=[A-Za-z0-9_-]{43}", attrs[0]), line
    assert "HttpOnly" in attrs and "Max-Age=600" in attrs, line
    # SameSite as the session cookie's (Lax here), never None
    assert "SameSite=Lax" in attrs or "SameSite=Strict" in attrs, line
    assert "Path=/" in attrs or any(a.startswith("Path=/_vneid") for a in attrs), line
    assert "Secure" not in attrs, line                  # vneid_cookie ... insecure
    link_token = attrs[0].split("=", 1)[1]
    assert b.cookie("vneid_session") is None
    assert login_posts(env) == []

    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert r.status_code == 303, describe(r)
    assert r.headers["Location"] in (path, env.base + path), describe(r)
    sess = cookie_line(r, "vneid_session")
    assert sess and re.match(r"vneid_session=[A-Za-z0-9_-]{43};", sess), describe(r)
    assert expired(cookie_line(r, LINK_COOKIE)), describe(r)
    assert b.cookie(LINK_COOKIE) is None

    # the portal got exactly one login POST, form-encoded, and accepted it
    posts = login_posts(env)
    assert len(posts) == 1, posts
    post = posts[0]
    assert post["login"]["username"] == HA_USER and post["login"]["verdict"] == "accepted", post
    assert post.header("Content-Type", "").startswith("application/x-www-form-urlencoded"), post
    assert post.header("Cookie") is None, post
    assert not harness.prefixed(post["headers"]), post
    # ... and its session cookie from the check stayed at the gateway
    portal_sid = post["login"]["session"]
    assert portal_sid and post["answer"]["set_cookie"], post
    assert not any(portal_sid in l for l in set_cookies(r)), describe(r)
    assert "MOTCUA_SESSION" not in [c.name for c in b.s.cookies]
    # and the link token never reached the portal
    assert link_token.encode() not in env.portal.raw_records()

    # the staff member continues as ha.vn, in a normal session
    seen = portal_view(env, b, path)
    assert seen.header_all("X-VNeID-Citizen-Id") == [HA[0]], seen
    assert seen.header_all("X-VNeID-Name") == [HA[1]], seen
    assert seen.header_all("X-VNeID-Account") == [HA_USER], seen
    assert seen.header_all("X-VNeID-Accounts") == [HA_USER], seen
    assert portal_sid not in str(seen["headers"]), seen
    info = b.whoami().json()
    assert info["citizen_id"] == HA[0] and info["account"] == HA_USER, info
    rec = env.nginx.show_session(b.cookie("vneid_session"))
    assert rec and rec["active_account"] == HA_USER, rec

    # the directory: linked, enabled, the VNeID name (no roster entry)
    assert accounts_of(env, HA[0]) == [(HA_USER, "enabled", HA[1], "")]
    # the report counts the login
    report = ctl_json(env, "report", "adoption", "--by", "account", "--json")
    mine = [a for a in report["accounts"] if a["username"] == HA_USER]
    assert len(mine) == 1 and mine[0]["logged_in"] is True and mine[0]["vneid_logins"] == 1, mine
    assert mine[0]["citizen_id"] == HA[0], mine

    # an audit line (notice) in the error log, the ID number masked
    log = env.log()
    audit = [l for l in log.splitlines() if "[notice]" in l and HA_USER in l]
    assert len(audit) == 1, log[-3000:]
    assert masked_log(HA[0]) in audit[0], audit
    assert HA[0] not in log

    # the next login goes straight in as ha.vn
    b2 = env.browser()
    b2.login(HA[0], path="/")
    assert portal_view(env, b2, "/").header_all("X-VNeID-Account") == [HA_USER]


def test_wrong_password_is_refused_and_counted(link_env):
    env = link_env()
    b = env.browser()
    _, form = unlinked_login(env, b, path="/x")
    wrongs = [env.passwords[HA_USER] + "x", "1234", "motcua2024", env.passwords["an.nv"],
              env.passwords[HA_USER].upper()]
    for i, wrong in enumerate(wrongs):
        r = attempt(b, form, HA_USER, wrong)
        form = assert_refused(r, PER_CITIZEN - 1 - i)
        # the username typed stays in the form; the password never does
        assert form.fields.get("username") in (HA_USER, ""), form
        assert wrong not in r.text, describe(r)
        assert b.cookie(LINK_COOKIE), "the refusal dropped the pending link"
    posts = login_posts(env)
    assert len(posts) == PER_CITIZEN, posts
    assert all(p["login"]["verdict"] == "refused" for p in posts), posts
    assert b.cookie("vneid_session") is None
    assert accounts_of(env, HA[0]) == []


def test_sixth_attempt_is_limited_with_retry_after(link_env):
    env = link_env()
    b = env.browser()
    _, form = unlinked_login(env, b)
    for i in range(PER_CITIZEN):
        form = assert_refused(attempt(b, form, HA_USER, "sai-%d" % i), PER_CITIZEN - 1 - i)
    r = attempt(b, form, HA_USER, "sai-6")
    retry = assert_limited(r)
    assert r.headers.get("Content-Type", "").startswith("text/html"), describe(r)
    # the page says when: in minutes
    minutes = re.search(r"(?:sau khoảng|in about) (\d+) (?:phút|minutes)", r.text)
    assert minutes, describe(r)
    assert abs(int(minutes.group(1)) * 60 - retry) <= 60, (minutes.group(0), retry)
    # even the right password is not checked now: nothing reaches the portal
    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert_limited(r)
    r = attempt(b, form, HA_USER, env.passwords[HA_USER], headers=script_headers(env))
    assert_limited(r)
    body = r.json()
    assert body["error"] == "link_limited", body
    assert 0 < body["retry_after"] <= WINDOW, body
    assert len(login_posts(env)) == PER_CITIZEN
    # a new VNeID login does not reset the count: it is the citizen's
    b2 = env.browser()
    _, form2 = unlinked_login(env, b2)
    assert_limited(attempt(b2, form2, HA_USER, env.passwords[HA_USER]))
    assert len(login_posts(env)) == PER_CITIZEN
    assert accounts_of(env, HA[0]) == []
    # another citizen is not affected
    env.nginx.ctl("accounts", "unlink", AN[0], "an.nv")
    b3 = env.browser()
    _, form3 = unlinked_login(env, b3, pid=AN[0])
    assert_refused(attempt(b3, form3, "an.nv", "sai"), PER_CITIZEN - 1)


class SourceAddress(requests.adapters.HTTPAdapter):
    """Connections from another loopback address (127.0.0.2): another
    client address for the gateway, as another office's NAT would be."""

    def __init__(self, address, **kw):
        self.source = address
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kw):
        kw["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kw)


def extra_citizens(n):
    return [{"pid": "001085%06d" % (700 + i), "password": "VNeID@2024",
             "fullName": "Nguyễn Văn Thử %d" % i, "birthDate": "1985-06-15",
             "gender": "male", "phone": "09120007%02d" % i, "accountType": "CONG_DAN",
             "accountLevel": 2} for i in range(n)]


def test_address_limit_is_separate_from_the_citizen_limit(link_env):
    """One office behind one address: 30 attempts for several staff, then
    that address waits; another address is not affected, and a citizen's
    own limit follows them to another address."""
    people = extra_citizens(PER_ADDRESS // PER_CITIZEN + 1)
    env = link_env(extra_citizens=people, idp_timeout="5s")
    here = []
    for c in people:
        b = env.browser()
        _, form = unlinked_login(env, b, pid=c["pid"])
        here.append((c["pid"], b, form))

    # 6 staff x 5 wrong passwords = 30 from 127.0.0.1: each refused and
    # counted (each person's own count), none limited
    for pid, b, form in here[:-1]:
        for i in range(PER_CITIZEN):
            form = assert_refused(attempt(b, form, HA_USER, "sai-%s-%d" % (pid, i)),
                                  PER_CITIZEN - 1 - i)
    assert len(login_posts(env)) == PER_ADDRESS

    # the 31st from this address: limited, although this person never tried
    pid7, b7, form7 = here[-1]
    assert_limited(attempt(b7, form7, HA_USER, "sai-7"))
    assert len(login_posts(env)) == PER_ADDRESS

    # from another address the same person has all their tries ...
    b7.s.mount("http://", SourceAddress("127.0.0.2"))
    assert_refused(attempt(b7, form7, HA_USER, "sai-7b"), PER_CITIZEN - 1)
    # ... and a person over their own limit is still over it there
    pid1, b1, form1 = here[0]
    b1.s.mount("http://", SourceAddress("127.0.0.2"))
    assert_limited(attempt(b1, form1, HA_USER, "sai-1b"))
    assert len(login_posts(env)) == PER_ADDRESS + 1


def test_parallel_attempts_cannot_exceed_the_limit(link_env):
    """The attempt is reserved before the portal is asked: 8 wrong passwords
    sent at once, while the portal takes its time, reach it 5 times."""
    env = link_env(idp_timeout="5s", threads=8, max_queue=64)
    b = env.browser()
    _, form = unlinked_login(env, b)
    env.portal.set_fault("delay=1")
    link_cookie = b.cookie(LINK_COOKIE)
    url = env.base + (form.action or LINK_ACTION)

    def one(i):
        return lambda: requests.post(
            url, data={"username": HA_USER, "password": "song-song-%d" % i, "csrf": form.csrf},
            headers=same_origin(env), cookies={LINK_COOKIE: link_cookie},
            allow_redirects=False, timeout=20)

    results = in_threads([one(i) for i in range(8)], timeout=60)
    errors = [e for _, e in results if e]
    assert not errors, errors
    codes = sorted(r.status_code for r, _ in results)
    assert codes == [403] * PER_CITIZEN + [429] * 3, [describe(r) for r, _ in results]
    assert len(login_posts(env)) == PER_CITIZEN


# ---------------------------------------------------------------------------
# the portal cannot answer: link_unavailable, the attempt given back
# ---------------------------------------------------------------------------

def test_portal_down_is_unavailable_and_not_counted(link_env):
    env = link_env(verify_url="http://127.0.0.1:%d/dang-nhap" % closed_port())
    b = env.browser()
    _, form = unlinked_login(env, b)
    for i in range(PER_CITIZEN + 2):
        r = attempt(b, form, HA_USER, env.passwords[HA_USER])
        assert_error(r, 503, "link_unavailable")
    r = attempt(b, form, HA_USER, env.passwords[HA_USER], headers=script_headers(env))
    assert r.status_code == 503 and r.json()["error"] == "link_unavailable", describe(r)
    assert login_posts(env) == []
    assert accounts_of(env, HA[0]) == []


@pytest.mark.parametrize("fault", ["503", "500", "429", "delay=3"])
def test_portal_trouble_is_unavailable_and_given_back(link_env, fault):
    env = link_env(idp_timeout="1s")
    b = env.browser()
    _, form = unlinked_login(env, b)
    env.portal.set_fault(fault)
    for _ in range(2):
        t0 = time.monotonic()
        r = attempt(b, form, HA_USER, env.passwords[HA_USER])
        assert_error(r, 503, "link_unavailable")
        assert time.monotonic() - t0 < 2.5, "the portal call outlived vneid_idp_timeout 1s"
    if fault.startswith("delay"):
        # the held answers were not waited for; let them finish
        harness.wait_until(lambda: len(login_posts(env)) == 2, 10, "the held login POSTs")
    env.portal.clear_fault()
    # nothing was counted: the first wrong password leaves 4 tries
    form = assert_refused(attempt(b, form, HA_USER, "sai"), PER_CITIZEN - 1)
    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert r.status_code == 303, describe(r)
    assert accounts_of(env, HA[0]) == [(HA_USER, "enabled", HA[1], "")]


def test_password_check_does_not_block_the_event_loop(link_env):
    env = link_env(workers=1, idp_timeout="10s")
    b = env.browser()
    _, form = unlinked_login(env, b, path="/sau")
    env.portal.set_fault("delay=3")
    done = {}

    def link():
        done["r"] = attempt(b, form, HA_USER, env.passwords[HA_USER])

    import threading
    t = threading.Thread(target=link, daemon=True)
    t.start()
    harness.wait_until(lambda: "holding the answer" in env.portal.log(), 5,
                       "the login POST held at the portal")
    # the one worker answers others meanwhile
    for path in ("/_vneid/login", "/_vneid/whoami"):
        t0 = time.monotonic()
        r = env.browser().get(path)
        assert r.status_code in (200, 401), describe(r)
        assert time.monotonic() - t0 < 1.0, "%s waited for the password check" % path
    assert t.is_alive(), "the check was not held"
    t.join(15)
    assert done["r"].status_code == 303, describe(done["r"])


# ---------------------------------------------------------------------------
# the password goes to the login URL and nowhere else
# ---------------------------------------------------------------------------

def store_bytes(store):
    out = b""
    for root, _, files in os.walk(store):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                out += f.read()
    return out


def test_password_is_in_no_log_store_or_other_request(link_env):
    env = link_env(workers=1, log_level="debug")
    wrong = new_password()
    right = env.passwords[HA_USER]
    b = env.browser()
    _, form = unlinked_login(env, b)
    form = assert_refused(attempt(b, form, HA_USER, wrong), PER_CITIZEN - 1)
    r = attempt(b, form, HA_USER, right)
    assert r.status_code == 303, describe(r)
    portal_view(env, b, "/")
    b.whoami()

    # the portal got both, at its login URL, in the form fields (redacted by
    # its recorder): that is the only place a password may go
    posts = login_posts(env)
    assert [p["login"]["verdict"] for p in posts] == ["refused", "accepted"], posts
    for p in posts:
        fields = urllib.parse.parse_qs(p["body"], keep_blank_values=True)
        assert fields == {"username": [HA_USER], "password": ["[redacted]"]}, p
        assert p["login"]["password_sent"] is True, p

    assert "[debug]" in env.log(), "error_log debug did not log at debug level"
    places = {
        "error.log": env.nginx.read_log("error.log").encode("utf-8"),
        "access.log": env.nginx.read_log("access.log").encode("utf-8"),
        "nginx stderr": env.nginx.read_log("stderr.log").encode("utf-8"),
        "store files": store_bytes(env.nginx.store),
        "requests the portal received": env.portal.raw_records(),
        "the portal's log": env.portal.log().encode("utf-8"),
        "the mock's log": env.mock.log().encode("utf-8"),
    }
    for where in ("error.log", "access.log", "store files", "requests the portal received"):
        assert places[where], "%s is empty" % where
    for password in (wrong, right):
        token = token_of(password).encode()
        for where, data in places.items():
            assert token not in data, "a password is in %s" % where
            assert password.encode("utf-8") not in data, "a password is in %s" % where


def test_oversized_form_is_never_buffered_to_disk(link_env):
    """A form larger than nginx's body buffer would be written to a
    client_body_temp file, password included: the link form is small, so a
    large one is refused before its body is written anywhere."""
    env = link_env()
    b = env.browser()
    _, form = unlinked_login(env, b)
    pw = env.passwords[HA_USER]
    fields = {"username": HA_USER, "password": pw, "csrf": form.csrf, "pad": "x" * 65536}
    r = post_link(b, fields, action=form.action or LINK_ACTION)
    assert 400 <= r.status_code < 500, describe(r)
    assert cookie_line(r, "vneid_session") is None, describe(r)
    log = env.log()
    assert "buffered to a temporary file" not in log, log[-2000:]
    assert login_posts(env) == []
    assert accounts_of(env, HA[0]) == []


# ---------------------------------------------------------------------------
# refusals before the portal is asked
# ---------------------------------------------------------------------------

def test_account_of_another_citizen_is_taken_without_asking_the_portal(link_env):
    env = link_env()
    b = env.browser()
    _, form = unlinked_login(env, b)
    # an.nv is An's: even with its right password it is not Hà's to link
    r = attempt(b, form, "an.nv", env.passwords["an.nv"])
    assert_error(r, 403, "account_taken")
    r = attempt(b, form, "an.nv", env.passwords["an.nv"], headers=script_headers(env))
    assert r.status_code == 403 and r.json()["error"] == "account_taken", describe(r)
    assert login_posts(env) == []
    assert accounts_of(env, AN[0]) == [("an.nv", "enabled", AN[1],
                                        "Bộ phận Một cửa - UBND phường Mẫu Sơn")]
    assert accounts_of(env, HA[0]) == []
    # not counted as a wrong password
    assert_refused(attempt(b, form, HA_USER, "sai"), PER_CITIZEN - 1)


def test_own_disabled_account_asks_for_the_administrator(link_env):
    env = link_env(accounts=SAMPLE_ACCOUNTS)
    env.nginx.ctl("accounts", "disable", HA[0], HA_USER)
    b = env.browser()
    _, form = unlinked_login(env, b)
    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert_error(r, 403, "account_disabled")
    assert login_posts(env) == []
    assert accounts_of(env, HA[0]) == [(HA_USER, "disabled", HA[1],
                                        "Bộ phận Một cửa - UBND phường Mẫu Sơn")]


def test_forged_or_cross_site_posts_are_refused(link_env):
    env = link_env()
    b = env.browser()
    _, form = unlinked_login(env, b)
    pw = env.passwords[HA_USER]
    bad = form.csrf[:-2] + ("AA" if not form.csrf.endswith("AA") else "BB")
    cases = [
        ("wrong csrf", {"username": HA_USER, "password": pw, "csrf": bad}, {}),
        ("no csrf", {"username": HA_USER, "password": pw}, {}),
        ("empty csrf", {"username": HA_USER, "password": pw, "csrf": ""}, {}),
        ("cross-site origin", {"username": HA_USER, "password": pw, "csrf": form.csrf},
         {"Origin": "http://evil.example", "Sec-Fetch-Site": None}),
        ("cross-site fetch metadata", {"username": HA_USER, "password": pw, "csrf": form.csrf},
         {"Sec-Fetch-Site": "cross-site"}),
        ("null origin", {"username": HA_USER, "password": pw, "csrf": form.csrf},
         {"Origin": "null", "Sec-Fetch-Site": None}),
    ]
    for what, fields, headers in cases:
        r = post_link(b, fields, headers=headers, action=form.action or LINK_ACTION)
        assert r.status_code == 403 and "csrf_invalid" in r.text, (what, describe(r))
        assert cookie_line(r, "vneid_session") is None, (what, describe(r))
    assert login_posts(env) == []
    # nothing counted, the pending link still usable
    form = assert_refused(attempt(b, form, HA_USER, "sai"), PER_CITIZEN - 1)
    r = attempt(b, form, HA_USER, pw)
    assert r.status_code == 303, describe(r)


def test_missing_unknown_or_used_link_cookie_is_expired(link_env):
    env = link_env()
    b = env.browser()
    _, form = unlinked_login(env, b)
    pw = env.passwords[HA_USER]
    token = b.cookie(LINK_COOKIE)

    # GET shows the form again while the pending link lives (the
    # no_account page: its 403, or 200)
    r = b.get(LINK_ACTION)
    assert r.status_code in (200, 403) and link_form(r.text), describe(r)
    assert link_form(r.text).csrf == form.csrf, describe(r)
    assert "link_expired" not in r.text, describe(r)

    b.drop_cookie(LINK_COOKIE)
    assert_error(b.get(LINK_ACTION), 400, "link_expired")
    r = attempt(b, form, HA_USER, pw)
    assert_error(r, 400, "link_expired")
    r = attempt(b, form, HA_USER, pw, headers=script_headers(env))
    assert r.status_code == 400 and r.json()["error"] == "link_expired", describe(r)

    for forged in ("A" * 43, token[:-1], token + "A", "x"):
        b.set_cookie(LINK_COOKIE, forged)
        r = attempt(b, form, HA_USER, pw)
        assert_error(r, 400, "link_expired")
        b.drop_cookie(LINK_COOKIE)
    # a session cookie is not a link cookie
    other = env.browser()
    other.login(AN[0], "/")
    b.set_cookie(LINK_COOKIE, other.cookie("vneid_session"))
    assert_error(attempt(b, form, HA_USER, pw), 400, "link_expired")
    b.drop_cookie(LINK_COOKIE)
    assert login_posts(env) == []

    # the real one works once; the same form again (back button, another
    # tab) finds its pending link gone
    b.set_cookie(LINK_COOKIE, token)
    r = attempt(b, form, HA_USER, pw)
    assert r.status_code == 303, describe(r)
    b2 = env.browser()
    b2.set_cookie(LINK_COOKIE, token)
    r = attempt(b2, form, HA_USER, pw)
    assert_error(r, 400, "link_expired")
    assert_error(b2.get(LINK_ACTION), 400, "link_expired")
    assert len(login_posts(env)) == 1


def test_link_off_shows_no_form(link_env):
    env = link_env(mode="off")
    b = env.browser()
    r = b.callback(b.login_until_callback(HA[0], "/"))
    env.assert_login_error(r, "no_account")
    assert link_form(r.text) is None, describe(r)
    assert 'type="password"' not in r.text, describe(r)
    assert cookie_line(r, LINK_COOKIE) is None, describe(r)
    r = post_link(b, {"username": HA_USER, "password": env.passwords[HA_USER], "csrf": "x"})
    assert r.status_code >= 400, describe(r)
    assert cookie_line(r, "vneid_session") is None, describe(r)
    assert login_posts(env) == []
    assert accounts_of(env, HA[0]) == []


# ---------------------------------------------------------------------------
# the portal's user export imported without ID numbers: the roster
# ---------------------------------------------------------------------------

def test_claimed_account_takes_name_and_unit_from_the_roster(link_env):
    roster_name = "Vũ Ngọc Hà (Văn phòng)"
    env = link_env(accounts=UNLINKED_HA + [("", HA_USER, roster_name, HA_UNIT)])
    listing = ctl_json(env, "accounts", "list", "--json")
    waiting = [a for a in listing if a["username"] == HA_USER]
    assert len(waiting) == 1 and waiting[0]["citizen_id"] is None, waiting
    assert waiting[0]["status"] == "unlinked", waiting

    b = env.browser()
    _, form = unlinked_login(env, b)
    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert r.status_code == 303, describe(r)
    assert accounts_of(env, HA[0]) == [(HA_USER, "enabled", roster_name, HA_UNIT)]
    listing = ctl_json(env, "accounts", "list", "--json")
    assert [a["citizen_id"] for a in listing if a["username"] == HA_USER] == [HA[0]], listing
    report = ctl_json(env, "report", "adoption", "--json")
    unit = [(u["accounts"], u["vneid_logins"], u["not_yet"])
            for u in report["units"] if u["unit"] == HA_UNIT]
    assert unit == [(1, 1, [])], report


# ---------------------------------------------------------------------------
# vneid_link_verify options
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("options,portal_args,fields", [
    ("success=cookie:MOTCUA_SESSION", (), ("username", "password")),
    ("username_field=tai_khoan password_field=mat_khau success=redirect",
     ("--username-field", "tai_khoan", "--password-field", "mat_khau"),
     ("tai_khoan", "mat_khau")),
])
def test_verify_options(link_env, options, portal_args, fields):
    env = link_env(verify_options=options, portal_args=portal_args)
    b = env.browser()
    _, form = unlinked_login(env, b)
    # the browser's form keeps the gateway's own field names
    assert {"username", "password", "csrf"} <= set(form.fields), form
    form = assert_refused(attempt(b, form, HA_USER, "sai"), PER_CITIZEN - 1)
    r = attempt(b, form, HA_USER, env.passwords[HA_USER])
    assert r.status_code == 303, describe(r)
    posts = login_posts(env)
    assert [p["login"]["verdict"] for p in posts] == ["refused", "accepted"], posts
    for p in posts:
        sent = urllib.parse.parse_qs(p["body"], keep_blank_values=True)
        assert sent == {fields[0]: [HA_USER], fields[1]: ["[redacted]"]}, p


def test_cookie_rule_needs_that_cookie(link_env):
    """success=cookie:NAME: a redirect without that cookie is not a login."""
    env = link_env(verify_options="success=cookie:JSESSIONID")
    b = env.browser()
    _, form = unlinked_login(env, b)
    assert_refused(attempt(b, form, HA_USER, env.passwords[HA_USER]), PER_CITIZEN - 1)
    assert [p["login"]["verdict"] for p in login_posts(env)] == ["accepted"]
    assert accounts_of(env, HA[0]) == []


# ---------------------------------------------------------------------------
# request mode: an administrator approves
# ---------------------------------------------------------------------------

REQUEST_MODES = [
    pytest.param({"verify": False}, id="default-without-verify"),
    pytest.param({"mode": "request"}, id="explicit-with-verify-url"),
]


def request_link(env, b, password=None):
    _, form = unlinked_login(env, b)
    assert "username" in form.fields and "csrf" in form.fields, form
    assert "password" not in form.inputs, form
    fields = {"username": HA_USER, "csrf": form.csrf}
    if password is not None:
        fields["password"] = password         # a script sending one anyway
    r = post_link(b, fields, action=form.action or LINK_ACTION)
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("text/html"), describe(r)
    assert "Đã gửi yêu cầu liên kết" in r.text, describe(r)
    assert HA_USER in r.text, describe(r)
    assert cookie_line(r, "vneid_session") is None, describe(r)
    return r


def pending_requests(env):
    return [(x["citizen_id"], x["username"], x["name"])
            for x in ctl_json(env, "accounts", "requests", "--json")]


@pytest.mark.parametrize("kw", REQUEST_MODES)
def test_request_mode_then_approve(link_env, kw):
    env = link_env(**kw)
    b = env.browser()
    stray = new_password()
    request_link(env, b, password=stray)
    assert pending_requests(env) == [(HA[0], HA_USER, HA[1])]
    requested = ctl_json(env, "accounts", "requests", "--json")[0]["requested"]
    assert requested and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", requested), requested
    assert env.portal.logins() == []
    assert token_of(stray).encode() not in store_bytes(env.nginx.store)
    assert token_of(stray) not in env.log()
    assert accounts_of(env, HA[0]) == []
    # the form is single use
    r = post_link(b, {"username": HA_USER, "csrf": "x"})
    assert r.status_code in (400, 403), describe(r)

    env.nginx.ctl("accounts", "approve", HA[0], HA_USER)
    assert pending_requests(env) == []
    assert accounts_of(env, HA[0]) == [(HA_USER, "enabled", HA[1], "")]
    b2 = env.browser()
    b2.login(HA[0], path="/")
    assert portal_view(env, b2, "/").header_all("X-VNeID-Account") == [HA_USER]


@pytest.mark.parametrize("kw", REQUEST_MODES)
def test_request_mode_then_reject(link_env, kw):
    env = link_env(**kw)
    request_link(env, env.browser())
    assert pending_requests(env) == [(HA[0], HA_USER, HA[1])]
    env.nginx.ctl("accounts", "reject", HA[0], HA_USER)
    assert pending_requests(env) == []
    assert accounts_of(env, HA[0]) == []
    # still not linked: the next login ends on the form again
    unlinked_login(env, env.browser())
