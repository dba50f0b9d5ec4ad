"""Subrequests (SSI include virtual, here) used to skip the module: a page in
a `vneid off` location could include a protected backend without a session.
Now a subrequest into a protected location is served only on the main
request's verified session, with that identity injected into its own copy of
the headers, and refused (403) otherwise."""

import os

import pytest

import harness
from harness import cookie_header

CONF = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name localhost;
        location /_vneid/ {
            vneid_endpoint;
        }
        location /private/ {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location /staff/ {
            vneid on;
            vneid_header_prefix X-Staff-;
            proxy_pass http://%%BACKEND%%;
        }
        location /opt/ {
            vneid optional;
            proxy_pass http://%%BACKEND%%;
        }
        location /pages/ {
            vneid off;
            ssi on;
            root %%DIR%%/html;
        }
    }
    # a server with no vneid directive including a protected one's page
    server {
        listen 127.0.0.1:%%PORT2%%;
        server_name other;
        location /pages/ {
            ssi on;
            root %%DIR%%/html;
        }
        location /private/ {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
    }
"""

PAGES = {
    "private.html": '<p>[<!--# include virtual="/private/inc" -->]</p>',
    "staff.html": '<p>[<!--# include virtual="/staff/inc" -->]</p>',
    "opt.html": '<p>[<!--# include virtual="/opt/inc" -->]</p>',
    "endpoint.html": '<p>[<!--# include virtual="/_vneid/whoami" -->]</p>',
}


@pytest.fixture
def gw(nginx_factory, backend):
    n = nginx_factory(CONF, start=False)
    html = os.path.join(n.dir, "html", "pages")
    os.makedirs(html, 0o755)
    os.chmod(os.path.join(n.dir, "html"), 0o755)
    for name, text in PAGES.items():
        with open(os.path.join(html, name), "w") as f:
            f.write(text)
        os.chmod(os.path.join(html, name), 0o644)
    n.start()
    return n


def test_include_without_session_is_refused(gw, backend):
    r = gw.get("/pages/private.html", headers=[("X-VNeID-Citizen-Id", "999999999999")])
    assert r.status == 200
    assert backend.count() == 0, "the protected backend was reached without a session"
    assert "999999999999" not in r.text()
    assert "subrequest \"/private/inc\" to a protected location refused" in gw.read_log()


def test_include_with_session_carries_the_verified_identity(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/pages/private.html",
               headers=[cookie_header(cookie), ("X-VNeID-Citizen-Id", "999999999999")])
    assert r.status == 200
    seen = backend.last()
    assert seen.header_all("X-VNeID-Citizen-Id") == [harness.DEFAULT_CITIZEN_ID]
    assert seen.header("Cookie") is None


def test_include_uses_the_locations_own_prefix(gw, backend):
    cookie = gw.create_session()
    gw.get("/pages/staff.html",
           headers=[cookie_header(cookie), ("X-Staff-Citizen-Id", "999999999999")])
    seen = backend.last()
    assert seen.header_all("X-Staff-Citizen-Id") == [harness.DEFAULT_CITIZEN_ID]


def test_optional_include_is_anonymous_and_sanitised(gw, backend):
    gw.get("/pages/opt.html", headers=[("X-VNeID-Citizen-Id", "999999999999"),
                                       ("Cookie", "a=1")])
    seen = backend.last()
    assert seen.header("X-VNeID-Citizen-Id") is None


def test_endpoint_is_never_a_subrequest(gw):
    cookie = gw.create_session()
    r = gw.get("/pages/endpoint.html", headers=[cookie_header(cookie)])
    assert "csrf" not in r.text()


def test_include_from_an_unconfigured_location_is_refused(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/pages/private.html", port=gw.port2,
               headers=[cookie_header(cookie), ("X-VNeID-Citizen-Id", "999999999999")])
    assert r.status == 200
    assert backend.count() == 0
