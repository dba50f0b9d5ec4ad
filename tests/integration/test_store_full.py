"""A full store is never an outage. With a 1 MB map filled to the brim by
sessions (seeded through the core's own store API, as a flood of logins
would leave them), signed-in staff keep working, new logins get a clear
error page with a reference id instead of a bare 503, and once the records
expire the store empties itself and logins work again, with no restart."""

import json
import time

import pytest

import harness
import login_support
from login_support import AN, BICH, assert_logged_in, login_env  # noqa: F401

MAP = 1 << 20
TTL = 4            # seconds the filler sessions live (their own max age)


@pytest.fixture
def small_store(monkeypatch):
    monkeypatch.setattr(login_support, "LOGIN_HTTP", login_support.LOGIN_HTTP.replace(
        "vneid_store %%STORE%%;", "vneid_store %%STORE%% size=1m;"))


def seed(env, *args, check=True):
    """vneid-test-seed with the store's own map size (a larger one would
    grow the map instead of filling it)."""
    return harness.seed(env.nginx.store, "--map-size", MAP, *args, check=check)


def stats(env):
    return json.loads(seed(env, "stats").stdout.decode())


def fill_to_the_brim(env):
    """Sessions that expire after TTL seconds, until the store refuses."""
    proc = seed(env, "bulk", 100000, "--citizen-id", BICH[0],
                "--record-max-age", TTL, check=False)
    assert proc.returncode != 0, "a 1 MB store took 100000 sessions"
    assert "session store full" in proc.stderr.decode(), proc.stderr.decode()
    return stats(env)["sessions"]


def test_full_store_keeps_staff_working_and_recovers(small_store, login_env):
    env = login_env()
    staff = env.browser()
    staff.login(AN[0], path="/before")
    # a login under way when the store fills up
    late = env.browser()
    late_callback = late.login_until_callback(AN[0], path="/late")

    filled = fill_to_the_brim(env)
    assert filled > 1000

    # signed-in staff keep working, page after page
    for i in range(20):
        seen = staff.backend_view("/page/%d" % i)
        assert seen.header("X-VNeID-Citizen-Id") == AN[0]

    # a login that reached the callback: its session is stored if any room
    # is left (deleting its flow frees some), else a clear page with a
    # reference; never a bare 503
    r = late.callback(late_callback)
    real_sessions = 1
    if r.status_code == 302:
        assert_logged_in(r, "/late")
        real_sessions = 2
    else:
        line = env.assert_login_error(r, "store_error", status=503)
        assert "session store full" in line, line

    # a new login: the gateway's own page, not a bare nginx 503
    newcomer = env.browser()
    r = newcomer.get(newcomer.login_page(newcomer.protected("/new")))
    assert r.status_code == 503, login_support.describe(r)
    assert r.headers["Content-Type"].startswith("text/html"), login_support.describe(r)
    assert "Hệ thống tạm thời gián đoạn" in r.text, login_support.describe(r)
    assert "no room for new logins" in env.log()

    # the fillers expire; the sweep (often, while the map is over half
    # full) empties the store without a restart
    deadline = time.monotonic() + TTL + 30
    while stats(env)["sessions"] > real_sessions and time.monotonic() < deadline:
        time.sleep(0.5)
    assert stats(env)["sessions"] == real_sessions, stats(env)
    assert "expired records removed" in env.log()

    # logins work again, and the staff member never noticed
    env.browser().login(BICH[0], path="/again")
    assert staff.backend_view("/still").header("X-VNeID-Citizen-Id") == AN[0]


def test_start_refusal_carries_a_reference(small_store, login_env):
    env = login_env()
    fill_to_the_brim(env)
    b = env.browser()
    r = b.get(b.login_page(b.protected("/new")))
    env.assert_login_error(r, "store_error", status=503)
