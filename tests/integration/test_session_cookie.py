"""The session cookie: a valid one lets the request through with the verified
identity; forged, garbage, oversized or wrong-length values are "no session"
(302/401, never 5xx, nothing alarming in error.log); the gateway's cookie
never reaches the backend, other cookies do, in order."""

import base64
import os
import secrets
import shutil

import pytest

import harness
from harness import (API_HEADERS, NAV_HEADERS, backend_json, cookie_header,
                     prefixed, standard_http)


@pytest.fixture
def gw(nginx_factory):
    return nginx_factory(standard_http())


def assert_no_error_lines(n):
    bad = [l for l in n.read_log().splitlines()
           if any(m in l for m in ("[error]", "[alert]", "[crit]", "[emerg]"))]
    assert not bad, "\n".join(bad)


def assert_refused(n, backend, cookie_value, name="vneid_session"):
    """A navigation is sent to the login page and an API call gets 401; the
    backend sees neither."""
    before = backend.count()
    r = n.get("/private/doc", headers=NAV_HEADERS + [cookie_header(cookie_value, name)])
    assert r.status == 302, (cookie_value, r)
    path, ret = harness.login_redirect_target(r)
    assert path == "/_vneid/login", r
    r = n.get("/private/doc", headers=API_HEADERS + [cookie_header(cookie_value, name)])
    assert r.status == 401, (cookie_value, r)
    r.json()
    assert backend.count() == before, backend.requests[before:]


# --- a valid session -----------------------------------------------------------

def test_valid_session_passes_with_identity(gw, backend):
    cookie = gw.create_session(accounts=("canbo.an", "ketoan.an"), active="ketoan.an",
                               level=3)
    r = gw.get("/private/ho-so?id=7", headers=NAV_HEADERS + [cookie_header(cookie)])
    seen = backend_json(r)
    assert seen["path"] == "/private/ho-so?id=7"
    assert seen.header_all("X-VNeID-Citizen-Id") == [harness.DEFAULT_CITIZEN_ID]
    assert seen.header_all("X-VNeID-Name") == [harness.DEFAULT_NAME]
    assert seen.header_all("X-VNeID-Level") == ["3"]
    assert seen.header_all("X-VNeID-Account") == ["ketoan.an"]
    assert seen.header_all("X-VNeID-Accounts") == ["canbo.an,ketoan.an"]
    assert_no_error_lines(gw)


def test_valid_session_for_api_and_xhr(gw, backend):
    cookie = gw.create_session()
    for h in (API_HEADERS, harness.XHR_HEADERS, harness.FETCH_HEADERS, harness.CURL_HEADERS):
        r = gw.get("/private/api/list", headers=h + [cookie_header(cookie)])
        assert backend_json(r).header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID


def test_session_without_legacy_accounts(nginx_factory, backend):
    """vneid_require_account off: identity headers without an account (with
    the default, on, such a session gets the no_account page:
    test_accounts.py)."""
    gw = nginx_factory(standard_http(server="vneid_require_account off;"))
    cookie = gw.create_session(accounts=(), citizen_id="079190001234",
                               name="Trần Thị Bích Ngọc")
    seen = backend_json(gw.get("/private/x", headers=NAV_HEADERS + [cookie_header(cookie)]))
    assert seen.header_all("X-VNeID-Citizen-Id") == ["079190001234"]
    assert seen.header_all("X-VNeID-Name") == ["Trần Thị Bích Ngọc"]
    assert seen.header_all("X-VNeID-Account") == []
    assert seen.header_all("X-VNeID-Accounts") == []


def test_post_with_body_and_session(gw, backend):
    cookie = gw.create_session()
    body = "ma_ho_so=H123&ghi_chu=Đã tiếp nhận"
    r = gw.request("POST", "/private/submit", body=body,
                   headers=[("Content-Type", "application/x-www-form-urlencoded"),
                            cookie_header(cookie)] + NAV_HEADERS)
    seen = backend_json(r)
    assert seen["method"] == "POST"
    assert seen["body"] == body
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID


# --- forged and garbage values ----------------------------------------------------

def _b64(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_forged_well_formed_cookie(gw, backend):
    # exactly the shape of a real cookie (43 base64url chars), never issued
    assert_refused(gw, backend, _b64(secrets.token_bytes(32)))
    assert_no_error_lines(gw)


def test_cookie_of_another_store_is_refused(gw, backend):
    other = harness.make_test_dir("vneid-other-store-")
    try:
        foreign = harness.create_session(os.path.join(other, "store"))
    finally:
        shutil.rmtree(other, ignore_errors=True)
    assert_refused(gw, backend, foreign)


def garbage_values(valid):
    flipped = valid[:10] + ("A" if valid[10] != "A" else "B") + valid[11:]
    # same 32 bytes, non-canonical spelling: unused low bits of the last char set
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    i = last.index(valid[-1])
    noncanon = valid[:-1] + last[i ^ 1]
    return [
        "", "x", "null", "undefined", "!!!!", "' OR '1'='1", "../../etc/passwd",
        valid[:-1],                 # 42 chars
        valid + "A",                # 44 chars
        valid + "=",                # padded
        valid + valid,              # 86 chars
        flipped,                    # right length, wrong secret
        noncanon,
        valid.replace(valid[5], "+", 1) if valid[5] not in "+" else "+" * 43,
        "/" * 43, "=" * 43, "A" * 43, "_" * 43,
        '"%s"' % valid,             # quoted
        valid[:20] + "%41" + valid[21:],
        "%s%%00" % valid,
        " " + valid[:-1],
        "ờ" * 43,                   # non-ASCII bytes
        "\x7f" * 43,
        "A" * 4000,                 # long, but under nginx's header limit
        base64.b64encode(secrets.token_bytes(32)).decode(),  # standard alphabet, padded
    ]


def test_garbage_cookie_values(gw, backend):
    valid = gw.create_session()
    for value in garbage_values(valid):
        if value == valid:
            continue
        assert_refused(gw, backend, value)
    assert_no_error_lines(gw)


def test_garbage_never_500_in_optional_and_off(gw, backend):
    valid = gw.create_session()
    for value in garbage_values(valid):
        for path in ("/opt/x", "/public/x"):
            r = gw.get(path, headers=NAV_HEADERS + [cookie_header(value)])
            seen = backend_json(r)
            assert prefixed(seen["headers"]) == [], (value, seen)
    assert_no_error_lines(gw)


def test_oversized_cookie_header(gw, backend):
    """> 8k of cookie: nginx's own 400 ("Request Header Or Cookie Too
    Large", internally 494) at most, never the backend, never a crash."""
    for size in (9000, 20000, 70000):
        r = gw.get("/private/x", headers=NAV_HEADERS + [cookie_header("A" * size)])
        assert r.status in (400, 494), r
        r = gw.get("/public/x", headers=NAV_HEADERS + [cookie_header("A" * size)])
        assert r.status in (400, 494), r
    assert backend.count() == 0
    # and nginx is fine afterwards
    cookie = gw.create_session()
    assert gw.get("/private/x", headers=[cookie_header(cookie)]).status == 200


def test_many_cookie_headers_and_pairs(gw, backend):
    cookie = gw.create_session()
    pairs = "; ".join("c%d=v%d" % (i, i) for i in range(150))
    r = gw.get("/private/x", headers=[("Cookie", pairs),
                                      ("Cookie", "vneid_session=%s; last=1" % cookie)])
    seen = backend_json(r)
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID
    assert cookie not in repr(seen["headers"])


def test_other_cookie_names_are_not_the_session(gw, backend):
    cookie = gw.create_session()
    for name in ("vneid_session_x", "xvneid_session", "vneid", "vneid-session"):
        assert_refused(gw, backend, cookie, name=name)


def test_revoked_session_is_refused_at_once(gw, backend):
    cookie = gw.create_session()
    assert gw.get("/private/x", headers=[cookie_header(cookie)]).status == 200
    assert gw.seed("destroy", cookie).returncode == 0
    assert_refused(gw, backend, cookie)


# --- the gateway's cookie is not forwarded ------------------------------------------

def cookie_headers(seen):
    return seen.header_all("Cookie")


def test_only_cookie_is_removed_entirely(gw, backend):
    cookie = gw.create_session()
    seen = backend_json(gw.get("/private/x", headers=[cookie_header(cookie)]))
    assert cookie_headers(seen) == []


@pytest.mark.parametrize("sent,expected", [
    ("a=1; vneid_session=@; b=2", ["a=1; b=2"]),
    ("vneid_session=@; JSESSIONID=abc123; lang=vi", ["JSESSIONID=abc123; lang=vi"]),
    ("JSESSIONID=abc123; lang=vi; vneid_session=@", ["JSESSIONID=abc123; lang=vi"]),
    ("z=26;vneid_session=@;a=1", ["z=26; a=1"]),
])
def test_other_cookies_kept_in_order(gw, backend, sent, expected):
    cookie = gw.create_session()
    seen = backend_json(gw.get("/private/x",
                               headers=[("Cookie", sent.replace("@", cookie))]))
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID
    # the pairs the backend gets are the others, in their order
    got = [p.strip() for h in cookie_headers(seen) for p in h.split(";") if p.strip()]
    want = [p.strip() for h in expected for p in h.split(";") if p.strip()]
    assert got == want, seen["headers"]


def test_several_cookie_header_lines(gw, backend):
    cookie = gw.create_session()
    seen = backend_json(gw.get("/private/x", headers=[
        ("Cookie", "a=1"), ("Cookie", "vneid_session=%s" % cookie), ("Cookie", "b=2")]))
    got = [p.strip() for h in cookie_headers(seen) for p in h.split(";") if p.strip()]
    assert got == ["a=1", "b=2"], seen["headers"]


@pytest.mark.parametrize("path", ["/private/x", "/opt/x"])
def test_invalid_session_cookie_not_forwarded_either(gw, backend, path):
    """Whatever its value, the gateway's cookie is the gateway's business."""
    r = gw.get(path, headers=[("Cookie", "a=1; vneid_session=garbage; b=2")])
    if path == "/private/x":
        assert r.status == 401
        return
    seen = backend_json(r)
    got = [p.strip() for h in cookie_headers(seen) for p in h.split(";") if p.strip()]
    assert got == ["a=1", "b=2"], seen["headers"]


@pytest.mark.parametrize("template", [
    "VNEID_SESSION=@",                  # cookie names are case-sensitive...
    "Vneid_Session=@; a=1",
    "a=1, vneid_session=@",             # ...and ',' is not a cookie separator,
    "vneid_session =@; a=1",            # but nginx's cookie parser accepts
    "a=1; vneid_session = @",           # all of these spellings
    "a=1;vneid_session=@",
    "vneid_session=@;",
    ";vneid_session=@",
])
@pytest.mark.parametrize("path", ["/private/x", "/opt/x"])
def test_token_not_forwarded_when_accepted(gw, backend, template, path):
    """Whatever spelling the gateway accepts as its session cookie, it also
    strips: the session secret never reaches the backend (its logs, its
    bugs) alongside the identity it vouched for. (Accepting only the exact
    name is just as good: then the request is simply not authenticated.)"""
    cookie = gw.create_session()
    r = gw.get(path, headers=NAV_HEADERS + [("Cookie", template.replace("@", cookie))])
    assert r.status in (200, 302), r
    for req in backend.requests:
        if req.header("X-VNeID-Citizen-Id") is not None:
            assert cookie not in repr(req["headers"]), (template, req["headers"])


@pytest.mark.parametrize("template", [
    "a=1; vneid_session=@",
    "vneid_session=@; a=1",
    "a=1;vneid_session=@",
    "vneid_session=@;a=1",
])
def test_session_cookie_not_forwarded_from_off_location_spellings(gw, backend, template):
    """vneid off: no check, but the staff session secret still does not go
    to the (public part of the) backend."""
    cookie = gw.create_session()
    seen = backend_json(gw.get("/public/x", headers=[("Cookie", template.replace("@", cookie))]))
    assert cookie not in repr(seen["headers"]), seen["headers"]


def test_session_cookie_not_forwarded_from_off_location(gw, backend):
    """vneid off: no check, but the staff session secret still does not go
    to the (public part of the) backend."""
    cookie = gw.create_session()
    seen = backend_json(gw.get("/public/x", headers=[("Cookie", "a=1; vneid_session=%s" % cookie)]))
    assert cookie not in repr(seen["headers"]), seen["headers"]
    got = [p.strip() for h in cookie_headers(seen) for p in h.split(";") if p.strip()]
    assert got == ["a=1"], seen["headers"]


# --- a configured cookie name ------------------------------------------------------

def test_custom_cookie_name(nginx_factory, backend):
    n = nginx_factory(standard_http(server="vneid_cookie portal_sid;"))
    cookie = n.create_session()
    seen = backend_json(n.get("/private/x", headers=[
        ("Cookie", "vneid_session=other; portal_sid=%s; k=v" % cookie)]))
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID
    got = [p.strip() for h in cookie_headers(seen) for p in h.split(";") if p.strip()]
    assert got == ["vneid_session=other", "k=v"]
    # the default name means nothing here
    assert_refused(n, backend, cookie, name="vneid_session")


def test_cookie_name_per_server(nginx_factory, backend):
    conf = standard_http(server="vneid_cookie sid_a;") + """
    server {
        listen 127.0.0.1:%%PORT2%%;
        vneid_cookie sid_b;
        location / { vneid on; proxy_pass http://%%BACKEND%%; }
    }
    """
    n = nginx_factory(conf)
    cookie = n.create_session()
    assert n.get("/private/x", headers=[cookie_header(cookie, "sid_a")]).status == 200
    assert n.get("/x", port=n.port2, headers=[cookie_header(cookie, "sid_b")]).status == 200
    assert n.get("/x", port=n.port2, headers=API_HEADERS + [cookie_header(cookie, "sid_a")]).status == 401
