"""The gateway's own location (vneid_endpoint): whoami answers 200 with the
identity or 401 {"authenticated": false}; the location strips forged
identity headers like any other; unknown pages are 404; nothing is proxied."""

import pytest

import harness
from harness import API_HEADERS, NAV_HEADERS, cookie_header

# A second server whose endpoint location shows, via $http_x_vneid_*, what
# identity headers are left after the access phase.
CONF = harness.standard_http(server="underscores_in_headers on;") + """
    server {
        listen 127.0.0.1:%%PORT2%%;
        underscores_in_headers on;
        vneid on;
        location /sso/ {
            vneid_endpoint;
            add_header X-Seen "[$http_x_vneid_citizen_id|$http_x_vneid_name|$http_x_vneid_level]" always;
        }
        location / { proxy_pass http://%%BACKEND%%; }
    }
"""


@pytest.fixture
def gw(nginx_factory):
    return nginx_factory(CONF)


def json_of(r, status):
    assert r.status == status, r
    assert (r.header("Content-Type") or "").split(";")[0] == "application/json", r
    return r.json()


def test_whoami_with_session(gw, backend):
    cookie = gw.create_session(level=3, accounts=("canbo.an", "ketoan.an"), active="ketoan.an")
    body = json_of(gw.get("/_vneid/whoami", headers=[cookie_header(cookie)]), 200)
    assert body["authenticated"] is True
    assert body["citizen_id"] == harness.DEFAULT_CITIZEN_ID
    assert body["name"] == harness.DEFAULT_NAME
    assert body["level"] == 3
    assert body["account"] == "ketoan.an"
    assert body["accounts"] == [
        {"username": "canbo.an", "display_name": "", "unit": ""},
        {"username": "ketoan.an", "display_name": "", "unit": ""}]
    assert backend.count() == 0


def test_whoami_without_accounts(gw, backend):
    cookie = gw.create_session(accounts=())
    body = json_of(gw.get("/_vneid/whoami", headers=[cookie_header(cookie)]), 200)
    assert body["authenticated"] is True
    assert body.get("accounts") in ([], None)


@pytest.mark.parametrize("cookie", [None, "garbage", "A" * 43, "expired"])
def test_whoami_without_valid_session(gw, backend, cookie):
    headers = list(API_HEADERS)
    if cookie == "expired":
        cookie = gw.create_session(idle_ago=3 * 3600)
    if cookie is not None:
        headers.append(cookie_header(cookie))
    body = json_of(gw.get("/_vneid/whoami", headers=headers), 401)
    assert body["authenticated"] is False
    assert "citizen_id" not in body
    assert backend.count() == 0


def test_whoami_navigation_is_still_json(gw, backend):
    """whoami is for the portal's scripts: no login redirect, even for a
    navigation."""
    body = json_of(gw.get("/_vneid/whoami", headers=NAV_HEADERS), 401)
    assert body["authenticated"] is False


def test_whoami_not_cacheable(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/_vneid/whoami", headers=[cookie_header(cookie)])
    assert r.status == 200
    assert "no-store" in (r.header("Cache-Control") or ""), r


def test_whoami_head(gw, backend):
    cookie = gw.create_session()
    r = gw.request("HEAD", "/_vneid/whoami", headers=[cookie_header(cookie)])
    assert r.status == 200 and r.body == b""
    r = gw.request("HEAD", "/_vneid/whoami")
    assert r.status == 401 and r.body == b""


def test_whoami_post_not_allowed(gw, backend):
    cookie = gw.create_session()
    r = gw.request("POST", "/_vneid/whoami", body="x=1", headers=[cookie_header(cookie)])
    assert r.status == 405, r


def test_whoami_does_not_refresh_the_session(gw, backend):
    """A widget polling whoami is not a person at the desk."""
    cookie = gw.create_session(idle_ago=300)
    before = gw.show_session(cookie)["last_activity"]
    assert gw.get("/_vneid/whoami", headers=[cookie_header(cookie)]).status == 200
    assert gw.show_session(cookie)["last_activity"] == before


@pytest.mark.parametrize("page", ["definitely-not-a-page", "whoami/extra", "WHOAMI",
                                  "whoami.json", "../_vneid/nope", "%00"])
def test_unknown_page_404(gw, backend, page):
    r = gw.get("/_vneid/" + page, headers=NAV_HEADERS)
    assert r.status in (404, 400), r
    assert backend.count() == 0


def test_unknown_page_404_with_session(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/_vneid/definitely-not-a-page", headers=[cookie_header(cookie)])
    assert r.status == 404, r
    assert backend.count() == 0


FORGED = [("X-VNeID-Citizen-Id", "999999999999"), ("x_vneid_name", "evil"),
          ("X-VNEID-LEVEL", "9"), ("X-VNeID-Account", "admin")]


def test_endpoint_strips_forged_headers(gw, backend):
    r = gw.get("/sso/whoami", port=gw.port2, headers=FORGED)
    assert r.status == 401, r
    assert r.header("X-Seen") == "[||]", r
    assert r.json()["authenticated"] is False


def test_endpoint_strips_forged_headers_with_session(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/sso/whoami", port=gw.port2, headers=[cookie_header(cookie)] + FORGED)
    assert r.status == 200, r
    assert r.header("X-Seen") == "[||]", r
    body = r.json()
    assert body["citizen_id"] == harness.DEFAULT_CITIZEN_ID
    assert "999999999999" not in r.text()


def test_endpoint_under_server_wide_login_requirement(gw, backend):
    """vneid on for the server must not lock the endpoint itself."""
    r = gw.get("/sso/whoami", port=gw.port2, headers=NAV_HEADERS)
    assert r.status == 401 and r.json()["authenticated"] is False
    r = gw.get("/other", port=gw.port2, headers=NAV_HEADERS)
    assert r.status == 302
    path, _ = harness.login_redirect_target(r)
    assert path == "/sso/login"
