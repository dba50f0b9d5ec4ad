// The portal login check's judge (lib/src/link/portal_login_check.h,
// login_redirect.h): a portal's answer to a POST of someone's legacy
// credentials decides whether an account gets linked, so no answer may crash
// it and no rewriting of the answer that a browser would read the same way
// may turn a refusal into an acceptance.
// Input: line 1 = the login URL (the default when it is not usable), line 2
// = one option word (apply_option: "success=cookie:NAME", ...), line 3 = the
// status in decimal, the rest = header lines "Name: value".
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "http/transport.h"
#include "http/url.h"
#include "link/login_redirect.h"
#include "link/portal_login_check.h"

using namespace vneid::link;
using vneid::http::header_values;
using vneid::http::HttpResponse;

namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::string_view kDefaultUrl = "https://portal.example.vn/mot-cua/dang-nhap";

long status_of(std::string_view line) {
    long status = 0;
    for (char c : line.substr(0, 4))
        if (c >= '0' && c <= '9') status = status * 10 + (c - '0');
    return status;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c + ('a' - 'A'));
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - ('a' - 'A'));
    return out;
}

bool is_login_path_like(const std::string& path) {
    if (path.empty() || path.front() != '/') return false;
    if (path.find("//") != std::string::npos || path.find(';') != std::string::npos) return false;
    if (path != "/" && path.back() == '/') return false;
    for (char c : path)
        if (c >= 'A' && c <= 'Z') return false;
    return path.find("/./") == std::string::npos && path.find("/../") == std::string::npos &&
           (path.size() < 2 || path.substr(path.size() - 2) != "/.") &&
           (path.size() < 3 || path.substr(path.size() - 3) != "/..");
}

// The answer with every Location value replaced by `location`.
HttpResponse with_location(HttpResponse answer, const std::string& location) {
    for (auto& [name, value] : answer.headers)
        if (lower(name) == "location") value = location;
    return answer;
}

void check_redirect_paths(const std::string& login_path, std::string_view location) {
    std::optional<std::string> path = redirect_path(login_path, location);
    if (path) {
        FUZZ_CHECK(!path->empty() && path->front() == '/');
        FUZZ_CHECK(is_login_path_like(comparable_path(*path)));
    }
    // Query and fragment never matter, nor ASCII case.
    std::string_view trimmed = trim(location);
    if (trimmed.size() == location.size()) {
        const bool back = leads_to_login_page(login_path, location);
        FUZZ_CHECK(leads_to_login_page(login_path, std::string(location) + "?loi=1") == back);
        FUZZ_CHECK(leads_to_login_page(login_path, std::string(location) + "#f") == back);
        FUZZ_CHECK(leads_to_login_page(login_path, upper(location)) == back);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    PortalLoginCheck check;
    check.url = std::string(in.line());
    if (!config_problem(check).empty()) check.url = std::string(kDefaultUrl);
    const std::string option_problem = apply_option(check, in.line());
    const std::string problem = config_problem(check);
    // What the directive accepts word by word, it accepts as a whole (unless
    // both fields now have the same name).
    if (option_problem.empty())
        FUZZ_CHECK(problem.empty() || problem.find("the same") != std::string::npos);
    for (const std::string& message : {option_problem, problem}) {
        FUZZ_CHECK(message.size() < 400);
        for (unsigned char c : message) FUZZ_CHECK(c >= 0x20 && c != 0x7f);
    }

    HttpResponse answer;
    answer.status = status_of(in.line());
    while (!in.empty()) {
        std::string_view line = in.line();
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        answer.headers.emplace_back(std::string(line.substr(0, colon)),
                                    std::string(trim(line.substr(colon + 1))));
    }

    const Verdict verdict = judge_answer(check, answer, kNow);
    FUZZ_CHECK(judge_answer(check, answer, kNow) == verdict);
    const bool busy = (answer.status >= 500 && answer.status <= 599) || answer.status == 429;
    FUZZ_CHECK((verdict == Verdict::unavailable) == busy);

    // Header names are case-insensitive.
    HttpResponse lowered = answer;
    for (auto& header : lowered.headers) header.first = lower(header.first);
    FUZZ_CHECK(judge_answer(check, lowered, kNow) == verdict);

    const std::string url = check.url;
    const std::string path_and_query = vneid::http::parse_absolute_http_url(url)->path_and_query;
    const std::string path_only = path_and_query.substr(0, path_and_query.find('?'));
    std::vector<std::string_view> locations = header_values(answer, "location");
    for (std::string_view location : locations) check_redirect_paths(path_only, location);

    if (check.rule == SuccessRule::redirect) {
        if (verdict == Verdict::accepted) {
            FUZZ_CHECK(answer.status == 301 || answer.status == 302 || answer.status == 303 ||
                       answer.status == 307 || answer.status == 308);
            FUZZ_CHECK(!locations.empty());
            for (std::string_view location : locations) FUZZ_CHECK(location == locations.front());
        }
        // Sending the browser back to the login URL itself is always a refusal.
        if (!locations.empty() && !busy) {
            FUZZ_CHECK(judge_answer(check, with_location(answer, url), kNow) == Verdict::refused);
            // (A path starting "//" would be read as a host, as browsers do.)
            if (path_only.compare(0, 2, "//") != 0)
                FUZZ_CHECK(judge_answer(check, with_location(answer, path_only + "?error=1"),
                                        kNow) == Verdict::refused);
        }
    } else {
        if (verdict == Verdict::accepted) {
            FUZZ_CHECK(answer.status >= 200 && answer.status <= 399);
            bool named = false;
            for (std::string_view header : header_values(answer, "set-cookie"))
                named = named || header.find(check.cookie_name) != std::string_view::npos;
            FUZZ_CHECK(named);
        }
        // Time only moves a cookie towards expiry.
        if (judge_answer(check, answer, kNow + 1) == Verdict::accepted)
            FUZZ_CHECK(verdict == Verdict::accepted);
    }
    return 0;
}
