"""Internal redirects (index, try_files, error_page) restart request
processing inside nginx and wipe module contexts: the session found before
them, the stripped cookie and the injected identity must survive, and the
header list the module edited must stay intact (this crashed a worker once)."""

import os

import harness
from harness import NAV_HEADERS, backend_json, cookie_header

CONF = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;

        location /_vneid/ { vneid_endpoint; }

        location /site/ {
            vneid on;
            alias %%DIR%%/www/;
            index index.html;
            add_header X-Cid "$vneid_citizen_id" always;
        }
        location /try/ {
            vneid on;
            root %%DIR%%/www;
            try_files $uri /app/fallback;
        }
        location /err/ {
            vneid on;
            root %%DIR%%/www;
            error_page 404 = /app/not-found;
        }
        location /app/ {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
    }
"""

FORGED = [("X-VNeID-Citizen-Id", "999999999999"), ("A", "1"),
          ("x-vneid-name", "forged"), ("B", "2"), ("X-VNeID-Level", "9")]


def start(nginx_factory):
    n = nginx_factory(CONF, start=False)
    www = os.path.join(n.dir, "www")
    os.makedirs(www)
    with open(os.path.join(www, "index.html"), "w") as f:
        f.write("INDEX")
    os.chmod(www, 0o755)
    os.chmod(os.path.join(www, "index.html"), 0o644)
    n.start()
    return n


def test_index_redirect_keeps_the_session(nginx_factory):
    n = start(nginx_factory)
    cookie = n.create_session()
    r = n.get("/site/", NAV_HEADERS + FORGED + [cookie_header(cookie)])
    assert r.status == 200, r
    assert r.text() == "INDEX"
    assert r.header("X-Cid") == harness.DEFAULT_CITIZEN_ID


def test_try_files_fallback_gets_verified_identity_only(nginx_factory, backend):
    n = start(nginx_factory)
    cookie = n.create_session()
    r = n.get("/try/missing", NAV_HEADERS + FORGED + [cookie_header(cookie) ,
                                                      ("Cookie", "portal=1")])
    seen = backend_json(r)
    assert seen["path"] == "/app/fallback"
    assert seen.header_all("X-VNeID-Citizen-Id") == [harness.DEFAULT_CITIZEN_ID]
    assert seen.header_all("X-VNeID-Level") == ["2"]
    assert seen.header("x-vneid-name") == harness.DEFAULT_NAME
    assert "vneid_session" not in " ".join(seen.header_all("Cookie"))
    assert "portal=1" in " ".join(seen.header_all("Cookie"))
    assert seen.header("A") == "1" and seen.header("B") == "2"


def test_error_page_redirect_keeps_the_session(nginx_factory, backend):
    n = start(nginx_factory)
    cookie = n.create_session()
    r = n.get("/err/nope", NAV_HEADERS + FORGED + [cookie_header(cookie)])
    seen = backend_json(r)
    assert seen["path"] == "/app/not-found"
    assert seen.header_all("X-VNeID-Citizen-Id") == [harness.DEFAULT_CITIZEN_ID]


def test_internal_redirect_without_session_still_redirects_to_login(nginx_factory, backend):
    n = start(nginx_factory)
    r = n.get("/site/", NAV_HEADERS + FORGED)
    assert r.status == 302
    assert "/_vneid/login" in r.header("Location")
    assert backend.count() == 0


def test_many_forged_headers_across_list_parts(nginx_factory, backend):
    """nginx keeps request headers in parts of 20: forged headers at part
    boundaries, first and last positions, then an internal redirect."""
    n = start(nginx_factory)
    cookie = n.create_session()
    headers = []
    for i in range(45):
        headers.append(("X-VNeID-F%d" % i, "v%d" % i) if i % 3 else ("K%d" % i, "k%d" % i))
    r = n.get("/try/missing", headers + [cookie_header(cookie)])
    seen = backend_json(r)
    names = [k.lower() for k, _ in seen["headers"]]
    assert not [k for k in names if k.startswith("x-vneid-f")]
    for i in range(0, 45, 3):
        assert seen.header("K%d" % i) == "k%d" % i
    assert seen.header_all("X-VNeID-Citizen-Id") == [harness.DEFAULT_CITIZEN_ID]
