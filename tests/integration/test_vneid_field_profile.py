"""The VNeID profile closer to the field (issue 12, item 7): the raw '+' the
real IdP puts in the callback's code, `vneid_token_code`, `vneid_claim
account_type`, and `vneid_idp_proxy` with a small CONNECT/HTTP proxy on
127.0.0.1 that counts what it relayed."""

import select
import socket
import socketserver
import threading
import urllib.parse

import pytest

from login_support import AN, assert_logged_in, login_env  # noqa: F401
from test_config_errors import expect_error, expect_ok, expect_emerg_at
from test_config_errors_provider import conf, secret_file  # noqa: F401

IO_TIMEOUT = 10        # every socket of the proxy is bounded
MAX_HEAD = 64 * 1024
MAX_BODY = 1 << 20


# ---------------------------------------------------------------------------
# a small outbound proxy, as a government data centre has (stdlib only)
# ---------------------------------------------------------------------------

class RelayProxy:
    """An HTTP proxy on 127.0.0.1: CONNECT tunnels (https) and absolute-form
    requests (http), one request per client connection. Names ending in
    ".invalid" resolve here to 127.0.0.1, so a URL on such a host can only
    be reached through the proxy. `relayed` lists what it passed on:
    ("CONNECT", "host:port", b"") or (method, "host:port", path, body)."""

    def __init__(self):
        self.relayed = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                proxy._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(IO_TIMEOUT)

    def records(self, method=None):
        with self.lock:
            return [r for r in self.relayed if method is None or r[0] == method]

    @staticmethod
    def _upstream(hostport):
        host, _, port = hostport.rpartition(":")
        host = host.strip("[]")
        if host.endswith(".invalid"):
            host = "127.0.0.1"
        return socket.create_connection((host, int(port)), timeout=IO_TIMEOUT)

    @staticmethod
    def _read_head(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk or len(data) > MAX_HEAD:
                return None, b""
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        return head.decode("latin-1"), rest

    def _handle(self, conn):
        conn.settimeout(IO_TIMEOUT)
        try:
            head, rest = self._read_head(conn)
            if head is None:
                return
            lines = head.split("\r\n")
            method, target, _version = lines[0].split(" ", 2)
            if method == "CONNECT":
                self._tunnel(conn, target, rest)
            else:
                self._forward(conn, method, target, lines[1:], rest)
        except (OSError, ValueError):
            pass
        finally:
            conn.close()

    def _tunnel(self, conn, target, rest):
        up = self._upstream(target)
        with self.lock:
            self.relayed.append(("CONNECT", target, b""))
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if rest:
            up.sendall(rest)
        socks = [conn, up]
        try:
            while True:
                ready, _, _ = select.select(socks, [], [], IO_TIMEOUT)
                if not ready:
                    return
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    (up if s is conn else conn).sendall(data)
        finally:
            up.close()

    def _forward(self, conn, method, target, header_lines, rest):
        url = urllib.parse.urlsplit(target)
        assert url.scheme == "http" and url.hostname, target
        hostport = "%s:%d" % (url.hostname, url.port or 80)
        headers = [l for l in header_lines
                   if l.split(":", 1)[0].strip().lower() not in
                   ("connection", "proxy-connection", "keep-alive")]
        length = 0
        for l in headers:
            name, _, value = l.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length > MAX_BODY:
            return
        body = rest
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            body += chunk
        path = url.path or "/"
        if url.query:
            path += "?" + url.query
        with self.lock:
            self.relayed.append((method, hostport, path, body[:length]))
        up = self._upstream(hostport)
        try:
            up.sendall(("%s %s HTTP/1.1\r\n%s\r\nConnection: close\r\n\r\n"
                        % (method, path, "\r\n".join(headers))).encode("latin-1")
                       + body[:length])
            while True:
                data = up.recv(65536)
                if not data:
                    return
                conn.sendall(data)
        finally:
            up.close()


@pytest.fixture
def relay_proxy():
    p = RelayProxy()
    yield p
    p.stop()


def form(body):
    """A form body's fields, decoded as the IdP's form decoder does."""
    return dict(urllib.parse.parse_qsl(body.decode("ascii"), keep_blank_values=True))


def invalid_host(path):
    """An endpoint on the mock's port but a host only the proxy resolves."""
    return lambda base: "http://vneid-sso.invalid:%d%s" % (urllib.parse.urlsplit(base).port,
                                                           path)


# ---------------------------------------------------------------------------
# the raw '+' in the callback's code
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("client", ["plain", "enc"])
@pytest.mark.parametrize("escaped", [False, True], ids=["raw_plus", "percent_encoded"])
def test_callback_code_raw_or_percent_encoded(login_env, client, escaped):
    """The real VNeID writes '+' raw in the callback's code (and
    encrypt_key); the mock does the same by default and percent-encodes
    with --escape-code. The gateway reads '+' as '+' either way."""
    env = login_env(client=client, mock_args=["--escape-code"] if escaped else [])
    for i in range(2):
        b = env.browser()
        cb = b.login_until_callback(AN[0], path="/ho-so?n=%d" % i)
        query = urllib.parse.urlsplit(cb).query
        if escaped:
            assert "+" not in query, query
            if client == "plain":
                assert "%2B" in query, query
        else:
            assert "%2B" not in query and "%3D" not in query, query
            if client == "plain":
                code = query.split("code=", 1)[1].split("&", 1)[0]
                assert "+" in code, query
        assert_logged_in(b.callback(cb), "/ho-so?n=%d" % i)


# ---------------------------------------------------------------------------
# vneid_idp_proxy
# ---------------------------------------------------------------------------

def test_idp_calls_go_through_the_proxy(login_env, relay_proxy):
    """Plain-http IdP on a host only the proxy resolves: every token and
    user-info call is relayed, and counted, by the proxy."""
    env = login_env(client="plain", server_extra="vneid_idp_proxy %s;" % relay_proxy.url,
                    token_endpoint=invalid_host("/token"),
                    userinfo_endpoint=invalid_host("/userinfo"))
    for i in range(2):
        env.browser().login(AN[0], path="/ho-so?n=%d" % i)
    tokens = relay_proxy.records("POST")
    infos = relay_proxy.records("GET")
    port = urllib.parse.urlsplit(env.mock.base_url).port
    assert [(r[1], r[2]) for r in tokens] == [("vneid-sso.invalid:%d" % port, "/token")] * 2
    assert [(r[1], r[2]) for r in infos] == [("vneid-sso.invalid:%d" % port, "/userinfo")] * 2
    assert all("+" in form(r[3])["code"] for r in tokens)
    assert relay_proxy.records("CONNECT") == []


def test_https_idp_calls_tunnel_through_the_proxy(login_env, relay_proxy):
    """An https IdP: the calls tunnel with CONNECT; with the proxy gone the
    login fails although the IdP is up."""
    env = login_env(client="plain", tls=True,
                    server_extra="vneid_idp_proxy %s;" % relay_proxy.url)
    env.browser().login(AN[0])
    port = urllib.parse.urlsplit(env.mock.base_url).port
    tunnels = relay_proxy.records("CONNECT")
    # token and user-info: one tunnel each, or one shared if the client
    # keeps connections
    assert 1 <= len(tunnels) <= 2, tunnels
    assert all(t[1] == "127.0.0.1:%d" % port for t in tunnels), tunnels
    assert relay_proxy.records("POST") == [] and relay_proxy.records("GET") == []

    relay_proxy.stop()
    b = env.browser()
    cb = b.login_until_callback(AN[0])
    env.assert_login_error(b.callback(cb), "idp_unreachable")


# ---------------------------------------------------------------------------
# vneid_token_code
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("setting", [None, "decrypted", "encrypted"])
def test_token_code_decrypted_or_encrypted(login_env, relay_proxy, setting):
    """With encrypt_key in the callback, the token call carries the
    decrypted code (the default) or the code exactly as received. The mock
    wants the decrypted one, so "encrypted" is refused there (code_rejected):
    which code went out is read from the proxy."""
    extra = " vneid_token_code %s;" % setting if setting else ""
    env = login_env(client="enc", server_extra="vneid_idp_proxy %s;%s" % (relay_proxy.url, extra),
                    token_endpoint=invalid_host("/token"),
                    userinfo_endpoint=invalid_host("/userinfo"))
    b = env.browser()
    cb = b.login_until_callback(AN[0], path="/ho-so")
    params = {k: urllib.parse.unquote(v) for k, v in
              (p.split("=", 1) for p in urllib.parse.urlsplit(cb).query.split("&"))}
    r = b.callback(cb)
    sent = form(relay_proxy.records("POST")[0][3])
    assert sent["encrypt_key"] == params["encrypt_key"]
    if setting == "encrypted":
        assert sent["code"] == params["code"]
        env.assert_login_error(r, "code_rejected")
    else:
        assert sent["code"] != params["code"] and "+" in sent["code"]
        assert_logged_in(r, "/ho-so")


# ---------------------------------------------------------------------------
# nginx -t
# ---------------------------------------------------------------------------

def test_new_directives_pass(nginx_t, secret_file):  # noqa: F811
    expect_ok(nginx_t, conf(secret_file, "vneid_token_code encrypted; "
                                         "vneid_idp_proxy http://proxy.tinh.gov.vn:3128; "
                                         "vneid_claim account_type LoaiTaiKhoan; "
                                         "vneid_claim level IAL;"))
    expect_ok(nginx_t, "vneid_token_code DECRYPTED; vneid_idp_proxy http://10.0.0.1:8080;\n"
              + conf(secret_file))


@pytest.mark.parametrize("case, needles", [
    ("vneid_token_code plain;",
     ['invalid value "plain" in "vneid_token_code" directive', '"decrypted", "encrypted"']),
    ("vneid_token_code encrypted; vneid_token_code decrypted;",
     ['"vneid_token_code" directive is duplicate']),
    ("vneid_idp_proxy https://proxy:3128;", ["vneid_idp_proxy", "not an http:// proxy URL"]),
    ("vneid_idp_proxy proxy.tinh.gov.vn:3128;", ["vneid_idp_proxy", "not an http:// proxy URL"]),
    ("vneid_idp_proxy http://user:pw@proxy:3128;", ["vneid_idp_proxy"]),
    ("vneid_idp_proxy http://proxy:3128/x;", ["vneid_idp_proxy", "must not have a path"]),
    ("vneid_idp_proxy http://a:1; vneid_idp_proxy http://b:1;",
     ['"vneid_idp_proxy" directive is duplicate']),
    ("vneid_claim account_type A; vneid_claim account_type B;",
     ['"vneid_claim" for "account_type" is duplicate']),
    ("vneid_claim accountType A;", ['invalid field "accountType" in "vneid_claim"']),
])
def test_bad_values_are_refused(nginx_t, secret_file, case, needles):  # noqa: F811
    expect_error(nginx_t, conf(secret_file, case), *needles)


@pytest.mark.parametrize("case, directive, inherited", [
    ("vneid_token_code plain;", "vneid_token_code", False),
    ("vneid_token_code plain;", "vneid_token_code", True),
    ("vneid_idp_proxy https://proxy:3128;", "vneid_idp_proxy", False),
    ("vneid_idp_proxy https://proxy:3128;", "vneid_idp_proxy", True),
])
def test_errors_name_the_directives_line(nginx_factory, secret_file, case, directive,  # noqa: F811
                                         inherited):
    text = case + "\n" + conf(secret_file) if inherited else conf(secret_file, case=case)
    expect_emerg_at(nginx_factory, text, directive)
