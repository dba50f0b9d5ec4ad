#include "link/portal_login_check.h"

#include <openssl/crypto.h>

#include <optional>
#include <stdexcept>
#include <utility>

#include "http/query.h"
#include "http/url.h"
#include "link/login_redirect.h"
#include "request/portal_cookies.h"
#include "request/set_cookie.h"
#include "util/clock.h"
#include "util/control_chars.h"

namespace vneid::link {
namespace {

constexpr size_t kMaxFieldName = 64;
constexpr size_t kMaxQuoted = 100;

// Operator input echoed in an nginx -t message: one line, bounded.
std::string quoted(std::string_view value) {
    std::string shown = util::replace_control_chars(std::string(value.substr(0, kMaxQuoted)), '?');
    if (value.size() > kMaxQuoted) shown += "...";
    return "\"" + shown + "\"";
}

// Any bytes would survive url_encode; '&' and '=' are refused anyway because
// a name containing them reads, to an operator, as two fields.
std::string field_problem(std::string_view option, std::string_view name) {
    bool ok = !name.empty() && name.size() <= kMaxFieldName && !util::has_control_chars(name) &&
              name.find_first_of("&=") == std::string_view::npos;
    if (ok) return {};
    return std::string(option) + " " + quoted(name) +
           " must be 1 to 64 bytes without '&', '=' or control characters";
}

std::string cookie_problem(std::string_view name) {
    if (name.empty()) return "success=cookie: needs a cookie name (success=cookie:NAME)";
    if (!request::is_cookie_name(name))
        return "success=cookie: " + quoted(name) + " is not a cookie name";
    return {};
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The login URL's path, the one a refusal redirects back to.
std::optional<std::string> login_path(const std::string& url) {
    std::optional<http::Url> parsed = http::parse_absolute_http_url(url);
    if (!parsed) return std::nullopt;
    const std::string& pq = parsed->path_and_query;
    return pq.substr(0, pq.find('?'));
}

bool redirect_accepted(const PortalLoginCheck& check, const http::HttpResponse& answer) {
    if (!is_redirect(answer.status)) return false;
    std::vector<std::string_view> locations = http::header_values(answer, "Location");
    if (locations.empty()) return false;
    // Browsers refuse an answer with differing Location lines; so do we.
    for (std::string_view other : locations)
        if (other != locations.front()) return false;
    std::optional<std::string> path = login_path(check.url);
    return path && !leads_to_login_page(*path, locations.front());
}

bool cookie_accepted(const PortalLoginCheck& check, const http::HttpResponse& answer,
                     int64_t now) {
    if (answer.status < 200 || answer.status > 399) return false;
    // The browser keeps what the last Set-Cookie of that name says.
    std::optional<bool> set;
    for (std::string_view header : http::header_values(answer, "Set-Cookie")) {
        std::optional<request::SetCookie> cookie = request::parse_set_cookie(header, now);
        if (!cookie || cookie->name != check.cookie_name) continue;
        set = !cookie->deletes && !cookie->value.empty() && cookie->value != "\"\"" &&
              cookie->value != "deleted";  // PHP's setcookie() removal value
    }
    return set.value_or(false);
}

// Wipes a buffer that held the password when it goes out of scope, however
// the scope is left.
class Cleansed {
 public:
    explicit Cleansed(std::string& text) : text_(text) {}
    ~Cleansed() { OPENSSL_cleanse(text_.data(), text_.size()); }
    Cleansed(const Cleansed&) = delete;
    Cleansed& operator=(const Cleansed&) = delete;

 private:
    std::string& text_;
};

// Appends url_encode(value) to `body`, wiping the encoded temporary.
void append_encoded(std::string& body, std::string_view value) {
    std::string encoded = http::url_encode(value);
    Cleansed wipe(encoded);
    body += encoded;
}

}  // namespace

std::string config_problem(const PortalLoginCheck& check) {
    if (!http::parse_absolute_http_url(check.url))
        return "URL " + quoted(check.url) +
               " is not an absolute http:// or https:// URL with a host";
    if (std::string p = field_problem("username_field", check.username_field); !p.empty()) return p;
    if (std::string p = field_problem("password_field", check.password_field); !p.empty()) return p;
    if (check.username_field == check.password_field)
        return "username_field and password_field are the same (" + quoted(check.username_field) +
               ")";
    if (check.rule == SuccessRule::cookie) return cookie_problem(check.cookie_name);
    return {};
}

std::string apply_option(PortalLoginCheck& check, std::string_view word) {
    auto value_after = [word](std::string_view prefix) -> std::optional<std::string_view> {
        if (word.substr(0, prefix.size()) != prefix) return std::nullopt;
        return word.substr(prefix.size());
    };
    if (auto name = value_after("username_field=")) {
        if (std::string p = field_problem("username_field", *name); !p.empty()) return p;
        check.username_field = std::string(*name);
        return {};
    }
    if (auto name = value_after("password_field=")) {
        if (std::string p = field_problem("password_field", *name); !p.empty()) return p;
        check.password_field = std::string(*name);
        return {};
    }
    if (auto rule = value_after("success=")) {
        if (*rule == "redirect") {
            check.rule = SuccessRule::redirect;
            check.cookie_name.clear();
            return {};
        }
        if (auto name = value_after("success=cookie:")) {
            if (std::string p = cookie_problem(*name); !p.empty()) return p;
            check.rule = SuccessRule::cookie;
            check.cookie_name = std::string(*name);
            return {};
        }
        return "success=" + quoted(*rule) + ": expected success=redirect or success=cookie:NAME";
    }
    return "unknown option " + quoted(word) +
           " (expected username_field=NAME, password_field=NAME or "
           "success=redirect|cookie:NAME)";
}

const char* to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::accepted: return "accepted";
        case Verdict::refused: return "refused";
        case Verdict::unavailable: return "unavailable";
    }
    return "refused";
}

Verdict judge_answer(const PortalLoginCheck& check, const http::HttpResponse& answer) {
    return judge_answer(check, answer, util::now_unix());
}

Verdict judge_answer(const PortalLoginCheck& check, const http::HttpResponse& answer,
                     int64_t now) {
    if ((answer.status >= 500 && answer.status <= 599) || answer.status == 429)
        return Verdict::unavailable;
    bool accepted = check.rule == SuccessRule::cookie ? cookie_accepted(check, answer, now)
                                                      : redirect_accepted(check, answer);
    return accepted ? Verdict::accepted : Verdict::refused;
}

Verdict check_login(const PortalLoginCheck& check, std::string_view username,
                    std::string_view password, http::HttpTransport& transport) {
    if (std::string problem = config_problem(check); !problem.empty())
        throw std::invalid_argument("portal login check: " + problem);

    http::HttpRequest request;
    request.method = "POST";
    request.url = check.url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    Cleansed wipe_body(request.body);
    // Room for the worst case (every byte as %XX), so appending never
    // reallocates and leaves an unwiped copy of the password behind.
    request.body.reserve(3 * (check.username_field.size() + username.size() +
                              check.password_field.size() + password.size()) +
                         2);
    append_encoded(request.body, check.username_field);
    request.body += '=';
    append_encoded(request.body, username);
    request.body += '&';
    append_encoded(request.body, check.password_field);
    request.body += '=';
    append_encoded(request.body, password);

    http::HttpResponse answer = transport.send(request);
    // A portal that re-renders its form may echo what it was sent.
    Cleansed wipe_answer(answer.body);
    return judge_answer(check, answer);
}

}  // namespace vneid::link
