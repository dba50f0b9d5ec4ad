"""Integration-test harness for vneid-gateway: a real nginx per scenario.

Modelled on nginx-tests (lib/Test/Nginx.pm) and nginx-otel's conftest.py:
every test gets a fresh directory (mode 0755, since workers run as "nobody"
when the tests run as root), an nginx.conf rendered from a template with
%%PLACEHOLDERS%%, an nginx started with ``-p DIR/ -c nginx.conf -e
error.log``, and at teardown the error.log is checked for [alert], [crit],
[emerg] and Sanitizer lines.

Placeholders in the ``http`` and ``main`` text of a config:
  %%PORT%%, %%PORT2%%, %%PORT3%%   free loopback ports (listen 127.0.0.1:%%PORT%%)
  %%BACKEND%%                      host:port of the echo backend
  %%STORE%%                        DIR/store, the vneid_store directory
  %%DIR%%                          the test directory

Environment:
  VNEID_BUILD_DIR   CMake build dir (module at $VNEID_BUILD_DIR/ngx_http_vneid_module.so)
  VNEID_MODULE      explicit path of the module (overrides the above)
  VNEID_SEED        path of vneid-test-seed (default $VNEID_BUILD_DIR/tests/tools/...)
  VNEIDCTL          path of vneidctl (default $VNEID_BUILD_DIR/vneidctl)
  VNEID_SOURCE_DIR  the source tree (for conf/ examples)
  VNEID_NGINX       nginx binary (default /usr/sbin/nginx)
  VNEID_NGINX_LD_PRELOAD  LD_PRELOAD for nginx only (e.g. libasan.so)
  VNEID_TEST_KEEP   keep every test directory (failed tests' are always kept)
"""

import csv
import fcntl
import http.server
import json
import os
import pwd
import random
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("VNEID_SOURCE_DIR") or os.path.normpath(
    os.path.join(HERE, "..", ".."))
BUILD_DIR = os.environ.get("VNEID_BUILD_DIR") or os.path.join(SOURCE_DIR, "build")
MODULE = os.environ.get("VNEID_MODULE") or os.path.join(
    BUILD_DIR, "ngx_http_vneid_module.so")
SEED = os.environ.get("VNEID_SEED") or os.path.join(
    BUILD_DIR, "tests", "tools", "vneid-test-seed")


def _find_vneidctl():
    for path in (os.path.join(BUILD_DIR, "vneidctl"),
                 os.path.join(BUILD_DIR, "tools", "vneidctl", "vneidctl")):
        if os.path.exists(path):
            return path
    return os.path.join(BUILD_DIR, "vneidctl")


VNEIDCTL = os.environ.get("VNEIDCTL") or _find_vneidctl()
NGINX_BIN = os.environ.get("VNEID_NGINX", "/usr/sbin/nginx")

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
REQUEST_TIMEOUT = 5.0

# Log lines that fail every test (nginx-tests' "no alerts" + "no sanitizer").
FATAL_LOG_MARKERS = ("[alert]", "[crit]", "Sanitizer")

DEFAULT_NAME = "Nguyễn Văn An"
DEFAULT_CITIZEN_ID = "001085012345"


def wait_until(predicate, timeout=5.0, what="a condition", interval=0.02):
    """Polls predicate() until it returns a true value, and returns that value.
    At the deadline it fails the test (AssertionError naming `what`). Tests wait
    for events this way, never with a fixed sleep (docs/testing.md)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))
        time.sleep(interval)


def running_as_root():
    return os.geteuid() == 0


def worker_user():
    """The uid nginx workers will run as (nobody when started as root)."""
    if running_as_root():
        return pwd.getpwnam("nobody").pw_uid
    return os.geteuid()


# Ports are drawn below the kernel's ephemeral range (32768-60999 on Linux):
# a port the kernel handed out by bind(0) is free only until some outgoing
# connection (nginx to the mock, a client to nginx) takes it as its local
# port, and in CI one did, between the pick and nginx's bind(). Test
# processes run in parallel, so each port is claimed with a lock file held
# for the life of the process; the kernel drops the lock when it exits.
_PORT_RANGE = (20000, 32000)
_PORT_LOCK_DIR = os.path.join(tempfile.gettempdir(), "vneid-test-ports")
_port_locks = {}


def _claim_port(port):
    fd = os.open(os.path.join(_PORT_LOCK_DIR, "%d.lock" % port),
                 os.O_CREAT | os.O_RDWR, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            # nginx sets SO_REUSEADDR too: a port in TIME_WAIT is usable
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
    except OSError:
        os.close(fd)
        return False
    _port_locks[port] = fd
    return True


def free_port():
    """A loopback port nothing listens on, that no other test process holds
    and that this process has not handed out before (two servers of one
    nginx.conf on the same port would swallow each other's requests)."""
    os.makedirs(_PORT_LOCK_DIR, mode=0o777, exist_ok=True)
    pick = random.SystemRandom()
    for _ in range(500):
        port = pick.randrange(*_PORT_RANGE)
        if port not in _port_locks and _claim_port(port):
            return port
    raise AssertionError("no free loopback port in 500 tries")


def make_test_dir(prefix="vneid-it-"):
    """A fresh directory nginx workers (nobody) can traverse and read."""
    base = os.environ.get("VNEID_TEST_TMP") or "/tmp"
    d = tempfile.mkdtemp(prefix=prefix, dir=base)
    os.chmod(d, 0o755)
    return d


# ---------------------------------------------------------------------------
# HTTP client: raw sockets, so header spellings, duplicates, underscores and
# unnormalised request targets reach nginx exactly as written.
# ---------------------------------------------------------------------------

class Response:
    def __init__(self, status, reason, headers, body, raw_head=b""):
        self.status = status
        self.reason = reason
        self.headers = headers          # [(name, value)] as received
        self.body = body                # bytes (de-chunked)
        self.raw_head = raw_head

    def header(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<Response %d %s headers=%r body=%r>" % (
            self.status, self.reason, self.headers, self.body[:300])


def _dechunk(data):
    out = b""
    while True:
        line, sep, rest = data.partition(b"\r\n")
        if not sep:
            return out
        size = int(line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return out
        out += rest[:size]
        data = rest[size + 2:]


def parse_response(data, head_request=False):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        raise AssertionError("incomplete HTTP response: %r" % data[:500])
    lines = head.split(b"\r\n")
    parts = lines[0].decode("latin-1").split(" ", 2)
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    headers = []
    for line in lines[1:]:
        k, _, v = line.decode("latin-1").partition(":")
        headers.append((k.strip(), v.strip()))
    resp = Response(status, reason, headers, b"", head)
    if head_request:
        return resp
    te = (resp.header("Transfer-Encoding") or "").lower()
    if "chunked" in te:
        body = _dechunk(body)
    else:
        cl = resp.header("Content-Length")
        if cl is not None:
            body = body[:int(cl)]
    resp.body = body
    return resp


def raw_request(port, data, timeout=REQUEST_TIMEOUT, host="127.0.0.1",
                head_request=False):
    """Sends bytes as-is on a fresh connection, reads until the server
    closes (send Connection: close), returns a Response."""
    deadline = time.monotonic() + timeout
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("no complete response within %ss" % timeout)
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise ConnectionError("connection closed without a response")
    return parse_response(data, head_request=head_request)


def _enc(x):
    return x if isinstance(x, bytes) else str(x).encode("utf-8")


def build_request(method, target, headers=(), body=None, host="localhost",
                  version="HTTP/1.1"):
    lines = [_enc(method) + b" " + _enc(target) + b" " + _enc(version)]
    names = {(_enc(k).lower()) for k, _ in headers}
    if host is not None and b"host" not in names:
        lines.append(b"Host: " + _enc(host))
    if b"connection" not in names:
        lines.append(b"Connection: close")
    for k, v in headers:
        lines.append(_enc(k) + b": " + _enc(v))
    if body is not None:
        body = _enc(body)
        if b"content-length" not in names:
            lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def request(port, method="GET", target="/", headers=(), body=None,
            host="localhost", timeout=REQUEST_TIMEOUT):
    return raw_request(port, build_request(method, target, headers, body, host),
                       timeout=timeout, head_request=(method == "HEAD"))


# Typical request kinds, as browsers and programs send them.
NAV_HEADERS = [
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Sec-Fetch-Mode", "navigate"),
    ("Sec-Fetch-Dest", "document"),
    ("Sec-Fetch-Site", "none"),
]
OLD_BROWSER_NAV_HEADERS = [
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
]
XHR_HEADERS = [
    ("Accept", "application/json, text/javascript, */*; q=0.01"),
    ("X-Requested-With", "XMLHttpRequest"),
]
FETCH_HEADERS = [
    ("Accept", "*/*"),
    ("Sec-Fetch-Mode", "cors"),
    ("Sec-Fetch-Dest", "empty"),
    ("Sec-Fetch-Site", "same-origin"),
]
API_HEADERS = [("Accept", "application/json")]
CURL_HEADERS = [("User-Agent", "curl/7.88.1"), ("Accept", "*/*")]


def cookie_header(value, name="vneid_session"):
    return ("Cookie", "%s=%s" % (name, value))


# ---------------------------------------------------------------------------
# Echo backend: records every request it receives.
# ---------------------------------------------------------------------------

def _latin1_to_utf8(s):
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


class _EchoHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        rec = {
            "method": self.command,
            "path": self.path,
            # raw order, spelling and duplicates; values as UTF-8 text
            "headers": [[k, _latin1_to_utf8(v)] for k, v in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
        }
        self.server.owner._record(rec)
        out = json.dumps(rec, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _handle
    do_HEAD = _handle

    def log_message(self, *args):
        pass


class BackendRequest(dict):
    """One request as the backend saw it."""

    def header_all(self, name):
        return [v for k, v in self["headers"] if k.lower() == name.lower()]

    def header(self, name, default=None):
        vals = self.header_all(name)
        return vals[0] if vals else default

    def names(self):
        return [k for k, _ in self["headers"]]


class EchoBackend:
    handler = _EchoHandler

    def __init__(self):
        self._lock = threading.Lock()
        self._requests = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        self.server.daemon_threads = True
        self.server.owner = self
        self.port = self.server.server_address[1]
        self.address = "127.0.0.1:%d" % self.port
        self._thread = threading.Thread(target=self.server.serve_forever,
                                        kwargs={"poll_interval": 0.1}, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def _record(self, rec):
        with self._lock:
            self._requests.append(BackendRequest(rec))

    @property
    def requests(self):
        with self._lock:
            return list(self._requests)

    def clear(self):
        with self._lock:
            self._requests.clear()

    def last(self):
        reqs = self.requests
        assert reqs, "the backend received no request"
        return reqs[-1]

    def count(self):
        with self._lock:
            return len(self._requests)


# ---------------------------------------------------------------------------
# A legacy-portal-like backend: its own session cookie, trusted alone.
# ---------------------------------------------------------------------------

def request_cookies(headers):
    """[(name, value)] of every Cookie header line, in order, as sent."""
    out = []
    for k, v in headers:
        if k.lower() != "cookie":
            continue
        for part in v.split(";"):
            name, eq, value = part.strip().partition("=")
            if name or eq:
                out.append((name, value))
    return out


class _PortalHandler(_EchoHandler):
    """Answers like most legacy portals (JSESSIONID, PHPSESSID, ...): a
    request without a portal session cookie it knows gets a new portal
    session for the user in X-VNeID-Account and a Set-Cookie; afterwards the
    cookie alone says who the user is, whatever the headers say."""

    def _handle(self):
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = [[k, _latin1_to_utf8(v)] for k, v in self.headers.items()]
        sent = [v for k, v in request_cookies(headers) if k == owner.cookie_name]
        header_user = self.headers.get("X-VNeID-Account")
        if header_user is not None:
            header_user = _latin1_to_utf8(header_user)
        sid, user, new = owner._session_for(sent, header_user)
        rec = {
            "method": self.command,
            "path": self.path,
            "headers": headers,
            "body": body.decode("utf-8", "replace"),
            "portal": {
                "user": user,                  # whom the portal believes
                "sid": sid,                    # the portal session in use
                "new_session": new,            # made by this request
                "cookie_sent": bool(sent),     # a portal cookie arrived
                "sent_sids": sent,             # every value that arrived
                "header_account": header_user,
            },
        }
        owner._record(rec)
        if self.path.startswith(tuple(owner.html_prefixes)):
            ctype = "text/html; charset=utf-8"
            out = owner.html_page(rec).encode("utf-8")
        else:
            ctype = "application/json; charset=utf-8"
            out = json.dumps(rec, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(out)))
        if new:
            self.send_header("Set-Cookie", "%s=%s; %s" % (
                owner.cookie_name, sid, owner.cookie_attributes))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _handle
    do_HEAD = _handle


class PortalBackend(EchoBackend):
    """Records requests like EchoBackend; each record (and the JSON answer)
    has a "portal" entry: {"user", "sid", "new_session", "cookie_sent",
    "sent_sids", "header_account"}. Paths under html_prefix (one prefix or
    several) answer an HTML page (for sub_filter) instead of JSON, with the
    same record kept. The portal session of the first cookie it knows wins
    (as PHP and servlet containers take the first); unknown cookies are
    ignored and replaced by a new session."""

    handler = _PortalHandler

    def __init__(self, cookie_name="PORTALSESSID", cookie_attributes="Path=/",
                 html_prefix="/page"):
        super().__init__()
        self.cookie_name = cookie_name
        self.cookie_attributes = cookie_attributes
        self.html_prefixes = [html_prefix] if isinstance(html_prefix, str) else list(html_prefix)
        self._sessions = {}            # sid -> user (None: anonymous)
        self._issued = []              # sids in the order they were issued

    def _session_for(self, sent, header_user):
        with self._lock:
            for sid in sent:
                if sid in self._sessions:
                    return sid, self._sessions[sid], False
            sid = uuid.uuid4().hex
            self._sessions[sid] = header_user
            self._issued.append(sid)
            return sid, header_user, True

    def sessions(self):
        """{sid: user} of every portal session ever issued."""
        with self._lock:
            return dict(self._sessions)

    def issued(self):
        """Every portal session id, in the order they were issued."""
        with self._lock:
            return list(self._issued)

    def html_page(self, rec):
        user = rec["portal"]["user"] or ""
        esc = user.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                "<title>Cổng dịch vụ công</title></head>\n<body>\n<header>Một cửa</header>\n"
                "<main><p>Người dùng: <span id=\"portal-user\">%s</span></p></main>\n"
                "</body>\n</html>\n" % esc)


def backend_json(resp):
    """The echo backend's view of a proxied request, from nginx's response."""
    assert resp.status == 200, resp
    return BackendRequest(resp.json())


def prefixed(headers, prefix="X-VNeID-"):
    """Headers whose name starts with prefix, case-insensitive, '-' == '_'."""
    fold = lambda s: s.lower().replace("_", "-")
    p = fold(prefix)
    return [(k, v) for k, v in headers if fold(k).startswith(p)]


# ---------------------------------------------------------------------------
# nginx
# ---------------------------------------------------------------------------

MAIN_TEMPLATE = """\
daemon off;
master_process on;
worker_processes %(workers)s;
error_log %(dir)s/error.log %(log_level)s;
pid %(dir)s/nginx.pid;
load_module %(module)s;
%(main)s
events {
    worker_connections 256;
}

http {
    access_log %(dir)s/access.log;
    client_body_temp_path %(dir)s/client_body_temp;
    proxy_temp_path %(dir)s/proxy_temp;
    fastcgi_temp_path %(dir)s/fastcgi_temp;
    uwsgi_temp_path %(dir)s/uwsgi_temp;
    scgi_temp_path %(dir)s/scgi_temp;
    proxy_connect_timeout 5s;
    proxy_read_timeout 10s;

    # harness control port: answers without touching the module's access
    # handler ("return" runs in the rewrite phase)
    server {
        listen 127.0.0.1:%(ctl_port)s;
        location / {
            return 204;
        }
    }

%(http)s
}
"""


def _proc_children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                stat = f.read().decode("latin-1")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and fields[0] != "Z" and int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


class NginxError(AssertionError):
    pass


class Nginx:
    def __init__(self, http_conf, main_conf="", backend=None, workers=2,
                 log_level="info", expect_emerg=False, directory=None):
        self.dir = directory or make_test_dir()
        os.chmod(self.dir, 0o755)
        self.backend = backend
        self.workers = workers
        self.log_level = log_level
        self.expect_emerg = expect_emerg
        self.port = free_port()
        self.port2 = free_port()
        self.port3 = free_port()
        self.ctl_port = free_port()
        self.store = os.path.join(self.dir, "store")
        self.error_log = os.path.join(self.dir, "error.log")
        self.access_log = os.path.join(self.dir, "access.log")
        self.proc = None
        self._test_confs = 0
        self.http_conf = http_conf
        self.main_conf = main_conf
        self.write_conf()

    # -- configuration ----------------------------------------------------

    def expand(self, text):
        subst = {
            "%%PORT%%": str(self.port),
            "%%PORT2%%": str(self.port2),
            "%%PORT3%%": str(self.port3),
            "%%STORE%%": self.store,
            "%%DIR%%": self.dir,
            "%%BACKEND%%": self.backend.address if self.backend else "127.0.0.1:9",
        }
        for k, v in subst.items():
            text = text.replace(k, v)
        return text

    def render(self, http_conf, main_conf=""):
        return MAIN_TEMPLATE % {
            "workers": self.workers,
            "dir": self.dir,
            "log_level": self.log_level,
            "module": MODULE,
            "main": self.expand(main_conf),
            "ctl_port": self.ctl_port,
            "http": self.expand(http_conf),
        }

    def write_conf(self, http_conf=None, main_conf=None):
        if http_conf is not None:
            self.http_conf = http_conf
        if main_conf is not None:
            self.main_conf = main_conf
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(self.render(self.http_conf, self.main_conf))

    def test_config(self, http_conf, main_conf=""):
        """nginx -t on a config rendered like the running one, with its error
        log on stderr. Returns (returncode, combined output)."""
        self._test_confs += 1
        name = "t%d.conf" % self._test_confs
        text = self.render(http_conf, main_conf).replace(
            "error_log %s/error.log %s;" % (self.dir, self.log_level),
            "error_log stderr %s;" % self.log_level)
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)
        return run_nginx_t(self.dir, name)

    # -- lifecycle ----------------------------------------------------------

    def _env(self):
        return nginx_env()

    def start(self, timeout=START_TIMEOUT):
        if not os.path.exists(MODULE):
            raise NginxError("module not built: %s (set VNEID_BUILD_DIR)" % MODULE)
        pidfile = os.path.join(self.dir, "nginx.pid")
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        self._stderr = open(os.path.join(self.dir, "stderr.log"), "ab")
        self.proc = subprocess.Popen(
            [NGINX_BIN, "-p", self.dir + "/", "-c", "nginx.conf", "-e", "error.log"],
            stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr,
            env=self._env())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise NginxError("nginx exited with %s during start:\n%s" % (
                    self.proc.returncode, self.read_log()[-4000:]))
            if "cannot be respawned" in self.read_log():
                raise NginxError("nginx workers died during start:\n%s" % (
                    self.read_log()[-4000:]))
            if os.path.exists(pidfile) and len(self.worker_pids()) >= self.workers \
                    and self._ctl_answers():
                return self
            time.sleep(0.05)
        raise NginxError("nginx did not come up within %ss:\n%s" % (
            timeout, self.read_log()[-4000:]))

    def _ctl_answers(self):
        try:
            return request(self.ctl_port, "GET", "/", timeout=1).status == 204
        except OSError:
            return False

    def worker_pids(self):
        if self.proc is None or self.proc.poll() is not None:
            return []
        return sorted(_proc_children(self.proc.pid))

    def reload(self, http_conf=None, main_conf=None, timeout=START_TIMEOUT,
               expect_failure=False):
        """SIGHUP; returns once all old workers are gone and new ones answer.
        With expect_failure the new config is meant to be rejected: waits for
        the master's [emerg] and checks the old workers keep running."""
        if http_conf is not None or main_conf is not None:
            self.write_conf(http_conf, main_conf)
        old = set(self.worker_pids())
        log_len = len(self.read_log())
        os.kill(self.proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + timeout
        if expect_failure:
            while time.monotonic() < deadline:
                if "[emerg]" in self.read_log()[log_len:]:
                    assert set(self.worker_pids()) == old, "workers changed"
                    return self
                time.sleep(0.05)
            raise NginxError("no [emerg] after reloading a bad config")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise NginxError("nginx master died on reload:\n%s" % self.read_log()[-4000:])
            now = set(self.worker_pids())
            if not (now & old) and len(now) >= self.workers and self._ctl_answers():
                return self
            if "[emerg]" in self.read_log()[log_len:]:
                raise NginxError("reload failed:\n%s" % self.read_log()[log_len:])
            time.sleep(0.05)
        raise NginxError("reload did not finish within %ss (old workers %s, now %s)"
                         % (timeout, old, self.worker_pids()))

    def stop(self, timeout=STOP_TIMEOUT):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
                self.proc = None
                self._stderr.close()
                raise NginxError("nginx did not stop within %ss on SIGQUIT" % timeout)
        self.proc = None
        self._stderr.close()

    # -- logs ---------------------------------------------------------------

    def read_log(self, name="error.log"):
        path = os.path.join(self.dir, name)
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def log_problems(self):
        """Lines that fail any test: [alert], [crit], Sanitizer, and [emerg]
        unless this instance expects one."""
        bad = []
        for name in ("error.log", "stderr.log"):
            for line in self.read_log(name).splitlines():
                if any(m in line for m in FATAL_LOG_MARKERS):
                    bad.append("%s: %s" % (name, line))
                elif "[emerg]" in line and not self.expect_emerg:
                    bad.append("%s: %s" % (name, line))
        return bad

    def log_lines(self, level):
        return [l for l in self.read_log().splitlines() if "[%s]" % level in l]

    def wait_log(self, pattern, name="access.log", timeout=5.0, count=1):
        """Waits until `count` lines of log `name` match regex pattern."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            lines = [l for l in self.read_log(name).splitlines() if rx.search(l)]
            if len(lines) >= count or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    # -- requests -------------------------------------------------------------

    def get(self, target="/", headers=(), port=None, **kw):
        return request(port or self.port, "GET", target, headers, **kw)

    def request(self, method, target="/", headers=(), body=None, port=None, **kw):
        return request(port or self.port, method, target, headers, body, **kw)

    def raw(self, data, port=None, **kw):
        return raw_request(port or self.port, data, **kw)

    # -- sessions (through the core library, via vneid-test-seed) -------------

    def seed(self, *args, store=None):
        return seed(store or self.store, *args)

    def create_session(self, store=None, **opts):
        return create_session(store or self.store, **opts)

    def show_session(self, cookie, store=None):
        return show_session(store or self.store, cookie)

    def age_session(self, cookie, seconds, store=None):
        return age_session(store or self.store, cookie, seconds)

    # -- the account directory (through vneidctl) ------------------------------

    def ctl(self, *args, check=True):
        return vneidctl(self.store, *args, check=check)

    def link_account(self, citizen_id, username, name=None, unit=None):
        return link_account(self.store, citizen_id, username, name, unit)

    def import_accounts(self, rows):
        return import_accounts(self.store, rows, self.dir)


def nginx_env():
    """The environment nginx runs with: VNEID_NGINX_LD_PRELOAD (e.g. the
    ASan runtime) applies to nginx only, for starts and `nginx -t` alike."""
    env = dict(os.environ)
    pre = os.environ.get("VNEID_NGINX_LD_PRELOAD")
    if pre:
        env["LD_PRELOAD"] = pre
    return env


def run_nginx_t(directory, conf_name, extra_args=()):
    env = nginx_env()
    proc = subprocess.run(
        [NGINX_BIN, "-t", "-p", directory + "/", "-c", conf_name, "-e", "stderr"]
        + list(extra_args),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        timeout=30, env=env)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# vneid-test-seed
# ---------------------------------------------------------------------------

def seed(store, *args, check=True):
    if not os.path.exists(SEED):
        raise AssertionError("vneid-test-seed not built: %s (set VNEID_SEED)" % SEED)
    proc = subprocess.run([SEED, "--store", store] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError("vneid-test-seed %s failed (%d): %s" % (
            " ".join(map(str, args)), proc.returncode, proc.stderr.decode()))
    return proc


def create_session(store, citizen_id=DEFAULT_CITIZEN_ID, name=DEFAULT_NAME,
                   level=2, accounts=("canbo.an", "ketoan.an"), active=None,
                   created_ago=None, idle_ago=None, record_idle_timeout=None,
                   record_max_age=None):
    args = ["create", "--citizen-id", citizen_id, "--name", name,
            "--level", level, "--accounts", ",".join(accounts)]
    if active is not None:
        args += ["--active", active]
    if created_ago is not None:
        args += ["--created-ago", created_ago]
    if idle_ago is not None:
        args += ["--idle-ago", idle_ago]
    if record_idle_timeout is not None:
        args += ["--record-idle-timeout", record_idle_timeout]
    if record_max_age is not None:
        args += ["--record-max-age", record_max_age]
    cookie = seed(store, *args).stdout.decode().strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie), cookie
    return cookie


def show_session(store, cookie):
    """The stored record (dict), or None if there is no such session."""
    proc = seed(store, "show", cookie, check=False)
    if proc.returncode == 3:
        return None
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout.decode("utf-8"))


def age_session(store, cookie, seconds):
    """Moves the session's times `seconds` into the past, as if that much time
    had passed on the gateway's clock since (vneid-test-seed age)."""
    proc = seed(store, "age", cookie, int(seconds), check=False)
    assert proc.returncode == 0, "no such session to age (%d): %s" % (
        proc.returncode, proc.stderr.decode())


# ---------------------------------------------------------------------------
# vneidctl: the administrator's tool, for the account directory
# ---------------------------------------------------------------------------

def vneidctl(store, *args, check=True):
    """Runs the built vneidctl against `store` as an administrator would
    (as root it works as the store directory's owner by itself). With check,
    a non-zero exit fails the test with its output."""
    if not os.path.exists(VNEIDCTL):
        raise AssertionError("vneidctl not built: %s (set VNEIDCTL or VNEID_BUILD_DIR)"
                             % VNEIDCTL)
    proc = subprocess.run([VNEIDCTL, "--store", store] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError("vneidctl %s failed (%d): %s%s" % (
            " ".join(map(str, args)), proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace")))
    return proc


def link_account(store, citizen_id, username, name=None, unit=None):
    """vneidctl accounts link (an account already linked stays as it is)."""
    args = ["accounts", "link", citizen_id, username]
    if name is not None:
        args += ["--name", name]
    if unit is not None:
        args += ["--unit", unit]
    return vneidctl(store, *args)


def import_accounts(store, rows, directory):
    """vneidctl accounts import of a CSV written to `directory` from rows
    (citizen_id, username[, display_name[, unit]]): as the portal's user
    export is loaded. Every citizen id in rows gets exactly its rows."""
    fd, path = tempfile.mkstemp(prefix="accounts-", suffix=".csv", dir=directory)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["citizen_id", "username", "display_name", "unit"])
        for row in rows:
            row = list(row) + [""] * (4 - len(row))
            w.writerow(row)
    os.chmod(path, 0o644)
    return vneidctl(store, "accounts", "import", path)


def store_stats(store):
    return json.loads(seed(store, "stats").stdout.decode())


def chown_tree(path, uid, gid=-1):
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for n in dirs + files:
            os.chown(os.path.join(root, n), uid, gid)


# ---------------------------------------------------------------------------
# Redirect helpers
# ---------------------------------------------------------------------------

def login_redirect_target(resp):
    """(path, return-param or None) of a 302 to the login page; accepts a
    relative Location or nginx's absolute_redirect form."""
    loc = resp.header("Location")
    assert loc, "302 without Location: %r" % resp
    parts = urllib.parse.urlsplit(loc)
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ret = [v for k, v in pairs if k == "return"]
    assert len(ret) <= 1, loc
    return parts.path, (ret[0] if ret else None)


# ---------------------------------------------------------------------------
# The usual protected-portal layout most scenarios use.
# ---------------------------------------------------------------------------

STANDARD_HTTP = """
    vneid_store %%STORE%%;
    server {
        listen 127.0.0.1:%%PORT%%;
        server_name localhost;
        @SERVER@
        location /_vneid/ {
            vneid_endpoint;
        }
        location /private/ {
            vneid on;
            proxy_pass http://%%BACKEND%%;
        }
        location /opt/ {
            vneid optional;
            proxy_pass http://%%BACKEND%%;
        }
        location / {
            vneid off;
            proxy_pass http://%%BACKEND%%;
        }
        @LOCATIONS@
    }
"""


def standard_http(server="", locations="", http=""):
    return http + STANDARD_HTTP.replace("@SERVER@", server).replace(
        "@LOCATIONS@", locations)
