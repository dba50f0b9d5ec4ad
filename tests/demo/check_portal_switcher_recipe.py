#!/usr/bin/python3
"""The switcher recipe in conf/portal-switcher.conf, as an operator uses it.

1. `include`d as written into a portal's server block (production-like:
   https endpoints, default cookie), `nginx -t` accepts it without a single
   [warn] or [emerg] line;
2. conf/vneid-gateway.conf, which writes the recipe out in its server block,
   still has each of the recipe's directives (the two must not drift apart).

The demo (scripts/demo --check) shows the recipe working end to end.

    check_portal_switcher_recipe.py --module build/ngx_http_vneid_module.so

Exit status 0 when both hold, 1 otherwise.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RECIPE = os.path.join(REPO, "conf", "portal-switcher.conf")
EXAMPLE = os.path.join(REPO, "conf", "vneid-gateway.conf")

CONF = """\
load_module {module};
pid {dir}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp;
    fastcgi_temp_path {dir}/tmp; uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
    vneid_store {dir}/store;
    server {{
        listen 127.0.0.1:8443;
        server_name motcua.example.gov.vn;
        vneid_authorization_endpoint https://sso.example.gov.vn/auth;
        vneid_token_endpoint https://sso.example.gov.vn/token;
        vneid_userinfo_endpoint https://sso.example.gov.vn/userinfo;
        vneid_client_id motcua-tinh;
        vneid_client_secret_file {dir}/client-secret;
        vneid_redirect_uri https://motcua.example.gov.vn/_vneid/callback;

        include {recipe};

        location /_vneid/ {{ vneid_endpoint; }}
        location / {{ vneid on; proxy_pass http://127.0.0.1:9; }}
        location /static/ {{ vneid off; proxy_pass http://127.0.0.1:9; }}
    }}
}}
"""


def directives(text):
    """The directive statements of an nginx file, comments dropped, spaces collapsed."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.endswith(";"):
            out.append(re.sub(r"\s+", " ", line))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", required=True, help="ngx_http_vneid_module.so")
    ap.add_argument("--nginx", default=os.environ.get("VNEID_NGINX", "/usr/sbin/nginx"))
    a = ap.parse_args(argv)
    failures = 0

    d = tempfile.mkdtemp(prefix="vneid-recipe.")
    try:
        # nginx -t as root checks the store as the worker user (nobody)
        os.chmod(d, 0o755)
        os.mkdir(os.path.join(d, "tmp"))
        with open(os.path.join(d, "client-secret"), "w") as f:
            f.write("s3cret\n")
        os.chmod(os.path.join(d, "client-secret"), 0o600)
        with open(os.path.join(d, "nginx.conf"), "w", encoding="utf-8") as f:
            f.write(CONF.format(module=os.path.abspath(a.module), dir=d, recipe=RECIPE))
        p = subprocess.run([a.nginx, "-t", "-p", d + "/", "-c", "nginx.conf", "-e", "stderr"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        out = p.stdout.decode("utf-8", "replace")
        bad = [line for line in out.splitlines() if re.search(r"\[(warn|emerg|alert|crit)\]", line)]
        if p.returncode != 0 or bad or "test is successful" not in out:
            failures += 1
            print("FAIL  nginx -t of a server block that includes conf/portal-switcher.conf "
                  "(exit %d):\n%s" % (p.returncode, out))
        else:
            print("ok    nginx -t accepts conf/portal-switcher.conf in a server block, no warnings")
    finally:
        shutil.rmtree(d, ignore_errors=True)

    with open(RECIPE, encoding="utf-8") as f:
        recipe = directives(f.read())
    with open(EXAMPLE, encoding="utf-8") as f:
        example = directives(f.read())
    missing = [x for x in recipe if x not in example]
    if not recipe or missing:
        failures += 1
        print("FAIL  conf/vneid-gateway.conf lacks the recipe's %s" % " ".join(missing or ["?"]))
    else:
        print("ok    conf/vneid-gateway.conf writes out the recipe (%s)" % " ".join(recipe))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
