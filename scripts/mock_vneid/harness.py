"""Start and stop scripts/mock-vneid from a test, on a free port.

    from mock_vneid.harness import MockVneid
    with MockVneid(clients="clients.json", args=["--code-ttl", "5"]) as mock:
        mock.base_url        # "http://127.0.0.1:PORT" (https with tls=True)
        mock.cert_file       # with tls=True: the certificate to trust
        mock.log()           # what the mock wrote to stderr so far
"""

import os
import queue
import subprocess
import tempfile
import threading

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "mock-vneid")


class MockStartError(RuntimeError):
    pass


class MockVneid:
    def __init__(self, clients=None, citizens=None, args=(), tls=False, cert_dir=None,
                 sms_file=None, env=None, startup_timeout=20.0):
        self.cmd = [SCRIPT, "--port", "0"]
        if clients:
            self.cmd += ["--clients", str(clients)]
        if citizens:
            self.cmd += ["--citizens", str(citizens)]
        if tls:
            self.cmd.append("--tls")
            if cert_dir:
                self.cmd += ["--cert-dir", str(cert_dir)]
        if sms_file:
            self.cmd += ["--sms-file", str(sms_file)]
        self.cmd += [str(a) for a in args]
        self.env = dict(os.environ, **(env or {}))
        self.env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        self.startup_timeout = startup_timeout
        self.proc = None
        self.base_url = None
        self.cert_file = None
        self.stdout_lines = []
        self._log = None

    def start(self):
        self._log = tempfile.TemporaryFile(mode="w+b")
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=self._log,
                                     stdin=subprocess.DEVNULL, env=self.env)
        lines = queue.Queue()

        def pump():   # keep reading, so a chatty mock never blocks on a full pipe
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.stdout_lines.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        try:
            while True:
                line = lines.get(timeout=self.startup_timeout)
                if line is None:
                    raise MockStartError("mock-vneid exited (%s) before listening:\n%s"
                                         % (self.proc.wait(5), self.log()))
                if line.startswith("mock-vneid TLS certificate: "):
                    self.cert_file = line.split(": ", 1)[1]
                if line.startswith("mock-vneid listening on "):
                    self.base_url = line.rsplit(" ", 1)[1]
                    return self
        except queue.Empty:
            self.stop()
            raise MockStartError("mock-vneid not listening after %ss:\n%s"
                                 % (self.startup_timeout, self.log())) from None
        except BaseException:
            self.stop()
            raise

    def log(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
