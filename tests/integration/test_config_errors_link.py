"""`nginx -t` on the self-service linking directives (issue 10):
vneid_link_verify URL [username_field=NAME] [password_field=NAME]
[success=redirect|cookie:NAME] and vneid_account_link off|verify|request.
Every bad value fails with a message that names the directive and the line;
the valid forms pass."""

import pytest

from test_config_errors import expect_error, expect_ok, PROVIDER_CONF

PROVIDER = PROVIDER_CONF

BASE = """
    vneid_store %%STORE%%;
    @HTTP@
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name motcua.example.gov.vn;
        @PROVIDER@
        @SERVER@
        location /_vneid/ {
            vneid_endpoint;
            @ENDPOINT@
        }
        location / { vneid on; proxy_pass http://127.0.0.1:9; }
    }
"""

PORTAL = "https://motcua.example.gov.vn/dang-nhap"


@pytest.fixture
def secret_file(tmp_path):
    p = tmp_path / "secret"
    p.write_text("s3cret\n")
    return str(p)


def conf(secret, server="", endpoint="", http=""):
    return (BASE.replace("@PROVIDER@", PROVIDER).replace("@SECRET@", secret)
            .replace("@SERVER@", server).replace("@ENDPOINT@", endpoint)
            .replace("@HTTP@", http))


# --- vneid_link_verify ---------------------------------------------------------

@pytest.mark.parametrize("args", [
    "ftp://motcua.example.gov.vn/dang-nhap",
    "/dang-nhap",
    "motcua.example.gov.vn/dang-nhap",
    "https:///dang-nhap",
    '"not a url"',
    PORTAL + " success=maybe",
    PORTAL + " success=cookie:",
    PORTAL + ' "success=cookie:bad name"',
    PORTAL + " success=",
    PORTAL + " username_field=",
    PORTAL + " password_field=",
    PORTAL + " username_field=a&b",
    PORTAL + " password_field=a=b",
    PORTAL + " username_field=" + "u" * 65,
    PORTAL + " bogus=1",
    PORTAL + " redirect",
])
@pytest.mark.parametrize("where", ["server", "endpoint"])
def test_bad_link_verify(nginx_t, secret_file, args, where):
    line = "vneid_link_verify %s;" % args
    out = expect_error(nginx_t, conf(secret_file, **{where: line}), "vneid_link_verify")
    assert "[emerg]" in out


def test_link_verify_duplicate(nginx_t, secret_file):
    expect_error(nginx_t, conf(secret_file, endpoint="vneid_link_verify %s; "
                                                     "vneid_link_verify %s;" % (PORTAL, PORTAL)),
                 '"vneid_link_verify" directive is duplicate')


def test_link_verify_without_url(nginx_t, secret_file):
    expect_error(nginx_t, conf(secret_file, server="vneid_link_verify;"),
                 'invalid number of arguments in "vneid_link_verify" directive')


def test_link_verify_not_allowed_in_http(nginx_t, secret_file):
    expect_error(nginx_t, conf(secret_file, http="vneid_link_verify %s;" % PORTAL),
                 '"vneid_link_verify" directive is not allowed here')


@pytest.mark.parametrize("args", [
    PORTAL,
    "http://127.0.0.1:8081/dang-nhap",
    "https://motcua.example.gov.vn:8443/cong/dang-nhap?lang=vi",
    PORTAL + " username_field=j_username password_field=j_password",
    PORTAL + " success=redirect",
    PORTAL + " success=cookie:JSESSIONID",
    PORTAL + " username_field=user password_field=pass success=cookie:ASP.NET_SessionId",
])
@pytest.mark.parametrize("where", ["server", "endpoint"])
def test_valid_link_verify(nginx_t, secret_file, args, where):
    expect_ok(nginx_t, conf(secret_file, **{where: "vneid_link_verify %s;" % args}))


# --- vneid_account_link ---------------------------------------------------------

def test_account_link_invalid_value(nginx_t, secret_file):
    out = expect_error(nginx_t, conf(secret_file, server="vneid_account_link maybe;"),
                       'invalid value "maybe" in "vneid_account_link" directive')
    assert "off" in out and "verify" in out and "request" in out, out


def test_account_link_duplicate(nginx_t, secret_file):
    expect_error(nginx_t, conf(secret_file, endpoint="vneid_account_link off; "
                                                     "vneid_account_link request;"),
                 '"vneid_account_link" directive is duplicate')


def test_account_link_not_allowed_in_http(nginx_t, secret_file):
    expect_error(nginx_t, conf(secret_file, http="vneid_account_link off;"),
                 '"vneid_account_link" directive is not allowed here')


@pytest.mark.parametrize("where", ["server", "endpoint"])
def test_account_link_verify_needs_link_verify(nginx_t, secret_file, where):
    out = expect_error(nginx_t, conf(secret_file, **{where: "vneid_account_link verify;"}),
                       "vneid_account_link", "vneid_link_verify")
    assert "vneid_account_link verify" in out, out


def test_link_verify_off_in_the_endpoint_leaves_verify_without_url(nginx_t, secret_file):
    expect_error(nginx_t, conf(secret_file, server="vneid_link_verify %s; "
                                                   "vneid_account_link verify;" % PORTAL,
                               endpoint="vneid_link_verify off;"),
                 "vneid_account_link", "vneid_link_verify")


@pytest.mark.parametrize("server,endpoint", [
    ("vneid_link_verify %s;" % PORTAL, "vneid_link_verify off;"),
    ("vneid_account_link off;", ""),
    ("vneid_account_link request;", ""),
    ("", "vneid_account_link request;"),
    ("vneid_link_verify %s;" % PORTAL, "vneid_account_link verify;"),
    ("vneid_account_link verify;", "vneid_link_verify %s;" % PORTAL),
    ("vneid_link_verify %s;" % PORTAL, "vneid_account_link request;"),
    ("vneid_link_verify %s;" % PORTAL, "vneid_account_link off;"),
])
def test_valid_account_link(nginx_t, secret_file, server, endpoint):
    expect_ok(nginx_t, conf(secret_file, server=server, endpoint=endpoint))
