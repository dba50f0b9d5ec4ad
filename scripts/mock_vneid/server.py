"""HTTP side of the mock: routes, form/query parsing, fault injection, responses."""

import http.cookies
import json
import os
import socket
import ssl
import struct
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mock_vneid import pages
from mock_vneid.idp import FAULT_TARGETS, SSO_COOKIE, FormError, MockIdP, PageError, TokenError

MAX_BODY = 1 << 20
FORM_TYPE = "application/x-www-form-urlencoded"


class BadRequest(Exception):
    pass


def parse_pairs(text: str) -> dict:
    """application/x-www-form-urlencoded (or a query string) into a dict; a repeated name
    is an error (RFC 6749 §3.1). '+' decodes to a space, as every form decoder does."""
    out = {}
    try:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("not valid UTF-8 form data") from None
    for name, value in pairs:
        if name in out:
            raise BadRequest("parameter %r is repeated" % name)
        out[name] = value
    return out


class MockServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, idp: MockIdP, quiet=False, tls_context=None):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.idp = idp
        self.quiet = quiet
        self.tls = tls_context is not None
        super().__init__(address, Handler)
        if tls_context is not None:
            # Handshake later, in the request's own thread, so a stuck client cannot
            # block the accept loop.
            self.socket = tls_context.wrap_socket(self.socket, server_side=True,
                                                  do_handshake_on_connect=False)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError)):
            return
        self.log("error while answering %s: %r" % (client_address[0], exc))

    def log(self, msg):
        if not self.quiet:
            sys.stderr.write("mock-vneid: %s\n" % msg)
            sys.stderr.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock-vneid/1.0"

    def version_string(self):
        return self.server_version
    timeout = 60

    # ---- plumbing ----------------------------------------------------------------
    def log_message(self, fmt, *args):
        self.server.log("%s %s" % (self.client_address[0], fmt % args))

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    ROUTES = {
        ("GET", "/"): ("_index", None),
        ("GET", "/favicon.ico"): ("_favicon", None),
        ("GET", "/auth"): ("_auth", "auth"),
        ("POST", "/auth/login"): ("_auth_login", "auth"),
        ("POST", "/auth/otp"): ("_auth_otp", "auth"),
        ("POST", "/auth/otp/resend"): ("_auth_resend", "auth"),
        ("POST", "/auth/cancel"): ("_auth_cancel", "auth"),
        ("POST", "/token"): ("_token", "token"),
        ("GET", "/userinfo"): ("_userinfo", "userinfo"),
        ("POST", "/userinfo"): ("_userinfo", "userinfo"),
        ("GET", "/logout"): ("_logout", None),
        ("GET", "/_test/sms"): ("_test_sms", None),
        ("GET", "/_test/phone"): ("_test_phone", None),
        ("GET", "/_test/health"): ("_test_health", None),
        ("GET", "/_admin/faults"): ("_admin_faults_get", None),
        ("POST", "/_admin/faults"): ("_admin_faults_post", None),
        ("DELETE", "/_admin/faults"): ("_admin_faults_delete", None),
        ("POST", "/_admin/reset"): ("_admin_reset", None),
        ("POST", "/_admin/clock"): ("_admin_clock", None),
        ("GET", "/_admin/held"): ("_admin_held", None),
        ("POST", "/_admin/release"): ("_admin_release", None),
        ("GET", "/_admin/sso"): ("_admin_sso", None),
    }

    def _dispatch(self, method):
        self.idp = self.server.idp
        url = urllib.parse.urlsplit(self.path)
        self.route_path = url.path
        self.query_string = url.query
        self.body = b""
        try:
            self._read_body()
        except BadRequest as e:
            self.close_connection = True
            return self._json(400, {"error": "invalid_request", "error_description": str(e)})
        route = self.ROUTES.get((method, url.path))
        if route is None:
            if any(p == url.path for _, p in self.ROUTES):
                if url.path == "/token":
                    return self._json(405, {"error": "invalid_request",
                                            "error_description": "use POST"},
                                      [("Allow", "POST")])
                return self._json(405, {"error": "method_not_allowed"})
            return self._json(404, {"error": "not_found", "path": url.path})
        name, target = route
        if target is not None and self._inject_fault(target):
            return
        try:
            getattr(self, name)()
        except BadRequest as e:
            if target == "auth":
                self._page(400, pages.error_page("Yêu cầu không hợp lệ", "invalid_request", str(e)))
            else:
                self._json(400, {"error": "invalid_request", "error_description": str(e)})

    def _read_body(self):
        if self.headers.get("Transfer-Encoding"):
            raise BadRequest("chunked request bodies are not supported: send Content-Length")
        length = self.headers.get("Content-Length")
        if length is None:
            return
        try:
            length = int(length)
        except ValueError:
            raise BadRequest("bad Content-Length") from None
        if length < 0 or length > MAX_BODY:
            raise BadRequest("body too large")
        self.body = self.rfile.read(length)

    def _form(self) -> dict:
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != FORM_TYPE:
            raise BadRequest("Content-Type must be %s" % FORM_TYPE)
        try:
            return parse_pairs(self.body.decode("utf-8"))
        except UnicodeDecodeError:
            raise BadRequest("not valid UTF-8 form data") from None

    def _query(self) -> dict:
        return parse_pairs(self.query_string)

    def _send(self, status, body: bytes, ctype, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status, obj, headers=()):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json",
                   [("Cache-Control", "no-store"), ("Pragma", "no-cache")] + list(headers))

    def _page(self, status, body: bytes, headers=()):
        self._send(status, body, "text/html; charset=utf-8",
                   [("Cache-Control", "no-store"),
                    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                     "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                     "frame-ancestors 'none'"),
                    ("X-Frame-Options", "DENY"),
                    ("Referrer-Policy", "no-referrer")] + list(headers))

    def _redirect(self, url, headers=()):
        self._send(302, b"", "text/plain; charset=utf-8",
                   [("Location", url), ("Cache-Control", "no-store")] + list(headers))

    # ---- faults ------------------------------------------------------------------
    def _inject_fault(self, target) -> bool:
        """Apply the fault switches for this endpoint; True when the answer is done."""
        with self.idp.lock:
            faults = self.idp.faults.get(target)
        if not faults:
            return False
        if faults.get("latency_ms") or faults.get("hold"):
            self.idp.wait_in_fault(target, faults.get("latency_ms", 0), faults.get("hold", False))
        if faults.get("reset"):
            self.server.log("fault: reset the connection to %s" % self.route_path)
            self._reset_connection()
            return True
        status = faults.get("status")
        if status:
            html = faults.get("status_body", "html" if target == "auth" else "json") == "html"
            if html:
                self._page(status, pages.error_page("Hệ thống đang bận", "server_error",
                                                    "Hệ thống VNeID đang bận hoặc bảo trì (lỗi %d). "
                                                    "Vui lòng thử lại sau." % status))
            else:
                self._json(status, {"error": "server_error",
                                    "error_description": "mock-vneid fault: status %d" % status})
            return True
        if faults.get("garbage"):
            if target == "auth":
                self._send(200, b"\x00\xff<<garbage from mock-vneid>>\xfe", "text/html")
            else:
                self._send(200, b'{"access_token":"' + os.urandom(8).hex().encode()
                           + b'","token_type":"Bearer","expires_in":30\xff', "application/json")
            return True
        return False

    def _reset_connection(self):
        self.close_connection = True
        try:
            # SO_LINGER 0: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        for f in (self.rfile, self.wfile):
            try:
                f.close()
            except OSError:
                pass
        try:
            self.connection.close()
        except OSError:
            pass

    # ---- authorization pages --------------------------------------------------------
    def _cookie(self, name):
        raw = self.headers.get("Cookie")
        if not raw:
            return None
        jar = http.cookies.SimpleCookie()
        try:
            jar.load(raw)
        except http.cookies.CookieError:
            return None
        return jar[name].value if name in jar else None

    def _sso_cookie(self, sid, max_age):
        parts = ["%s=%s" % (SSO_COOKIE, sid or ""), "Path=/", "HttpOnly", "SameSite=Lax",
                 "Max-Age=%d" % max_age]
        if self.server.tls:
            parts.append("Secure")
        return ("Set-Cookie", "; ".join(parts))

    def _auth(self):
        q = self._query()
        client = self.idp.clients.get(q.get("client_id", ""))
        if client is None or client.disabled_reason:
            return self._page(400, pages.error_page(
                "Ứng dụng không hợp lệ", "invalid_client",
                "Ứng dụng yêu cầu đăng nhập chưa được đăng ký với VNeID (client_id không hợp lệ)."))
        redirect_uri = q.get("redirect_uri")
        if not redirect_uri or redirect_uri not in client.redirect_uris:
            # Never redirect to an address that is not registered (open redirect).
            return self._page(400, pages.error_page(
                "Địa chỉ chuyển hướng không hợp lệ", "invalid_redirect_uri",
                "redirect_uri không khớp với địa chỉ đã đăng ký của ứng dụng."))
        state = q.get("state")
        if q.get("response_type") != "code":
            return self._redirect(self.idp.error_redirect(
                redirect_uri, state, "unsupported_response_type", "response_type must be code"))
        if "openid" not in q.get("scope", "").split():
            return self._redirect(self.idp.error_redirect(
                redirect_uri, state, "invalid_scope", "scope must contain openid"))
        kind, result = self.idp.start(client, redirect_uri, state, self._cookie(SSO_COOKIE))
        if kind == "redirect":
            return self._redirect(result)
        self._page(200, pages.login_page(result.tx, client.name))

    def _auth_login(self):
        f = self._form()
        tx_id = f.get("tx", "")
        try:
            self.idp.login(tx_id, f.get("pid", "").strip(), f.get("password", ""))
            self._page(200, pages.otp_page(self.idp.otp_view(tx_id)))
        except FormError as e:
            tx = self.idp.transactions.get(tx_id)
            self._page(200, pages.login_page(tx_id, tx.client.name if tx else "", e.code,
                                             e.message, f.get("pid", "")))
        except PageError as e:
            self._page_error(e)

    def _auth_otp(self):
        f = self._form()
        tx_id = f.get("tx", "")
        try:
            url, sid = self.idp.verify_otp(tx_id, f.get("otp", ""))
            headers = [self._sso_cookie(sid, int(self.idp.settings.sso_ttl))] if sid else []
            self._redirect(url, headers)
        except FormError as e:
            self._otp_again(tx_id, e.code, e.message)
        except PageError as e:
            self._page_error(e)

    def _auth_resend(self):
        tx_id = self._form().get("tx", "")
        try:
            self.idp.resend_otp(tx_id)
            self._otp_again(tx_id, notice="Đã gửi lại mã OTP.")
        except FormError as e:
            self._otp_again(tx_id, e.code, e.message)
        except PageError as e:
            self._page_error(e)

    def _auth_cancel(self):
        try:
            self._redirect(self.idp.cancel(self._form().get("tx", "")))
        except PageError as e:
            self._page_error(e)

    def _otp_again(self, tx_id, code=None, message=None, notice=None):
        try:
            self._page(200, pages.otp_page(self.idp.otp_view(tx_id), code, message, notice))
        except PageError as e:
            self._page_error(e)

    def _page_error(self, e: PageError):
        titles = {"account_locked": "Tài khoản bị khóa", "otp_exhausted": "Giao dịch bị hủy",
                  "transaction_dead": "Giao dịch bị hủy"}
        self._page(e.status, pages.error_page(titles.get(e.code, "Không thể đăng nhập"),
                                              e.code, e.message, e.back_url))

    # ---- token, user info, logout -----------------------------------------------------
    def _token(self):
        form = self._form()
        try:
            if "client_secret" not in form and \
                    self.headers.get("Authorization", "").lower().startswith("basic "):
                raise TokenError(401, "invalid_client",
                                 "send client_id and client_secret in the form body, not HTTP Basic")
            client, body = self.idp.exchange(form)
            self._json(200, body)
        except TokenError as e:
            self._json(e.status, {"error": e.error, "error_description": e.description})

    def _userinfo(self):
        auth = self.headers.get("Authorization", "")
        if not auth.lower().startswith("bearer ") or not auth[7:].strip():
            return self._json(401, {"error": "invalid_request",
                                    "error_description": "Authorization: Bearer <token> required"},
                              [("WWW-Authenticate", 'Bearer realm="mock-vneid"')])
        try:
            client, body = self.idp.userinfo(auth[7:].strip())
            self._json(200, body)
        except TokenError as e:
            self._json(e.status, {"error": e.error, "error_description": e.description},
                       [("WWW-Authenticate", 'Bearer realm="mock-vneid", error="%s"' % e.error)])

    def _logout(self):
        q = self._query()
        uri = q.get("post_logout_redirect_uri") or q.get("redirect_uri")
        url = self.idp.logout(self._cookie(SSO_COOKIE), uri, q.get("client_id"), q.get("state"))
        clear = [self._sso_cookie("", 0)]
        if url:
            return self._redirect(url, clear)
        # no relying party to return to (unknown client, nothing registered)
        self._page(200, pages.message_page(
            "Đã đăng xuất", "Bạn đã đăng xuất khỏi tài khoản Định danh điện tử VNeID. "
            "Ứng dụng không đăng ký địa chỉ quay lại sau khi đăng xuất; bạn có thể đóng "
            "cửa sổ này."), clear)

    # ---- test and admin endpoints -------------------------------------------------------
    def _index(self):
        self._page(200, pages.index_page(self.idp.clients, self.idp.citizens))

    def _favicon(self):
        self._send(204, b"", "image/x-icon")

    def _test_health(self):
        self._json(200, {"status": "ok"})

    def _test_sms(self):
        q = self._query()
        msgs = self.idp.sms_messages(q.get("pid"), q.get("tx"))
        latest = msgs[-1] if msgs else None
        if q.get("format") == "otp":
            if latest is None:
                return self._send(404, b"no SMS\n", "text/plain; charset=utf-8")
            return self._send(200, latest["otp"].encode() + b"\n", "text/plain; charset=utf-8")
        self._json(200, {"pid": q.get("pid"), "otp": latest["otp"] if latest else None,
                         "latest": latest, "messages": msgs})

    def _test_phone(self):
        pid = self._query().get("pid")
        self._page(200, pages.phone_page(self.idp.sms_messages(pid), pid))

    def _admin_json(self):
        if not self.body:
            return {}
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            raise BadRequest("body must be JSON") from None

    def _admin_faults_get(self):
        with self.idp.lock:
            self._json(200, self.idp.faults.as_json())

    def _admin_faults_post(self):
        spec = self._admin_json()
        with self.idp.lock:
            try:
                self.idp.faults.update(spec)
            except ValueError as e:
                return self._json(400, {"error": "invalid_request", "error_description": str(e)})
            current = self.idp.faults.as_json()
        self.server.log("faults now %s" % json.dumps(current))
        self._json(200, current)

    def _admin_faults_delete(self):
        with self.idp.lock:
            self.idp.faults.clear()
            self._json(200, self.idp.faults.as_json())

    def _admin_reset(self):
        self.idp.reset()
        self.server.log("reset: faults, clock and all state cleared")
        self._json(200, {"status": "reset"})

    def _admin_held(self):
        self._json(200, self.idp.held_counts())

    def _admin_release(self):
        spec = self._admin_json()
        target = spec.get("target", "all") if isinstance(spec, dict) else None
        if target not in ("all",) + FAULT_TARGETS:
            raise BadRequest('expected {"target": "auth"|"token"|"userinfo"|"all"} or no body')
        released = self.idp.release(target)
        self.server.log("released %d held request(s) (%s)" % (released, target))
        self._json(200, {"released": released})

    def _admin_sso(self):
        self._json(200, {"sessions": self.idp.sso_sessions()})

    def _admin_clock(self):
        spec = self._admin_json()
        seconds = spec.get("advance_seconds") if isinstance(spec, dict) else None
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
            raise BadRequest('expected {"advance_seconds": N} with N >= 0')
        self._json(200, {"offset_seconds": self.idp.advance_clock(float(seconds))})

