"""The mock's HTML pages, in Vietnamese, self-contained (no external resources).

Every alert carries data-error="<code>" so tests and scripts can tell errors apart
without parsing Vietnamese text.
"""

from html import escape

CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:#f3f4f6;color:#1f2937}
.top{background:#b3001b;color:#fff;padding:12px 24px;display:flex;align-items:center;gap:14px}
.top .org{font-size:12px;letter-spacing:.04em;opacity:.9}
.top .app{font-size:20px;font-weight:700;letter-spacing:.02em}
.mockbar{background:#fff7d6;color:#7a5d00;border-bottom:1px solid #f0dc8a;font-size:13px;padding:6px 24px}
.mockbar a{color:#7a5d00}
main{max-width:440px;margin:40px auto;background:#fff;border-radius:10px;box-shadow:0 4px 18px rgba(0,0,0,.08);padding:28px 32px}
h1{font-size:21px;margin:0 0 6px;color:#b3001b;text-align:center}
.sub{text-align:center;color:#4b5563;font-size:14px;margin:0 0 22px}
label{display:block;font-size:14px;font-weight:600;margin:14px 0 6px}
input[type=text],input[type=password]{width:100%;padding:11px 12px;border:1px solid #cbd5e1;border-radius:6px;font-size:16px}
input:focus{outline:2px solid #f3b2bd;border-color:#b3001b}
input.otp{letter-spacing:.5em;text-align:center;font-size:22px}
button{cursor:pointer;border:0;border-radius:6px;font-size:16px;padding:11px 14px}
.primary{width:100%;margin-top:20px;background:#b3001b;color:#fff;font-weight:600}
.primary:hover{background:#8f0016}
.link{background:none;color:#b3001b;padding:6px 0;font-size:14px}
.link[disabled]{color:#9ca3af;cursor:default}
.row{display:flex;justify-content:space-between;align-items:center;margin-top:12px}
.alert{border-radius:6px;padding:10px 12px;font-size:14px;margin:0 0 14px}
.alert.err{background:#fdecee;color:#8f0016;border:1px solid #f6c3cb}
.alert.ok{background:#e9f7ef;color:#14532d;border:1px solid #bfe5cd}
.note{font-size:13px;color:#6b7280;margin-top:18px;text-align:center}
.tabs{display:flex;margin:0 0 18px;border-bottom:1px solid #e5e7eb}
.tabs span{flex:1;text-align:center;padding:8px;font-size:14px;color:#9ca3af}
.tabs span.on{color:#b3001b;border-bottom:2px solid #b3001b;font-weight:600}
a.button{display:block;text-align:center;text-decoration:none;margin-top:20px;background:#b3001b;color:#fff;border-radius:6px;padding:11px}
table{width:100%;border-collapse:collapse;font-size:14px}td,th{padding:6px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
code{background:#f3f4f6;padding:1px 4px;border-radius:3px}
footer{text-align:center;font-size:12px;color:#9ca3af;margin:24px 0}
"""

EMBLEM = ('<svg width="44" height="44" viewBox="0 0 44 44" aria-hidden="true">'
          '<circle cx="22" cy="22" r="21" fill="#d4141f" stroke="#f5c400" stroke-width="2"/>'
          '<polygon fill="#f5c400" points="22,8 25.5,18.5 36.5,18.5 27.5,25 31,35.5 22,29 13,35.5 '
          '16.5,25 7.5,18.5 18.5,18.5"/></svg>')


def layout(title: str, body: str, wide: bool = False) -> bytes:
    style = ' style="max-width:760px"' if wide else ""
    return ("""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>%(title)s – VNeID (thử nghiệm)</title><style>%(css)s</style></head>
<body>
<header class="top">%(emblem)s<div><div class="org">BỘ CÔNG AN · TRUNG TÂM DỮ LIỆU QUỐC GIA VỀ DÂN CƯ</div>
<div class="app">ĐỊNH DANH ĐIỆN TỬ VNeID</div></div></header>
<div class="mockbar">Môi trường thử nghiệm <b>mock-vneid</b>: không phải hệ thống thật, chỉ dùng dữ liệu
công dân giả. <a href="/_test/phone">Hộp thư SMS thử nghiệm</a></div>
<main%(style)s>%(body)s</main>
<footer>mock-vneid · bản mô phỏng VNeID SSO phục vụ phát triển và kiểm thử vneid-gateway</footer>
</body></html>
""" % {"title": escape(title), "css": CSS, "emblem": EMBLEM, "style": style, "body": body}).encode("utf-8")


def _alert(code, message, kind="err") -> str:
    if not message:
        return ""
    return '<div class="alert %s" role="alert" data-error="%s">%s</div>' % (
        kind, escape(code or ""), escape(message))


def login_page(tx: str, client_name: str, error_code=None, error=None, pid="") -> bytes:
    body = """<h1>Đăng nhập</h1>
<p class="sub">Đăng nhập bằng tài khoản Định danh điện tử để tiếp tục tới<br><b>%(client)s</b></p>
<div class="tabs"><span class="on">Số định danh &amp; mật khẩu</span><span title="Không hỗ trợ trong môi trường thử nghiệm">Quét mã QR</span></div>
%(alert)s
<form method="post" action="/auth/login" autocomplete="off" id="login">
<input type="hidden" name="tx" value="%(tx)s">
<label for="pid">Số định danh cá nhân</label>
<input type="text" id="pid" name="pid" value="%(pid)s" inputmode="numeric" pattern="[0-9]{12}" maxlength="12"
 placeholder="Nhập 12 chữ số" autocomplete="username" required autofocus>
<label for="password">Mật khẩu</label>
<input type="password" id="password" name="password" placeholder="Nhập mật khẩu" autocomplete="current-password" required>
<button class="primary" type="submit">Đăng nhập</button>
</form>
<form method="post" action="/auth/cancel"><input type="hidden" name="tx" value="%(tx)s">
<div class="row"><span class="note" style="margin:0">Quên mật khẩu? Dùng ứng dụng VNeID.</span>
<button class="link" type="submit">Hủy, quay lại dịch vụ</button></div></form>
""" % {"client": escape(client_name), "alert": _alert(error_code, error), "tx": escape(tx),
       "pid": escape(pid or "")}
    return layout("Đăng nhập", body)


def otp_page(view: dict, error_code=None, error=None, notice=None) -> bytes:
    wait = view["resend_wait"]
    body = """<h1>Xác thực OTP</h1>
<p class="sub">Mã xác thực OTP đã được gửi tới số điện thoại %(phone)s</p>
%(alert)s%(notice)s
<form method="post" action="/auth/otp" autocomplete="off" id="otp-form">
<input type="hidden" name="tx" value="%(tx)s">
<label for="otp">Nhập mã OTP (6 chữ số)</label>
<input class="otp" type="text" id="otp" name="otp" inputmode="numeric" pattern="[0-9]{6}" maxlength="6"
 autocomplete="one-time-code" required autofocus>
<button class="primary" type="submit">Xác nhận</button>
</form>
<form method="post" action="/auth/otp/resend" id="resend-form">
<input type="hidden" name="tx" value="%(tx)s">
<div class="row"><span class="note" style="margin:0">Mã có hiệu lực trong %(minutes)d phút.</span>
<button class="link" type="submit" id="resend" data-wait="%(wait)d"%(disabled)s>Gửi lại mã%(label)s</button></div>
</form>
<script>
(function(){var b=document.getElementById("resend"),w=+b.getAttribute("data-wait");
function t(){if(w<=0){b.disabled=false;b.textContent="Gửi lại mã";return}
b.disabled=true;b.textContent="Gửi lại mã ("+w+"s)";w--;setTimeout(t,1000)}t()})();
</script>
""" % {"phone": escape(view["masked_phone"]), "alert": _alert(error_code, error),
       "notice": _alert("", notice, "ok"), "tx": escape(view["tx"]), "minutes": view["otp_minutes"],
       "wait": wait, "disabled": " disabled" if wait > 0 else "",
       "label": " (%ds)" % wait if wait > 0 else ""}
    return layout("Xác thực OTP", body)


def error_page(title: str, code: str, message: str, back_url=None) -> bytes:
    back = ('<a class="button" href="%s" id="back">Quay lại trang dịch vụ</a>' % escape(back_url)
            if back_url else "")
    body = '<h1>%s</h1>%s%s' % (escape(title), _alert(code, message), back)
    return layout(title, body)


def message_page(title: str, message: str, link=None, link_text=None) -> bytes:
    extra = ('<a class="button" href="%s">%s</a>' % (escape(link), escape(link_text))
             if link else "")
    return layout(title, '<h1>%s</h1><p class="sub">%s</p>%s' % (escape(title), escape(message), extra))


def phone_page(messages, pid=None) -> bytes:
    rows = "".join("<tr><td>%s</td><td>%s<br><small>%s</small></td><td>%s</td></tr>"
                   % (escape(m["time"]), escape(m["phone"]), escape(m["pid"]), escape(m["text"]))
                   for m in reversed(messages))
    body = """<h1>Hộp thư SMS thử nghiệm</h1>
<p class="sub">Tin nhắn OTP mà mock-vneid "gửi"%s (mới nhất ở trên). JSON: <code>/_test/sms</code></p>
<table><tr><th>Thời gian</th><th>Số điện thoại</th><th>Nội dung</th></tr>%s</table>
""" % (" cho " + escape(pid) if pid else "", rows or '<tr><td colspan="3">Chưa có tin nhắn.</td></tr>')
    return layout("Hộp thư SMS", body, wide=True)


def index_page(clients, citizens) -> bytes:
    crow = "".join("<tr><td><code>%s</code></td><td>%s</td><td>%s</td></tr>"
                   % (escape(c.client_id), escape(c.name),
                      escape(("encrypt_key " if c.encrypt_code else "")
                             + ("envelope" if c.envelope else "") or "plain")
                      + (" <b>(tắt: %s)</b>" % escape(c.disabled_reason) if c.disabled_reason else ""))
                   for c in clients.values())
    prow = "".join("<tr><td><code>%s</code></td><td>%s</td><td>%d</td><td>%s</td></tr>"
                   % (escape(c.pid), escape(c.full_name), c.account_level,
                      "bị khóa" if c.locked else "")
                   for c in citizens.values())
    body = """<h1>mock-vneid</h1>
<p class="sub">Bản mô phỏng VNeID SSO. Điểm cuối: <code>GET /auth</code>, <code>POST /token</code>,
<code>GET /userinfo</code>, <code>GET /logout</code>; kiểm thử: <code>/_test/sms</code>,
<code>/_admin/faults</code>, <code>/_admin/reset</code>. Xem docs/mock-vneid.md.</p>
<h2 style="font-size:16px">Ứng dụng (client)</h2><table>%s</table>
<h2 style="font-size:16px">Công dân thử nghiệm</h2><table><tr><th>Số định danh</th><th>Họ tên</th><th>Mức</th><th></th></tr>%s</table>
""" % (crow, prow)
    return layout("mock-vneid", body, wide=True)
