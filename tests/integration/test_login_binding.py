"""The login-binding cookie (issue 7, item 5): Path=/ like the session
cookie (so "__Host-" names work), stripped from what the backend gets, and
checked before the state is spent, so a third party who sees
the callback URL cannot void the real login by using it first."""

import requests

from login_support import AN, NAV, assert_logged_in, describe, login_env  # noqa: F401


def set_cookies(resp):
    return [v for k, v in resp.raw.headers.items() if k.lower() == "set-cookie"]


def test_binding_cookie_has_root_path(login_env):
    env = login_env()
    b = env.browser()
    r = b.get("/_vneid/start?return=%2Fx")
    assert r.status_code == 302, describe(r)
    (sc,) = [c for c in set_cookies(r) if c.startswith("vneid_session_login=")]
    assert "; Path=/;" in sc and "HttpOnly" in sc, sc
    # sent back on every path now: never forwarded to the backend
    seen = env.backend
    b.get("/anything")
    assert all("vneid_session_login" not in (req.header("Cookie") or "")
               for req in seen.requests)


def test_foreign_browser_cannot_spend_the_state(login_env):
    env = login_env()
    victim = env.browser()
    callback = victim.login_until_callback(AN[0], path="/ho-so?id=7")

    # someone else replays the callback URL: with no binding cookie...
    other = requests.get(callback, headers=NAV, allow_redirects=False, timeout=10)
    env.assert_login_error(other, "state_invalid")
    # ...or with a binding cookie of their own
    attacker = env.browser()
    attacker.start("/_vneid/start?return=%2F")
    r = attacker.callback(callback)
    env.assert_login_error(r, "state_invalid")

    # the real browser's login still completes
    r = victim.callback(callback)
    assert_logged_in(r, "/ho-so?id=7")



HOST_CONF = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name localhost;
        vneid_cookie __Host-vneid;
        vneid_authorization_endpoint https://idp.invalid/auth;
        vneid_token_endpoint https://idp.invalid/token;
        vneid_userinfo_endpoint https://idp.invalid/userinfo;
        vneid_client_id portal;
        vneid_client_secret_file %%DIR%%/secret;
        vneid_redirect_uri https://portal.test/_vneid/callback;
        location /_vneid/ { vneid_endpoint; }
        location / { vneid on; proxy_pass http://%%BACKEND%%; }
    }
"""


def test_host_prefixed_cookies(nginx_factory):
    import os
    import harness
    n = nginx_factory(HOST_CONF, start=False)
    with open(os.path.join(n.dir, "secret"), "w") as f:
        f.write("s3cret\n")
    n.start()
    r = n.get("/_vneid/start?return=%2Fx", headers=harness.NAV_HEADERS)
    assert r.status == 302, r
    (sc,) = [v for v in r.header_all("Set-Cookie") if v.startswith("__Host-vneid_login=")]
    attrs = [a.strip() for a in sc.split(";")]
    # what browsers demand of a "__Host-" cookie
    assert "Path=/" in attrs and "Secure" in attrs, sc
    assert not any(a.lower().startswith("domain=") for a in attrs), sc
    cookie = n.create_session()
    seen = harness.backend_json(n.get("/p", headers=[
        ("Cookie", "__Host-vneid=%s; __Host-vneid_login=x; a=1" % cookie)]))
    assert seen.header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID
    assert seen.header("Cookie") == "a=1"
