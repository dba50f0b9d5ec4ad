// vneidctl report adoption: the VNeID rollout per unit or per account, from
// the store's login history.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "csv.h"
#include "session/legacy_account.h"
#include "table.h"

namespace vneidctl {

using vneid::session::LegacyAccount;
using vneid::session::Store;

namespace {

// DATE (YYYY-MM-DD) -> unix time of its 00:00 local time; throws on a bad
// or impossible date (2024-02-30).
int64_t parse_local_date(const std::string& date) {
    bool shape = date.size() == 10 && date[4] == '-' && date[7] == '-';
    for (size_t i = 0; shape && i < date.size(); ++i) {
        if (i != 4 && i != 7) shape = date[i] >= '0' && date[i] <= '9';
    }
    if (!shape) throw UsageError("--since wants a date YYYY-MM-DD, not \"" + date + "\"");
    struct tm tm {};
    tm.tm_year = std::atoi(date.substr(0, 4).c_str()) - 1900;
    tm.tm_mon = std::atoi(date.substr(5, 2).c_str()) - 1;
    tm.tm_mday = std::atoi(date.substr(8, 2).c_str());
    tm.tm_isdst = -1;
    const int year = tm.tm_year, mon = tm.tm_mon, day = tm.tm_mday;
    const time_t t = mktime(&tm);
    if (t == time_t(-1) || tm.tm_year != year || tm.tm_mon != mon || tm.tm_mday != day) {
        throw UsageError("--since: no such date \"" + date + "\"");
    }
    return int64_t(t);
}

std::string percent(size_t part, size_t whole) {
    if (whole == 0) return "-";
    char buf[16];
    snprintf(buf, sizeof buf, "%.1f%%", 100.0 * double(part) / double(whole));
    return buf;
}

std::string unit_label(const std::string& unit) { return unit.empty() ? "(no unit)" : unit; }

}  // namespace

// report adoption: who among the enabled linked accounts has come in
// through VNeID (since DATE), per unit or per account. Disabled accounts are
// not counted: they cannot log in.
int report_adoption(StoreAccess& sa, Args& args) {
    const bool json = take_flag(args, "--json");
    const bool csv = take_flag(args, "--csv");
    std::string since, by = "unit";
    while (!args.done()) {
        const std::string opt = args.next("option");
        if (opt == "--since") {
            since = args.next("DATE after --since");
        } else if (opt == "--by") {
            by = args.next("unit or account after --by");
            if (by != "unit" && by != "account") {
                throw UsageError("--by wants unit or account, not \"" + by + "\"");
            }
        } else {
            throw UsageError("unknown option \"" + opt + "\"");
        }
    }
    if (json && csv) throw UsageError("--json and --csv exclude each other");
    const int64_t since_ts = since.empty() ? 0 : parse_local_date(since);

    size_t unreadable = 0;
    const auto lists = sa.store().list_accounts(&unreadable);
    const auto history = sa.store().account_logins();
    if (unreadable) {
        std::cerr << "vneidctl: warning: " << unreadable << " unreadable directory entr"
                  << (unreadable == 1 ? "y" : "ies") << " not counted\n";
    }

    struct Row {
        const std::string* citizen_id;
        const LegacyAccount* account;
        Store::AccountLogins logins;  // count 0: never
        bool logged_in;               // with VNeID since DATE (or ever)
    };
    struct Unit {
        size_t accounts = 0, logins = 0;
        std::vector<const Row*> rows;
    };
    std::vector<Row> rows;
    for (const auto& [id, list] : lists) {
        for (const auto& a : list) {
            if (a.disabled) continue;
            Row r{&id, &a, {}, false};
            auto it = history.find(std::make_pair(id, a.username));
            if (it != history.end()) r.logins = it->second;
            r.logged_in = r.logins.count > 0 && r.logins.last >= since_ts;
            rows.push_back(r);
        }
    }
    std::map<std::string, Unit> units;  // by name (byte order)
    size_t total_logins = 0;
    for (const auto& r : rows) {
        Unit& u = units[r.account->unit];
        ++u.accounts;
        u.logins += r.logged_in;
        total_logins += r.logged_in;
        u.rows.push_back(&r);
    }
    for (auto& [name, u] : units) {  // within a unit: by username, then citizen id
        std::sort(u.rows.begin(), u.rows.end(), [](const Row* x, const Row* y) {
            if (x->account->username != y->account->username) {
                return x->account->username < y->account->username;
            }
            return *x->citizen_id < *y->citizen_id;
        });
    }
    const Json since_json = since.empty() ? Json(nullptr) : Json(since);
    const Json total = {{"accounts", rows.size()}, {"vneid_logins", total_logins}};
    auto when = [](const Row& r, int64_t t) {
        return r.logins.count ? Json(local_iso_time(t)) : Json(nullptr);
    };

    if (by == "unit") {
        if (json) {
            Json list = Json::array();
            for (const auto& [name, u] : units) {
                Json not_yet = Json::array();
                for (const Row* r : u.rows) {
                    if (!r->logged_in) not_yet.push_back(r->account->username);
                }
                list.push_back({{"unit", name},
                                {"accounts", u.accounts},
                                {"vneid_logins", u.logins},
                                {"not_yet", not_yet}});
            }
            print_json({{"since", since_json}, {"units", list}, {"total", total}});
        } else if (csv) {
            std::string out = vneidctl::csv_line({"unit", "accounts", "vneid_logins", "not_yet"});
            for (const auto& [name, u] : units) {
                std::string not_yet;  // usernames hold no comma: ", " is unambiguous
                for (const Row* r : u.rows) {
                    if (r->logged_in) continue;
                    if (!not_yet.empty()) not_yet += ", ";
                    not_yet += r->account->username;
                }
                out += vneidctl::csv_line({name, std::to_string(u.accounts),
                                           std::to_string(u.logins), not_yet});
            }
            std::cout << out;
        } else {
            std::cout << "VNeID logins "
                      << (since.empty() ? std::string("(ever)")
                                        : "since " + since + " 00:00 local time")
                      << ", enabled linked accounts\n\n";
            Table table({"UNIT", "ACCOUNTS", "VNEID LOGINS", "%", "NOT YET"});
            for (const auto& [name, u] : units) {
                table.add({unit_label(name), std::to_string(u.accounts), std::to_string(u.logins),
                           percent(u.logins, u.accounts), std::to_string(u.accounts - u.logins)});
            }
            table.add({"TOTAL", std::to_string(rows.size()), std::to_string(total_logins),
                       percent(total_logins, rows.size()),
                       std::to_string(rows.size() - total_logins)});
            table.print(std::cout);
            for (const auto& [name, u] : units) {
                if (u.logins == u.accounts) continue;
                std::cout << "\n" << vneidctl::printable(unit_label(name)) << ": not yet ("
                          << (u.accounts - u.logins) << ")\n";
                Table who({"  USERNAME", "DISPLAY NAME", "LAST VNEID LOGIN"});
                for (const Row* r : u.rows) {
                    if (r->logged_in) continue;
                    who.add({"  " + r->account->username, r->account->display_name,
                             local_short_time(r->logins.count ? r->logins.last : 0)});
                }
                who.print(std::cout);
            }
        }
        return 0;
    }

    // --by account: unit order, then username order. Citizen ids in full,
    // as `accounts list` shows them: the report is for acting on.
    std::vector<const Row*> ordered;
    for (const auto& [name, u] : units) ordered.insert(ordered.end(), u.rows.begin(), u.rows.end());
    if (json) {
        Json list = Json::array();
        for (const Row* r : ordered) {
            list.push_back({{"citizen_id", *r->citizen_id},
                            {"username", r->account->username},
                            {"display_name", r->account->display_name},
                            {"unit", r->account->unit},
                            {"logged_in", r->logged_in},
                            {"first_vneid_login", when(*r, r->logins.first)},
                            {"last_vneid_login", when(*r, r->logins.last)},
                            {"vneid_logins", r->logins.count}});
        }
        print_json({{"since", since_json}, {"accounts", list}, {"total", total}});
    } else if (csv) {
        std::string out = vneidctl::csv_line({"citizen_id", "username", "display_name", "unit",
                                              "logged_in", "first_vneid_login",
                                              "last_vneid_login", "vneid_logins"});
        for (const Row* r : ordered) {
            out += vneidctl::csv_line(
                {*r->citizen_id, r->account->username, r->account->display_name,
                 r->account->unit, r->logged_in ? "yes" : "no",
                 r->logins.count ? local_iso_time(r->logins.first) : "",
                 r->logins.count ? local_iso_time(r->logins.last) : "",
                 std::to_string(r->logins.count)});
        }
        std::cout << out;
    } else {
        Table table({"UNIT", "CITIZEN ID", "USERNAME", "DISPLAY NAME", "LOGGED IN", "FIRST VNEID LOGIN",
                     "LAST VNEID LOGIN", "LOGINS"});
        for (const Row* r : ordered) {
            table.add({unit_label(r->account->unit), *r->citizen_id, r->account->username,
                       r->account->display_name, r->logged_in ? "yes" : "no",
                       local_short_time(r->logins.count ? r->logins.first : 0),
                       local_short_time(r->logins.count ? r->logins.last : 0),
                       std::to_string(r->logins.count)});
        }
        if (table.size() == 0) {
            std::cout << "no enabled linked accounts\n";
        } else {
            table.print(std::cout);
        }
    }
    return 0;
}

}  // namespace vneidctl
