"""Issue 9: the portal account a staff member acts as. The chooser at login
(first login with several accounts, later logins with the last used one,
vneid_account_chooser always), the switch (POST /_vneid/accounts) and its
refusals, whoami's account/accounts, the live account directory (vneidctl
link/unlink/disable/enable seen on the very next request by both workers),
and vneid_require_account with the no_account page.

Real nginx (2 workers, reuseport where both must be seen), the real mock
VNeID, the directory filled with the built vneidctl as an administrator
would (login_support.login_env)."""

import re
import urllib.parse

import pytest

import harness
from harness import API_HEADERS, NAV_HEADERS, cookie_header
from login_support import (AN, DUC, HA, JSON_ACCEPT, SAMPLE_ACCOUNTS, chooser_return,
                           describe, login_env,  # noqa: F401 (fixture)
                           parse_accounts_form, set_cookies)

# DUC works in three units; one name and unit need escaping, one account
# has no display name (its username is its label).
DUC_ACCOUNTS = [
    (DUC[0], "duc.hm", "Hoàng Minh Đức", "Phòng Tư pháp - UBND quận Mẫu Sơn"),
    (DUC[0], "duc.hm.tnmt", "Hoàng Minh Đức <TN&MT>",
     'Phòng "Tài nguyên & Môi trường"'),
    (DUC[0], "motcua.duc", "", "Bộ phận Một cửa - UBND phường Mẫu Sơn"),
]
DUC_USERS = [row[1] for row in DUC_ACCOUNTS]
ACCOUNTS = [row for row in SAMPLE_ACCOUNTS if row[0] != DUC[0]] + DUC_ACCOUNTS

SUPPORT = 'Tổ CNTT phường Mẫu Sơn <it@mauson.gov.vn> & "024 3999 1234"'
SUPPORT_HTML = ("Tổ CNTT phường Mẫu Sơn &lt;it@mauson.gov.vn&gt; &amp; "
                "&quot;024 3999 1234&quot;")

# which worker answered: every response says so
SERVED_BY = "add_header X-Served-By $pid always;"


def as_dicts(rows):
    return [{"username": r[1], "display_name": r[2], "unit": r[3]} for r in rows]


def masked(citizen_id):
    return "*" * 8 + citizen_id[-4:]


def log_masked(citizen_id):
    return citizen_id[:3] + "*" * 6 + citizen_id[-3:]


def first_login(env, b, path="/", pid=DUC[0]):
    """A login that ends at the chooser: returns the callback response."""
    r = b.callback(b.login_until_callback(pid, path))
    sess = [c for c in set_cookies(r) if c.startswith("vneid_session=")]
    assert len(sess) == 1, describe(r)           # the session exists already
    assert chooser_return(r) == path, describe(r)
    return r


def choose(b, account, ret):
    r = b.switch(account, ret=ret)
    assert r.status_code == 303, describe(r)
    assert r.headers["Location"] in (ret, b.env.base + ret), describe(r)
    return r


def whoami(b):
    r = b.whoami()
    assert r.status_code == 200, describe(r)
    return r.json()


def portal_headers(seen):
    return (seen.header_all("X-VNeID-Account"), seen.header_all("X-VNeID-Accounts"))


# --- choosing at login ----------------------------------------------------------------

def test_first_login_with_several_accounts_goes_through_the_chooser(login_env):
    env = login_env(accounts=ACCOUNTS, workers=2)
    b = env.browser()
    path = "/ho-so/chi-tiet?id=7&q=%C4%91"
    r = first_login(env, b, path)
    chooser_url = urllib.parse.urlsplit(r.headers["Location"])
    assert env.backend.count() == 0

    # signed in, no account yet, all three listed (directory order)
    info = whoami(b)
    assert info["citizen_id"] == DUC[0] and info["account"] == "", info
    assert info["accounts"] == as_dicts(DUC_ACCOUNTS), info

    # the portal is not reached before an account is chosen
    r = b.get("/khac?x=1")
    assert chooser_return(r) == "/khac?x=1", describe(r)
    r = b.get("/khac?x=1", headers=JSON_ACCEPT)
    assert r.status_code == 403, describe(r)
    body = r.json()
    assert body["error"] == "account_required", body
    assert body["accounts_url"] == "/_vneid/accounts?return=%2Fkhac%3Fx%3D1", body
    assert env.backend.count() == 0

    # the chooser page: each account a button, none active, the same token
    r = b.get(chooser_url.path + "?" + chooser_url.query)
    assert r.status_code == 200, describe(r)
    assert r.headers["Content-Type"].startswith("text/html"), describe(r)
    assert r.headers.get("Content-Security-Policy"), describe(r)
    assert "Chọn tài khoản làm việc" in r.text, describe(r)
    form = parse_accounts_form(r.text)
    assert form, describe(r)
    assert [(u, active) for u, active, _ in form["accounts"]] == \
        [(u, False) for u in DUC_USERS], form
    assert form["csrf"] == info["csrf_token"], form
    assert form["return"] == path, form
    assert form["action"] in (None, "/_vneid/accounts"), form
    # names and units as text, never markup
    assert "Hoàng Minh Đức &lt;TN&amp;MT&gt;" in r.text, r.text
    assert "Phòng &quot;Tài nguyên &amp; Môi trường&quot;" in r.text, r.text
    assert "<TN&MT>" not in r.text
    buttons = {u: inner for u, _, inner in form["accounts"]}
    assert "Phòng Tư pháp - UBND quận Mẫu Sơn" in buttons["duc.hm"], buttons
    assert "motcua.duc" in buttons["motcua.duc"], buttons

    # English by Accept-Language
    r = b.accounts_page(ret=path, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.status_code == 200 and "Choose your working account" in r.text, describe(r)

    # choosing: 303 to the page the staff member was going to
    choose(b, "duc.hm.tnmt", form["return"])
    seen = b.backend_view(path)
    assert portal_headers(seen) == (["duc.hm.tnmt"], [",".join(DUC_USERS)]), seen
    assert seen.header_all("X-VNeID-Citizen-Id") == [DUC[0]], seen
    assert whoami(b)["account"] == "duc.hm.tnmt"
    form = parse_accounts_form(b.accounts_page().text)
    assert [(u, a) for u, a, _ in form["accounts"]] == \
        [("duc.hm", False), ("duc.hm.tnmt", True), ("motcua.duc", False)], form
    assert 'vneid account switch: citizen %s now acts as "duc.hm.tnmt"' % log_masked(DUC[0]) \
        in env.log(), env.log()[-3000:]
    assert DUC[0] not in env.log()


def test_later_logins_land_on_the_last_used_account(login_env):
    env = login_env(accounts=ACCOUNTS, workers=2)
    b1 = env.browser()
    first_login(env, b1, "/a")
    choose(b1, "motcua.duc", "/a")
    assert portal_headers(b1.backend_view("/a"))[0] == ["motcua.duc"]

    # another day, another browser: straight in as motcua.duc
    b2 = env.browser()
    b2.login(DUC[0], path="/b?x=1")
    assert portal_headers(b2.backend_view("/b?x=1"))[0] == ["motcua.duc"]
    assert whoami(b2)["account"] == "motcua.duc"

    # a switch is remembered too; it changes only its own session
    choose(b2, "duc.hm", "/")
    assert portal_headers(b2.backend_view("/"))[0] == ["duc.hm"]
    assert portal_headers(b1.backend_view("/a"))[0] == ["motcua.duc"]
    b3 = env.browser()
    b3.login(DUC[0], path="/c")
    assert portal_headers(b3.backend_view("/c"))[0] == ["duc.hm"]

    # the last used account disabled since: no account is picked for the
    # staff member, the chooser comes first and no longer offers it
    env.nginx.ctl("accounts", "disable", DUC[0], "duc.hm")
    b4 = env.browser()
    first_login(env, b4, "/d")
    info = whoami(b4)
    assert info["account"] == "", info
    assert [a["username"] for a in info["accounts"]] == ["duc.hm.tnmt", "motcua.duc"], info
    form = parse_accounts_form(b4.accounts_page(ret="/d").text)
    assert [u for u, _, _ in form["accounts"]] == ["duc.hm.tnmt", "motcua.duc"], form


@pytest.mark.parametrize("chooser", ["last", "always"])
def test_one_account_goes_straight_in(login_env, chooser):
    env = login_env(server_extra="vneid_account_chooser %s;" % chooser)
    b = env.browser()
    b.login(AN[0], path="/ho-so?id=1")
    seen = b.backend_view("/ho-so?id=1")
    assert portal_headers(seen) == (["an.nv"], ["an.nv"]), seen
    info = whoami(b)
    assert info["account"] == "an.nv", info
    assert info["accounts"] == as_dicts([SAMPLE_ACCOUNTS[0]]), info
    form = parse_accounts_form(b.accounts_page().text)
    assert [(u, a) for u, a, _ in form["accounts"]] == [("an.nv", True)], form


def test_chooser_always_asks_at_every_login(login_env):
    env = login_env(accounts=ACCOUNTS, server_extra="vneid_account_chooser always;")
    b1 = env.browser()
    first_login(env, b1, "/a")
    choose(b1, "duc.hm.tnmt", "/a")
    assert portal_headers(b1.backend_view("/a"))[0] == ["duc.hm.tnmt"]
    # last used is known, but "always" asks again
    b2 = env.browser()
    first_login(env, b2, "/b")
    assert whoami(b2)["account"] == ""
    form = parse_accounts_form(b2.accounts_page(ret="/b").text)
    assert not any(a for _, a, _ in form["accounts"]), form
    choose(b2, "motcua.duc", "/b")
    assert portal_headers(b2.backend_view("/b"))[0] == ["motcua.duc"]


def test_chooser_without_a_session(login_env):
    env = login_env()
    b = env.browser()
    r = b.accounts_page(ret="/x")
    assert r.status_code == 302, describe(r)
    assert urllib.parse.urlsplit(r.headers["Location"]).path == "/_vneid/login", describe(r)
    r = b.accounts_page(ret="/x", headers=JSON_ACCEPT)
    assert r.status_code == 401, describe(r)


# --- the switch and its refusals -------------------------------------------------------

def test_switch_refusals_change_nothing(login_env):
    env = login_env(accounts=ACCOUNTS, workers=2)
    b = env.browser()
    first_login(env, b, "/")
    choose(b, "duc.hm", "/")
    other = env.browser()                      # DUC again, another session
    other.login(DUC[0], "/")                   # straight in as duc.hm, the last used
    choose(other, "duc.hm.tnmt", "/")
    an = env.browser()
    an.login(AN[0], "/")
    env.nginx.ctl("accounts", "disable", DUC[0], "motcua.duc")

    cookie = b.cookie("vneid_session")
    csrf = b.csrf()
    bad = csrf[:-2] + ("AA" if not csrf.endswith("AA") else "BB")
    csrf_cases = [
        ("wrong token", {"fields": {"account": "duc.hm.tnmt", "csrf": bad}}),
        ("no token", {"fields": {"account": "duc.hm.tnmt"}}),
        ("empty token", {"fields": {"account": "duc.hm.tnmt", "csrf": ""}}),
        ("another session's token", {"fields": {"account": "duc.hm.tnmt",
                                                "csrf": other.csrf()}}),
        ("another citizen's token", {"fields": {"account": "duc.hm.tnmt",
                                                "csrf": an.csrf()}}),
        ("cross-site", {"headers": {"Sec-Fetch-Site": "cross-site"}}),
        ("same-site", {"headers": {"Sec-Fetch-Site": "same-site"}}),
        ("cross-site without origin", {"headers": {"Sec-Fetch-Site": "cross-site",
                                                   "Origin": None}}),
        ("foreign origin", {"headers": {"Origin": "http://evil.example",
                                        "Sec-Fetch-Site": None}}),
        ("origin of another port", {"headers": {
            "Origin": "http://127.0.0.1:%d" % urllib.parse.urlsplit(env.mock.base_url).port,
            "Sec-Fetch-Site": None}}),
        ("null origin", {"headers": {"Origin": "null", "Sec-Fetch-Site": None}}),
    ]
    account_cases = [
        ("another citizen's account", "an.nv"),
        ("an account nobody has", "khong.ton.tai"),
        ("a disabled account of his", "motcua.duc"),
    ]

    def unchanged(what):
        assert whoami(b)["account"] == "duc.hm", what
        rec = env.nginx.show_session(cookie)
        assert rec and rec["active_account"] == "duc.hm", (what, rec)
        seen = b.backend_view("/sau")
        assert portal_headers(seen)[0] == ["duc.hm"], (what, seen)

    refusals = 0
    for what, kw in csrf_cases:
        r = b.switch("duc.hm.tnmt", **kw)
        assert r.status_code == 403, (what, describe(r))
        assert "csrf_invalid" in r.text, (what, describe(r))
        assert not set_cookies(r), (what, describe(r))
        refusals += 1
        unchanged(what)
    for what, account in account_cases:
        r = b.switch(account)
        assert r.status_code == 403, (what, describe(r))
        assert "account_not_linked" in r.text, (what, describe(r))
        assert not set_cookies(r), (what, describe(r))
        refusals += 1
        unchanged(what)
    lines = [l for l in env.log().splitlines() if "vneid account switch refused" in l]
    assert len(lines) == refusals, lines
    assert all("[warn]" in l for l in lines), lines

    # without a session: 401, and nothing for anyone
    nobody = env.browser()
    r = nobody.switch("duc.hm.tnmt", csrf=csrf)
    assert r.status_code == 401, describe(r)
    unchanged("no session")

    # the controls: the right token from this site switches; so does a
    # browser that sends neither Origin nor Sec-Fetch-Site
    choose(b, "duc.hm.tnmt", "/")
    assert portal_headers(b.backend_view("/"))[0] == ["duc.hm.tnmt"]
    r = b.switch("duc.hm", ret="/x", headers={"Origin": None, "Sec-Fetch-Site": None,
                                              "Sec-Fetch-Mode": None, "Sec-Fetch-Dest": None})
    assert r.status_code == 303, describe(r)
    assert portal_headers(b.backend_view("/"))[0] == ["duc.hm"]
    # the other DUC session never moved
    assert whoami(other)["account"] == "duc.hm.tnmt"


@pytest.mark.parametrize("ret,expected", [
    ("/ho-so?id=7&tab=a%20b", "/ho-so?id=7&tab=a%20b"),
    ("https://evil.example/x", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    (None, "/"),
])
def test_switch_goes_back_to_a_safe_relative_path(login_env, ret, expected):
    env = login_env(accounts=ACCOUNTS)
    b = env.browser()
    first_login(env, b, "/")
    r = b.switch("motcua.duc", ret=ret)
    assert r.status_code == 303, describe(r)
    loc = r.headers["Location"]
    assert loc in (expected, env.base + expected), describe(r)


def test_switch_return_from_the_query(login_env):
    env = login_env(accounts=ACCOUNTS)
    b = env.browser()
    first_login(env, b, "/")
    r = b.switch("motcua.duc", action="/_vneid/accounts?return=%2Fbao-cao%3Fky%3D2")
    assert r.status_code == 303, describe(r)
    assert r.headers["Location"] in ("/bao-cao?ky=2", env.base + "/bao-cao?ky=2"), describe(r)


# --- the directory is live -------------------------------------------------------------

def test_whoami_and_chooser_follow_the_directory(login_env):
    env = login_env(accounts=ACCOUNTS, workers=2)
    env.nginx.ctl("accounts", "unlink", DUC[0], "duc.hm.tnmt")
    env.nginx.ctl("accounts", "unlink", DUC[0], "motcua.duc")
    b = env.browser()
    b.login(DUC[0], path="/")                  # one account: straight in
    info = whoami(b)
    assert info["account"] == "duc.hm" and info["accounts"] == as_dicts(DUC_ACCOUNTS[:1])

    # linked after the login: in whoami, the chooser and the headers at once
    env.nginx.link_account(DUC[0], "motcua.duc", unit=DUC_ACCOUNTS[2][3])
    info = whoami(b)
    assert info["account"] == "duc.hm", info
    assert info["accounts"] == as_dicts([DUC_ACCOUNTS[0], DUC_ACCOUNTS[2]]), info
    form = parse_accounts_form(b.accounts_page().text)
    assert [(u, a) for u, a, _ in form["accounts"]] == \
        [("duc.hm", True), ("motcua.duc", False)], form
    assert portal_headers(b.backend_view("/")) == (["duc.hm"], ["duc.hm,motcua.duc"])
    choose(b, "motcua.duc", "/")
    assert portal_headers(b.backend_view("/"))[0] == ["motcua.duc"]

    # disabled: gone from everything the session shows; enabled: back
    env.nginx.ctl("accounts", "disable", DUC[0], "duc.hm")
    info = whoami(b)
    assert info["account"] == "motcua.duc", info
    assert [a["username"] for a in info["accounts"]] == ["motcua.duc"], info
    assert portal_headers(b.backend_view("/")) == (["motcua.duc"], ["motcua.duc"])
    form = parse_accounts_form(b.accounts_page().text)
    assert [u for u, _, _ in form["accounts"]] == ["motcua.duc"], form
    env.nginx.ctl("accounts", "enable", DUC[0], "duc.hm")
    assert [a["username"] for a in whoami(b)["accounts"]] == ["duc.hm", "motcua.duc"]
    assert portal_headers(b.backend_view("/")) == (["motcua.duc"], ["duc.hm,motcua.duc"])


class Raw:
    """Requests of one session on fresh connections: with reuseport both
    workers serve them; X-Served-By names the worker."""

    def __init__(self, env, cookie):
        self.env = env
        self.cookie = cookie

    def get(self, path, headers=NAV_HEADERS):
        port = self.env.nginx.port
        return harness.request(port, "GET", path, list(headers) + [cookie_header(self.cookie)],
                               host="127.0.0.1:%d" % port)

    def each_worker(self, check, what, path="/tren-ca-hai", headers=NAV_HEADERS, least=2):
        """Requests until each worker answered `least` of them (bounded);
        every answer, from the very first on, must pass check(resp)."""
        workers = set(self.env.nginx.worker_pids())
        assert len(workers) == 2, workers
        served = {}
        for i in range(300):
            r = self.get("%s?n=%d" % (path, i), headers)
            pid = int(r.header("X-Served-By"))
            assert pid in workers, (pid, workers, r)
            try:
                check(r)
            except AssertionError as e:
                raise AssertionError("%s: request %d (worker %d): %s" % (what, i, pid, e))
            served[pid] = served.get(pid, 0) + 1
            if len(served) == 2 and min(served.values()) >= least:
                return served
        raise AssertionError("%s: both workers never answered: %r" % (what, served))


def ok_as(account, accounts):
    def check(r):
        assert r.status == 200, r
        seen = harness.backend_json(r)
        assert portal_headers(seen) == ([account], [accounts]), seen["headers"]
    return check


def directory_env(login_env, **kw):
    env = login_env(accounts=ACCOUNTS, workers=2, reuseport=True,
                    server_extra=SERVED_BY + "\n" + kw.pop("server_extra", ""), **kw)
    b = env.browser()
    first_login(env, b, "/")
    choose(b, "duc.hm", "/")
    raw = Raw(env, b.cookie("vneid_session"))
    # both workers have served (and cached) the session before any change
    raw.each_worker(ok_as("duc.hm", ",".join(DUC_USERS)), "before the change")
    return env, b, raw


def test_account_list_changes_reach_both_workers_at_the_next_request(login_env):
    env, b, raw = directory_env(login_env)
    ctl = env.nginx.ctl
    ctl("accounts", "unlink", DUC[0], "motcua.duc")
    raw.each_worker(ok_as("duc.hm", "duc.hm,duc.hm.tnmt"), "after unlink")
    ctl("accounts", "disable", DUC[0], "duc.hm.tnmt")
    raw.each_worker(ok_as("duc.hm", "duc.hm"), "after disable")
    ctl("accounts", "enable", DUC[0], "duc.hm.tnmt")
    raw.each_worker(ok_as("duc.hm", "duc.hm,duc.hm.tnmt"), "after enable")
    ctl("accounts", "link", DUC[0], "vanphong.duc", "--unit", "Văn phòng UBND")
    raw.each_worker(ok_as("duc.hm", "duc.hm,duc.hm.tnmt,vanphong.duc"), "after link")

    # a chooser opened on either worker offers the new account
    def chooser_offers_it(r):
        assert r.status == 200, r
        form = parse_accounts_form(r.text())
        assert form and [u for u, _, _ in form["accounts"]] == \
            ["duc.hm", "duc.hm.tnmt", "vanphong.duc"], r.text()
    raw.each_worker(chooser_offers_it, "the chooser", path="/_vneid/accounts")


@pytest.mark.parametrize("change", ["unlink", "disable"])
def test_active_account_removed_is_never_sent_again(login_env, change):
    env, b, raw = directory_env(login_env)
    before = env.backend.count()
    env.nginx.ctl("accounts", change, DUC[0], "duc.hm")

    def to_chooser(r):
        assert r.status == 302, r
        loc = urllib.parse.urlsplit(r.header("Location"))
        assert loc.path == "/_vneid/accounts", r
        ret = urllib.parse.parse_qs(loc.query)["return"][0]
        assert ret.startswith("/tren-ca-hai?n="), r

    def account_required(r):
        assert r.status == 403, r
        body = r.json()
        assert body["error"] == "account_required", body
        assert body["accounts_url"].startswith("/_vneid/accounts?return=%2Ftren-ca-hai"), body

    raw.each_worker(to_chooser, "navigation after %s" % change)
    raw.each_worker(account_required, "script after %s" % change, headers=API_HEADERS)
    assert env.backend.count() == before, env.backend.requests[before:]
    info = whoami(b)
    assert info["account"] == "", info
    assert [a["username"] for a in info["accounts"]] == ["duc.hm.tnmt", "motcua.duc"], info

    # choosing again works on both workers
    choose(b, "motcua.duc", "/")
    raw.each_worker(ok_as("motcua.duc", "duc.hm.tnmt,motcua.duc"), "after choosing")
    r = b.switch("duc.hm")
    assert r.status_code == 403 and "account_not_linked" in r.text, describe(r)


def no_account_page(r, citizen_id, support=True):
    assert r.status == 403, r
    assert r.header("Content-Type").startswith("text/html"), r
    text = r.text()
    assert masked(citizen_id) in text, text
    assert citizen_id not in text and citizen_id[:8] not in text, text
    assert "no_account" in text, text
    if support:
        assert SUPPORT_HTML in text, text
    m = re.search(r"Mã tham chiếu: <code>([^<]+)</code>", text)
    assert m, text
    return m.group(1)


def test_last_account_gone_gives_the_no_account_page(login_env):
    env, b, raw = directory_env(
        login_env, server_extra="vneid_support_contact '%s';" % SUPPORT)
    for user in DUC_USERS[1:]:
        env.nginx.ctl("accounts", "disable", DUC[0], user)
    raw.each_worker(ok_as("duc.hm", "duc.hm"), "other accounts disabled")
    before = env.backend.count()
    env.nginx.ctl("accounts", "unlink", DUC[0], "duc.hm")
    refs = []
    raw.each_worker(lambda r: refs.append(no_account_page(r, DUC[0])), "navigation")

    def script(r):
        assert r.status == 403, r
        body = r.json()
        assert body["error"] == "no_account", body
        assert DUC[0] not in r.text()
    raw.each_worker(script, "script", headers=API_HEADERS)
    assert env.backend.count() == before
    # each answer's reference is in the log, with why (never the full ID)
    log = env.log()
    for ref in refs:
        lines = [l for l in log.splitlines() if "[ref %s]" % ref in l]
        assert len(lines) == 1 and "[warn]" in lines[0], (ref, lines)
        assert log_masked(DUC[0]) in lines[0], lines
    assert DUC[0] not in log
    # the session itself is still there: with an account enabled again the
    # staff member chooses it, without a new login
    env.nginx.ctl("accounts", "enable", DUC[0], "motcua.duc")
    r = raw.get("/lai")
    assert r.status == 302, r
    loc = urllib.parse.urlsplit(r.header("Location"))
    assert (loc.path, loc.query) == ("/_vneid/accounts", "return=%2Flai"), r
    choose(b, "motcua.duc", "/")
    assert portal_headers(b.backend_view("/"))[0] == ["motcua.duc"]


# --- vneid_require_account --------------------------------------------------------------

@pytest.mark.parametrize("why", ["nothing linked", "only account disabled"])
def test_login_without_an_enabled_account_ends_on_no_account(login_env, why):
    env = login_env(server_extra="vneid_support_contact '%s';" % SUPPORT)
    if why == "nothing linked":
        env.nginx.ctl("accounts", "unlink", HA[0], "ha.vn")
    else:
        env.nginx.ctl("accounts", "disable", HA[0], "ha.vn")
    b = env.browser()
    r = b.callback(b.login_until_callback(HA[0], "/ho-so"))
    line = env.assert_login_error(r, "no_account")      # 403, ref in page and log
    assert "no_account" in line and HA[0] not in env.log(), line
    text = r.content.decode("utf-8")
    assert masked(HA[0]) in text, describe(r)
    assert HA[0] not in text and HA[0][:8] not in text, describe(r)
    assert SUPPORT_HTML in text, describe(r)
    assert "<it@mauson.gov.vn>" not in text
    # no session: not in the browser, not in the store
    assert b.cookie("vneid_session") is None
    assert b.whoami().status_code == 401
    assert harness.store_stats(env.nginx.store)["sessions"] == 0
    assert env.backend.count() == 0


def test_no_account_page_without_support_contact(login_env):
    env = login_env(accounts=[row for row in SAMPLE_ACCOUNTS if row[0] != HA[0]])
    b = env.browser()
    r = b.callback(b.login_until_callback(HA[0], "/"))
    env.assert_login_error(r, "no_account")
    text = r.content.decode("utf-8")
    assert masked(HA[0]) in text
    assert "Liên hệ hỗ trợ" not in text, describe(r)


def test_require_account_off(login_env):
    env = login_env(accounts=[row for row in SAMPLE_ACCOUNTS if row[0] != HA[0]],
                    server_extra="vneid_require_account off;", workers=2)
    # at login: a session without an account, today's identity headers
    b = env.browser()
    b.login(HA[0], path="/x")
    seen = b.backend_view("/x")
    assert seen.header_all("X-VNeID-Citizen-Id") == [HA[0]], seen
    assert seen.header_all("X-VNeID-Name") == [HA[1]], seen
    assert portal_headers(seen) == ([], []), seen
    info = whoami(b)
    assert info["account"] == "" and info["accounts"] == [], info
    # on the request path: the only account disabled since the login
    a = env.browser()
    a.login(AN[0], path="/")
    assert portal_headers(a.backend_view("/")) == (["an.nv"], ["an.nv"])
    env.nginx.ctl("accounts", "disable", AN[0], "an.nv")
    seen = a.backend_view("/")
    assert seen.header_all("X-VNeID-Citizen-Id") == [AN[0]], seen
    assert portal_headers(seen) == ([], []), seen


def test_require_account_on_by_default_on_the_request_path(login_env):
    """The same change as above without the directive: the no_account page."""
    env = login_env()
    a = env.browser()
    a.login(AN[0], path="/")
    env.nginx.ctl("accounts", "disable", AN[0], "an.nv")
    before = env.backend.count()
    r = a.get("/")
    assert r.status_code == 403, describe(r)
    assert masked(AN[0]) in r.text and "no_account" in r.text, describe(r)
    r = a.get("/", headers=JSON_ACCEPT)
    assert r.status_code == 403 and r.json()["error"] == "no_account", describe(r)
    assert env.backend.count() == before
