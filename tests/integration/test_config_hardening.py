"""`nginx -t` checks added by the issue-7 review: "__Host-"/"__Secure-"
session cookies must be secure, and `merge_slashes off` next to vneid
locations that leave "/" unprotected draws a warning."""

import pytest

from test_config_errors import base, expect_error, expect_ok


@pytest.mark.parametrize("name", ["__Host-vneid", "__Secure-vneid"])
def test_prefixed_cookie_must_be_secure(nginx_t, name):
    expect_error(nginx_t, "vneid_cookie %s insecure;\n" % name + base(""),
                 '"vneid_cookie" "%s"' % name, "must be secure")


def test_host_cookie_accepted(nginx_t):
    out = expect_ok(nginx_t, "vneid_cookie __Host-vneid samesite=strict;\n" + base(""))
    assert "[warn]" not in out


MERGE_SLASHES = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name portal.test;
        merge_slashes off;
        @ROOT@
        location /private/ {
            vneid on;
            proxy_pass http://127.0.0.1:9;
        }
    }
"""


def test_merge_slashes_off_with_open_root_warns(nginx_t):
    out = expect_ok(nginx_t, MERGE_SLASHES.replace("@ROOT@", ""))
    assert "[warn]" in out and '"merge_slashes off" in server "portal.test"' in out, out


def test_merge_slashes_off_with_protected_root_is_quiet(nginx_t):
    out = expect_ok(nginx_t, MERGE_SLASHES.replace("@ROOT@", "vneid on;"))
    assert "merge_slashes" not in out, out


def test_merge_slashes_on_is_quiet(nginx_t):
    out = expect_ok(nginx_t, MERGE_SLASHES.replace("merge_slashes off;", "")
                    .replace("@ROOT@", ""))
    assert "merge_slashes" not in out, out
