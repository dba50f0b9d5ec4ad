"""The store directory belongs to the worker user, so nothing in it may
steer what nginx's master (root) opens, writes or chowns: a planted symlink
(lock.mdb -> a root file, data.mdb -> ..., the store directory itself) makes
`nginx -t`, a start and a reload refuse with an [emerg] naming the file, and
the target stays unchanged. Store files the workers could not write are
refused the same way, instead of every worker exiting after a clean
`nginx -t`. Needs root (as nginx's master does)."""

import os

import pytest

import harness

pytestmark = pytest.mark.skipif(not harness.running_as_root(),
                                reason="the master's situation needs root")

CONF = harness.standard_http()


def worker_ids():
    uid = harness.worker_user()
    return uid, harness.pwd.getpwuid(uid).pw_gid


def plant(link, target):
    """A symlink as the worker user would make it."""
    os.symlink(target, link)
    uid, gid = worker_ids()
    os.lchown(link, uid, gid)


def victim_file(n):
    path = os.path.join(n.dir, "victim")
    with open(path, "w") as f:
        f.write("root's data\n")
    os.chmod(path, 0o644)
    return path


def assert_untouched(path, text="root's data\n"):
    st = os.lstat(path)
    assert (st.st_uid, st.st_gid) == (0, 0)
    assert st.st_mode & 0o7777 == 0o644
    with open(path) as f:
        assert f.read() == text


def prepared_store(nginx_factory):
    """A stopped instance whose store the master created once."""
    n = nginx_factory(CONF, expect_emerg=True)
    n.stop()
    return n


def assert_refused(n, path, why):
    """nginx -t and a start both refuse, naming path."""
    rc, out = n.test_config(CONF)
    assert rc != 0, out
    assert "[emerg]" in out and path in out and why in out, out
    with pytest.raises(harness.NginxError):
        n.start(timeout=5)
    log = n.read_log() + n.read_log("stderr.log")
    assert path in log and why in log, log


@pytest.mark.parametrize("name", ["lock.mdb", "data.mdb"])
def test_planted_store_file_symlink_is_refused(nginx_factory, name):
    n = prepared_store(nginx_factory)
    victim = victim_file(n)
    os.unlink(os.path.join(n.store, name))
    plant(os.path.join(n.store, name), victim)
    assert_refused(n, os.path.join(n.store, name), "symbolic link")
    assert_untouched(victim)


def test_planted_symlink_is_refused_at_reload(nginx_factory, backend):
    n = nginx_factory(CONF, expect_emerg=True)
    cookie = n.create_session()
    victim = victim_file(n)
    lock = os.path.join(n.store, "lock.mdb")
    os.unlink(lock)   # the running workers keep their open descriptor
    plant(lock, victim)
    n.reload(expect_failure=True)
    assert "%s: is a symbolic link" % lock in n.read_log()
    assert_untouched(victim)
    # the old workers go on serving
    r = n.get("/private/x", headers=[harness.cookie_header(cookie)])
    assert r.status == 200, r


def test_store_directory_symlinked_by_the_worker_is_refused(nginx_factory):
    """The worker user can write where the store lives and replaces the
    store directory by a link to a root directory."""
    n = nginx_factory("", start=False, expect_emerg=True)
    uid, gid = worker_ids()
    parent = os.path.join(n.dir, "lib")
    os.mkdir(parent, 0o755)
    os.chown(parent, uid, gid)
    rootdir = os.path.join(n.dir, "rootdir")
    os.mkdir(rootdir, 0o755)
    store = os.path.join(parent, "vneid")
    plant(store, rootdir)
    conf = CONF.replace("vneid_store %%STORE%%;", "vneid_store %s;" % store)
    n.write_conf(conf)
    rc, out = n.test_config(conf)
    assert rc != 0 and store in out and "symbolic link owned by uid %d" % uid in out, out
    with pytest.raises(harness.NginxError):
        n.start(timeout=5)
    assert os.stat(rootdir).st_uid == 0
    assert os.listdir(rootdir) == []


def test_store_file_the_worker_cannot_write_is_refused(nginx_factory):
    n = prepared_store(nginx_factory)
    data = os.path.join(n.store, "data.mdb")
    os.chmod(data, 0o400)
    assert_refused(n, data, "cannot read and write")


def test_store_file_of_another_user_is_refused(nginx_factory):
    n = prepared_store(nginx_factory)
    data = os.path.join(n.store, "data.mdb")
    os.chown(data, 12345, 12345)
    assert_refused(n, data, "owned by uid 12345")
    assert os.stat(data).st_uid == 12345


def test_store_directory_the_worker_cannot_write_is_refused(nginx_factory):
    n = prepared_store(nginx_factory)
    os.chmod(n.store, 0o500)
    assert_refused(n, n.store, "cannot write to this directory")


def test_root_owned_files_are_handed_over(nginx_factory, backend):
    """vneidctl or a seed run as root before the first start: the master
    gives the files to the worker user, through their descriptors."""
    n = nginx_factory(CONF, start=False)
    cookie = n.create_session()     # creates the store as root
    assert os.stat(os.path.join(n.store, "data.mdb")).st_uid == 0
    n.start()
    uid, _ = worker_ids()
    for name in ("data.mdb", "lock.mdb"):
        assert os.stat(os.path.join(n.store, name)).st_uid == uid
    r = n.get("/private/x", headers=[harness.cookie_header(cookie)])
    assert r.status == 200, r
