"""Tests of scripts/mock-vneid: the whole login with plain, encrypted and envelope clients,
single-use short-lived codes, exact redirect_uri, OTP and password limits, fault switches.

Each test talks to a real mock process on a free port (--port 0). Most share one process,
reset through /_admin/reset before every test; the ones that need other start-up flags
start their own. Every request has a timeout.
"""

import base64
import datetime
import html
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "mock-vneid"
SAMPLE_CITIZENS = REPO / "conf" / "mock-vneid" / "citizens.json"
SAMPLE_CLIENTS = REPO / "conf" / "mock-vneid" / "clients.json"
sys.path.insert(0, str(REPO / "scripts"))

from mock_vneid import browser  # noqa: E402
from mock_vneid.harness import MockStartError, MockVneid  # noqa: E402

T = 5  # seconds: timeout of every request
AN = "001085012345"          # Nguyễn Văn An, level 2
BICH = "079190004321"        # Trần Thị Bích, level 2, female
LEVEL1 = "048201001234"      # Lê Văn Cường, level 1
LOCKED = "036178005678"      # Phạm Thị Dung, locked
PASSWORD = "VNeID@2024"
CALLBACK = "http://127.0.0.1:8080/_vneid/callback"
# the fixture clients' post_logout_redirect_uris, in this order
POST_LOGOUT = ["http://127.0.0.1:8080/_vneid/logout", "http://127.0.0.1:8080/"]
CLIENTS = {
    "rp-plain": {"client_secret": "plain-secret", "encrypt_code": False, "envelope": False},
    "rp-enc": {"client_secret": "enc-secret", "encrypt_code": True, "envelope": True},
    "rp-env": {"client_secret": "env-secret", "encrypt_code": False, "envelope": True},
}


# ---- fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rp_key(tmp_path_factory):
    """The relying party's RSA key pair; the mock gets the public half (relative path)."""
    d = tmp_path_factory.mktemp("rp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (d / "rp.pub.pem").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    entries = []
    for cid, c in CLIENTS.items():
        entry = {"client_id": cid, "redirect_uris": [CALLBACK, "https://rp.example/cb?x=1"],
                 "post_logout_redirect_uris": POST_LOGOUT, **c}
        if c["encrypt_code"] or c["envelope"]:
            entry["public_key_file"] = "rp.pub.pem"
        entries.append(entry)
    # a relying party that registered no post-logout address
    entries.append({"client_id": "rp-nologout", "client_secret": "x",
                    "redirect_uris": ["http://rp-nologout.example/cb"]})
    (d / "clients.json").write_text(json.dumps(entries), encoding="utf-8")
    return key, d


@pytest.fixture(scope="module")
def mock(rp_key):
    _, d = rp_key
    with MockVneid(clients=d / "clients.json", citizens=SAMPLE_CITIZENS,
                   sms_file=d / "sms.log") as m:
        yield m


@pytest.fixture(autouse=True)
def fresh(request):
    if "mock" in request.fixturenames:
        browser.reset_mock(requests, request.getfixturevalue("mock").base_url)


# ---- helpers: what a relying party does -------------------------------------------------
def authorize_url(base, client_id="rp-plain", redirect_uri=CALLBACK, state="st-123", **extra):
    q = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
         "scope": "openid", "state": state, **extra}
    return base + "/auth?" + urllib.parse.urlencode(q)


def login(mock, client_id="rp-plain", pid=AN, state="st-123", session=None):
    session = session or requests.Session()
    loc = browser.login_at_mock(session, authorize_url(mock.base_url, client_id, state=state),
                                pid, PASSWORD, mock.base_url)
    assert loc.startswith(CALLBACK + "?"), loc
    return browser.callback_params(loc)


def token_request(mock, code, client_id="rp-plain", redirect_uri=CALLBACK, secret=None, **extra):
    form = {"grant_type": "authorization_code", "code": code, "client_id": client_id,
            "redirect_uri": redirect_uri,
            "client_secret": CLIENTS[client_id]["client_secret"] if secret is None else secret,
            **extra}
    return requests.post(mock.base_url + "/token", data=form, timeout=T)


def userinfo_request(mock, token):
    return requests.get(mock.base_url + "/userinfo",
                        headers={"Authorization": "Bearer " + token}, timeout=T)


def rsa_decrypt(key, b64):
    return key.decrypt(base64.b64decode(b64), asym_padding.PKCS1v15())


def aes_ecb_decrypt(aes_key, b64):
    dec = Cipher(algorithms.AES(aes_key), modes.ECB()).decryptor()
    padded = dec.update(base64.b64decode(b64)) + dec.finalize()
    unpad = padding.PKCS7(128).unpadder()
    return unpad.update(padded) + unpad.finalize()


def open_envelope(key, body):
    assert set(body) == {"data", "key"}, body
    return json.loads(aes_ecb_decrypt(rsa_decrypt(key, body["key"]), body["data"]))


def plain_code(params, key=None):
    if "encrypt_key" not in params:
        return params["code"]
    return aes_ecb_decrypt(rsa_decrypt(key, params["encrypt_key"]), params["code"]).decode("ascii")


def set_faults(mock, spec):
    return browser.set_faults(requests, mock.base_url, spec)


def login_form(mock, session, client_id="rp-plain"):
    r = session.get(authorize_url(mock.base_url, client_id), timeout=T, allow_redirects=False)
    assert r.status_code == 200 and 'action="/auth/login"' in r.text
    return re.search(r'name="tx" value="([^"]*)"', r.text).group(1)


def post(mock, session, path, **form):
    return session.post(mock.base_url + path, data=form, timeout=T, allow_redirects=False)


def alert_code(resp):
    m = re.search(r'data-error="([^"]*)"', resp.text)
    return m.group(1) if m else None


def check_userinfo_an(info):
    assert info == {"citizenPid": AN, "fullName": "Nguyễn Văn An", "birthDate": "1985-03-12",
                    "accountType": "CONG_DAN", "accountLevel": 2}


# ---- command line and sample files -------------------------------------------------------
def test_help_documents_every_option():
    out = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, timeout=30,
                         check=True).stdout
    from mock_vneid.cli import build_parser
    from mock_vneid.idp import FAULTS, GLOBAL_FAULTS
    for action in build_parser()._actions:
        for opt in action.option_strings:
            assert opt in out, opt
        assert action.help, action.option_strings
    for name in list(FAULTS) + list(GLOBAL_FAULTS):
        assert name in out
    for path in ("/auth", "/token", "/userinfo", "/logout", "/_test/sms", "/_admin/faults"):
        assert path in out


def pid_ok(pid, birth, gender):
    """§5, written again here so the sample is checked independently of the mock."""
    provinces = {"001", "079", "048", "036", "040", "031"}
    d = int(pid[3])
    year = 1900 + d // 2 * 100 + int(pid[4:6])
    return (re.fullmatch(r"\d{12}", pid) and pid[:3] in provinces and int(birth[:4]) == year
            and (d % 2 == 1) == (gender == "female") and year <= datetime.date.today().year)


def test_sample_citizens_cover_the_cases_and_are_valid():
    citizens = {c["pid"]: c for c in json.loads(SAMPLE_CITIZENS.read_text(encoding="utf-8"))}
    for c in citizens.values():
        assert pid_ok(c["pid"], c["birthDate"], c["gender"]), c["pid"]
        datetime.date.fromisoformat(c["birthDate"])
    assert citizens[AN]["fullName"] == "Nguyễn Văn An" and citizens[AN]["accountLevel"] == 2
    assert citizens[BICH]["fullName"] == "Trần Thị Bích" and citizens[BICH]["pid"][3] == "1"
    assert citizens[LEVEL1]["accountLevel"] == 1
    assert citizens[LOCKED]["locked"] is True


def test_sample_clients_load_with_a_key_from_the_command_line(rp_key, tmp_path):
    _, d = rp_key
    with MockVneid(args=["--client-key", "vneid-demo-enc=%s" % (d / "rp.pub.pem")]) as m:
        for cid in ("vneid-demo-plain", "vneid-demo-enc"):
            r = requests.get(authorize_url(m.base_url, cid), timeout=T)
            assert r.status_code == 200 and 'action="/auth/login"' in r.text, cid
    # Without the key the encrypted client is switched off, the plain one still works.
    with MockVneid(env={"VNEID_DEMO_KEY_DIR": str(tmp_path)}) as m:
        assert "vneid-demo-enc" in m.log() and "disabled" in m.log()
        r = requests.get(authorize_url(m.base_url, "vneid-demo-enc"), timeout=T)
        assert r.status_code == 400
        assert requests.get(authorize_url(m.base_url, "vneid-demo-plain"), timeout=T).status_code == 200


def test_invalid_pid_refused_unless_allowed(tmp_path):
    bad = [{"pid": "003085012345", "password": "x", "fullName": "Sai Năm Sinh",
            "birthDate": "1985-01-01", "phone": "0900000001", "accountLevel": 2}]
    f = tmp_path / "citizens.json"
    f.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(MockStartError, match="unknown province code 003"):
        MockVneid(citizens=f).start()
    with MockVneid(citizens=f, args=["--allow-invalid-pids"]) as m:
        assert "invalid personal ID" in m.log()


def test_refuses_non_loopback_host():
    r = subprocess.run([str(SCRIPT), "--host", "0.0.0.0", "--port", "0"], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 2 and "loopback" in r.stderr


# ---- the whole flow ---------------------------------------------------------------------
def test_full_flow_plain_client(mock):
    session = requests.Session()
    r = session.get(authorize_url(mock.base_url), timeout=T)
    assert r.status_code == 200
    assert "Số định danh cá nhân" in r.text and "Mật khẩu" in r.text
    assert '<html lang="vi">' in r.text
    assert not re.search(r'(src|href)="(https?:)?//', r.text)   # no external resources
    params = login(mock, session=session)
    assert params["state"] == "st-123"
    assert "encrypt_key" not in params
    code = params["code"]
    assert "+" in code
    base64.b64decode(code, validate=True)
    r = token_request(mock, code)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    tok = r.json()
    assert tok["token_type"] == "Bearer" and tok["expires_in"] == 300 and tok["scope"] == "openid"
    r = userinfo_request(mock, tok["access_token"])
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    check_userinfo_an(r.json())
    assert "Nguyễn Văn An".encode("utf-8") in r.content   # raw UTF-8, not \\u escapes


def test_full_flow_encrypted_client_with_envelopes(mock, rp_key):
    key, _ = rp_key
    params = login(mock, "rp-enc", pid=BICH)
    assert set(params) == {"code", "state", "encrypt_key"}
    assert len(rsa_decrypt(key, params["encrypt_key"])) == 32
    code = plain_code(params, key)
    assert "+" in code and code != params["code"]
    r = token_request(mock, code, "rp-enc", encrypt_key=params["encrypt_key"])
    assert r.status_code == 200, r.text
    tok = open_envelope(key, r.json())
    assert tok["token_type"] == "Bearer" and tok["access_token"]
    r = userinfo_request(mock, tok["access_token"])
    assert r.status_code == 200
    info = open_envelope(key, r.json())
    assert info["citizenPid"] == BICH and info["fullName"] == "Trần Thị Bích"
    assert info["birthDate"] == "1990-07-25" and info["accountLevel"] == 2


def test_envelope_only_client(mock, rp_key):
    key, _ = rp_key
    params = login(mock, "rp-env")
    assert "encrypt_key" not in params and "+" in params["code"]
    r = token_request(mock, params["code"], "rp-env")
    tok = open_envelope(key, r.json())
    info = open_envelope(key, userinfo_request(mock, tok["access_token"]).json())
    check_userinfo_an(info)


def test_encrypted_client_must_echo_its_encrypt_key(mock, rp_key):
    key, _ = rp_key
    params = login(mock, "rp-enc")
    r = token_request(mock, plain_code(params, key), "rp-enc")
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    assert "encrypt_key" in r.json()["error_description"]
    other = login(mock, "rp-enc")
    r = token_request(mock, plain_code(other, key), "rp-enc", encrypt_key=params["encrypt_key"])
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    # Sending the still-encrypted code gets a hint.
    third = login(mock, "rp-enc")
    r = token_request(mock, third["code"], "rp-enc", encrypt_key=third["encrypt_key"])
    assert r.status_code == 400 and "AES-encrypted" in r.json()["error_description"]


def test_level1_citizen_gets_level_1(mock):
    code = login(mock, pid=LEVEL1)["code"]
    tok = token_request(mock, code).json()
    info = userinfo_request(mock, tok["access_token"]).json()
    assert info["accountLevel"] == 1 and info["fullName"] == "Lê Văn Cường"


def raw_callback_query(mock, client_id):
    """The callback Location's query as the mock wrote it (not decoded)."""
    session = requests.Session()
    loc = browser.login_at_mock(session, authorize_url(mock.base_url, client_id), AN, PASSWORD,
                                mock.base_url)
    assert loc.startswith(CALLBACK + "?"), loc
    return urllib.parse.urlsplit(loc).query


def test_callback_code_is_raw_base64_by_default(mock):
    """As the real VNeID: the code and encrypt_key as they are, a raw '+'
    that a form decoder would turn into a space (issue 12, item 7)."""
    for client_id in ("rp-plain", "rp-enc"):
        query = raw_callback_query(mock, client_id)
        fields = dict(part.split("=", 1) for part in query.split("&"))
        assert "%2B" not in query and "%2F" not in query and "%3D" not in query, query
        if client_id == "rp-plain":
            assert "+" in fields["code"], query   # the mock makes sure of one
        base64.b64decode(fields["code"], validate=True)
        if client_id == "rp-enc":
            base64.b64decode(fields["encrypt_key"], validate=True)
        assert fields["state"] == "st-123"


def test_escape_code_percent_encodes_the_callback_code(rp_key):
    _, d = rp_key
    with MockVneid(clients=d / "clients.json", citizens=SAMPLE_CITIZENS,
                   args=["--escape-code"]) as m:
        for client_id in ("rp-plain", "rp-enc"):
            query = raw_callback_query(m, client_id)
            assert "+" not in query, query
            if client_id == "rp-plain":
                assert "%2B" in query, query
        params = login(m)
        assert "+" in params["code"]
        assert token_request(m, params["code"]).status_code == 200


def test_code_plus_sent_unencoded_is_refused_with_a_hint(mock):
    code = login(mock)["code"]
    body = ("grant_type=authorization_code&code=%s&client_id=rp-plain&client_secret=plain-secret"
            "&redirect_uri=%s" % (code, urllib.parse.quote(CALLBACK, safe="")))
    r = requests.post(mock.base_url + "/token", data=body, timeout=T,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "%2B" in r.json()["error_description"]


# ---- codes: single use, short life, exact redirect_uri -------------------------------------
def test_code_reuse_rejected_and_revokes_the_token(mock):
    code = login(mock)["code"]
    first = token_request(mock, code)
    assert first.status_code == 200
    again = token_request(mock, code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert "used" in again.json()["error_description"]
    assert userinfo_request(mock, first.json()["access_token"]).status_code == 401


def test_code_expiry(mock):
    code = login(mock)["code"]
    browser.advance_clock(requests, mock.base_url, 9)
    assert token_request(mock, code).status_code == 200
    code = login(mock)["code"]
    browser.advance_clock(requests, mock.base_url, 11)
    r = token_request(mock, code)
    assert r.status_code == 400 and r.json() == {"error": "invalid_grant",
                                                  "error_description": "code has expired"}


def test_code_ttl_flag(tmp_path, rp_key):
    """--code-ttl replaces the 10 s default: a code lives 30.5 s here. The
    mock's clock moves (/_admin/clock), not the test's."""
    _, d = rp_key
    with MockVneid(clients=d / "clients.json", args=["--code-ttl", "30.5", "--quiet"]) as m:
        code = login(m)["code"]
        browser.advance_clock(requests, m.base_url, 30)        # past the default's 10 s
        assert token_request(m, code).status_code == 200
        code = login(m)["code"]
        browser.advance_clock(requests, m.base_url, 31)
        r = token_request(m, code)
        assert r.status_code == 400 and r.json() == {"error": "invalid_grant",
                                                      "error_description": "code has expired"}


def test_unknown_code_and_other_clients_code(mock):
    r = token_request(mock, "bm90LWEtY29kZQ==")
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    code = login(mock)["code"]
    r = token_request(mock, code, "rp-env")
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_wrong_redirect_uri_rejected_at_auth(mock):
    for uri in ("http://127.0.0.1:8080/_vneid/callback/", "http://evil.example/cb",
                CALLBACK + "?x=1", "HTTP://127.0.0.1:8080/_vneid/callback", ""):
        r = requests.get(authorize_url(mock.base_url, redirect_uri=uri), timeout=T,
                         allow_redirects=False)
        assert r.status_code == 400 and "Location" not in r.headers, uri
        assert alert_code(r) == "invalid_redirect_uri"
    r = requests.get(authorize_url(mock.base_url, client_id="nobody"), timeout=T,
                     allow_redirects=False)
    assert r.status_code == 400 and alert_code(r) == "invalid_client"
    # A registered URI with its own query keeps it, and gets code/state appended.
    s = requests.Session()
    loc = browser.login_at_mock(s, authorize_url(mock.base_url, redirect_uri="https://rp.example/cb?x=1"),
                                AN, PASSWORD, mock.base_url)
    assert loc.startswith("https://rp.example/cb?x=1&code=")


def test_bad_authorization_parameters_redirect_with_error(mock):
    r = requests.get(authorize_url(mock.base_url, scope="profile"), timeout=T, allow_redirects=False)
    assert r.status_code == 302
    assert browser.callback_params(r.headers["Location"]) == {
        "error": "invalid_scope", "error_description": "scope must contain openid", "state": "st-123"}
    r = requests.get(authorize_url(mock.base_url, response_type="token"), timeout=T,
                     allow_redirects=False)
    assert browser.callback_params(r.headers["Location"])["error"] == "unsupported_response_type"
    r = requests.get(authorize_url(mock.base_url, acr_values="LoA1"), timeout=T)
    assert r.status_code == 200   # extra parameters are ignored


def test_wrong_redirect_uri_rejected_at_token(mock):
    code = login(mock)["code"]
    r = token_request(mock, code, redirect_uri=CALLBACK + "/")
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    assert "redirect_uri" in r.json()["error_description"]


def test_token_endpoint_client_authentication_and_form(mock):
    code = login(mock)["code"]
    r = token_request(mock, code, secret="wrong")
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = requests.post(mock.base_url + "/token", timeout=T, auth=("rp-plain", "plain-secret"),
                      data={"grant_type": "authorization_code", "code": code,
                            "client_id": "rp-plain", "redirect_uri": CALLBACK})
    assert r.status_code == 401 and "body" in r.json()["error_description"]
    r = requests.post(mock.base_url + "/token", timeout=T, json={"grant_type": "authorization_code"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    r = token_request(mock, code, grant_type="password")
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"
    r = requests.get(mock.base_url + "/token", timeout=T)
    assert r.status_code == 405
    r = requests.post(mock.base_url + "/token", timeout=T, data=[
        ("grant_type", "authorization_code"), ("code", code), ("code", code)])
    assert r.status_code == 400 and "repeated" in r.json()["error_description"]
    # None of these consumed the code.
    assert token_request(mock, code).status_code == 200


def test_userinfo_rejects_bad_and_expired_tokens(mock):
    r = requests.get(mock.base_url + "/userinfo", timeout=T)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
    assert userinfo_request(mock, "nope").status_code == 401
    tok = token_request(mock, login(mock)["code"]).json()["access_token"]
    browser.advance_clock(requests, mock.base_url, 301)
    r = userinfo_request(mock, tok)
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


# ---- OTP and password limits -------------------------------------------------------------
def test_otp_page_and_sms(mock, rp_key):
    s = requests.Session()
    tx = login_form(mock, s)
    r = post(mock, s, "/auth/login", tx=tx, pid=AN, password=PASSWORD)
    assert "Mã xác thực OTP đã được gửi tới số điện thoại 09*****57" in r.text
    assert "Xác nhận" in r.text and "Gửi lại mã" in r.text
    sms = requests.get(mock.base_url + "/_test/sms", params={"pid": AN}, timeout=T).json()
    otp = sms["latest"]["otp"]
    assert sms["otp"] == otp
    assert re.fullmatch(r"\d{6}", otp) and sms["latest"]["phone"] == "0912345657"
    assert otp in sms["latest"]["text"]
    r = requests.get(mock.base_url + "/_test/sms", params={"pid": AN, "format": "otp"}, timeout=T)
    assert r.text.strip() == otp
    _, d = rp_key
    assert "otp=%s" % otp in (d / "sms.log").read_text(encoding="utf-8").splitlines()[-1]


def test_five_wrong_otps_kill_the_transaction(mock):
    s = requests.Session()
    tx = login_form(mock, s)
    post(mock, s, "/auth/login", tx=tx, pid=AN, password=PASSWORD)
    otp = browser.latest_otp(requests, mock.base_url, AN, tx)
    wrong = "%06d" % ((int(otp) + 1) % 10 ** 6)
    for left in (4, 3, 2, 1):
        r = post(mock, s, "/auth/otp", tx=tx, otp=wrong)
        assert r.status_code == 200 and alert_code(r) == "wrong_otp"
        assert "còn %d lần" % left in r.text
    r = post(mock, s, "/auth/otp", tx=tx, otp=wrong)
    assert r.status_code == 403 and alert_code(r) == "otp_exhausted"
    # the way back tells the relying party what happened (error_description)
    back = re.search(r'<a class="button" href="([^"]*)" id="back">', r.text)
    assert back, r.text
    assert browser.callback_params(html.unescape(back.group(1))) == {
        "error": "access_denied", "error_description": "otp_exhausted", "state": "st-123"}
    r = post(mock, s, "/auth/otp", tx=tx, otp=otp)
    assert r.status_code == 403 and alert_code(r) == "transaction_dead"
    assert "Location" not in r.headers


def test_otp_expiry_and_resend_cooldown(mock):
    s = requests.Session()
    tx = login_form(mock, s)
    post(mock, s, "/auth/login", tx=tx, pid=AN, password=PASSWORD)
    first = browser.latest_otp(requests, mock.base_url, AN, tx)
    r = post(mock, s, "/auth/otp/resend", tx=tx)
    assert alert_code(r) == "resend_cooldown"
    browser.advance_clock(requests, mock.base_url, 301)
    r = post(mock, s, "/auth/otp", tx=tx, otp=first)
    assert r.status_code == 200 and alert_code(r) == "otp_expired"
    r = post(mock, s, "/auth/otp/resend", tx=tx)
    assert r.status_code == 200 and "Đã gửi lại mã OTP" in r.text
    second = browser.latest_otp(requests, mock.base_url, AN, tx)
    sms = requests.get(mock.base_url + "/_test/sms", params={"tx": tx}, timeout=T).json()
    assert len(sms["messages"]) == 2
    if second != first:
        assert alert_code(post(mock, s, "/auth/otp", tx=tx, otp=first)) == "wrong_otp"
    r = post(mock, s, "/auth/otp", tx=tx, otp=second)
    assert r.status_code == 302 and "code=" in r.headers["Location"]


def test_wrong_passwords_lock_the_citizen(mock):
    s = requests.Session()
    tx = login_form(mock, s)
    for left in (4, 3, 2, 1):
        r = post(mock, s, "/auth/login", tx=tx, pid=BICH, password="sai-mat-khau")
        assert r.status_code == 200 and alert_code(r) == "wrong_password"
        assert "còn %d lần" % left in r.text
    r = post(mock, s, "/auth/login", tx=tx, pid=BICH, password="sai-mat-khau")
    assert r.status_code == 403 and alert_code(r) == "account_locked"
    with pytest.raises(browser.MockLoginError) as e:
        browser.login_at_mock(requests.Session(), authorize_url(mock.base_url), BICH, PASSWORD,
                              mock.base_url)
    assert e.value.code == "account_locked"
    browser.advance_clock(requests, mock.base_url, 901)   # --lockout-seconds 900
    login(mock, pid=BICH)


def test_locked_citizen(mock):
    with pytest.raises(browser.MockLoginError) as e:
        browser.login_at_mock(requests.Session(), authorize_url(mock.base_url, state="s 1+"),
                              LOCKED, PASSWORD, mock.base_url)
    assert e.value.status == 403 and e.value.code == "account_locked"
    assert "khóa" in e.value.message
    assert browser.callback_params(e.value.error_redirect) == {
        "error": "access_denied", "error_description": "account_locked", "state": "s 1+"}


def test_cancel_redirects_with_access_denied(mock):
    s = requests.Session()
    tx = login_form(mock, s)
    r = post(mock, s, "/auth/cancel", tx=tx)
    assert r.status_code == 302
    assert r.headers["Location"].startswith(CALLBACK + "?")
    assert browser.callback_params(r.headers["Location"]) == {
        "error": "access_denied", "error_description": "user_cancelled", "state": "st-123"}


def logout(mock, session=None, **params):
    return (session or requests).get(mock.base_url + "/logout", params=params, timeout=T,
                                      allow_redirects=False)


def test_sso_session_and_logout(mock):
    s = requests.Session()
    login(mock, session=s)
    assert [x["pid"] for x in browser.sso_sessions(requests, mock.base_url)] == [AN]
    # Same browser, new login: the mock's SSO session answers at once.
    loc = browser.login_at_mock(s, authorize_url(mock.base_url, state="again"), AN, "ignored",
                                mock.base_url, reuse_sso=True)
    params = browser.callback_params(loc)
    assert params["state"] == "again" and token_request(mock, params["code"]).status_code == 200
    r = logout(mock, s, client_id="rp-plain", post_logout_redirect_uri="http://127.0.0.1:8080/")
    assert r.status_code == 302 and r.headers["Location"] == "http://127.0.0.1:8080/"
    assert "mockvneid_sso=;" in r.headers["Set-Cookie"] and "Max-Age=0" in r.headers["Set-Cookie"]
    assert browser.sso_sessions(requests, mock.base_url) == []
    r = s.get(authorize_url(mock.base_url), timeout=T, allow_redirects=False)
    assert r.status_code == 200 and 'action="/auth/login"' in r.text


def test_refused_login_keeps_the_sso_session_until_logout(mock):
    """What a gateway's refusal page relies on: VNeID's session outlives a login the
    relying party refused (level 1 here), so a plain retry comes straight back with the
    same person; its "another VNeID account" button ends the session at /logout, which
    returns to the gateway with the state, and the next /auth asks for an ID again."""
    s = requests.Session()
    params = login(mock, pid=LEVEL1, session=s)
    token = token_request(mock, params["code"]).json()["access_token"]
    assert userinfo_request(mock, token).json()["accountLevel"] == 1
    # the plain retry: no form, a new code for the same citizen
    r = s.get(authorize_url(mock.base_url, state="retry"), timeout=T, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"].startswith(CALLBACK + "?")
    again = browser.callback_params(r.headers["Location"])
    assert again["state"] == "retry"
    token = token_request(mock, again["code"]).json()["access_token"]
    assert userinfo_request(mock, token).json()["citizenPid"] == LEVEL1
    # the other-account button: VNeID's logout, back to the gateway with the state
    state = "login:/hồ-sơ?ma=HS 1+2&x=/"
    r = logout(mock, s, client_id="rp-plain", post_logout_redirect_uri=POST_LOGOUT[0],
               state=state)
    assert r.status_code == 302, r.text
    loc = r.headers["Location"]
    assert loc.startswith(POST_LOGOUT[0] + "?state="), loc
    assert browser.callback_params(loc) == {"state": state}
    assert browser.sso_sessions(requests, mock.base_url) == []
    r = s.get(authorize_url(mock.base_url, state="fresh"), timeout=T, allow_redirects=False)
    assert r.status_code == 200 and 'action="/auth/login"' in r.text


def test_logout_never_ends_on_a_dead_end(mock):
    # not registered for the client: its first registered post-logout address, with state
    r = logout(mock, client_id="rp-plain", post_logout_redirect_uri="http://evil.example/",
               state="login:/x")
    assert r.status_code == 302
    assert r.headers["Location"] == POST_LOGOUT[0] + "?state=login%3A%2Fx"
    assert "not registered" in mock.log()
    # a registered one on another client does not count for this client
    r = logout(mock, client_id="rp-env", post_logout_redirect_uri="http://127.0.0.1:9/")
    assert r.headers["Location"] == POST_LOGOUT[0]
    # no address at all: the first registered one
    r = logout(mock, client_id="rp-plain")
    assert r.status_code == 302 and r.headers["Location"] == POST_LOGOUT[0]
    # the client's redirect_uris count too (as before)
    r = logout(mock, client_id="rp-plain", post_logout_redirect_uri=CALLBACK, state="s")
    assert r.headers["Location"] == CALLBACK + "?state=s"
    # without client_id: the client that registered the address ...
    r = logout(mock, post_logout_redirect_uri=POST_LOGOUT[1], state="s")
    assert r.status_code == 302 and r.headers["Location"] == POST_LOGOUT[1] + "?state=s"
    # ... or the one with an address on the same origin
    r = logout(mock, post_logout_redirect_uri="http://127.0.0.1:8080/khac")
    assert r.status_code == 302 and r.headers["Location"] == POST_LOGOUT[0]
    # nobody to return to: the mock's own page, the SSO cookie cleared all the same
    for params in ({"post_logout_redirect_uri": "http://evil.example/"},
                   {"client_id": "nobody", "post_logout_redirect_uri": POST_LOGOUT[0]},
                   {"client_id": "rp-nologout", "post_logout_redirect_uri": "http://x.example/"},
                   {}):
        r = logout(mock, **params)
        assert r.status_code == 200 and "đăng xuất" in r.text, params
        assert "mockvneid_sso=;" in r.headers["Set-Cookie"], params
    r = logout(mock, client_id="rp-nologout", post_logout_redirect_uri="http://rp-nologout.example/cb")
    assert r.status_code == 302 and r.headers["Location"] == "http://rp-nologout.example/cb"


def test_post_logout_redirect_uri_flag():
    """The demo on other ports registers its post-logout address from the command line."""
    uri = "http://127.0.0.1:18080/_vneid/logout"
    with MockVneid(args=["--post-logout-redirect-uri", "vneid-demo-plain=" + uri,
                         "--post-logout-redirect-uri", "vneid-demo-plain=" + uri,
                         "--redirect-uri", "vneid-demo-plain=http://127.0.0.1:18080/_vneid/callback",
                         "--redirect-uri", "vneid-demo-plain=http://127.0.0.1:18080/_vneid/callback",
                         ]) as m:
        r = logout(m, client_id="vneid-demo-plain", post_logout_redirect_uri=uri,
                   state="login:/")
        assert r.status_code == 302 and r.headers["Location"] == uri + "?state=login%3A%2F"
        # the sample file's own come first: an unregistered address goes to port 8080's
        r = logout(m, client_id="vneid-demo-plain",
                   post_logout_redirect_uri="http://127.0.0.1:18081/_vneid/logout")
        assert r.headers["Location"] == "http://127.0.0.1:8080/_vneid/logout"
        from mock_vneid.config import load_clients
        clients = load_clients(str(SAMPLE_CLIENTS), extra_post_logout={"vneid-demo-plain": [uri, uri]},
                               extra_redirects={"vneid-demo-plain": [CALLBACK]})
        plain = clients["vneid-demo-plain"]
        assert plain.post_logout_redirect_uris.count(uri) == 1
        assert plain.redirect_uris.count(CALLBACK) == 1
    for bad, why in (("vneid-demo-plain=ftp://x/", "not an absolute http"),
                     ("nobody=http://127.0.0.1:1/", "no client 'nobody'"),
                     ("no-equals-sign", "expected CLIENT_ID=VALUE")):
        r = subprocess.run([str(SCRIPT), "--port", "0", "--post-logout-redirect-uri", bad],
                           capture_output=True, text=True, timeout=30)
        assert r.returncode == 2 and why in r.stderr, (bad, r.stderr)


def test_sample_clients_return_to_the_gateways_logout_page():
    """conf/mock-vneid/clients.json: after VNeID's logout the browser comes back to the
    gateway's own logout page (its post_logout_redirect_uri), the first one registered."""
    for c in json.loads(SAMPLE_CLIENTS.read_text(encoding="utf-8")):
        uris = c["post_logout_redirect_uris"]
        assert uris[0] == "http://127.0.0.1:8080/_vneid/logout", c["client_id"]
        for cb in c["redirect_uris"]:
            assert cb.replace("/_vneid/callback", "/_vneid/logout") in uris, cb


def test_two_citizens_at_once_in_different_sessions(mock):
    done = {}

    def run(pid):
        done[pid] = login(mock, pid=pid)["code"]

    threads = [threading.Thread(target=run, args=(p,)) for p in (AN, BICH)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    got = {}
    for pid, code in done.items():
        tok = token_request(mock, code).json()["access_token"]
        got[pid] = userinfo_request(mock, tok).json()["citizenPid"]
    assert got == {AN: AN, BICH: BICH}


# ---- fault switches ----------------------------------------------------------------------
def wait_until(predicate, timeout=T, what="condition"):
    """Polls predicate() until it is true; fails the test at the deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for " + what
        time.sleep(0.02)


def start_in_thread(func):
    """Runs func() in a thread; returns (thread, box, done): box["r"] or box["e"]
    holds its result or exception once the Event done is set."""
    box, done = {}, threading.Event()

    def run():
        try:
            box["r"] = func()
        except Exception as e:  # reported by the test
            box["e"] = e
        finally:
            done.set()

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th, box, done


def held(mock, target):
    return browser.held(requests, mock.base_url)[target]


def test_latency_fault_delays_one_endpoint_only(mock):
    """The delayed token request is still waiting at the mock while other
    endpoints answer (the server is threaded), then answers by itself."""
    code = login(mock)["code"]
    set_faults(mock, {"target": "token", "latency_ms": 2000})
    th, box, done = start_in_thread(lambda: token_request(mock, code))
    wait_until(lambda: held(mock, "token") == 1, what="the token request to reach the mock")
    assert requests.get(mock.base_url + "/_test/health", timeout=T).status_code == 200
    assert requests.get(authorize_url(mock.base_url), timeout=T).status_code == 200  # auth too
    assert not done.is_set() and held(mock, "token") == 1, "the delay did not hold the token call"
    assert done.wait(T), "the delayed token request never answered"
    assert "e" not in box, box.get("e")
    assert box["r"].status_code == 200 and box["r"].json()["access_token"]
    assert browser.held(requests, mock.base_url) == {"auth": 0, "token": 0, "userinfo": 0}


def test_hold_fault_keeps_requests_until_released(mock):
    code = login(mock)["code"]
    faults = set_faults(mock, {"target": "token", "hold": True})
    assert faults["token"] == {"hold": True} and faults["userinfo"] == {}
    th, box, done = start_in_thread(lambda: token_request(mock, code))
    wait_until(lambda: held(mock, "token") == 1, what="the token request to be held")
    # others go on: the health check, the auth pages, another client's user info
    assert requests.get(mock.base_url + "/_test/health", timeout=T).status_code == 200
    code2 = login(mock, pid=BICH)["code"]
    assert not done.is_set()
    assert browser.release(requests, mock.base_url, "userinfo") == 0    # not that one
    assert not done.is_set() and held(mock, "token") == 1
    assert browser.release(requests, mock.base_url, "token") == 1
    assert done.wait(T) and "e" not in box, box.get("e")
    assert box["r"].status_code == 200                  # processed normally after the hold
    # the switch stays on: the next request is held again, until the switch goes off
    th2, box2, done2 = start_in_thread(lambda: token_request(mock, code2))
    wait_until(lambda: held(mock, "token") == 1, what="the second token request to be held")
    assert not done2.is_set()
    set_faults(mock, {"target": "token", "hold": False})
    assert done2.wait(T) and box2["r"].status_code == 200
    assert held(mock, "token") == 0


def test_reset_lets_held_requests_go(mock):
    code = login(mock)["code"]
    set_faults(mock, {"target": "all", "hold": True})
    th, box, done = start_in_thread(lambda: token_request(mock, code))
    wait_until(lambda: held(mock, "token") == 1, what="the token request to be held")
    browser.reset_mock(requests, mock.base_url)
    assert done.wait(T), "a reset left a request held"
    # the reset also forgot the code: the held request now finds none
    assert box["r"].status_code == 400 and box["r"].json()["error"] == "invalid_grant"


def test_release_rejects_an_unknown_target(mock):
    r = requests.post(mock.base_url + "/_admin/release", json={"target": "nowhere"}, timeout=T)
    assert r.status_code == 400
    assert requests.post(mock.base_url + "/_admin/release", timeout=T).json() == {"released": 0}


def test_status_fault(mock):
    code = login(mock)["code"]
    faults = set_faults(mock, {"target": "token", "status": 503})
    assert faults["token"] == {"status": 503} and faults["userinfo"] == {}
    r = token_request(mock, code)
    assert r.status_code == 503 and r.json()["error"] == "server_error"
    set_faults(mock, {"target": "token", "status_body": "html"})
    r = token_request(mock, code)
    assert r.status_code == 503 and r.headers["Content-Type"].startswith("text/html")
    set_faults(mock, {"target": "auth", "status": 500})
    r = requests.get(authorize_url(mock.base_url), timeout=T)
    assert r.status_code == 500 and "bảo trì" in r.text
    browser.clear_faults(requests, mock.base_url)
    assert token_request(mock, code).status_code == 200   # the faulty answers did not use it


def test_reset_fault(mock):
    code = login(mock)["code"]
    set_faults(mock, {"target": "token", "reset": True})
    with pytest.raises(requests.exceptions.ConnectionError):
        token_request(mock, code)
    assert requests.get(mock.base_url + "/_test/health", timeout=T).status_code == 200


def test_garbage_fault(mock):
    tok = token_request(mock, login(mock)["code"]).json()["access_token"]
    set_faults(mock, {"userinfo": {"garbage": True}})
    r = userinfo_request(mock, tok)
    assert r.status_code == 200
    with pytest.raises(ValueError):
        json.loads(r.content)


def test_wrong_key_fault(mock, rp_key):
    key, _ = rp_key
    set_faults(mock, {"target": "all", "wrong_key": True})
    params = login(mock, "rp-enc")
    with pytest.raises(ValueError):
        plain_code(params, key)
    browser.clear_faults(requests, mock.base_url)
    params = login(mock, "rp-enc")
    set_faults(mock, {"target": "token", "wrong_key": True})
    r = token_request(mock, plain_code(params, key), "rp-enc", encrypt_key=params["encrypt_key"])
    assert r.status_code == 200
    with pytest.raises(ValueError):
        open_envelope(key, r.json())


def test_expired_codes_fault(mock):
    code = login(mock)["code"]
    assert set_faults(mock, {"expired_codes": True})["expired_codes"] is True
    r = token_request(mock, code)
    assert r.status_code == 400 and r.json()["error_description"] == "code has expired"


def test_fault_admin_validation_and_reset(mock):
    r = requests.post(mock.base_url + "/_admin/faults", json={"target": "nowhere", "reset": True},
                      timeout=T)
    assert r.status_code == 400
    r = requests.post(mock.base_url + "/_admin/faults", json={"target": "token", "status": 200},
                      timeout=T)
    assert r.status_code == 400
    set_faults(mock, {"target": "all", "latency_ms": 5})
    got = requests.get(mock.base_url + "/_admin/faults", timeout=T).json()
    assert all(got[t] == {"latency_ms": 5} for t in ("auth", "token", "userinfo"))
    browser.reset_mock(requests, mock.base_url)
    got = requests.get(mock.base_url + "/_admin/faults", timeout=T).json()
    assert got == {"auth": {}, "token": {}, "userinfo": {}, "expired_codes": False}


def test_fault_flags_at_startup(rp_key):
    _, d = rp_key
    with MockVneid(clients=d / "clients.json", args=[
            "--fault", "userinfo:status=502", "--fault", "token:latency_ms=50",
            "--fault", "expired_codes", "--quiet"]) as m:
        got = requests.get(m.base_url + "/_admin/faults", timeout=T).json()
        assert got["userinfo"] == {"status": 502} and got["token"] == {"latency_ms": 50}
        assert got["expired_codes"] is True
        assert userinfo_request(m, "x").status_code == 502
    r = subprocess.run([str(SCRIPT), "--port", "0", "--fault", "token:explode"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "unknown fault" in r.stderr


# ---- TLS ---------------------------------------------------------------------------------
def test_tls_with_generated_certificate(tmp_path, rp_key):
    _, d = rp_key
    with MockVneid(clients=d / "clients.json", tls=True, cert_dir=tmp_path / "tls") as m:
        assert m.base_url.startswith("https://127.0.0.1:")
        assert m.cert_file == str(tmp_path / "tls" / "mock-vneid-cert.pem")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(m.base_url + "/_test/health", timeout=T)
        s = requests.Session()
        s.verify = m.cert_file
        params = browser.callback_params(browser.login_at_mock(
            s, authorize_url(m.base_url), AN, PASSWORD, m.base_url))
        form = {"grant_type": "authorization_code", "code": params["code"], "client_id": "rp-plain",
                "redirect_uri": CALLBACK, "client_secret": "plain-secret"}
        # verify= on each request: REQUESTS_CA_BUNDLE in the environment beats Session.verify.
        tok = s.post(m.base_url + "/token", data=form, timeout=T, verify=m.cert_file).json()
        info = s.get(m.base_url + "/userinfo", timeout=T, verify=m.cert_file,
                     headers={"Authorization": "Bearer " + tok["access_token"]}).json()
        check_userinfo_an(info)
        # The SSO cookie is Secure over TLS.
        assert any(c.name == "mockvneid_sso" and c.secure for c in s.cookies)
    cert_mtime = os.path.getmtime(tmp_path / "tls" / "mock-vneid-cert.pem")
    with MockVneid(clients=d / "clients.json", tls=True, cert_dir=tmp_path / "tls"):
        pass   # a valid certificate is reused, so a gateway that trusts it keeps working
    assert os.path.getmtime(tmp_path / "tls" / "mock-vneid-cert.pem") == cert_mtime
