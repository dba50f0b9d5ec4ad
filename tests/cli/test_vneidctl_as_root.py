"""vneidctl run as root on a store the worker user owns: it opens the store
as the directory's owner, so a symlink that user planted there (lock.mdb ->
a root file) gains nothing, and files it creates belong to the owner."""

import os
import pathlib
import pwd
import shutil
import tempfile

import pytest

from test_vneidctl import ctl, seed

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root")

NOBODY = pwd.getpwnam("nobody")


@pytest.fixture
def open_dir():
    """A directory the worker user can reach (pytest's tmp_path is not)."""
    d = pathlib.Path(tempfile.mkdtemp(prefix="vneidctl-root-"))
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def worker_store(open_dir):
    d = open_dir / "store"
    d.mkdir(mode=0o700)
    assert seed(d, "stats").returncode == 0
    for p in [d] + list(d.iterdir()):
        os.chown(p, NOBODY.pw_uid, NOBODY.pw_gid)
    return d


def test_planted_lock_symlink_is_not_written_as_root(worker_store, open_dir):
    victim = open_dir / "victim"
    victim.write_text("root's data\n")
    os.chmod(victim, 0o644)
    (worker_store / "lock.mdb").unlink()
    os.symlink(victim, worker_store / "lock.mdb")
    os.lchown(worker_store / "lock.mdb", NOBODY.pw_uid, NOBODY.pw_gid)
    r = ctl(worker_store, "stats")
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert victim.read_text() == "root's data\n"
    st = os.stat(victim)
    assert (st.st_uid, st.st_mode & 0o7777) == (0, 0o644)


def test_root_works_on_the_owners_store(worker_store):
    ctl(worker_store, "stats", check=0)
    for p in worker_store.iterdir():
        assert os.stat(p).st_uid == NOBODY.pw_uid, p


def test_files_created_as_root_belong_to_the_owner(open_dir):
    d = open_dir / "empty"
    d.mkdir(mode=0o700)
    os.chown(d, NOBODY.pw_uid, NOBODY.pw_gid)
    ctl(d, "stats", check=0)
    assert os.stat(d / "data.mdb").st_uid == NOBODY.pw_uid
