#!/usr/bin/python3
"""The sample portal's legacy login form (scripts/demo_portal/portal.py), on
its own, without nginx: what the gateway's self-service linking checks
passwords against in the demo and the integration tests.

1. every account of conf/demo/accounts.csv has a password in
   conf/demo/portal-passwords.csv, and no password file row names an
   unknown account;
2. GET /dang-nhap shows the form (POST /dang-nhap, fields username and
   password);
3. each demo account's right password answers 302 Location: / with a new
   MOTCUA_SESSION, and that cookie opens the portal as the account;
4. a wrong password or unknown user answers 200, the form again with the
   error, no cookie, the username kept and the password not echoed; a
   password with Vietnamese letters and & = + % ; works form-encoded;
5. nothing the portal writes (its log, its --record file) holds a
   password, even one sent in the query string; the record keeps every
   request, the login form's password fields as [redacted].

    check_demo_portal_login.py

Exit status 0 when all hold, 1 otherwise.
"""

import csv
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PORTAL = os.path.join(REPO, "scripts", "demo_portal", "portal.py")
ACCOUNTS = os.path.join(REPO, "conf", "demo", "accounts.csv")
PASSWORDS = os.path.join(REPO, "conf", "demo", "portal-passwords.csv")
SPECIAL = ("thu.nghiem", "Mật khẩu&cũ=+%;Zq7")


class Failed(Exception):
    pass


def expect(cond, msg):
    if not cond:
        raise Failed(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def request(port, method, target, fields=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {}
    body = None
    if fields is not None:
        body = urllib.parse.urlencode(fields).encode("ascii")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, target, body=body, headers=headers)
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    conn.close()
    return r.status, r.getheader("Location"), r.getheader("Set-Cookie"), text


def main():
    failures = 0
    d = tempfile.mkdtemp(prefix="vneid-portal-login.")
    proc = None
    try:
        accounts = read_csv(ACCOUNTS)
        passwords = {r["username"]: r["password"] for r in read_csv(PASSWORDS)}
        users = [r["username"] for r in accounts]
        pw_file = os.path.join(d, "passwords.csv")
        with open(pw_file, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["username", "password"])
            for u, p in list(passwords.items()) + [SPECIAL]:
                w.writerow([u, p])
        record = os.path.join(d, "record.jsonl")
        log = open(os.path.join(d, "portal.log"), "wb")
        proc = subprocess.Popen(
            [sys.executable, PORTAL, "--port", "0", "--accounts", ACCOUNTS, "--passwords",
             pw_file, "--record", record], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=log)
        line = proc.stdout.readline().decode()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            print("FAIL  the portal did not start: %r" % line)
            return 1
        port = int(m.group(1))
        secrets_sent = [p for p in passwords.values()] + [SPECIAL[1], "wrong-Xk3", "QuerySecret9"]

        def step(title, fn):
            nonlocal failures
            try:
                detail = fn()
                print("ok    %s%s" % (title, ": " + detail if detail else ""))
            except (Failed, OSError, KeyError, ValueError) as e:
                failures += 1
                print("FAIL  %s: %s" % (title, e))

        def files_agree():
            missing = [u for u in users if not passwords.get(u)]
            unknown = [u for u in passwords if u not in users]
            expect(not missing, "accounts without a password: %s" % missing)
            expect(not unknown, "passwords for unknown accounts: %s" % unknown)
            return "%d accounts, each with a password" % len(users)

        def form():
            status, _, cookie, text = request(port, "GET", "/dang-nhap")
            expect(status == 200 and cookie is None, "GET /dang-nhap: %d %r" % (status, cookie))
            expect(re.search(r'<form method="post" action="/dang-nhap">', text), "no POST form")
            expect('name="username"' in text and 'type="password" name="password"' in text,
                   "no username/password fields")
            return "POST /dang-nhap, fields username, password"

        def right():
            for u in users + [SPECIAL[0]]:
                pw = passwords.get(u) or SPECIAL[1]
                status, loc, cookie, _ = request(port, "POST", "/dang-nhap",
                                                 {"username": u, "password": pw})
                expect(status == 302 and loc == "/", "%s: %d %r" % (u, status, loc))
                expect(cookie and cookie.startswith("MOTCUA_SESSION="), "%s: %r" % (u, cookie))
                sid = cookie.split(";")[0]
                status, _, _, text = request(port, "GET", "/", cookie=sid)
                m2 = re.search(r'data-portal="account">([^<]*)<', text)
                expect(status == 200 and m2 and m2.group(1).strip() == u,
                       "%s: the portal's session is for %r" % (u, m2 and m2.group(1)))
            return "%d accounts: 302 to / with MOTCUA_SESSION, the portal acts as each" % (
                len(users) + 1)

        def wrong():
            for u, pw in [("ha.vn", "wrong-Xk3"), ("khong.co", passwords["ha.vn"]),
                          ("ha.vn", ""), (SPECIAL[0], SPECIAL[1][:-1])]:
                status, loc, cookie, text = request(port, "POST", "/dang-nhap",
                                                    {"username": u, "password": pw})
                expect(status == 200 and loc is None and cookie is None,
                       "%s: %d %r %r" % (u, status, loc, cookie))
                expect("Tên đăng nhập hoặc mật khẩu không đúng" in text, "%s: no error" % u)
                expect('value="%s"' % u in text, "%s: the username was not kept" % u)
                expect(not pw or pw not in text, "%s: the password is on the page" % u)
            return "200, the form again with the error, no cookie"

        def nothing_logged():
            request(port, "GET", "/dang-nhap?username=ha.vn&password=QuerySecret9")
            proc.terminate()
            proc.wait(10)
            log.close()
            with open(record, encoding="utf-8") as f:
                rec = f.read()
            with open(os.path.join(d, "portal.log"), encoding="utf-8") as f:
                logtext = f.read()
            for s in secrets_sent:
                for form_ in (s, urllib.parse.quote_plus(s), urllib.parse.quote(s)):
                    expect(form_ not in rec, "a password is in the --record file")
                    expect(form_ not in logtext, "a password is in the portal's log")
            posts = rec.count('"method": "POST"')
            expect(posts == len(users) + 1 + 4, "%d POSTs recorded" % posts)
            expect(rec.count("password=%5Bredacted%5D") == posts + 1, "redactions: %d" %
                   rec.count("password=%5Bredacted%5D"))
            return "no password in the log or the record (%d POSTs recorded, redacted)" % posts

        step("every demo account has a portal password", files_agree)
        step("GET /dang-nhap shows the legacy login form", form)
        step("the right password signs in", right)
        step("a wrong password or user is refused like a legacy portal", wrong)
        step("no password is logged or recorded", nothing_logged)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        shutil.rmtree(d, ignore_errors=True)
    print("demo portal login: %s" % ("PASSED" if not failures else "FAILED (%d)" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
