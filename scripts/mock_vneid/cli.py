"""Command line of scripts/mock-vneid."""

import argparse
import ipaddress
import os
import signal
import subprocess
import sys
import tempfile

from mock_vneid import __version__
from mock_vneid.idp import FAULTS, GLOBAL_FAULTS, Settings

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE_DIR = os.path.join(REPO, "conf", "mock-vneid")

DESCRIPTION = """\
Mock of the VNeID SSO (vneid-protocol.md §2, §7) for development, the demo and tests.
It serves a VNeID-like login (12-digit personal ID + password, then an SMS OTP), issues
single-use codes that always contain '+', optionally encrypted with encrypt_key, a
form-encoded token endpoint (client_secret in the body), Bearer user-info, plain JSON or
{data,key} envelopes per client, and fault switches. Listens on loopback only.
"""

EPILOG = """\
endpoints:
  GET  /auth               authorization (response_type=code, client_id, redirect_uri,
                           scope=openid, state); login page, then POST /auth/login,
                           POST /auth/otp, POST /auth/otp/resend, POST /auth/cancel
  POST /token              grant_type=authorization_code, code, client_id, client_secret,
                           redirect_uri [, encrypt_key]  (form-encoded)
  GET  /userinfo           Authorization: Bearer <access_token>
  GET  /logout             post_logout_redirect_uri=..&client_id=..[&state=..]: ends the
                           SSO session, 302 to that URI if registered, else to the client's
                           first registered post_logout_redirect_uri
  GET  /_test/sms          ?pid=..[&tx=..][&format=otp]  the "SMS" outbox (JSON, or the OTP)
  GET  /_test/phone        the same as an HTML page;  GET /_test/health
  GET|POST|DELETE /_admin/faults, POST /_admin/reset, POST /_admin/clock,
  GET /_admin/held, POST /_admin/release   (requests a hold fault keeps),
  GET /_admin/sso          the live SSO sessions (pid, seconds left)

faults (--fault TARGET:NAME[=VALUE], TARGET = auth | token | userinfo | all):
%s
  expired_codes            %s (--fault expired_codes)

examples:
  scripts/mock-vneid --port 8900 --sms-file /tmp/mock-vneid-sms.log
  scripts/mock-vneid --port 0 --tls --cert-dir /tmp/mock-tls --client-key vneid-demo-enc=rp.pub.pem
  scripts/mock-vneid --fault token:latency_ms=3000 --fault userinfo:status=503

Full reference, file formats and a curl-only login: docs/mock-vneid.md
""" % ("\n".join("  %-24s %s" % (name, desc) for name, (_, desc) in FAULTS.items()),
       GLOBAL_FAULTS["expired_codes"])


def _pair(text):
    if "=" not in text:
        raise argparse.ArgumentTypeError("expected CLIENT_ID=VALUE, got %r" % text)
    k, v = text.split("=", 1)
    if not k or not v:
        raise argparse.ArgumentTypeError("expected CLIENT_ID=VALUE, got %r" % text)
    return k, v


def _seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number of seconds: %r" % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not an integer: %r" % text) from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    d = Settings()
    p = argparse.ArgumentParser(prog="mock-vneid", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_argument_group("listening")
    g.add_argument("--host", default="127.0.0.1",
                   help="loopback address to listen on: 127.0.0.1 (default), ::1 or localhost")
    g.add_argument("--port", type=int, default=8900,
                   help="TCP port (default 8900); 0 picks a free port, printed in the ready line")
    g.add_argument("--tls", action="store_true",
                   help="serve HTTPS with a self-signed certificate for 127.0.0.1/::1/localhost, "
                        "made with the openssl CLI; its path is printed so the gateway can "
                        "trust it (vneid_trusted_certificate)")
    g.add_argument("--cert-dir", metavar="DIR",
                   help="where --tls keeps mock-vneid-cert.pem and mock-vneid-key.pem; an "
                        "existing valid pair is reused (default: a new temporary folder)")
    g.add_argument("--quiet", action="store_true",
                   help="do not log requests and events to stderr")

    g = p.add_argument_group("data")
    g.add_argument("--clients", metavar="FILE", default=os.path.join(SAMPLE_DIR, "clients.json"),
                   help="JSON list of relying parties (default: conf/mock-vneid/clients.json)")
    g.add_argument("--citizens", metavar="FILE", default=os.path.join(SAMPLE_DIR, "citizens.json"),
                   help="JSON list of test citizens (default: conf/mock-vneid/citizens.json)")
    g.add_argument("--client-key", metavar="ID=PEM", type=_pair, action="append", default=[],
                   help="RSA public key (PEM: public key, certificate or private key) of client "
                        "ID, overriding its public_key_file; repeatable")
    g.add_argument("--redirect-uri", metavar="ID=URI", type=_pair, action="append", default=[],
                   help="register one more redirect_uri for client ID; repeatable")
    g.add_argument("--post-logout-redirect-uri", metavar="ID=URI", type=_pair, action="append",
                   default=[],
                   help="register one more post_logout_redirect_uri for client ID (after the "
                        "file's own); repeatable")
    g.add_argument("--allow-invalid-pids", action="store_true",
                   help="load citizens whose personal ID breaks the §5 rules (warn instead of "
                        "refusing), to test a relying party's own checks")
    g.add_argument("--sms-file", metavar="FILE",
                   help="append every \"SMS\" (with the OTP) to FILE; always readable at /_test/sms")

    g = p.add_argument_group("timing and limits")
    g.add_argument("--code-ttl", type=_seconds, default=d.code_ttl, metavar="SEC",
                   help="authorization code lifetime (default %g s)" % d.code_ttl)
    g.add_argument("--token-ttl", type=_seconds, default=d.token_ttl, metavar="SEC",
                   help="access token lifetime, also expires_in (default %g s)" % d.token_ttl)
    g.add_argument("--otp-ttl", type=_seconds, default=d.otp_ttl, metavar="SEC",
                   help="OTP lifetime (default %g s)" % d.otp_ttl)
    g.add_argument("--otp-max-tries", type=_positive_int, default=d.otp_max_tries, metavar="N",
                   help="wrong OTPs that kill the login transaction (default %d)" % d.otp_max_tries)
    g.add_argument("--otp-resend-cooldown", type=_seconds, default=d.otp_resend_cooldown,
                   metavar="SEC", help="wait before \"Gửi lại mã\" works (default %g s)"
                   % d.otp_resend_cooldown)
    g.add_argument("--otp-max-resends", type=int, default=d.otp_max_resends, metavar="N",
                   help="resends allowed per login transaction (default %d)" % d.otp_max_resends)
    g.add_argument("--password-max-failures", type=_positive_int, default=d.password_max_failures,
                   metavar="N", help="wrong passwords in a row that lock the citizen "
                   "(default %d)" % d.password_max_failures)
    g.add_argument("--lockout-seconds", type=_seconds, default=d.lockout_seconds, metavar="SEC",
                   help="how long such a lock lasts; 0 = until /_admin/reset or restart "
                        "(default %g s)" % d.lockout_seconds)
    g.add_argument("--tx-ttl", type=_seconds, default=d.tx_ttl, metavar="SEC",
                   help="lifetime of a login transaction (default %g s)" % d.tx_ttl)
    g.add_argument("--sso-ttl", type=_seconds, default=d.sso_ttl, metavar="SEC",
                   help="lifetime of the mock's SSO session cookie (default %g s)" % d.sso_ttl)
    g.add_argument("--no-sso-session", action="store_true",
                   help="always show the login form, even right after a login in the same browser")
    g.add_argument("--escape-code", action="store_true",
                   help="percent-encode the callback's code and encrypt_key ('+' as %%2B); by "
                        "default they are sent raw, '+' included, as the real VNeID does")

    g = p.add_argument_group("faults")
    g.add_argument("--fault", metavar="SPEC", action="append", default=[],
                   help="start with a fault switched on: TARGET:NAME[=VALUE] or expired_codes "
                        "(list below); repeatable; change at run time with /_admin/faults")
    p.add_argument("--version", action="version", version="mock-vneid " + __version__)
    return p


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_certificate(cert_dir: str):
    """A self-signed server certificate for 127.0.0.1, ::1 and localhost, made with the
    openssl CLI; an existing one valid for another day is reused."""
    os.makedirs(cert_dir, mode=0o700, exist_ok=True)
    cert = os.path.join(cert_dir, "mock-vneid-cert.pem")
    key = os.path.join(cert_dir, "mock-vneid-key.pem")
    if os.path.exists(cert) and os.path.exists(key) and subprocess.run(
            ["openssl", "x509", "-checkend", "86400", "-noout", "-in", cert],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
        return cert, key
    tmp_cert, tmp_key = cert + ".%d.tmp" % os.getpid(), key + ".%d.tmp" % os.getpid()
    old_umask = os.umask(0o077)
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30",
             "-subj", "/O=mock-vneid/CN=127.0.0.1", "-keyout", tmp_key, "-out", tmp_cert,
             "-addext", "subjectAltName=IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
             "-addext", "extendedKeyUsage=serverAuth"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.umask(old_umask)
    os.chmod(tmp_cert, 0o644)
    os.replace(tmp_key, key)
    os.replace(tmp_cert, cert)
    return cert, key


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    from mock_vneid.config import ConfigError, load_citizens, load_clients

    def warn(msg):
        sys.stderr.write("mock-vneid: warning: %s\n" % msg)

    def fail(msg):
        sys.stderr.write("mock-vneid: %s\n" % msg)
        return 2

    if not _loopback(args.host):
        return fail("--host %s: the mock serves test OTPs and admin switches without "
                    "authentication, so it only listens on a loopback address" % args.host)
    extra_redirects, extra_post_logout = {}, {}
    for cid, uri in args.redirect_uri:
        extra_redirects.setdefault(cid, []).append(uri)
    for cid, uri in args.post_logout_redirect_uri:
        extra_post_logout.setdefault(cid, []).append(uri)
    try:
        clients = load_clients(args.clients, dict(args.client_key), extra_redirects, warn,
                               extra_post_logout)
        citizens = load_citizens(args.citizens, args.allow_invalid_pids, warn)
    except ConfigError as e:
        return fail(str(e))

    from mock_vneid.idp import MockIdP
    from mock_vneid.server import MockServer

    settings = Settings(code_ttl=args.code_ttl, token_ttl=args.token_ttl, otp_ttl=args.otp_ttl,
                        otp_max_tries=args.otp_max_tries,
                        otp_resend_cooldown=args.otp_resend_cooldown,
                        otp_max_resends=args.otp_max_resends,
                        password_max_failures=args.password_max_failures,
                        lockout_seconds=args.lockout_seconds, tx_ttl=args.tx_ttl,
                        sso_ttl=args.sso_ttl, sso_session=not args.no_sso_session,
                        escape_code=args.escape_code)
    log = (lambda msg: None) if args.quiet else (
        lambda msg: (sys.stderr.write("mock-vneid: %s\n" % msg), sys.stderr.flush()))
    idp = MockIdP(clients, citizens, settings, args.sms_file, log)
    for spec in args.fault:
        try:
            idp.faults.apply_cli(spec)
        except ValueError as e:
            return fail(str(e))

    context = None
    if args.tls:
        import ssl
        cert_dir = args.cert_dir or tempfile.mkdtemp(prefix="mock-vneid-tls-")
        try:
            cert, key = ensure_certificate(cert_dir)
        except (OSError, subprocess.SubprocessError) as e:
            detail = getattr(e, "stderr", b"") or b""
            return fail("cannot make the TLS certificate in %s: %s %s"
                        % (cert_dir, e, detail.decode("utf-8", "replace").strip()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert, key)
        print("mock-vneid TLS certificate: %s" % cert, flush=True)

    try:
        server = MockServer((args.host, args.port), idp, quiet=args.quiet, tls_context=context)
    except OSError as e:
        return fail("cannot listen on %s port %d: %s" % (args.host, args.port, e.strerror))
    host, port = server.server_address[:2]
    shown = "[%s]" % host if ":" in host else host
    if args.sms_file:
        print("mock-vneid SMS file: %s" % os.path.abspath(args.sms_file), flush=True)
    print("mock-vneid listening on %s://%s:%d" % ("https" if context else "http", shown, port),
          flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
