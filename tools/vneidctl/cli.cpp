#include "cli.h"

#include <algorithm>
#include <ctime>
#include <iostream>

#include "identity/citizen_id.h"
#include "session/legacy_account.h"
#include "table.h"
#include "util/clock.h"
#include "util/control_chars.h"
#include "util/utf8.h"

namespace vneidctl {
namespace {

std::string hint_for_short_id(const std::string& id) {
    bool digits = !id.empty();
    for (char c : id) digits = digits && c >= '0' && c <= '9';
    if (digits && id.size() < 12) {
        return " (a spreadsheet may have dropped leading zeros; format the column as text)";
    }
    return "";
}

}  // namespace

bool is_help(const std::string& a) { return a == "-h" || a == "--help"; }

bool take_flag(Args& args, const std::string& flag) {
    auto& v = args.items;
    auto first = v.begin() + std::ptrdiff_t(std::min(args.pos, v.size()));
    auto it = std::remove(first, v.end(), flag);
    const bool found = it != v.end();
    v.erase(it, v.end());
    return found;
}

void print_json(const Json& j) {
    std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

std::string iso_time(int64_t t) {
    if (t <= 0) return "-";
    time_t tt = time_t(t);
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return "-";
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string local_iso_time(int64_t t) {
    time_t tt = time_t(t);
    struct tm tm;
    if (!localtime_r(&tt, &tm)) return "";
    char buf[40];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
    std::string s = buf;  // +0700 -> +07:00
    if (s.size() >= 5) s.insert(s.size() - 2, ":");
    return s;
}

std::string local_short_time(int64_t t) {
    if (t <= 0) return "-";
    time_t tt = time_t(t);
    struct tm tm;
    if (!localtime_r(&tt, &tm)) return "-";
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

std::string citizen_id_problem(const std::string& id) {
    auto check = vneid::identity::check_citizen_id(id, vneid::util::current_year_utc());
    if (check.ok()) return "";
    return "invalid citizen id \"" + vneidctl::printable(id) + "\": " +
           vneid::identity::describe(check.problem) + hint_for_short_id(id);
}

void require_12_digits(const std::string& id) {
    if (!vneid::session::is_citizen_id(id)) {
        throw UsageError("citizen id must be 12 digits: \"" + vneidctl::printable(id) + "\"" +
                         hint_for_short_id(id));
    }
}

std::string username_problem(const std::string& u) {
    if (u.empty()) return "empty username";
    if (vneid::util::has_control_chars(u)) return "username contains a control character";
    if (u.find(',') != std::string::npos) return "username contains a comma";
    if (!vneid::util::is_valid_utf8(u)) return "username is not valid UTF-8";
    return "";
}

std::string text_problem(const char* field, const std::string& s) {
    if (vneid::util::has_control_chars(s)) return std::string(field) + " contains a control character";
    if (!vneid::util::is_valid_utf8(s)) return std::string(field) + " is not valid UTF-8";
    return "";
}

}  // namespace vneidctl
