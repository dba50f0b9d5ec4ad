"""`nginx -t` on the identity-provider directives: every bad value, file or
missing setting fails with a message naming the directive; a complete
configuration passes."""

import os

import pytest

import harness
from test_config_errors import expect_error, expect_ok

PROVIDER = """
        vneid_authorization_endpoint https://sso.example.gov.vn/auth;
        vneid_token_endpoint https://sso.example.gov.vn/token;
        vneid_userinfo_endpoint https://sso.example.gov.vn/userinfo;
        vneid_client_id motcua-tinh;
        vneid_client_secret_file @SECRET@;
"""

BASE = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        @PROVIDER@
        @CASE@
        location /_vneid/ { vneid_endpoint; }
        location / { vneid on; proxy_pass http://127.0.0.1:9; }
    }
"""


@pytest.fixture
def secret_file(tmp_path):
    p = tmp_path / "secret"
    p.write_text("s3cret\n")
    return str(p)


def conf(secret, case="", provider=None):
    text = BASE.replace("@PROVIDER@", PROVIDER if provider is None else provider)
    return text.replace("@CASE@", case).replace("@SECRET@", secret)


def test_complete_provider_configuration_passes(nginx_t, secret_file):
    expect_ok(nginx_t, conf(secret_file))


@pytest.mark.parametrize("case, needles", [
    ("vneid_min_level 3;", ['"vneid_min_level" directive must be 1 or 2']),
    ("vneid_min_level two;", ['"vneid_min_level" directive invalid number']),
    ("vneid_claim foo bar;", ['invalid field "foo" in "vneid_claim" directive']),
    ("vneid_claim name A; vneid_claim name B;", ['"vneid_claim" for "name" is duplicate']),
    ("vneid_provider saml;", ['invalid value "saml" in "vneid_provider" directive']),
    ("vneid_provider oidc;", ['vneid_provider', 'not supported yet']),
    ("vneid_idp_timeout soon;", ['"vneid_idp_timeout" directive invalid value']),
    ("vneid_client_key /nonexistent/rp.pem;", ['"vneid_client_key"', '/nonexistent/rp.pem', 'cannot read']),
    ("vneid_trusted_certificate /etc/hostname;", ['"vneid_trusted_certificate"', 'no PEM certificate']),
    ("vneid_trusted_certificate /nonexistent/ca.pem;", ['"vneid_trusted_certificate"', 'cannot read']),
    ("vneid_templates /nonexistent/tpl;", ['"vneid_templates"', '/nonexistent/tpl']),
    ("vneid_auth_params redirect_uri=x;", ['vneid_auth_params', 'redirect_uri']),
    ("vneid_redirect_uri callback;", ['"vneid_redirect_uri"']),
    ("vneid_scope openid; vneid_scope profile;", ['"vneid_scope" directive is duplicate']),
])
def test_bad_provider_directive(nginx_t, secret_file, case, needles):
    expect_error(nginx_t, conf(secret_file, case), *needles)


@pytest.mark.parametrize("directive, url", [
    ("vneid_authorization_endpoint", "ftp://sso.example.gov.vn/auth"),
    ("vneid_token_endpoint", "not a url"),
    ("vneid_userinfo_endpoint", "https://user@sso.example.gov.vn/userinfo"),
])
def test_bad_endpoint_url(nginx_t, secret_file, directive, url):
    provider = "\n".join(line for line in PROVIDER.splitlines()
                         if directive not in line)
    provider += '\n        %s "%s";' % (directive, url)
    expect_error(nginx_t, conf(secret_file, provider=provider), directive)


@pytest.mark.parametrize("missing", ["vneid_token_endpoint", "vneid_userinfo_endpoint",
                                     "vneid_client_secret_file"])
def test_missing_required_setting(nginx_t, secret_file, missing):
    provider = "\n".join(line for line in PROVIDER.splitlines() if missing not in line)
    expect_error(nginx_t, conf(secret_file, provider=provider), missing.replace("_file", ""))


def test_unreadable_and_empty_secret_file(nginx_t, tmp_path):
    expect_error(nginx_t, conf(str(tmp_path / "missing")),
                 '"vneid_client_secret_file" cannot read')
    empty = tmp_path / "empty"
    empty.write_text("\n")
    expect_error(nginx_t, conf(str(empty)), '"vneid_client_secret_file"', "is empty")


def test_rsa_key_too_small_is_refused(nginx_t, secret_file, tmp_path):
    key = tmp_path / "small.pem"
    harness_run = __import__("subprocess").run
    harness_run(["openssl", "genrsa", "-out", str(key), "1024"], check=True,
                capture_output=True, timeout=60)
    expect_error(nginx_t, conf(secret_file, "vneid_client_key %s;" % key),
                 '"vneid_client_key"', "too small")
