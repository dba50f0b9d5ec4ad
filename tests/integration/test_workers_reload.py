"""Sessions live in the LMDB store, not in a worker: every worker sees every
session at once, and sessions survive a reload (SIGHUP) and a full
stop/start with the same store directory. Also the store directory's
life cycle: created and handed to the workers' user by the master."""

import concurrent.futures
import os
import stat
import time

import harness
from harness import API_HEADERS, backend_json, cookie_header

CONF = """
    vneid_store %%STORE%%;
    log_format workers '$pid $vneid_status $request_uri';
    server {
        listen 127.0.0.1:%%PORT%% reuseport;
        access_log %%DIR%%/workers.log workers;
        location /_vneid/ { vneid_endpoint; }
        location /private/ { vneid on; proxy_pass http://%%BACKEND%%; }
        location / { vneid off; proxy_pass http://%%BACKEND%%; }
    }
"""


def served_by(n, count):
    lines = n.wait_log(r"^\d+ ", name="workers.log", count=count)
    return [l.split() for l in lines]


def assert_session_ok(n, cookie, path="/private/x"):
    r = n.get(path, headers=[cookie_header(cookie)])
    assert r.status == 200, r
    assert backend_json(r).header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID


def test_all_workers_share_sessions(nginx_factory, backend):
    n = nginx_factory(CONF)
    assert len(n.worker_pids()) == 2
    cookie = n.create_session()
    for i in range(60):
        assert_session_ok(n, cookie, "/private/r%d" % i)
    entries = served_by(n, 60)
    assert all(e[1] == "ok" for e in entries), entries
    pids = {e[0] for e in entries}
    # reuseport spreads fresh connections over both workers
    assert len(pids) == 2, pids


def test_new_sessions_visible_to_all_workers_at_once(nginx_factory, backend):
    n = nginx_factory(CONF)
    for i in range(20):
        cookie = n.create_session(citizen_id="0010850%05d" % i)
        for j in range(3):
            r = n.get("/private/n%d-%d" % (i, j), headers=[cookie_header(cookie)])
            assert backend_json(r).header("X-VNeID-Citizen-Id") == "0010850%05d" % i


def test_revocation_visible_to_all_workers_at_once(nginx_factory, backend):
    n = nginx_factory(CONF)
    cookie = n.create_session()
    for i in range(10):
        assert_session_ok(n, cookie)
    n.seed("destroy", cookie)
    for i in range(20):
        r = n.get("/private/x", headers=API_HEADERS + [cookie_header(cookie)])
        assert r.status == 401, (i, r)


def test_concurrent_requests(nginx_factory, backend):
    n = nginx_factory(CONF)
    cookies = [n.create_session(citizen_id="0790900000%02d" % i) for i in range(8)]

    def worker(i):
        cookie = cookies[i % len(cookies)]
        out = []
        for j in range(25):
            r = n.get("/private/c%d-%d" % (i, j), headers=[cookie_header(cookie)])
            out.append((r.status, backend_json(r).header("X-VNeID-Citizen-Id")
                        if r.status == 200 else None))
        return i, out

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
        for i, out in ex.map(worker, range(8)):
            want = "0790900000%02d" % (i % len(cookies))
            assert out == [(200, want)] * 25, out


def test_session_survives_reload(nginx_factory, backend):
    n = nginx_factory(CONF)
    cookie = n.create_session()
    assert_session_ok(n, cookie)
    old = set(n.worker_pids())
    n.reload()
    assert not (set(n.worker_pids()) & old)
    for i in range(10):
        assert_session_ok(n, cookie)
    # sessions created after the reload work as well
    assert_session_ok(n, n.create_session())


def test_reload_with_changed_config(nginx_factory, backend):
    """A reload that changes the cookie name and limits applies them; the
    store (and its sessions) carries over."""
    n = nginx_factory(CONF)
    cookie = n.create_session(idle_ago=20 * 60)
    assert_session_ok(n, cookie)
    n.reload(CONF.replace("vneid_store %%STORE%%;",
                          "vneid_store %%STORE%%;\nvneid_cookie staff_sid;\n"
                          "vneid_session_idle_timeout 1h;"))
    r = n.get("/private/x", headers=[cookie_header(cookie, "staff_sid")])
    assert backend_json(r).header("X-VNeID-Citizen-Id") == harness.DEFAULT_CITIZEN_ID
    r = n.get("/private/x", headers=API_HEADERS + [cookie_header(cookie)])
    assert r.status == 401


def test_several_reloads_under_load(nginx_factory, backend):
    n = nginx_factory(CONF)
    cookie = n.create_session()
    for _ in range(3):
        n.reload()
        for i in range(5):
            assert_session_ok(n, cookie)


def test_bad_reload_keeps_serving(nginx_factory, backend):
    n = nginx_factory(CONF, expect_emerg=True)
    cookie = n.create_session()
    n.reload(CONF.replace("vneid_store %%STORE%%;",
                          "vneid_store %%STORE%%;\nvneid_cookie \"bad name\";"),
             expect_failure=True)
    assert_session_ok(n, cookie)


def test_session_survives_stop_and_start(nginx_factory, backend):
    n = nginx_factory(CONF)
    cookie = n.create_session()
    assert_session_ok(n, cookie)
    n.stop()
    n.start()
    assert_session_ok(n, cookie)
    # and a second nginx (another "host restart") with the same store
    n2 = nginx_factory(CONF, start=False)
    n2.write_conf(CONF.replace("%%STORE%%", n.store))
    n.stop()
    n2.start()
    assert_session_ok(n2, cookie)


def test_store_seeded_before_first_start(nginx_factory, backend):
    """Sessions written by a root tool before nginx ever ran: the master
    hands the existing files to the workers' user."""
    n = nginx_factory(CONF, start=False)
    cookie = n.create_session()
    n.start()
    assert_session_ok(n, cookie)
    if harness.running_as_root():
        uid = harness.worker_user()
        for name in ("", "data.mdb", "lock.mdb"):
            st = os.stat(os.path.join(n.store, name))
            assert st.st_uid == uid, (name, st.st_uid)


def test_store_created_by_master(nginx_factory, backend):
    n = nginx_factory(CONF)
    st = os.stat(n.store)
    assert stat.S_ISDIR(st.st_mode)
    assert stat.S_IMODE(st.st_mode) & 0o077 == 0, oct(st.st_mode)   # secrets
    if harness.running_as_root():
        assert st.st_uid == harness.worker_user()
    for name in ("data.mdb", "lock.mdb"):
        fst = os.stat(os.path.join(n.store, name))
        assert stat.S_IMODE(fst.st_mode) & 0o077 == 0, (name, oct(fst.st_mode))
    # and the workers can write to it (a refresh writes last_activity)
    cookie = n.create_session(idle_ago=600)
    assert_session_ok(n, cookie)
    assert n.show_session(cookie)["last_activity"] >= int(time.time()) - 5


def test_store_in_nested_missing_directory(nginx_factory, backend):
    """vneid_store /var/lib/nginx/vneid/store with missing parents: the
    parents the master creates must let the workers reach the store."""
    n = nginx_factory(CONF.replace("%%STORE%%", "%%DIR%%/lib/nginx/vneid"), start=False)
    n.start()
    store = os.path.join(n.dir, "lib", "nginx", "vneid")
    cookie = harness.create_session(store)
    r = n.get("/private/x", headers=[cookie_header(cookie)])
    assert r.status == 200, (r, n.read_log()[-2000:])


def test_expired_sessions_are_swept(nginx_factory, backend):
    """Worker 0 sweeps records expired by their own limits shortly after
    start; live sessions stay."""
    n = nginx_factory(CONF, start=False)
    for _ in range(5):
        n.create_session(idle_ago=600, record_idle_timeout=60)
    live = n.create_session(record_idle_timeout=3600)
    assert harness.store_stats(n.store)["sessions"] == 6
    n.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if harness.store_stats(n.store)["sessions"] == 1:
            break
        time.sleep(0.2)
    assert harness.store_stats(n.store)["sessions"] == 1
    assert_session_ok(n, live)
