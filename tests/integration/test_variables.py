"""$vneid_* variables in proxy_set_header, add_header, log_format, map and if;
$vneid_status is ok | none | invalid | expired."""

import json
import secrets

import pytest

import harness
from harness import API_HEADERS, NAV_HEADERS, backend_json, cookie_header

CONF = """
    vneid_store %%STORE%%;
    vneid_session_idle_timeout 10m;
    log_format vneid escape=json
        '{"uri":"$request_uri","status":"$vneid_status","cid":"$vneid_citizen_id",'
        '"name":"$vneid_name","account":"$vneid_account","accounts":"$vneid_accounts",'
        '"level":"$vneid_level","code":"$status"}';
    map $vneid_level $vneid_strong {
        default "no";
        "~^[3-9]$" "yes";
    }
    server {
        listen 127.0.0.1:%%PORT%%;
        access_log %%DIR%%/vneid.log vneid;
        add_header X-Status "$vneid_status" always;

        location /_vneid/ { vneid_endpoint; }

        location /private/ {
            vneid on;
            vneid_headers off;
            proxy_set_header X-Portal-Cid $vneid_citizen_id;
            proxy_set_header X-Portal-Name $vneid_name;
            proxy_set_header X-Portal-User $vneid_account;
            proxy_set_header X-Portal-Users $vneid_accounts;
            proxy_set_header X-Portal-Level $vneid_level;
            proxy_set_header X-Portal-Strong $vneid_strong;
            add_header X-Status "$vneid_status" always;
            add_header X-Cid "$vneid_citizen_id" always;
            proxy_pass http://%%BACKEND%%;
        }
        location /opt/ {
            vneid optional;
            proxy_set_header X-Portal-User $vneid_account;
            add_header X-Status "$vneid_status" always;
            proxy_pass http://%%BACKEND%%;
        }
        location /gate/ {
            vneid optional;
            if ($vneid_status != "ok") {
                return 403;
            }
            proxy_pass http://%%BACKEND%%;
        }
        location / {
            vneid off;
            proxy_set_header X-Portal-User $vneid_account;
            add_header X-Status "$vneid_status" always;
            proxy_pass http://%%BACKEND%%;
        }
    }
"""


@pytest.fixture
def gw(nginx_factory):
    return nginx_factory(CONF)


def log_entry(n, uri):
    lines = n.wait_log(r'"uri":"%s"' % uri.replace("?", r"\?"), name="vneid.log")
    assert lines, n.read_log("vneid.log")
    return json.loads(lines[-1])


def test_variables_with_session(gw, backend):
    cookie = gw.create_session(level=3, accounts=("canbo.an", "ketoan.an"),
                               active="canbo.an")
    r = gw.get("/private/v1", headers=NAV_HEADERS + [cookie_header(cookie)])
    seen = backend_json(r)
    assert seen.header_all("X-Portal-Cid") == [harness.DEFAULT_CITIZEN_ID]
    assert seen.header_all("X-Portal-Name") == [harness.DEFAULT_NAME]
    assert seen.header_all("X-Portal-User") == ["canbo.an"]
    assert seen.header_all("X-Portal-Users") == ["canbo.an,ketoan.an"]
    assert seen.header_all("X-Portal-Level") == ["3"]
    assert seen.header_all("X-Portal-Strong") == ["yes"]
    assert harness.prefixed(seen["headers"]) == []     # vneid_headers off
    assert r.header("X-Status") == "ok"
    assert r.header("X-Cid") == harness.DEFAULT_CITIZEN_ID
    entry = log_entry(gw, "/private/v1")
    assert entry == {"uri": "/private/v1", "status": "ok", "cid": harness.DEFAULT_CITIZEN_ID,
                     "name": harness.DEFAULT_NAME, "account": "canbo.an",
                     "accounts": "canbo.an,ketoan.an", "level": "3", "code": "200"}


def test_map_on_level(gw, backend):
    cookie = gw.create_session(level=2)
    seen = backend_json(gw.get("/private/v2", headers=[cookie_header(cookie)]))
    assert seen.header_all("X-Portal-Strong") == ["no"]


@pytest.mark.parametrize("kind,expected", [
    ("no cookie", "none"),
    ("unknown session", "none"),
    ("malformed", "invalid"),
    ("expired", "expired"),
])
def test_status_values_when_refused(gw, backend, kind, expected):
    headers = API_HEADERS
    if kind == "unknown session":
        headers = headers + [cookie_header(secrets.token_urlsafe(32))]
    elif kind == "malformed":
        headers = headers + [cookie_header("not-a-session!")]
    elif kind == "expired":
        headers = headers + [cookie_header(gw.create_session(idle_ago=3600))]
    uri = "/private/s-%s" % kind.replace(" ", "-")
    r = gw.get(uri, headers=headers)
    assert r.status == 401, r
    assert r.header("X-Status") == expected, r
    entry = log_entry(gw, uri)
    assert entry["status"] == expected
    assert entry["cid"] == "" and entry["name"] == "" and entry["account"] == ""
    assert entry["code"] == "401"


@pytest.mark.parametrize("kind,expected", [
    ("none", "none"), ("invalid", "invalid"), ("expired", "expired"), ("ok", "ok")])
def test_status_in_optional(gw, backend, kind, expected):
    headers = []
    if kind == "invalid":
        headers = [cookie_header("%%%")]
    elif kind == "expired":
        headers = [cookie_header(gw.create_session(idle_ago=3600))]
    elif kind == "ok":
        headers = [cookie_header(gw.create_session())]
    r = gw.get("/opt/%s" % kind, headers=headers)
    seen = backend_json(r)
    assert r.header("X-Status") == expected, r
    if kind == "ok":
        assert seen.header_all("X-Portal-User") == ["canbo.an"]
    else:
        # an empty proxy_set_header value sends no header at all
        assert seen.header_all("X-Portal-User") == []
    assert log_entry(gw, "/opt/%s" % kind)["status"] == expected


def test_if_on_status(gw, backend):
    assert gw.get("/gate/x").status == 403
    assert backend.count() == 0
    cookie = gw.create_session()
    seen = backend_json(gw.get("/gate/x", headers=[cookie_header(cookie)]))
    assert seen["path"] == "/gate/x"


def test_variables_in_off_location(gw, backend):
    """vneid off does no access check, but the variables still describe the
    session when the config uses them (looked up on first use)."""
    cookie = gw.create_session()
    r = gw.get("/public/x", headers=[("Cookie", "a=1; vneid_session=%s" % cookie)])
    seen = backend_json(r)
    assert r.header("X-Status") == "ok"
    assert seen.header_all("X-Portal-User") == ["canbo.an"]
    assert log_entry(gw, "/public/x")["cid"] == harness.DEFAULT_CITIZEN_ID
    r = gw.get("/public/y")
    assert r.header("X-Status") == "none"


def test_variables_on_endpoint(gw, backend):
    cookie = gw.create_session()
    r = gw.get("/_vneid/whoami", headers=[cookie_header(cookie)])
    assert r.status == 200
    assert r.header("X-Status") == "ok"
    assert log_entry(gw, "/_vneid/whoami")["cid"] == harness.DEFAULT_CITIZEN_ID
