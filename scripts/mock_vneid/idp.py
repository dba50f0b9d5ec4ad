"""The mock identity provider's behaviour, without HTTP: login transactions, OTP, codes,
tokens, SSO sessions, lockouts, the "SMS" outbox and the fault switches.

Every public method takes the one lock: the HTTP server is threaded, and the state is
small, so a single lock keeps it simple and correct.
"""

import base64
import datetime
import hmac
import os
import re
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from mock_vneid import crypto
from mock_vneid.config import Citizen, Client

FAULT_TARGETS = ("auth", "token", "userinfo")
# name -> (type, description); shown by --help and in docs/mock-vneid.md.
FAULTS = {
    "latency_ms": (int, "delay every answer by this many milliseconds"),
    "status": (int, "answer with this HTTP status (400-599) and an error body"),
    "status_body": (str, "body for 'status': json (default for token/userinfo) or html"),
    "reset": (bool, "close the connection without answering (TCP RST)"),
    "garbage": (bool, "answer 200 with a body that is not JSON / not a page"),
    "wrong_key": (bool, "encrypt encrypt_key / envelope keys to an RSA key the client does not hold"),
    "hold": (bool, "keep each request waiting until POST /_admin/release, the switch goes off "
                   "or 60 s pass"),
}
# The longest a "hold" fault keeps one request: a test that never releases it
# still ends.
HOLD_LIMIT_SECONDS = 60
GLOBAL_FAULTS = {"expired_codes": "the token endpoint treats every code as expired"}

SSO_COOKIE = "mockvneid_sso"


class PageError(Exception):
    """Stop the login with an error page (status, machine code, Vietnamese message); the
    page offers back_url (the client's redirect_uri with error=access_denied) if any."""

    def __init__(self, status, code, message, back_url=None):
        super().__init__(message)
        self.status, self.code, self.message, self.back_url = status, code, message, back_url


class FormError(Exception):
    """Show the same form again with a message (wrong password, wrong OTP, ...)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


class TokenError(Exception):
    """An OAuth error answer from the token or user-info endpoint."""

    def __init__(self, status, error, description):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


@dataclass
class Transaction:
    tx: str
    client: Client
    redirect_uri: str
    state: Optional[str]
    expires: float
    stage: str = "login"          # login -> otp -> done, or dead
    pid: Optional[str] = None
    otp: Optional[str] = None
    otp_expires: float = 0.0
    otp_sent_at: float = 0.0
    otp_tries: int = 0
    resends: int = 0


@dataclass
class CodeRecord:
    client_id: str
    redirect_uri: str
    pid: str
    expires: float
    sent_code: str                 # as put in the redirect (AES-encrypted for some clients)
    encrypt_key: Optional[str]
    used: bool = False
    tokens: List[str] = field(default_factory=list)


@dataclass
class TokenRecord:
    client_id: str
    pid: str
    expires: float


@dataclass
class Settings:
    code_ttl: float = 10.0
    token_ttl: float = 300.0
    otp_ttl: float = 300.0
    otp_max_tries: int = 5
    otp_resend_cooldown: float = 30.0
    otp_max_resends: int = 3
    password_max_failures: int = 5
    lockout_seconds: float = 900.0
    tx_ttl: float = 600.0
    sso_ttl: float = 1800.0
    sso_session: bool = True
    # The callback's code and encrypt_key: raw base64 ('+', '/', '=' as they
    # are), as the real VNeID sends them; True percent-encodes them (%2B).
    escape_code: bool = False


def mask_phone(phone: str) -> str:
    """0912345657 -> 09*****57, as VNeID's OTP page shows it."""
    return phone[:2] + "*****" + phone[-2:]


def add_query(uri: str, params) -> str:
    query = urllib.parse.urlencode([(k, v) for k, v in params if v is not None],
                                   quote_via=urllib.parse.quote, safe="")
    return uri + ("&" if "?" in uri else "?") + query


def add_callback_query(uri: str, code: str, state, encrypt_key, escape_code: bool) -> str:
    """The callback: code and encrypt_key (base64, so '+', '/', '=' and
    alphanumerics only) written raw, as the real VNeID writes them (a '+'
    a relying party must not read as a space), or percent-encoded with
    escape_code; the state (the relying party's) always percent-encoded."""
    if escape_code:
        return add_query(uri, [("code", code), ("state", state), ("encrypt_key", encrypt_key)])
    parts = ["code=" + code]
    if state is not None:
        parts.append("state=" + urllib.parse.quote(state, safe=""))
    if encrypt_key is not None:
        parts.append("encrypt_key=" + encrypt_key)
    return uri + ("&" if "?" in uri else "?") + "&".join(parts)


def _origin(uri: str) -> Optional[str]:
    """scheme://host[:port] of an absolute http(s) URI, lower-cased; None otherwise."""
    try:
        parts = urllib.parse.urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return "%s://%s" % (parts.scheme, parts.netloc.lower())


class Faults:
    def __init__(self):
        self.clear()

    def clear(self):
        self.by_target = {t: {} for t in FAULT_TARGETS}
        self.expired_codes = False

    def get(self, target: str) -> dict:
        return dict(self.by_target.get(target, {}))

    def as_json(self) -> dict:
        out = {t: dict(v) for t, v in self.by_target.items()}
        out["expired_codes"] = self.expired_codes
        return out

    def update(self, spec: dict):
        """Merge a fault description (see docs/mock-vneid.md): either
        {"target": T, name: value, ...} or {T: {name: value}, ..., "expired_codes": bool}.
        A false/0/null value switches that fault off. Raises ValueError, changing nothing."""
        if not isinstance(spec, dict):
            raise ValueError("faults must be a JSON object")
        staged = Faults()
        staged.by_target = {t: dict(v) for t, v in self.by_target.items()}
        staged.expired_codes = self.expired_codes
        spec = dict(spec)
        if spec.pop("replace", False):
            staged.clear()
        if "expired_codes" in spec:
            staged.expired_codes = _as_bool(spec.pop("expired_codes"), "expired_codes")
        if "target" in spec or any(k in FAULTS for k in spec):
            target = spec.pop("target", "all")
            staged._set(target, spec)
        else:
            for target, values in spec.items():
                if not isinstance(values, dict):
                    raise ValueError("%r: expected an object of faults" % target)
                values = dict(values)
                if "expired_codes" in values:
                    staged.expired_codes = _as_bool(values.pop("expired_codes"), "expired_codes")
                staged._set(target, values)
        self.by_target, self.expired_codes = staged.by_target, staged.expired_codes

    def _set(self, target, values: dict):
        if target == "all":
            targets = FAULT_TARGETS
        elif target in FAULT_TARGETS:
            targets = (target,)
        else:
            raise ValueError("unknown fault target %r (auth, token, userinfo or all)" % (target,))
        for name, value in values.items():
            if name not in FAULTS:
                raise ValueError("unknown fault %r (known: %s)"
                                 % (name, ", ".join(list(FAULTS) + list(GLOBAL_FAULTS))))
            value = _check_fault(name, value)
            for t in targets:
                if value in (None, False, 0, ""):
                    self.by_target[t].pop(name, None)
                else:
                    self.by_target[t][name] = value

    def apply_cli(self, text: str):
        """--fault TARGET:NAME[=VALUE] or --fault expired_codes."""
        if text in GLOBAL_FAULTS or text.endswith(":expired_codes"):
            self.expired_codes = True
            return
        m = re.fullmatch(r"(auth|token|userinfo|all):([a-z_]+)(?:=(.*))?", text)
        if not m:
            raise ValueError("--fault %r: expected TARGET:NAME[=VALUE], e.g. token:status=503" % text)
        target, name, value = m.groups()
        if name not in FAULTS:
            raise ValueError("--fault %r: unknown fault %r" % (text, name))
        kind = FAULTS[name][0]
        if value is None:
            if kind is not bool:
                raise ValueError("--fault %r: %s needs a value" % (text, name))
            value = True
        elif kind is int:
            try:
                value = int(value)
            except ValueError:
                raise ValueError("--fault %r: %s needs an integer" % (text, name)) from None
        elif kind is bool:
            value = value.lower() in ("1", "true", "yes", "on")
        self.update({"target": target, name: value})


def _as_bool(value, name):
    if not isinstance(value, bool):
        raise ValueError("%s must be true or false" % name)
    return value


def _check_fault(name, value):
    if value is None:
        return None
    kind = FAULTS[name][0]
    if kind is bool:
        return _as_bool(value, name)
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("%s must be an integer" % name)
        if name == "latency_ms" and not 0 <= value <= 600000:
            raise ValueError("latency_ms must be 0..600000")
        if name == "status" and value and not 400 <= value <= 599:
            raise ValueError("status must be 400..599")
        return value
    if value not in ("json", "html", ""):
        raise ValueError("status_body must be json or html")
    return value


class MockIdP:
    def __init__(self, clients: Dict[str, Client], citizens: Dict[str, Citizen],
                 settings: Settings, sms_file: Optional[str] = None, log=None):
        self.clients = clients
        self.citizens = citizens
        self.settings = settings
        self.sms_file = sms_file
        self.log = log or (lambda msg: None)
        self.lock = threading.RLock()
        self.faults = Faults()
        self._clock_offset = 0.0
        # Requests now waiting in a latency_ms or hold fault, per target; a
        # release bumps the target's generation, which ends the holds begun
        # before it. Tests read the counts (GET /_admin/held) to know that a
        # request reached the mock and is being held, instead of sleeping.
        self.fault_wait = threading.Condition(self.lock)
        self.held = {t: 0 for t in FAULT_TARGETS}
        self._release_generation = {t: 0 for t in FAULT_TARGETS}
        self._clear_state()

    # ---- state -------------------------------------------------------------------
    def _clear_state(self):
        self.transactions: Dict[str, Transaction] = {}
        self.codes: Dict[str, CodeRecord] = {}
        self.tokens: Dict[str, TokenRecord] = {}
        self.sso: Dict[str, tuple] = {}            # sid -> (pid, expires)
        self.password_failures: Dict[str, int] = {}
        self.locked_until: Dict[str, float] = {}
        self.sms: List[dict] = []

    def now(self) -> float:
        return time.monotonic() + self._clock_offset

    def reset(self):
        """Forget faults, transactions, codes, tokens, sessions, lockouts, SMS, clock."""
        with self.lock:
            self.faults.clear()
            self._clock_offset = 0.0
            self._clear_state()

    def wait_in_fault(self, target: str, latency_ms: int, hold: bool):
        """The waiting part of the fault switches: sleep latency_ms, then, with
        hold, wait until released (release(), the hold switch off, a reset) or
        HOLD_LIMIT_SECONDS. Counted in held[target] meanwhile."""
        with self.fault_wait:
            self.held[target] += 1
            generation = self._release_generation[target]
            self.fault_wait.notify_all()
        try:
            if latency_ms:
                time.sleep(latency_ms / 1000.0)
            if hold:
                deadline = time.monotonic() + HOLD_LIMIT_SECONDS
                with self.fault_wait:
                    while (generation == self._release_generation[target]
                           and self.faults.get(target).get("hold")
                           and time.monotonic() < deadline):
                        # woken by release(); the timeout notices a switch turned off
                        self.fault_wait.wait(0.05)
        finally:
            with self.fault_wait:
                self.held[target] -= 1
                self.fault_wait.notify_all()

    def held_counts(self) -> dict:
        with self.fault_wait:
            return dict(self.held)

    def release(self, target: str = "all") -> int:
        """Lets the requests held now go on; returns how many there were."""
        targets = FAULT_TARGETS if target == "all" else (target,)
        with self.fault_wait:
            count = 0
            for t in targets:
                self._release_generation[t] += 1
                count += self.held[t]
            self.fault_wait.notify_all()
            return count

    def advance_clock(self, seconds: float) -> float:
        with self.lock:
            self._clock_offset += seconds
            return self._clock_offset

    def _purge(self):
        now = self.now()
        grace = 600.0   # keep used/expired codes a while, so reuse is told apart from unknown
        for d, alive in ((self.transactions, lambda t: t.expires > now),
                         (self.codes, lambda c: c.expires + grace > now),
                         (self.tokens, lambda t: t.expires > now),
                         (self.sso, lambda s: s[1] > now)):
            for k in [k for k, v in d.items() if not alive(v)]:
                del d[k]

    # ---- authorization ------------------------------------------------------------
    def error_redirect(self, redirect_uri, state, error, description) -> str:
        return add_query(redirect_uri, [("error", error), ("error_description", description),
                                        ("state", state)])

    def start(self, client: Client, redirect_uri: str, state: Optional[str],
              sid: Optional[str]):
        """Begin a login. Returns ("redirect", url) when a live SSO session exists,
        else ("login", Transaction)."""
        with self.lock:
            self._purge()
            if sid and self.settings.sso_session and sid in self.sso:
                pid = self.sso[sid][0]
                if not self._is_locked(self.citizens[pid]):
                    return "redirect", self._issue_code(client, redirect_uri, state, pid)
            tx = Transaction(tx=secrets.token_urlsafe(18), client=client,
                             redirect_uri=redirect_uri, state=state,
                             expires=self.now() + self.settings.tx_ttl)
            self.transactions[tx.tx] = tx
            return "login", tx

    def _tx(self, tx_id: str, stage: str) -> Transaction:
        tx = self.transactions.get(tx_id or "")
        if tx is None or tx.expires <= self.now():
            raise PageError(400, "transaction_unknown",
                            "Phiên đăng nhập không tồn tại hoặc đã hết hạn. Vui lòng quay lại "
                            "ứng dụng và đăng nhập lại.")
        if tx.stage == "dead":
            raise PageError(403, "transaction_dead",
                            "Giao dịch đăng nhập này đã bị hủy. Vui lòng quay lại ứng dụng và "
                            "đăng nhập lại.", self._back(tx, "transaction_dead"))
        if tx.stage != stage:
            raise PageError(400, "transaction_state",
                            "Yêu cầu không hợp lệ ở bước đăng nhập hiện tại.", self._back(tx, "invalid_step"))
        return tx

    def _back(self, tx: Transaction, why: str) -> str:
        return self.error_redirect(tx.redirect_uri, tx.state, "access_denied", why)

    def _kill(self, tx: Transaction, status, code, message) -> PageError:
        tx.stage = "dead"
        return PageError(status, code, message, self._back(tx, code))

    def _is_locked(self, citizen: Citizen) -> bool:
        return citizen.locked or self.locked_until.get(citizen.pid, 0) > self.now()

    def cancel(self, tx_id: str) -> str:
        with self.lock:
            tx = self.transactions.get(tx_id or "")
            if tx is None or tx.stage in ("dead", "done"):
                raise PageError(400, "transaction_unknown", "Phiên đăng nhập không tồn tại hoặc đã kết thúc.")
            tx.stage = "dead"
            return self.error_redirect(tx.redirect_uri, tx.state, "access_denied", "user_cancelled")

    def login(self, tx_id: str, pid: str, password: str) -> Transaction:
        with self.lock:
            tx = self.transactions.get(tx_id or "")
            if tx is not None and tx.stage == "otp":
                return tx                    # form posted twice (back button): same OTP
            tx = self._tx(tx_id, "login")
            if not re.fullmatch(r"[0-9]{12}", pid or ""):
                raise FormError("invalid_pid", "Số định danh cá nhân phải gồm đúng 12 chữ số.")
            citizen = self.citizens.get(pid)
            if citizen is not None and self._is_locked(citizen):
                raise self._kill(tx, 403, "account_locked",
                                 "Tài khoản định danh điện tử này đang bị tạm khóa. Vui lòng liên "
                                 "hệ cơ quan Công an để được hỗ trợ.")
            ok = citizen is not None and hmac.compare_digest(
                citizen.password.encode("utf-8"), (password or "").encode("utf-8"))
            if not ok:
                wrong = "Số định danh cá nhân hoặc mật khẩu không chính xác."
                if citizen is None:
                    raise FormError("wrong_password", wrong)
                failures = self.password_failures.get(pid, 0) + 1
                if failures >= self.settings.password_max_failures:
                    self.password_failures.pop(pid, None)
                    lock = self.settings.lockout_seconds
                    self.locked_until[pid] = self.now() + lock if lock > 0 else float("inf")
                    self.log("citizen %s locked after %d wrong passwords" % (pid, failures))
                    raise self._kill(tx, 403, "account_locked",
                                     "Bạn đã nhập sai mật khẩu quá %d lần. Tài khoản đã bị tạm "
                                     "khóa." % self.settings.password_max_failures)
                self.password_failures[pid] = failures
                raise FormError("wrong_password", "%s Bạn còn %d lần thử."
                                % (wrong, self.settings.password_max_failures - failures))
            self.password_failures.pop(pid, None)
            tx.pid = pid
            tx.stage = "otp"
            self._send_otp(tx, citizen)
            return tx

    def _send_otp(self, tx: Transaction, citizen: Citizen):
        now = self.now()
        tx.otp = "%06d" % secrets.randbelow(10 ** 6)
        tx.otp_expires = now + self.settings.otp_ttl
        tx.otp_sent_at = now
        minutes = max(1, int(round(self.settings.otp_ttl / 60)))
        text = ("[VNeID] Ma xac thuc OTP cua ban la %s. Ma co hieu luc trong %d phut. "
                "Tuyet doi khong cung cap ma nay cho bat ky ai." % (tx.otp, minutes))
        stamp = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        msg = {"time": stamp, "phone": citizen.phone, "pid": citizen.pid, "tx": tx.tx,
               "otp": tx.otp, "text": text}
        self.sms.append(msg)
        del self.sms[:-1000]          # a long-running demo keeps the last 1000
        if self.sms_file:
            line = "%s to=%s pid=%s otp=%s | %s\n" % (stamp, citizen.phone, citizen.pid, tx.otp, text)
            with open(self.sms_file, "a", encoding="utf-8") as f:
                f.write(line)
        self.log("SMS sent to %s for %s (read it at /_test/sms?pid=%s%s)"
                 % (mask_phone(citizen.phone), citizen.pid, citizen.pid,
                    " or in " + self.sms_file if self.sms_file else ""))

    def otp_view(self, tx_id: str) -> dict:
        """What the OTP page shows for a transaction at the OTP step."""
        with self.lock:
            tx = self._tx(tx_id, "otp")
            citizen = self.citizens[tx.pid]
            wait = self.settings.otp_resend_cooldown - (self.now() - tx.otp_sent_at)
            return {"tx": tx.tx, "client": tx.client, "masked_phone": mask_phone(citizen.phone),
                    "resend_wait": max(0, int(wait + 0.999)),
                    "tries_left": self.settings.otp_max_tries - tx.otp_tries,
                    "otp_minutes": max(1, int(round(self.settings.otp_ttl / 60)))}

    def resend_otp(self, tx_id: str):
        with self.lock:
            tx = self._tx(tx_id, "otp")
            wait = self.settings.otp_resend_cooldown - (self.now() - tx.otp_sent_at)
            if wait > 0:
                raise FormError("resend_cooldown", "Vui lòng chờ %d giây trước khi gửi lại mã OTP."
                                % int(wait + 0.999))
            if tx.resends >= self.settings.otp_max_resends:
                raise FormError("resend_limit", "Bạn đã yêu cầu gửi lại mã quá số lần cho phép.")
            tx.resends += 1
            self._send_otp(tx, self.citizens[tx.pid])

    def verify_otp(self, tx_id: str, otp: str):
        """Returns (redirect URL with the code, SSO session id)."""
        with self.lock:
            tx = self._tx(tx_id, "otp")
            otp = (otp or "").strip()
            if not re.fullmatch(r"[0-9]{6}", otp):
                raise FormError("invalid_otp", "Mã OTP gồm 6 chữ số.")
            if self.now() >= tx.otp_expires:
                raise FormError("otp_expired", "Mã OTP đã hết hạn. Vui lòng bấm «Gửi lại mã».")
            if not hmac.compare_digest(otp.encode(), tx.otp.encode()):
                tx.otp_tries += 1
                left = self.settings.otp_max_tries - tx.otp_tries
                if left <= 0:
                    raise self._kill(tx, 403, "otp_exhausted",
                                     "Bạn đã nhập sai mã OTP quá %d lần. Giao dịch đăng nhập đã bị "
                                     "hủy." % self.settings.otp_max_tries)
                raise FormError("wrong_otp", "Mã OTP không chính xác. Bạn còn %d lần thử." % left)
            tx.stage = "done"
            del self.transactions[tx.tx]
            sid = None
            if self.settings.sso_session:
                sid = secrets.token_urlsafe(24)
                self.sso[sid] = (tx.pid, self.now() + self.settings.sso_ttl)
            return self._issue_code(tx.client, tx.redirect_uri, tx.state, tx.pid), sid

    def _issue_code(self, client: Client, redirect_uri: str, state, pid: str) -> str:
        while True:
            # Standard base64 with '+' guaranteed: a relying party that form-decodes the
            # callback query ('+' -> ' ') fails every time, not one login in two.
            plain = base64.b64encode(os.urandom(32)).decode("ascii")
            if "+" in plain and plain not in self.codes:
                break
        encrypt_key, sent = None, plain
        if client.encrypt_code:
            key = (crypto.unrelated_public_key() if self.faults.get("auth").get("wrong_key")
                   else client.public_key)
            encrypt_key, sent = crypto.encrypt_code(key, plain)
        self.codes[plain] = CodeRecord(client_id=client.client_id, redirect_uri=redirect_uri,
                                       pid=pid, expires=self.now() + self.settings.code_ttl,
                                       sent_code=sent, encrypt_key=encrypt_key)
        return add_callback_query(redirect_uri, sent, state, encrypt_key,
                                  self.settings.escape_code)

    # ---- token and user info ----------------------------------------------------------
    def _client_auth(self, form: dict) -> Client:
        cid, secret = form.get("client_id"), form.get("client_secret")
        if not cid or secret is None:
            raise TokenError(401, "invalid_client",
                             "client_id and client_secret are required in the form body")
        client = self.clients.get(cid)
        if client is None or client.disabled_reason or not hmac.compare_digest(
                client.client_secret.encode("utf-8"), secret.encode("utf-8")):
            raise TokenError(401, "invalid_client", "client authentication failed")
        return client

    def exchange(self, form: dict):
        """Token request (form already parsed, duplicates refused). Returns (client, body)."""
        with self.lock:
            grant = form.get("grant_type")
            if not grant:
                raise TokenError(400, "invalid_request", "grant_type is required")
            if grant != "authorization_code":
                raise TokenError(400, "unsupported_grant_type", "only authorization_code is supported")
            client = self._client_auth(form)
            code, redirect_uri = form.get("code"), form.get("redirect_uri")
            if not code:
                raise TokenError(400, "invalid_request", "code is required")
            if not redirect_uri:
                raise TokenError(400, "invalid_request", "redirect_uri is required")
            self._purge()
            record = self.codes.get(code)
            if record is None:
                raise TokenError(400, "invalid_grant", self._unknown_code_hint(code))
            if record.client_id != client.client_id:
                raise TokenError(400, "invalid_grant", "code was issued to another client")
            if record.used:
                # RFC 6749 §4.1.2: a reused code revokes what it already gave.
                for token in record.tokens:
                    self.tokens.pop(token, None)
                raise TokenError(400, "invalid_grant", "code has already been used")
            record.used = True
            if self.faults.expired_codes or self.now() >= record.expires:
                raise TokenError(400, "invalid_grant", "code has expired")
            if redirect_uri != record.redirect_uri:
                raise TokenError(400, "invalid_request",
                                 "redirect_uri does not match the one of the authorization request")
            if record.encrypt_key is not None:
                echoed = form.get("encrypt_key")
                if not echoed:
                    raise TokenError(400, "invalid_request", "encrypt_key is required for this client")
                if not hmac.compare_digest(echoed.encode("utf-8"), record.encrypt_key.encode("utf-8")):
                    raise TokenError(400, "invalid_grant", "encrypt_key does not match the code")
            token = secrets.token_urlsafe(32)
            self.tokens[token] = TokenRecord(client_id=client.client_id, pid=record.pid,
                                             expires=self.now() + self.settings.token_ttl)
            record.tokens.append(token)
            body = {"access_token": token, "token_type": "Bearer",
                    "expires_in": int(self.settings.token_ttl), "scope": "openid"}
            return client, self._maybe_envelope(client, body, "token")

    def _unknown_code_hint(self, code: str) -> str:
        if " " in code and code.replace(" ", "+") in self.codes:
            return ("unknown code: it has a space where the issued code has '+' "
                    "(send '+' as %2B, and do not form-decode the callback query)")
        if any(r.sent_code == code and r.encrypt_key for r in self.codes.values()):
            return ("unknown code: this is the AES-encrypted code from the redirect; decrypt it "
                    "with the key inside encrypt_key and send the plain code")
        return "unknown code"

    def userinfo(self, token: Optional[str]):
        """Returns (client, body) for a Bearer token."""
        with self.lock:
            record = self.tokens.get(token or "")
            if record is None or record.expires <= self.now():
                raise TokenError(401, "invalid_token", "access token unknown or expired")
            client = self.clients[record.client_id]
            return client, self._maybe_envelope(client, self.citizens[record.pid].userinfo(), "userinfo")

    def _maybe_envelope(self, client: Client, body: dict, target: str):
        if not client.envelope:
            return body
        key = (crypto.unrelated_public_key() if self.faults.get(target).get("wrong_key")
               else client.public_key)
        return crypto.envelope(key, body)

    # ---- logout and test helpers --------------------------------------------------------
    def logout(self, sid: Optional[str], uri: Optional[str], client_id: Optional[str],
               state: Optional[str]) -> Optional[str]:
        """End the SSO session; the URL to redirect to, or None for the mock's own page.

        As VNeID does: to `uri` (with `state`) when it is one of the client's
        post_logout_redirect_uris (or redirect_uris); when it is missing or not
        registered, to the client's first registered post_logout_redirect_uri, so the
        browser always gets back to the relying party. None only when no client is known
        (unknown client_id; no client_id and `uri` matches no client's addresses) or the
        client registered no post-logout URI."""
        with self.lock:
            if sid:
                self.sso.pop(sid, None)
            client = self._logout_client(uri, client_id)
            if client is None:
                return None
            if uri and (uri in client.post_logout_redirect_uris or uri in client.redirect_uris):
                target = uri
            elif client.post_logout_redirect_uris:
                target = client.post_logout_redirect_uris[0]
                self.log("logout: post_logout_redirect_uri %s for client %s; sent to its "
                         "first registered one, %s"
                         % ("%r is not registered" % uri if uri else "missing",
                            client.client_id, target))
            else:
                return None
            return add_query(target, [("state", state)]) if state else target

    def _logout_client(self, uri: Optional[str], client_id: Optional[str]) -> Optional[Client]:
        if client_id:
            return self.clients.get(client_id)
        if not uri:
            return None
        for c in self.clients.values():
            if uri in c.post_logout_redirect_uris or uri in c.redirect_uris:
                return c
        # not registered anywhere: the client that has an address on the same origin
        origin = _origin(uri)
        for c in self.clients.values():
            if origin and any(_origin(u) == origin
                              for u in c.post_logout_redirect_uris + c.redirect_uris):
                return c
        return None

    def sso_sessions(self) -> List[dict]:
        """The live SSO sessions: [{"pid", "expires_in"}], for tests (GET /_admin/sso)."""
        with self.lock:
            self._purge()
            now = self.now()
            return [{"pid": pid, "expires_in": int(expires - now)}
                    for pid, expires in self.sso.values()]

    def sms_messages(self, pid: Optional[str] = None, tx: Optional[str] = None) -> List[dict]:
        with self.lock:
            return [dict(m) for m in self.sms
                    if (pid is None or m["pid"] == pid) and (tx is None or m["tx"] == tx)]
