// Set-Cookie parsing (lib/src/request/set_cookie.h, cookie_date.h) and the
// expiring header made from what it gives (portal_cookies.h).
// Input: first line = "now" in decimal unix seconds (default 0), the rest =
// one Set-Cookie header value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "request/cookie_date.h"
#include "request/portal_cookies.h"
#include "request/set_cookie.h"

using vneid::request::expired_set_cookie;
using vneid::request::is_cookie_name;
using vneid::request::parse_cookie_date;
using vneid::request::parse_set_cookie;
using vneid::request::SetCookie;

namespace {

// Bounded, so that now +- 1 never overflows.
int64_t now_of(std::string_view line) {
    int64_t now = 0;
    bool negative = !line.empty() && line.front() == '-';
    if (negative) line.remove_prefix(1);
    for (char c : line.substr(0, 15))
        if (c >= '0' && c <= '9') now = now * 10 + (c - '0');
    return negative ? -now : now;
}

bool has_byte(std::string_view s, char c) { return s.find(c) != std::string_view::npos; }

// What expired_set_cookie writes: cookie-attribute syntax only (no CTL,
// no ';' inside a value, nothing above 0x7E).
void check_expiry(const SetCookie& c) {
    std::string expired = expired_set_cookie(c.name, c.path, c.domain);
    FUZZ_CHECK(expired.empty() == !is_cookie_name(c.name));
    if (expired.empty()) return;
    for (unsigned char b : expired) FUZZ_CHECK(b >= 0x20 && b <= 0x7e);
    // Read back as a browser would: the same cookie, deleted, and its Path
    // and Domain either what was given or the safe fallback.
    std::optional<SetCookie> back = parse_set_cookie(expired, INT64_MAX);
    FUZZ_CHECK(back && back->deletes && back->name == c.name && back->value.empty());
    FUZZ_CHECK(back->path == c.path || back->path == "/");
    FUZZ_CHECK(back->domain == c.domain || back->domain.empty());
    // Only Path, Domain, Max-Age, Expires and the Secure flag: the given
    // values added no attribute of their own.
    size_t semis = 0;
    for (char b : expired) semis += b == ';';
    const std::string_view secure = "; Secure";
    const bool ends_secure = expired.size() > secure.size() &&
                             std::string_view(expired).substr(expired.size() - secure.size()) == secure;
    FUZZ_CHECK(semis == 3u + (back->domain.empty() ? 0u : 1u) + (ends_secure ? 1u : 0u));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    const int64_t now = now_of(in.line());
    const std::string_view header = in.rest();

    std::optional<int64_t> when = parse_cookie_date(header);
    if (when) FUZZ_CHECK(*when >= -11644473600 && *when <= 253402300799);  // 1601..9999

    std::optional<SetCookie> c = parse_set_cookie(header, now);
    if (!c) return 0;
    for (std::string_view part : {c->name, c->value, c->path, c->domain})
        FUZZ_CHECK(vneid_fuzz::points_into(part, header));
    FUZZ_CHECK(!c->name.empty() && !has_byte(c->name, '=') && !has_byte(c->name, ';'));
    FUZZ_CHECK(!has_byte(c->value, ';'));
    FUZZ_CHECK(c->path.empty() || c->path.front() == '/');
    // Time only moves a cookie towards deletion.
    std::optional<SetCookie> earlier = parse_set_cookie(header, now - 1);
    std::optional<SetCookie> later = parse_set_cookie(header, now + 1);
    FUZZ_CHECK(earlier && later);
    FUZZ_CHECK(!earlier->deletes || c->deletes);
    FUZZ_CHECK(!c->deletes || later->deletes);
    check_expiry(*c);
    return 0;
}
