"""No session on a protected location: page navigations go to the login page
(302, original relative URI kept, URL-encoded), programs get 401 with a JSON
body; vneid_unauth_action redirect/401 force one answer; optional passes."""

import urllib.parse

import pytest

import harness
from harness import (API_HEADERS, CURL_HEADERS, FETCH_HEADERS, NAV_HEADERS,
                     OLD_BROWSER_NAV_HEADERS, XHR_HEADERS, backend_json, prefixed)

CONF = harness.standard_http(locations="""
        location /redir/ {
            vneid on;
            vneid_unauth_action redirect;
            proxy_pass http://%%BACKEND%%;
        }
        location /api401/ {
            vneid on;
            vneid_unauth_action 401;
            proxy_pass http://%%BACKEND%%;
        }
    """) + """
    server {
        listen 127.0.0.1:%%PORT2%%;
        vneid on;
        vneid_unauth_action 401;
        location /sso/ { vneid_endpoint; }
        location / { proxy_pass http://%%BACKEND%%; }
        location /pages/ { vneid_unauth_action auto; proxy_pass http://%%BACKEND%%; }
    }
    server {
        listen 127.0.0.1:%%PORT3%%;
        location /app/ { vneid on; proxy_pass http://%%BACKEND%%; }
    }
"""

NAVIGATIONS = {
    "fetch-metadata navigate": NAV_HEADERS,
    "old browser accept html": OLD_BROWSER_NAV_HEADERS,
    "navigate only": [("Sec-Fetch-Mode", "navigate")],
}
PROGRAMS = {
    "xhr": XHR_HEADERS,
    "xhr asking html": [("Accept", "text/html"), ("X-Requested-With", "XMLHttpRequest")],
    "fetch cors": FETCH_HEADERS,
    "fetch asking html": [("Accept", "text/html"), ("Sec-Fetch-Mode", "cors"),
                          ("Sec-Fetch-Dest", "empty")],
    "api json": API_HEADERS,
    "curl": CURL_HEADERS,
    "no accept": [],
    "image": [("Accept", "image/avif,image/webp,*/*"), ("Sec-Fetch-Mode", "no-cors"),
              ("Sec-Fetch-Dest", "image")],
}


@pytest.fixture
def gw(nginx_factory):
    return nginx_factory(CONF)


def assert_login_redirect(r, original, endpoint="/_vneid/"):
    assert r.status == 302, r
    path, ret = harness.login_redirect_target(r)
    assert path == endpoint + "login", r.header("Location")
    assert ret == original, (r.header("Location"), original)
    # absolute_redirect may make it absolute, but only to ourselves
    loc = urllib.parse.urlsplit(r.header("Location"))
    assert loc.netloc in ("", "localhost") or loc.netloc.startswith("localhost:"), loc


def assert_401_json(r):
    assert r.status == 401, r
    ctype = r.header("Content-Type") or ""
    assert ctype.split(";")[0].strip() == "application/json", ctype
    body = r.json()
    assert isinstance(body, dict) and body, body
    return body


@pytest.mark.parametrize("kind", sorted(NAVIGATIONS))
def test_auto_navigation_redirects(gw, backend, kind):
    r = gw.get("/private/ho-so/123", headers=NAVIGATIONS[kind])
    assert_login_redirect(r, "/private/ho-so/123")
    assert backend.count() == 0


@pytest.mark.parametrize("kind", sorted(PROGRAMS))
def test_auto_program_gets_401_json(gw, backend, kind):
    assert_401_json(gw.get("/private/api/ho-so", headers=PROGRAMS[kind]))
    assert backend.count() == 0


def test_auto_post_navigation_and_xhr(gw, backend):
    r = gw.request("POST", "/private/form", body="a=1",
                   headers=NAV_HEADERS + [("Content-Type", "application/x-www-form-urlencoded")])
    assert r.status == 302, r
    r = gw.request("POST", "/private/form", body='{"a":1}',
                   headers=XHR_HEADERS + [("Content-Type", "application/json")])
    assert_401_json(r)
    assert backend.count() == 0


def test_auto_head_navigation(gw, backend):
    r = gw.request("HEAD", "/private/x", headers=NAV_HEADERS)
    assert r.status == 302
    assert backend.count() == 0


@pytest.mark.parametrize("kind", sorted(set(NAVIGATIONS) | set(PROGRAMS)))
def test_redirect_always_redirects(gw, backend, kind):
    headers = NAVIGATIONS.get(kind) or PROGRAMS.get(kind)
    r = gw.get("/redir/page?x=1", headers=headers)
    assert_login_redirect(r, "/redir/page?x=1")
    assert backend.count() == 0


@pytest.mark.parametrize("kind", sorted(set(NAVIGATIONS) | set(PROGRAMS)))
def test_401_always_401(gw, backend, kind):
    headers = NAVIGATIONS.get(kind) or PROGRAMS.get(kind)
    assert_401_json(gw.get("/api401/page", headers=headers))
    assert backend.count() == 0


def test_optional_passes_without_identity(gw, backend):
    for headers in (NAV_HEADERS, API_HEADERS):
        seen = backend_json(gw.get("/opt/page?a=b", headers=headers))
        assert seen["path"] == "/opt/page?a=b"
        assert prefixed(seen["headers"]) == []


@pytest.mark.parametrize("target", [
    "/private/",
    "/private/x?a=1&b=2",
    "/private/search?q=h%E1%BB%93+s%C6%A1&page=2",
    "/private/h%E1%BB%93-s%C6%A1/chi-ti%E1%BA%BFt",
    "/private/a%2Fb?next=%2Fprivate%2Fc%3Fd%3D1%26e%3D2",
    "/private/x?return=/evil&return=//evil.example",
    "/private/x#fragment-not-sent-by-browsers",
    "/private/x?a=%25&b=%23&c=%3D",
    "/private/x?",
])
def test_return_url_kept_and_encoded(gw, backend, target):
    r = gw.get(target, headers=NAV_HEADERS)
    assert_login_redirect(r, target)
    # URL-encoded: the return value cannot add parameters or a fragment to
    # the login URL
    query = urllib.parse.urlsplit(r.header("Location")).query
    assert [k for k, _ in urllib.parse.parse_qsl(query, keep_blank_values=True)] == ["return"]
    assert "#" not in r.header("Location")


def test_return_url_for_401_json_body(gw, backend):
    """The JSON answer parses, whatever the request path holds."""
    body = assert_401_json(gw.get('/private/x?q="quoted"&u=%F0%9F%98%80', headers=API_HEADERS))
    assert "authenticated" not in body or body["authenticated"] is False


@pytest.mark.parametrize("target", ["//private/x", "//evil.example/private/x"])
def test_return_url_never_protocol_relative(gw, backend, target):
    """merge_slashes maps //private/x to /private/x; the return parameter
    must still be a same-site path, never //host (open redirect)."""
    r = gw.get(target, headers=NAV_HEADERS)
    assert backend.count() == 0 or all(
        req["path"] != target for req in backend.requests)
    if r.status != 302:
        return
    _, ret = harness.login_redirect_target(r)
    if ret is not None:
        assert ret.startswith("/") and not ret.startswith("//") \
            and not ret.startswith("/\\"), ret


def test_absolute_form_request_line(gw, backend):
    """GET http://host/path: the return parameter is the relative path."""
    raw = ("GET http://localhost:%d/private/x?y=1 HTTP/1.1\r\nHost: localhost\r\n"
           "Accept: text/html\r\nConnection: close\r\n\r\n" % gw.port).encode()
    r = gw.raw(raw)
    assert r.status == 302, r
    _, ret = harness.login_redirect_target(r)
    assert ret == "/private/x?y=1", r.header("Location")


def test_server_level_policy_and_location_override(gw, backend):
    # server says vneid on + 401: even navigations get 401 ...
    assert_401_json(gw.get("/anything", port=gw.port2, headers=NAV_HEADERS))
    # ... except where a location says auto, which redirects to this
    # server's own endpoint location
    r = gw.get("/pages/x", port=gw.port2, headers=NAV_HEADERS)
    assert_login_redirect(r, "/pages/x", endpoint="/sso/")
    assert backend.count() == 0


def test_server_without_endpoint_uses_default_login_path(gw, backend):
    r = gw.get("/app/x", port=gw.port3, headers=NAV_HEADERS)
    assert_login_redirect(r, "/app/x")


def test_endpoint_reachable_without_session_when_server_requires_login(gw, backend):
    """vneid on for the whole server must not protect the login pages
    themselves (no redirect loop)."""
    r = gw.get("/sso/whoami", port=gw.port2, headers=NAV_HEADERS)
    assert r.status == 401, r
    assert r.json().get("authenticated") is False


@pytest.mark.parametrize("lang", ["vi", "en", "vi-VN,vi;q=0.9,en;q=0.8", "fr", "*", ""])
def test_401_json_in_any_language(gw, backend, lang):
    body = assert_401_json(gw.get("/private/x", headers=API_HEADERS + [("Accept-Language", lang)]))
    assert all(isinstance(k, str) for k in body)
