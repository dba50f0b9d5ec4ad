"""Drive the mock's login pages like a browser would, for tests (requests-based).

    import sys; sys.path.insert(0, "<repo>/scripts")
    from mock_vneid.browser import login_at_mock, MockLoginError

    location = login_at_mock(session, authorize_url, "001085012345", "VNeID@2024",
                             "http://127.0.0.1:PORT")
    # location = "<redirect_uri>?code=...&state=...[&encrypt_key=...]", not followed

Admin helpers (set_faults, clear_faults, reset_mock, advance_clock, held, release,
sso_sessions, latest_otp) wrap the mock's /_admin and /_test endpoints.
"""

import html
import re
import urllib.parse

SSO_COOKIE = "mockvneid_sso"   # same as mock_vneid.idp.SSO_COOKIE (kept import-light)
TIMEOUT = 10


class MockLoginError(Exception):
    """The mock did not end the login with a redirect.

    status: HTTP status of the last page; code: its data-error (e.g. "wrong_password",
    "wrong_otp", "otp_exhausted", "account_locked", "invalid_redirect_uri"); message: the
    Vietnamese text; error_redirect: the page's "Quay lại trang dịch vụ" link (the client's
    redirect_uri with error=access_denied&state=...), when it has one."""

    def __init__(self, status, code, message, error_redirect=None, page=""):
        super().__init__("mock login stopped: HTTP %s %s: %s" % (status, code, message))
        self.status, self.code, self.message = status, code, message
        self.error_redirect, self.page = error_redirect, page


def _page_error(resp) -> MockLoginError:
    text = resp.text
    m = re.search(r'<div class="alert err"[^>]*data-error="([^"]*)"[^>]*>(.*?)</div>', text, re.S)
    back = re.search(r'<a class="button" href="([^"]*)" id="back">', text)
    return MockLoginError(resp.status_code, m.group(1) if m else None,
                          html.unescape(m.group(2)) if m else text[:200],
                          html.unescape(back.group(1)) if back else None, text)


def _hidden_tx(text):
    m = re.search(r'name="tx" value="([^"]*)"', text)
    return html.unescape(m.group(1)) if m else None


def _is_redirect(resp):
    return resp.status_code in (301, 302, 303, 307, 308) and "Location" in resp.headers


def _verify(session):
    # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override Session.verify unless
    # verify is passed with each request; pass it, so a session trusting the mock's
    # self-signed certificate (--tls) keeps trusting it.
    return getattr(session, "verify", True)


def forget_sso_session(session):
    """Drop the mock's SSO cookie from a requests session, so /auth shows the form."""
    for c in list(session.cookies):
        if c.name == SSO_COOKIE:
            session.cookies.clear(c.domain, c.path, c.name)


def latest_otp(session, mock_base_url, pid, tx=None, timeout=TIMEOUT):
    params = {"pid": pid}
    if tx:
        params["tx"] = tx
    r = session.get(mock_base_url.rstrip("/") + "/_test/sms", params=params, timeout=timeout,
                    verify=_verify(session))
    r.raise_for_status()
    latest = r.json().get("latest")
    if not latest:
        raise MockLoginError(r.status_code, "no_sms", "no SMS for %s" % pid)
    return latest["otp"]


def login_at_mock(session, authorize_url, pid, password, mock_base_url, otp=None,
                  reuse_sso=False, timeout=TIMEOUT) -> str:
    """Fetch authorize_url, submit ID + password, read the OTP from /_test/sms (or use
    `otp`), submit it, and return the final redirect Location without following it.

    reuse_sso=False (default) first drops the mock's SSO cookie, so the form is always
    shown; with True, a live mock session answers /auth with the redirect directly.
    Raises MockLoginError when the mock answers with a page instead (wrong password,
    locked account, bad redirect_uri, faults, ...)."""
    if not reuse_sso:
        forget_sso_session(session)
    r = session.get(authorize_url, allow_redirects=False, timeout=timeout, verify=_verify(session))
    if _is_redirect(r):
        return r.headers["Location"]
    tx = _hidden_tx(r.text)
    if r.status_code != 200 or tx is None or 'action="/auth/login"' not in r.text:
        raise _page_error(r)
    base = r.url
    r = session.post(urllib.parse.urljoin(base, "/auth/login"),
                     data={"tx": tx, "pid": pid, "password": password},
                     allow_redirects=False, timeout=timeout, verify=_verify(session))
    if _is_redirect(r):
        return r.headers["Location"]
    if r.status_code != 200 or 'action="/auth/otp"' not in r.text:
        raise _page_error(r)
    code = otp if otp is not None else latest_otp(session, mock_base_url, pid, tx, timeout)
    r = session.post(urllib.parse.urljoin(base, "/auth/otp"), data={"tx": tx, "otp": code},
                     allow_redirects=False, timeout=timeout, verify=_verify(session))
    if _is_redirect(r):
        return r.headers["Location"]
    raise _page_error(r)


def callback_params(location):
    """The callback's query as a dict, decoded as RFC 3986 percent-encoding only: '+'
    stays '+', as a relying party must read it (vneid-protocol.md §2.3)."""
    query = urllib.parse.urlsplit(location).query
    out = {}
    for part in query.split("&"):
        if part:
            k, _, v = part.partition("=")
            out[urllib.parse.unquote(k)] = urllib.parse.unquote(v)
    return out


def _admin(session, mock_base_url, method, path, json_body=None, timeout=TIMEOUT):
    r = session.request(method, mock_base_url.rstrip("/") + path, json=json_body, timeout=timeout,
                        verify=_verify(session))
    r.raise_for_status()
    return r.json()


def set_faults(session, mock_base_url, faults, timeout=TIMEOUT):
    """POST /_admin/faults, e.g. {"target": "token", "status": 503}; returns all faults."""
    return _admin(session, mock_base_url, "POST", "/_admin/faults", faults, timeout)


def clear_faults(session, mock_base_url, timeout=TIMEOUT):
    return _admin(session, mock_base_url, "DELETE", "/_admin/faults", None, timeout)


def reset_mock(session, mock_base_url, timeout=TIMEOUT):
    """Clear faults, clock offset, transactions, codes, tokens, sessions, lockouts, SMS."""
    return _admin(session, mock_base_url, "POST", "/_admin/reset", None, timeout)


def advance_clock(session, mock_base_url, seconds, timeout=TIMEOUT):
    """Move the mock's clock forward (codes, OTPs, tokens, lockouts expire)."""
    return _admin(session, mock_base_url, "POST", "/_admin/clock",
                  {"advance_seconds": seconds}, timeout)


def held(session, mock_base_url, timeout=TIMEOUT):
    """GET /_admin/held: {"auth": n, "token": n, "userinfo": n}, the requests
    waiting right now in a latency_ms or hold fault."""
    return _admin(session, mock_base_url, "GET", "/_admin/held", None, timeout)


def release(session, mock_base_url, target="all", timeout=TIMEOUT):
    """POST /_admin/release: lets the requests a hold fault keeps go on;
    returns how many there were."""
    return _admin(session, mock_base_url, "POST", "/_admin/release", {"target": target},
                  timeout)["released"]


def sso_sessions(session, mock_base_url, timeout=TIMEOUT):
    """GET /_admin/sso: the mock's live SSO sessions, [{"pid": ..., "expires_in": s}]
    (a session ends at /logout, at /_admin/reset, or after --sso-ttl)."""
    return _admin(session, mock_base_url, "GET", "/_admin/sso", None, timeout)["sessions"]
