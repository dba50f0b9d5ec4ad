"""The redirect_uri sent to VNeID and the logout's return address come from
the server's configuration (its first server_name, the connection's scheme
and port, or an absolute vneid_redirect_uri), never from the client's Host
header: a forged Host must not put a foreign redirect_uri into the
authorization request or the end-session continuation (issue 7, item 10)."""

import re
import urllib.parse

import pytest

from login_support import (AN, assert_logged_in, describe, login_env,  # noqa: F401
                           mockb)
from test_login_flow import logout_form

FORGED = ["evil.example", "evil.example:8443", "127.0.0.1.evil.example", "localhost"]


def query(url):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)


@pytest.mark.parametrize("host", FORGED)
def test_start_ignores_a_forged_host(login_env, host):
    env = login_env()
    b = env.browser()
    r = b.get("/_vneid/start?return=%2F", headers={"Host": host})
    assert r.status_code == 302, describe(r)
    auth = r.headers["Location"]
    assert auth.startswith(env.mock.base_url + "/auth?"), auth
    assert query(auth)["redirect_uri"] == [env.base + "/_vneid/callback"], auth
    assert host.split(":")[0] not in urllib.parse.unquote(auth).replace(
        env.base, "").replace(env.mock.base_url, ""), auth


def test_login_started_with_a_forged_host_still_completes_at_the_real_origin(login_env):
    env = login_env()
    b = env.browser()
    r = b.get("/_vneid/start?return=%2Fho-so", headers={"Host": "evil.example"})
    assert r.status_code == 302, describe(r)
    # requests files the binding cookie under the forged host: keep it for
    # the real one, as the browser that was sent there would
    binding = re.search(r"vneid_session_login=([^;]+)", r.headers["Set-Cookie"])
    b.set_cookie("vneid_session_login", binding.group(1))
    cb = b.idp_login(r.headers["Location"], AN[0])     # back to env.base, not evil
    r = b.callback(cb)
    assert_logged_in(r, "/ho-so")


def test_logout_continuation_ignores_a_forged_host(login_env):
    env = login_env(end_session=True)
    b = env.browser()
    b.login(AN[0], path="/")
    action, csrf = logout_form(b)
    r = b.s.post(b.url(action), data={"csrf": csrf}, headers={"Host": "evil.example"},
                 allow_redirects=False, timeout=10)
    assert r.status_code == 302, describe(r)
    loc = r.headers["Location"]
    assert loc.startswith(env.mock.base_url + "/logout?"), loc
    assert query(loc)["post_logout_redirect_uri"] == [env.base + "/_vneid/logout"], loc
    assert "evil" not in loc, loc


def test_absolute_redirect_uri_needs_no_server_name(login_env):
    env = login_env(server_name=None, server_extra=(
        "vneid_redirect_uri http://127.0.0.1:%%PORT%%/_vneid/callback;"), end_session=True)
    assert '"vneid_redirect_uri"' not in env.log()
    b = env.browser()
    r = b.get("/_vneid/start?return=%2F", headers={"Host": "evil.example"})
    assert query(r.headers["Location"])["redirect_uri"] == [env.base + "/_vneid/callback"]
    b.login(AN[0], path="/")
    action, csrf = logout_form(b)
    r = b.s.post(b.url(action), data={"csrf": csrf}, headers={"Host": "evil.example"},
                 allow_redirects=False, timeout=10)
    assert query(r.headers["Location"])["post_logout_redirect_uri"] == [
        env.base + "/_vneid/logout"]


@pytest.mark.parametrize("server_name", [None, "_"])
def test_relative_redirect_uri_without_server_name_refuses_the_login(login_env, server_name):
    """The safest answer when there is nothing but Host to build on: no
    authorization request at all, a clear page, the cause in the log."""
    env = login_env(server_name=server_name, end_session=True)
    assert re.search(r'\[warn\].*"vneid_redirect_uri" "/_vneid/callback" is relative',
                     env.log()), env.log()[-2000:]
    b = env.browser()
    r = b.get("/_vneid/start?return=%2F", headers={"Host": "evil.example"})
    line = env.assert_login_error(r, "not_configured")
    assert "server_name" in line and "absolute vneid_redirect_uri" in line, line
    assert "Location" not in r.headers, describe(r)
    assert "Đăng nhập VNeID chưa được cấu hình" in r.text, describe(r)
