"""pytest fixtures for the vneid-gateway integration tests (see harness.py).

Fixtures:
  backend        a running echo backend (EchoBackend), fresh per test
  nginx_factory  make(http_conf, main_conf="", start=True, **kw) -> Nginx;
                 every instance is stopped at teardown and its error.log
                 must hold no [alert]/[crit]/Sanitizer (nor [emerg] unless
                 created with expect_emerg=True)
  nginx_t        check(http_conf, main_conf="") -> (returncode, output) of
                 `nginx -t` (the [emerg] it prints is expected)
"""

import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _failed(request):
    for when in ("setup", "call"):
        rep = getattr(request.node, "rep_" + when, None)
        if rep is not None and rep.failed:
            return True
    return False


_module_state = {}


@pytest.fixture(autouse=True)
def module_loads():
    """Every test needs a module nginx can load: say so once, plainly,
    instead of a page of unrelated assertion failures."""
    if "error" not in _module_state:
        _module_state["error"] = None
        if not os.path.exists(harness.MODULE):
            _module_state["error"] = "module not built: %s (set VNEID_BUILD_DIR)" % harness.MODULE
        else:
            d = harness.make_test_dir("vneid-load-")
            try:
                with open(os.path.join(d, "load.conf"), "w") as f:
                    f.write("load_module %s;\nevents {}\nhttp {}\n" % harness.MODULE)
                rc, out = harness.run_nginx_t(d, "load.conf", ["-g", "pid %s/p;" % d])
                if rc != 0:
                    _module_state["error"] = "nginx cannot load the module:\n" + out
            finally:
                shutil.rmtree(d, ignore_errors=True)
    if _module_state["error"]:
        pytest.fail(_module_state["error"], pytrace=False)


@pytest.fixture
def backend():
    b = harness.EchoBackend().start()
    yield b
    b.stop()


@pytest.fixture
def nginx_factory(request, backend):
    instances = []

    def make(http_conf, main_conf="", start=True, **kw):
        kw.setdefault("backend", backend)
        n = harness.Nginx(http_conf, main_conf, **kw)
        instances.append(n)
        if start:
            n.start()
        return n

    yield make

    problems = []
    for n in instances:
        try:
            n.stop()
        except harness.NginxError as e:
            problems.append(str(e))
    for n in instances:
        problems += n.log_problems()
    keep = bool(os.environ.get("VNEID_TEST_KEEP")) or bool(problems) or _failed(request)
    for n in instances:
        if keep:
            sys.stderr.write("\nkept test directory: %s\n" % n.dir)
        else:
            shutil.rmtree(n.dir, ignore_errors=True)
    assert not problems, "error.log problems:\n" + "\n".join(problems)


@pytest.fixture
def nginx_t(nginx_factory):
    holder = {}

    def check(http_conf, main_conf=""):
        if "n" not in holder:
            holder["n"] = nginx_factory("", start=False)
        return holder["n"].test_config(http_conf, main_conf)

    return check
