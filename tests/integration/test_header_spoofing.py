"""No client-sent identity header reaches the backend: any header whose name
starts with the prefix (case-insensitive, '-' and '_' alike) is removed in
every mode, and with a session the injected values are the only ones the
backend sees."""

import pytest

import harness
from harness import NAV_HEADERS, backend_json, cookie_header, prefixed, standard_http

CONF = standard_http(
    server="underscores_in_headers on;",
    locations="""
        location /private-noheaders/ {
            vneid on;
            vneid_headers off;
            proxy_pass http://%%BACKEND%%;
        }
        location /staff/ {
            vneid on;
            vneid_header_prefix X-Staff-;
            proxy_pass http://%%BACKEND%%;
        }
        location /private-redirect/ {
            vneid on;
            try_files /nonexistent-file @inner;
        }
        location @inner {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location /seen/ {
            vneid optional;
            add_header X-Seen "[$http_x_vneid_citizen_id|$http_x_vneid_name]" always;
            proxy_pass http://%%BACKEND%%;
        }
    """)

INJECTED = ["X-VNeID-Citizen-Id", "X-VNeID-Name", "X-VNeID-Level",
            "X-VNeID-Account", "X-VNeID-Accounts"]

# Forged copies of what the gateway injects, in many spellings.
FORGED = [
    ("X-VNeID-Citizen-Id", "999999999999"),
    ("x-vneid-citizen-id", "888888888888"),
    ("X-VNEID-CITIZEN-ID", "777777777777"),
    ("X-VNeID-Name", "Kẻ Giả Mạo"),
    ("X-VNeID-Level", "9"),
    ("X-VNeID-Account", "admin"),
    ("X-VNeID-Accounts", "admin,root"),
    ("X-VNeID-Role", "superuser"),
    ("X-VNeID-", "empty-suffix"),
    ("x-vNeId-anything", "1"),
]
FORGED_UNDERSCORE = [
    ("X_VNeID_Citizen_Id", "666666666666"),
    ("x_vneid_name", "underscore"),
    ("X-VNeID_Level", "8"),
    ("X_VNEID-Account", "mixed"),
    ("x_vneid_", "x"),
]
# Look-alikes that are NOT the prefix and must pass untouched.
LOOKALIKES = [
    ("X-VNeIDCitizen", "keep1"),
    ("X-VNe-ID-Name", "keep2"),
    ("X-VN-eID-Level", "keep3"),
    ("VNeID-Citizen-Id", "keep4"),
    ("X-Forwarded-For", "10.0.0.1"),
    ("X-Citizen-Id", "keep5"),
]


@pytest.fixture
def gw(nginx_factory):
    return nginx_factory(CONF)


def only_injected(seen):
    got = prefixed(seen["headers"])
    want = [
        ("X-VNeID-Citizen-Id", harness.DEFAULT_CITIZEN_ID),
        ("X-VNeID-Name", harness.DEFAULT_NAME),
        ("X-VNeID-Level", "2"),
        ("X-VNeID-Account", "canbo.an"),
        ("X-VNeID-Accounts", "canbo.an,ketoan.an"),
    ]
    assert sorted(got) == sorted(want), seen["headers"]


def test_forged_headers_removed_with_session(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/private/x", headers=FORGED + FORGED_UNDERSCORE + LOOKALIKES
               + [cookie_header(cookie)])
    seen = backend_json(r)
    only_injected(seen)
    for k, v in LOOKALIKES:
        assert seen.header_all(k) == [v], (k, seen["headers"])


@pytest.mark.parametrize("path", ["/opt/x", "/public/x"])
def test_forged_headers_removed_without_session(gw, backend, path):
    """optional without a session (unauthenticated pass-through) and off."""
    seen = backend_json(gw.get(path, headers=FORGED + FORGED_UNDERSCORE + LOOKALIKES))
    assert prefixed(seen["headers"]) == [], seen["headers"]
    for k, v in LOOKALIKES:
        assert seen.header_all(k) == [v]


@pytest.mark.parametrize("path", ["/opt/x", "/public/x"])
def test_forged_headers_removed_with_session_in_optional_and_off(gw, backend, path):
    cookie = gw.create_session()
    seen = backend_json(gw.get(path, headers=[cookie_header(cookie)] + FORGED))
    if path == "/opt/x":
        only_injected(seen)
    else:
        assert prefixed(seen["headers"]) == [], seen["headers"]


def test_forged_headers_with_invalid_session_in_optional(gw, backend):
    seen = backend_json(gw.get("/opt/x", headers=FORGED + [cookie_header("forged")]))
    assert prefixed(seen["headers"]) == [], seen["headers"]


def test_headers_off_still_strips(gw, backend):
    cookie = gw.create_session()
    seen = backend_json(gw.get("/private-noheaders/x", headers=FORGED + [cookie_header(cookie)]))
    assert prefixed(seen["headers"]) == [], seen["headers"]


@pytest.mark.parametrize("path", ["/private/x", "/opt/x"])
def test_forged_header_right_before_the_cookie(gw, backend, path):
    """The most ordinary forgery: one identity header, then the session
    cookie (the cookie is the last header, so removing it empties the
    list's last part)."""
    cookie = gw.create_session()
    seen = backend_json(gw.get(path, headers=[("X-VNeID-Citizen-Id", "999999999999"),
                                              cookie_header(cookie)]))
    only_injected(seen)


@pytest.mark.parametrize("count", [19, 25, 45])
@pytest.mark.parametrize("path", ["/opt/x", "/public/x"])
def test_long_run_of_forged_headers(gw, backend, path, count):
    """A run of forged headers across nginx's 20-element list parts."""
    headers = [("X-VNeID-H%d" % i, "v%d" % i) for i in range(count)]
    seen = backend_json(gw.get(path, headers=headers + [("X-After", "1")]))
    assert prefixed(seen["headers"]) == [], seen["headers"]
    assert seen.header_all("X-After") == ["1"]
    # and nothing malformed (an empty header name) was sent upstream
    assert all(k for k, _ in seen["headers"]), seen["headers"]


def test_forged_first_and_last_and_in_a_row(gw, backend):
    """Positions that stress list surgery: the very first header line, the
    last one, long runs, and nginx's 20-element list-part boundaries."""
    cookie = gw.create_session()
    headers = [("X-VNeID-Citizen-Id", "first")]
    for i in range(60):
        if i % 3 == 0 or 18 <= i <= 24 or 38 <= i <= 42:
            headers.append(("X-VNeID-Forged-%d" % i, str(i)))
        else:
            headers.append(("X-Keep-%d" % i, str(i)))
    headers.append(cookie_header(cookie))
    headers += [("X_VNeID_Name", "run%d" % i) for i in range(25)]
    headers.append(("X-VNeID-Level", "last"))
    raw = harness.build_request("GET", "/private/x", headers, host=None)
    # the forged Citizen-Id before Host: the very first header line
    raw = raw.replace(b"GET /private/x HTTP/1.1\r\n",
                      b"GET /private/x HTTP/1.1\r\nX-VNeID-Citizen-Id: first\r\nHost: localhost\r\n", 1)
    seen = backend_json(gw.raw(raw))
    only_injected(seen)
    kept = [k for k, _ in seen["headers"] if k.startswith("X-Keep-")]
    assert kept == ["X-Keep-%d" % i for i in range(60)
                    if not (i % 3 == 0 or 18 <= i <= 24 or 38 <= i <= 42)], kept


def test_only_forged_headers(gw, backend):
    headers = [("X-VNeID-H%d" % i, str(i)) for i in range(45)]
    seen = backend_json(gw.get("/opt/x", headers=headers))
    assert prefixed(seen["headers"]) == [], seen["headers"]
    assert seen.header("Host")


def test_without_underscores_in_headers_nginx_drops_them(nginx_factory, backend):
    """Default nginx (underscores_in_headers off) ignores such names; they
    must not reach the backend either way."""
    n = nginx_factory(standard_http())
    cookie = n.create_session()
    seen = backend_json(n.get("/private/x", headers=[cookie_header(cookie)]
                              + FORGED_UNDERSCORE + FORGED))
    only_injected(seen)


def test_custom_prefix(gw, backend):
    cookie = gw.create_session()
    forged = [("X-Staff-Citizen-Id", "999"), ("x_staff_name", "evil"),
              ("X-STAFF-Level", "9")]
    seen = backend_json(gw.get("/staff/x", headers=[cookie_header(cookie)] + forged))
    got = prefixed(seen["headers"], "X-Staff-")
    assert sorted(got) == sorted([
        ("X-Staff-Citizen-Id", harness.DEFAULT_CITIZEN_ID),
        ("X-Staff-Name", harness.DEFAULT_NAME),
        ("X-Staff-Level", "2"),
        ("X-Staff-Account", "canbo.an"),
        ("X-Staff-Accounts", "canbo.an,ketoan.an"),
    ]), seen["headers"]


def test_custom_prefix_without_session(gw, backend):
    """With a custom prefix the unauthenticated 401 still goes out and no
    X-Staff-* header reaches anyone."""
    r = gw.get("/staff/x", headers=harness.API_HEADERS + [("X-Staff-Citizen-Id", "999")])
    assert r.status == 401
    assert backend.count() == 0


def test_internal_redirect_does_not_duplicate(gw, backend):
    """try_files -> named location: the access phase runs again; the
    backend still sees each identity header exactly once, with the real
    values."""
    cookie = gw.create_session()
    seen = backend_json(gw.get("/private-redirect/x", headers=[cookie_header(cookie)] + FORGED))
    only_injected(seen)


def test_stripped_before_variables_see_them(gw, backend):
    """$http_x_vneid_* (what other modules and the config see) no longer has
    the client's value: stripping happens before anything reads them."""
    r = gw.get("/seen/x", headers=[("X-VNeID-Citizen-Id", "999"),
                                   ("X-VNeID-Name", "evil")])
    assert r.status == 200
    assert r.header("X-Seen") == "[|]", r


def test_endpoint_strips_forged_headers(gw, backend):
    r = gw.get("/_vneid/whoami", headers=FORGED + FORGED_UNDERSCORE)
    assert r.status == 401
    assert backend.count() == 0
    assert "999999999999" not in r.text()


def test_forged_headers_on_unauthenticated_protected_request(gw, backend):
    """Forged identity never substitutes for a session."""
    for h in (NAV_HEADERS, harness.API_HEADERS):
        r = gw.get("/private/x", headers=h + FORGED + FORGED_UNDERSCORE)
        assert r.status in (302, 401), r
    assert backend.count() == 0


def test_http10_request(gw, backend):
    cookie = gw.create_session()
    raw = ("GET /private/x HTTP/1.0\r\nX-VNeID-Citizen-Id: 999\r\n"
           "Cookie: vneid_session=%s\r\n\r\n" % cookie).encode()
    seen = backend_json(gw.raw(raw))
    only_injected(seen)
