"""vneid_store's parameters: size= takes k, m and g in either case (nginx
1.22's own size parser has no g), flows= bounds pending logins, and every
refusal says what is wrong."""

import pytest

import harness

CONF = harness.standard_http()


def with_params(params):
    return CONF.replace("vneid_store %%STORE%%;", "vneid_store %%STORE%% " + params + ";")


@pytest.mark.parametrize("size", ["1m", "1M", "1024k", "4096K", "1g", "2G", "1048576"])
def test_sizes_accepted(nginx_t, size):
    rc, out = nginx_t(with_params("size=" + size))
    assert rc == 0, out


@pytest.mark.parametrize("size,why", [
    ("abc", "it is not a number"),
    ("", "it is not a number"),
    ("-1m", "it is not a number"),
    ("1.5g", "the unit must be k, m or g"),
    ("5x", "the unit must be k, m or g"),
    ("1mb", "the unit must be k, m or g"),
    ("512k", "it must be at least 1m"),
    ("1048575", "it must be at least 1m"),
    ("99999999999999999999", "it is too large for this system"),
    ("99999999999999g", "it is too large for this system"),
])
def test_sizes_refused_with_the_reason(nginx_t, size, why):
    rc, out = nginx_t(with_params("size=" + size))
    assert rc != 0, out
    assert 'invalid size "%s" in "vneid_store" directive, %s' % (size, why) in out, out


def test_flows_parameter(nginx_t):
    rc, out = nginx_t(with_params("size=64m flows=500"))
    assert rc == 0, out
    for bad in ("flows=0", "flows=many", "flows="):
        rc, out = nginx_t(with_params(bad))
        assert rc != 0 and "flows= must be a whole number" in out, out


def test_unknown_parameter_names_the_valid_ones(nginx_t):
    rc, out = nginx_t(with_params("bogus=1"))
    assert rc != 0 and '"size=SIZE" or "flows=NUMBER"' in out, out


def test_one_gigabyte_store_serves(nginx_factory, backend):
    n = nginx_factory(with_params("size=1g"))
    cookie = n.create_session()
    r = n.get("/private/x", headers=[harness.cookie_header(cookie)])
    assert r.status == 200, r
