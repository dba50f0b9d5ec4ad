"""Issue 9: portal sessions follow the identity (vneid_portal_cookies).

The backend here behaves like a typical legacy portal (harness.PortalBackend):
on a request without a portal cookie it knows, it opens a portal session for
the user in X-VNeID-Account and answers Set-Cookie PORTALSESSID=<random>;
from then on it trusts that cookie alone and ignores the headers. Without the
gateway's help a switch would change nothing the portal sees, and the next
person on a shared PC would land in the previous person's portal session.

Every assertion about "never" is made on what the backend received."""

import re
import urllib.parse

import pytest

import harness
from harness import NAV_HEADERS, PortalBackend, request_cookies
from login_support import (AN, BICH, DUC, SAMPLE_ACCOUNTS, chooser_return, describe,
                           login_env,  # noqa: F401 (fixture)
                           parse_accounts_form, set_cookies)

DUC_ACCOUNTS = [
    (DUC[0], "duc.hm", "Hoàng Minh Đức", "Phòng Tư pháp - UBND quận Mẫu Sơn"),
    (DUC[0], "duc.hm.tnmt", "Hoàng Minh Đức <TN&MT>", "Phòng Tài nguyên và Môi trường"),
    (DUC[0], "motcua.duc", "", "Bộ phận Một cửa - UBND phường Mẫu Sơn"),
]
ACCOUNTS = [row for row in SAMPLE_ACCOUNTS if row[0] != DUC[0]] + DUC_ACCOUNTS

PORTAL = """
        vneid_portal_cookies PORTALSESSID;
        location /opt/ {
            vneid optional;
            proxy_pass http://%%BACKEND%%;
        }
        location /khac/ {
            vneid on;
            vneid_portal_cookies JSESSIONID;
            proxy_pass http://%%BACKEND%%;
        }
        location /tat/ {
            vneid on;
            vneid_portal_cookies off;
            proxy_pass http://%%BACKEND%%;
        }
"""

EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT"


@pytest.fixture
def portal():
    p = PortalBackend(html_prefix=("/page/", "/pub/")).start()
    yield p
    p.stop()


def portal_env(login_env, portal, server_extra="", **kw):
    return login_env(backend=portal, workers=2,
                     server_extra=PORTAL + server_extra, **kw)


def parse_set_cookie(line):
    """(name, value, {attribute-lowercase: value})."""
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name.strip(), value.strip(), attrs


def expiries(lines, name="PORTALSESSID"):
    """The Set-Cookie lines that expire `name`."""
    out = []
    for line in lines:
        n, v, attrs = parse_set_cookie(line)
        if n == name and (attrs.get("max-age") == "0" or attrs.get("expires") == EPOCH):
            out.append((v, attrs))
    return out


def new_portal_cookies(lines, name="PORTALSESSID"):
    out = []
    for line in lines:
        n, v, attrs = parse_set_cookie(line)
        if n == name and v and attrs.get("max-age") != "0":
            out.append(v)
    return out


def assert_expired(lines, path="/", domain=None, name="PORTALSESSID"):
    exp = expiries(lines, name)
    assert len(exp) == 1, lines
    value, attrs = exp[0]
    assert value == "", lines
    assert attrs.get("max-age") == "0", lines
    assert attrs.get("expires") == EPOCH, lines
    assert attrs.get("path") == path, lines
    assert attrs.get("domain") == domain, lines


def choose(b, account, ret="/"):
    r = b.switch(account, ret=ret)
    assert r.status_code == 303, describe(r)
    return r


def first_login(b, pid=DUC[0], path="/"):
    r = b.callback(b.login_until_callback(pid, path))
    assert chooser_return(r) == path, describe(r)
    return r


def visit(b, path="/ho-so"):
    """A page through the browser: (the portal's view, the response)."""
    r = b.get(path)
    assert r.status_code == 200, describe(r)
    return r.json()["portal"], r


def raw_get(env, path, cookie_header, headers=NAV_HEADERS):
    """A request with a Cookie header exactly as given (a browser that kept
    a cookie the gateway expired, or a forged one)."""
    port = env.nginx.port
    return harness.request(port, "GET", path, list(headers) + [("Cookie", cookie_header)],
                           host="127.0.0.1:%d" % port)


def portal_view(resp):
    assert resp.status == 200, resp
    return resp.json()["portal"]


# --- the acceptance scenario --------------------------------------------------------------

def test_three_accounts_switch_twice_fresh_portal_session_each_time(login_env, portal):
    env = portal_env(login_env, portal, accounts=ACCOUNTS)
    b = env.browser()
    first_login(b)
    choose(b, "duc.hm")

    # the portal makes its session from the header, then trusts its cookie
    p, r = visit(b)
    assert p["new_session"] and not p["cookie_sent"] and p["user"] == "duc.hm", p
    assert new_portal_cookies(set_cookies(r)) == [p["sid"]], describe(r)
    assert b.cookie("PORTALSESSID") == p["sid"]
    sids = [p["sid"]]
    p, _ = visit(b, "/ho-so/2")
    assert (p["user"], p["sid"], p["new_session"], p["cookie_sent"]) == \
        ("duc.hm", sids[0], False, True), p

    marks = []          # (requests received, portal sessions issued) at each switch
    for account in ("duc.hm.tnmt", "motcua.duc"):
        r = choose(b, account, "/ho-so")
        marks.append((portal.count(), len(portal.issued())))
        # the switch expires the portal session bound to the old account
        assert_expired(set_cookies(r), path="/")
        assert b.cookie("PORTALSESSID") is None, "the browser still holds it"
        # the portal sees the new account, in a portal session of its own
        p, r = visit(b)
        assert p["user"] == account and p["new_session"] and not p["cookie_sent"], p
        assert p["sid"] not in sids, p
        sids.append(p["sid"])
        p, _ = visit(b, "/ho-so/2")
        assert (p["user"], p["sid"], p["new_session"]) == (account, sids[-1], False), p

        # a browser that ignored the expiry (or a copied cookie): every
        # portal session from before the switch is held back, in front of
        # the current one or alone
        cookie = b.cookie("vneid_session")
        stale = portal.issued()[:marks[-1][1]]
        for old in stale:
            r = raw_get(env, "/ho-so/3", "PORTALSESSID=%s; PORTALSESSID=%s; vneid_session=%s"
                        % (old, sids[-1], cookie))
            p = portal_view(r)
            assert p["sent_sids"] == [sids[-1]] and p["user"] == account, (old, p)
            assert_expired(r.header_all("Set-Cookie"))
        r = raw_get(env, "/ho-so/4", "vneid_session=%s; PORTALSESSID=%s" % (cookie, stale[0]))
        p = portal_view(r)
        assert p["sent_sids"] == [] and p["user"] == account and p["new_session"], p
        # (the portal opened another session for the account: the browser
        # holds that one now, and it is the one forwarded)
        sc = r.header_all("Set-Cookie")
        assert_expired(sc)
        assert new_portal_cookies(sc) == [p["sid"]], sc
        r = raw_get(env, "/ho-so/5", "PORTALSESSID=%s; PORTALSESSID=%s; vneid_session=%s"
                    % (stale[-1], p["sid"], cookie))
        p2 = portal_view(r)
        assert p2["sent_sids"] == [p["sid"]] and p2["user"] == account, p2

    # what the backend received: after each switch, only portal sessions
    # opened after it
    reqs = portal.requests
    issued = portal.issued()
    for req_mark, issued_mark in marks:
        fresh = set(issued[issued_mark:])
        for rec in reqs[req_mark:]:
            old = set(rec["portal"]["sent_sids"]) - fresh
            assert not old, (rec["path"], rec["portal"])
    assert len(set(sids)) == 3
    sessions = portal.sessions()
    assert [sessions[s] for s in sids] == ["duc.hm", "duc.hm.tnmt", "motcua.duc"], sessions
    # the portal only ever acted as the account the gateway had active
    for rec in reqs:
        assert rec["portal"]["user"] == rec["portal"]["header_account"], rec["portal"]

    # back to the first account: its old portal session is not revived
    choose(b, "duc.hm")
    b.set_cookie("PORTALSESSID", sids[0])
    p, r = visit(b)
    assert p["sent_sids"] == [] and p["user"] == "duc.hm" and p["new_session"], p
    assert_expired(set_cookies(r))
    assert b.cookie("PORTALSESSID") == p["sid"], "the new portal session must survive"


@pytest.mark.parametrize("attributes,path,domain", [
    ("Path=/", "/", None),
    ("Path=/app/; HttpOnly; SameSite=Lax", "/app/", None),
    ("Path=/; Domain=portal.example; Secure; HttpOnly", "/", "portal.example"),
])
def test_switch_expires_the_bound_portal_cookie_where_it_was_set(login_env, attributes,
                                                                 path, domain):
    portal = PortalBackend(cookie_attributes=attributes, html_prefix=()).start()
    try:
        env = portal_env(login_env, portal, accounts=ACCOUNTS)
        b = env.browser()
        first_login(b)
        choose(b, "duc.hm")
        cookie = b.cookie("vneid_session")
        r = raw_get(env, "/app/x", "vneid_session=" + cookie)
        p = portal_view(r)
        assert p["new_session"], p
        assert r.header_all("Set-Cookie") == ["PORTALSESSID=%s; %s" % (p["sid"], attributes)]
        r = choose(b, "motcua.duc")
        assert_expired(set_cookies(r), path=path, domain=domain)
        # the binding went with it: the next switch has nothing to expire
        r = choose(b, "duc.hm.tnmt")
        assert expiries(set_cookies(r)) == [], set_cookies(r)
    finally:
        portal.stop()


# --- a shared PC -------------------------------------------------------------------------

def logout(b):
    r = b.get("/_vneid/logout")
    assert r.status_code == 200, describe(r)
    csrf = re.search(r'name="csrf" value="([^"]*)"', r.text).group(1)
    r = b.post("/_vneid/logout", {"csrf": csrf},
               headers={"Origin": b.env.base, "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200, describe(r)
    return r


def a_at_the_desk(env, b):
    """Person A signs in and works: a portal session for an.nv."""
    b.login(AN[0], path="/")
    p, _ = visit(b)
    assert p["user"] == "an.nv" and p["new_session"], p
    p2, _ = visit(b, "/ho-so/2")
    assert p2["sid"] == p["sid"] and p2["cookie_sent"], p2
    return p["sid"]


def assert_never_received(portal, mark, sid):
    for rec in portal.requests[mark:]:
        assert sid not in rec["portal"]["sent_sids"], (rec["path"], rec["portal"])
        assert rec["portal"]["user"] != "an.nv", (rec["path"], rec["portal"])


def test_shared_pc_after_logout(login_env, portal):
    env = portal_env(login_env, portal)
    b = env.browser()
    sid_a = a_at_the_desk(env, b)

    r = logout(b)
    assert_expired(set_cookies(r))
    assert b.cookie("PORTALSESSID") is None
    assert b.cookie("vneid_session") is None

    mark = portal.count()
    b.login(BICH[0], path="/")
    p, _ = visit(b)
    assert p["user"] == "bich.tt" and p["new_session"] and p["sid"] != sid_a, p
    # even a browser that kept A's portal cookie gets nothing from it
    b.set_cookie("PORTALSESSID", sid_a)
    p2, r = visit(b, "/ho-so/2")
    assert p2["user"] == "bich.tt" and sid_a not in p2["sent_sids"], p2
    assert_expired(set_cookies(r))
    assert_never_received(portal, mark, sid_a)


@pytest.mark.parametrize("entry", ["portal page", "login page"])
@pytest.mark.parametrize("ending", ["revoked", "expired"])
def test_shared_pc_without_logout(login_env, portal, ending, entry):
    """A walks away: the session ends on the server (an administrator's
    revoke, or the idle timeout) but the browser keeps A's cookies. B signs in
    on the same browser, from the portal's page or straight at the login."""
    env = portal_env(login_env, portal)
    b = env.browser()
    sid_a = a_at_the_desk(env, b)
    if ending == "revoked":
        env.nginx.ctl("sessions", "revoke", "--citizen", AN[0])
    else:
        env.nginx.age_session(b.cookie("vneid_session"), 31 * 60)
    assert b.cookie("PORTALSESSID") == sid_a

    mark = portal.count()
    if entry == "portal page":
        # the gateway answers the dead session with the login, and expires
        # the portal cookie on the way
        r = b.get("/ho-so")
        assert r.status_code == 302, describe(r)
        assert urllib.parse.urlsplit(r.headers["Location"]).path == "/_vneid/login"
        assert_expired(set_cookies(r))
        assert b.cookie("PORTALSESSID") is None
        start = b.login_page(r.headers["Location"])
        auth = b.start(start)
    else:
        auth = b.start_for("/ho-so")
    r = b.callback(b.idp_login(auth, BICH[0]))
    assert r.status_code == 302 and r.headers["Location"].endswith("/ho-so"), describe(r)
    if entry == "login page":
        assert b.cookie("PORTALSESSID") == sid_a, "the browser should still hold A's"

    p, r = visit(b)
    assert p["user"] == "bich.tt" and p["new_session"] and p["sent_sids"] == [], p
    if entry == "login page":
        # B's very first page: A's cookie held back and expired, and the
        # portal's new one set after the expiry, so the browser keeps it
        assert_expired(set_cookies(r))
    assert b.cookie("PORTALSESSID") == p["sid"]
    p2, _ = visit(b, "/ho-so/2")
    assert (p2["user"], p2["sid"], p2["cookie_sent"]) == ("bich.tt", p["sid"], True), p2
    assert_never_received(portal, mark, sid_a)


# --- what is held back, and what is not ---------------------------------------------------

def test_forged_or_foreign_portal_cookie_is_stripped(login_env, portal):
    env = portal_env(login_env, portal)
    x = env.browser()
    x.login(AN[0], path="/")
    sid_x = visit(x)[0]["sid"]
    y = env.browser()                    # the same person, the same account
    y.login(AN[0], path="/")
    cy = y.cookie("vneid_session")

    # a value the portal never issued
    r = raw_get(env, "/a", "PORTALSESSID=forged-1234; vneid_session=" + cy)
    p = portal_view(r)
    assert p["sent_sids"] == [] and p["new_session"] and p["user"] == "an.nv", p
    sc = r.header_all("Set-Cookie")
    assert_expired(sc)
    assert new_portal_cookies(sc) == [p["sid"]], sc
    sid_y = p["sid"]

    # a real portal session, bound to another gateway session of the same
    # person and account
    r = raw_get(env, "/b", "vneid_session=%s; PORTALSESSID=%s" % (cy, sid_x))
    p = portal_view(r)
    assert sid_x not in p["sent_sids"] and p["new_session"], p
    assert_expired(r.header_all("Set-Cookie"))
    sid_y = p["sid"]            # what the browser holds from now on

    # the other cookies stay, in order; the gateway's own never goes
    r = raw_get(env, "/c", "lang=vi; PORTALSESSID=forged-2; vneid_session=%s; theme=dark"
                % cy)
    p = portal_view(r)
    assert p["sent_sids"] == [], p
    got = request_cookies(harness.BackendRequest(r.json())["headers"])
    assert got == [("lang", "vi"), ("theme", "dark")], got
    sid_y = p["sid"]

    # a planted one next to the bound one: only the bound one arrives
    r = raw_get(env, "/d", "PORTALSESSID=forged-3; PORTALSESSID=%s; vneid_session=%s"
                % (sid_y, cy))
    p = portal_view(r)
    assert p["sent_sids"] == [sid_y] and not p["new_session"] and p["user"] == "an.nv", p

    # the bound one alone: forwarded, nothing expired
    r = raw_get(env, "/e", "PORTALSESSID=%s; vneid_session=%s" % (sid_y, cy))
    p = portal_view(r)
    assert p["sent_sids"] == [sid_y] and not p["new_session"], p
    assert r.header_all("Set-Cookie") == [], r


def test_without_a_session_portal_cookies_are_stripped(login_env, portal):
    env = portal_env(login_env, portal)
    a = env.browser()
    sid_a = a_at_the_desk(env, a)
    mark = portal.count()
    for vneid in ("", "; vneid_session=" + "A" * 43, "; vneid_session=garbage"):
        r = raw_get(env, "/opt/trang", "lang=vi; PORTALSESSID=%s%s; theme=dark" % (sid_a, vneid))
        p = portal_view(r)
        assert p["sent_sids"] == [] and p["user"] is None, (vneid, p)
        got = request_cookies(harness.BackendRequest(r.json())["headers"])
        assert got == [("lang", "vi"), ("theme", "dark")], (vneid, got)
        assert_expired(r.header_all("Set-Cookie"))
    assert_never_received(portal, mark, sid_a)
    # with A's own session, the optional page is A's portal session
    r = raw_get(env, "/opt/trang", "PORTALSESSID=%s; vneid_session=%s"
                % (sid_a, a.cookie("vneid_session")))
    p = portal_view(r)
    assert p["sent_sids"] == [sid_a] and p["user"] == "an.nv" and not p["new_session"], p


def test_cookies_not_named_pass_untouched(login_env, portal):
    env = portal_env(login_env, portal)
    b = env.browser()
    b.login(AN[0], path="/")
    p, _ = visit(b)
    sid = p["sid"]
    cookie = b.cookie("vneid_session")
    others = "JSESSIONID=abc123; PORTALSESSID_OLD=x; XPORTALSESSID=y; lang=vi; empty="
    expected = [("JSESSIONID", "abc123"), ("PORTALSESSID_OLD", "x"), ("XPORTALSESSID", "y"),
                ("lang", "vi"), ("empty", "")]
    r = raw_get(env, "/a", "%s; PORTALSESSID=%s; vneid_session=%s" % (others, sid, cookie))
    seen = harness.BackendRequest(r.json())
    assert request_cookies(seen["headers"]) == \
        expected[:5] + [("PORTALSESSID", sid)], seen["headers"]
    assert r.header_all("Set-Cookie") == [], r
    # without a session too
    r = raw_get(env, "/opt/a", others)
    seen = harness.BackendRequest(r.json())
    assert request_cookies(seen["headers"]) == expected, seen["headers"]
    assert not any(n != "PORTALSESSID" for n, _, _ in map(
        parse_set_cookie, r.header_all("Set-Cookie"))), r
    assert expiries(r.header_all("Set-Cookie")) == [], r

    # a location naming another cookie: PORTALSESSID is just a cookie there
    r = raw_get(env, "/khac/a", "PORTALSESSID=forged; JSESSIONID=forged; vneid_session=%s"
                % cookie)
    seen = harness.BackendRequest(r.json())
    assert request_cookies(seen["headers"]) == [("PORTALSESSID", "forged")], seen["headers"]
    # (the portal never set JSESSIONID: where it lives is unknown, only
    # that it is expired is checked)
    assert len(expiries(r.header_all("Set-Cookie"), "JSESSIONID")) == 1, r
    assert expiries(r.header_all("Set-Cookie")) == [], r
    # and "off" lifts the inherited list
    r = raw_get(env, "/tat/a", "PORTALSESSID=forged; JSESSIONID=forged; vneid_session=%s"
                % cookie)
    seen = harness.BackendRequest(r.json())
    assert request_cookies(seen["headers"]) == \
        [("PORTALSESSID", "forged"), ("JSESSIONID", "forged")], seen["headers"]
    assert expiries(r.header_all("Set-Cookie")) == [], r


# --- nginx -t ------------------------------------------------------------------------------

_CONF = """
    vneid_store %%STORE%%;
    @HTTP@
    server {
        listen 127.0.0.1:%%PORT%%;
        @SERVER@
        location / {
            vneid on;
            @LOCATION@
            proxy_pass http://127.0.0.1:9;
        }
    }
"""


def conf(http="", server="", location=""):
    return _CONF.replace("@HTTP@", http).replace("@SERVER@", server).replace(
        "@LOCATION@", location)


@pytest.mark.parametrize("args,bad", [
    ('"bad name"', "bad name"),
    ('"a;b"', "a;b"),
    ('"a=b"', "a=b"),
    ('"a,b"', "a,b"),
    ('"PORTAL(SESSID)"', "PORTAL(SESSID)"),
    ('"tên"', "tên"),
    ('""', ""),
    ("P" * 64, "P" * 64),
    ("PORTALSESSID JSESSIONID PORTALSESSID", "PORTALSESSID"),
])
@pytest.mark.parametrize("level", ["http", "server", "location"])
def test_bad_portal_cookie_names_fail_nginx_t(nginx_t, args, bad, level):
    rc, out = nginx_t(conf(**{level: "vneid_portal_cookies %s;" % args}))
    assert rc != 0, "nginx -t accepted it:\n" + out
    assert "[emerg]" in out and "vneid_portal_cookies" in out, out
    assert '"%s"' % bad in out, out
    assert re.search(r" in \S+\.conf:\d+", out), out


def test_portal_cookie_directive_forms_nginx_t(nginx_t):
    rc, out = nginx_t(conf(location="vneid_portal_cookies;"))
    assert rc != 0 and 'invalid number of arguments in "vneid_portal_cookies"' in out, out
    for c in (conf(http="vneid_portal_cookies PORTALSESSID;"),
              conf(server="vneid_portal_cookies JSESSIONID PHPSESSID ASP.NET_SessionId;"),
              conf(location="vneid_portal_cookies %s;" % ("P" * 63)),
              conf(http="vneid_portal_cookies PORTALSESSID;",
                   location="vneid_portal_cookies off;")):
        rc, out = nginx_t(c)
        assert rc == 0 and "test is successful" in out, out


# --- the switcher in the portal's own page (sub_filter) -------------------------------------

SWITCHER = """
        location /page/ {
            vneid on;
            sub_filter '</body>' '$vneid_switcher</body>';
            sub_filter_once on;
            proxy_set_header Accept-Encoding "";
            proxy_pass http://%%BACKEND%%;
        }
        location /pub/ {
            vneid optional;
            sub_filter '</body>' '$vneid_switcher</body>';
            sub_filter_once on;
            proxy_set_header Accept-Encoding "";
            proxy_pass http://%%BACKEND%%;
        }
"""


def switcher_of(text):
    assert text.count('<div class="vneid-sw"') == 1, text
    start = text.index('<div class="vneid-sw"')
    end = text.index("</body>")
    assert start < end, text
    widget = text[start:end]
    assert widget.endswith("</div>"), widget[-200:]
    return widget


def test_switcher_in_the_portal_page_switches(login_env, portal):
    env = portal_env(login_env, portal, accounts=ACCOUNTS, server_extra=SWITCHER)
    b = env.browser()
    first_login(b)
    choose(b, "duc.hm")
    csrf = b.csrf()

    r = b.get("/page/ho-so")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html"), \
        describe(r)
    text = r.text
    assert '<span id="portal-user">duc.hm</span>' in text      # the portal's own page
    widget = switcher_of(text)
    form = parse_accounts_form(widget)
    assert form, widget
    assert form["action"] == "/_vneid/accounts", form
    assert form["csrf"] == csrf, form
    assert form["return"] == "/", form
    assert [u for u, _, _ in form["accounts"]] == ["duc.hm.tnmt", "motcua.duc"], form
    summary = re.search(r"<summary>(.*?)</summary>", widget, re.S).group(1)
    assert "duc.hm" in summary and "motcua.duc" not in summary, summary
    assert "Hoàng Minh Đức &lt;TN&amp;MT&gt;" in widget and "<TN&MT>" not in widget

    # the widget's form, posted as the browser would
    r = b.switch("motcua.duc", csrf=form["csrf"], ret=form["return"], action=form["action"])
    assert r.status_code == 303, describe(r)
    assert r.headers["Location"] in ("/", env.base + "/"), describe(r)
    assert_expired(set_cookies(r))
    r = b.get("/page/ho-so")
    assert '<span id="portal-user">motcua.duc</span>' in r.text, r.text
    form = parse_accounts_form(switcher_of(r.text))
    assert [u for u, _, _ in form["accounts"]] == ["duc.hm", "duc.hm.tnmt"], form
    summary = re.search(r"<summary>(.*?)</summary>", r.text, re.S).group(1)
    assert "motcua.duc" in summary and "duc.hm" not in summary, summary
    seen = portal.last()
    assert seen["portal"]["user"] == "motcua.duc" and seen.header_all(
        "X-VNeID-Account") == ["motcua.duc"], seen["portal"]

    # no session: no widget, the page as the portal sent it
    r = env.browser().get("/pub/trang")
    assert r.status_code == 200 and "vneid-sw" not in r.text, describe(r)
    assert r.text.endswith("</body>\n</html>\n"), r.text[-100:]
