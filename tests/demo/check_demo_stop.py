#!/usr/bin/python3
"""scripts/demo stops everything it started: on Ctrl-C in its terminal, and on
SIGTERM when it runs in the background (where no Ctrl-C reaches it); its help
and its banner say which.

  check_demo_stop.py --build-dir DIR     (the module built in DIR; never builds)

Ctrl-C is typed into a pseudo-terminal, so the terminal driver sends SIGINT to
the foreground process group, as for a person at a terminal. Each run uses
free ports; afterwards nothing may listen on them and the runtime directory
must be gone. Exit 0 when all passed.
"""

import argparse
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(REPO, "scripts", "demo")
START_TIMEOUT = 90     # s: the three processes up and the banner printed
STOP_TIMEOUT = 40      # s: nginx gracefully, then the mock and the portal


def free_ports(n):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def listening(port):
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def demo_args(build_dir, ports):
    gw, mock, portal = ports
    return [DEMO, "--no-build", "--build-dir", build_dir, "--port", str(gw),
            "--mock-port", str(mock), "--portal-port", str(portal)]


def check_stopped(name, out, ports):
    problems = []
    for port in ports:
        if listening(port):
            problems.append("%s: port %d still answers after the demo exited" % (name, port))
    m = re.search(r"Logs: (\S+)/\{", out)
    if not m:
        problems.append("%s: the banner does not name the runtime directory" % name)
    elif os.path.exists(m.group(1)):
        problems.append("%s: runtime directory %s left behind" % (name, m.group(1)))
    if "stopping nginx, the mock VNeID and the portal" not in out:
        problems.append("%s: no 'stopping ...' line" % name)
    return problems


def read_until(read, pattern, timeout):
    """Collect output from read() until `pattern` appears; (text, found)."""
    text, deadline = "", time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = read(deadline - time.monotonic())
        if chunk is None:
            break
        text += chunk
        if re.search(pattern, text):
            return text, True
    return text, False


def ctrl_c_in_a_terminal(build_dir):
    ports = free_ports(3)
    pid, fd = pty.fork()
    if pid == 0:   # the child: session leader, the pty its controlling terminal
        os.execv(DEMO, demo_args(build_dir, ports))

    def read(timeout):
        r, _, _ = select.select([fd], [], [], max(0.0, min(timeout, 1.0)))
        if not r:
            return ""
        try:
            data = os.read(fd, 65536)
        except OSError:        # EIO: the other side is closed
            return None
        return data.decode("utf-8", "replace") if data else None

    problems = []
    out, up = read_until(read, r"Press Ctrl-C to stop everything", START_TIMEOUT)
    if not up:
        os.kill(pid, signal.SIGTERM)
        problems.append("terminal: no 'Press Ctrl-C' banner within %d s:\n%s"
                        % (START_TIMEOUT, out[-3000:]))
    if "running as pid %d: Ctrl-C" % pid not in out:
        problems.append("terminal: no 'running as pid %d: Ctrl-C ...' line" % pid)
    os.write(fd, b"\x03")      # the terminal driver: SIGINT to the foreground group
    rest, _ = read_until(read, r"(?!)", STOP_TIMEOUT)   # until EOF or the timeout
    out += rest
    deadline = time.monotonic() + STOP_TIMEOUT
    status = None
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return problems + ["terminal: the demo did not exit within %d s of Ctrl-C:\n%s"
                           % (STOP_TIMEOUT, out[-3000:])]
    os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    if code != 130:
        problems.append("terminal: exit status %d after Ctrl-C, expected 130:\n%s"
                        % (code, out[-3000:]))
    return problems + check_stopped("terminal", out, ports)


def sigterm_in_the_background(build_dir):
    ports = free_ports(3)
    # no controlling terminal, as under nohup or a service manager
    proc = subprocess.Popen(demo_args(build_dir, ports), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    os.set_blocking(proc.stdout.fileno(), False)

    def read(timeout):
        r, _, _ = select.select([proc.stdout], [], [], max(0.0, min(timeout, 1.0)))
        if not r:
            return ""
        data = proc.stdout.read()
        return data.decode("utf-8", "replace") if data else None

    problems = []
    out, up = read_until(read, r"kill \d+ \(SIGTERM\) stops everything", START_TIMEOUT)
    if not up:
        problems.append("background: no 'kill PID (SIGTERM) stops everything' banner within "
                        "%d s:\n%s" % (START_TIMEOUT, out[-3000:]))
    if "running as pid %d in the background" % proc.pid not in out:
        problems.append("background: no 'running as pid %d in the background' line" % proc.pid)
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return problems + ["background: the demo did not exit within %d s of SIGTERM"
                           % STOP_TIMEOUT]
    os.set_blocking(proc.stdout.fileno(), True)
    out += proc.stdout.read().decode("utf-8", "replace")
    if code != 130:
        problems.append("background: exit status %d after SIGTERM, expected 130:\n%s"
                        % (code, out[-3000:]))
    return problems + check_stopped("background", out, ports)


def help_text():
    out = subprocess.run([DEMO, "--help"], capture_output=True, text=True, timeout=30,
                         check=True).stdout
    problems = []
    for needle in ("Ctrl-C", "SIGTERM", "--target ngx_module vneidctl"):
        if needle not in out:
            problems.append("--help does not mention %r" % needle)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", required=True, help="where ngx_http_vneid_module.so is")
    a = ap.parse_args()
    build_dir = os.path.abspath(a.build_dir)
    if not os.path.exists(os.path.join(build_dir, "ngx_http_vneid_module.so")):
        print("check_demo_stop: %s has no ngx_http_vneid_module.so" % build_dir, file=sys.stderr)
        return 1
    failures = 0
    for name, fn in (("help", help_text),
                     ("Ctrl-C in a terminal", lambda: ctrl_c_in_a_terminal(build_dir)),
                     ("SIGTERM in the background", lambda: sigterm_in_the_background(build_dir))):
        problems = fn()
        print("%s: %s" % (name, "ok" if not problems else "FAILED"), flush=True)
        for p in problems:
            print("  " + p.replace("\n", "\n  "), flush=True)
        failures += bool(problems)
    print("check_demo_stop: %s" % ("PASSED" if not failures else "FAILED (%d)" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
