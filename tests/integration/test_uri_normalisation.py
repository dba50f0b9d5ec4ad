"""The access decision follows nginx's normalised URI: no spelling of a
protected path reaches the backend without a session (302/401/400/404 are
all fine; the echo backend must simply never see the request)."""

import pytest

import harness
from harness import backend_json

CONF = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name localhost;
        location /_vneid/ { vneid_endpoint; }
        location /private/ {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location / {
            vneid off;
            proxy_pass http://%%BACKEND%%;
        }
    }
"""

BYPASS_ATTEMPTS = [
    "/public/../private/x",
    "/%70rivate/x",
    "/%70%72%69%76%61%74%65/x",
    "//private/x",
    "///private/x",
    "/private//x",
    "/./private/x",
    "/public/./../private/x",
    "/public/..%2Fprivate/x",
    "/public/..%2fprivate/x",
    "/public/%2e%2e/private/x",
    "/public/%2E%2E%2Fprivate/x",
    "/public%2F..%2Fprivate%2Fx",
    "/private%2Fx",
    "/public/../../private/x",
    "/private/../private/x",
    "/private/./x",
    "/private/x/..",
    "/public/x/../../private/x?y=1",
    "/%2E/private/x",
    "/private/%2e%2e/private/x",
    "/private/x%3F/../y",
]


@pytest.fixture
def gw(nginx_factory):
    return nginx_factory(CONF)


def send(gw, target, version="HTTP/1.1", host="localhost"):
    raw = "GET %s %s\r\n" % (target, version)
    if host is not None:
        raw += "Host: %s\r\n" % host
    raw += "Accept: text/html\r\nConnection: close\r\n\r\n"
    return gw.raw(raw.encode())


def test_public_control(gw, backend):
    """The backend is reachable: the tests below would notice a bypass."""
    seen = backend_json(send(gw, "/public/x"))
    assert seen["path"] == "/public/x"


@pytest.mark.parametrize("target", BYPASS_ATTEMPTS)
def test_no_bypass_without_session(gw, backend, target):
    r = send(gw, target)
    assert r.status in (302, 401, 400, 404), (target, r)
    assert backend.requests == [], (target, backend.requests)


@pytest.mark.parametrize("target", ["/public/../private/x", "/public/..%2Fprivate/x",
                                    "//private/x", "/private%2Fx"])
def test_no_bypass_absolute_form(gw, backend, target):
    r = send(gw, "http://localhost:%d%s" % (gw.port, target))
    assert r.status in (302, 401, 400, 404), (target, r)
    assert backend.requests == [], (target, backend.requests)


@pytest.mark.parametrize("target", ["/public/../private/x", "/%70rivate/x", "//private/x"])
def test_no_bypass_http10(gw, backend, target):
    r = send(gw, target, version="HTTP/1.0", host=None)
    assert r.status in (302, 401, 400, 404), (target, r)
    assert backend.requests == []


@pytest.mark.parametrize("target", ["/public/../private/x", "/%70rivate/x",
                                    "/private//x", "/./private/x"])
def test_normalised_protected_path_works_with_session(gw, backend, target):
    cookie = gw.create_session()
    raw = ("GET %s HTTP/1.1\r\nHost: localhost\r\nCookie: vneid_session=%s\r\n"
           "Connection: close\r\n\r\n" % (target, cookie)).encode()
    seen = backend_json(gw.raw(raw))
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID


def test_no_bypass_with_forged_identity(gw, backend):
    for target in BYPASS_ATTEMPTS[:8]:
        raw = ("GET %s HTTP/1.1\r\nHost: localhost\r\nX-VNeID-Citizen-Id: 001085012345\r\n"
               "Accept: text/html\r\nConnection: close\r\n\r\n" % target).encode()
        r = gw.raw(raw)
        assert r.status in (302, 401, 400, 404), (target, r)
    assert backend.requests == []
