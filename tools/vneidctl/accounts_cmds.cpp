// vneidctl accounts import, list, export, link, unlink, disable, enable: the
// account directory (citizen id -> legacy portal accounts), and its roster
// (accounts imported without a citizen id, waiting for their owner to claim
// them by self-service linking).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "csv.h"
#include "identity/citizen_id.h"
#include "session/legacy_account.h"
#include "table.h"
#include "util/clock.h"

namespace vneidctl {

using vneid::session::LegacyAccount;
using vneid::session::RosterEntry;
using vneid::session::Store;

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
}

struct ImportRow {
    size_t line;
    LegacyAccount account;
};

// A row without a citizen id: an account for the roster.
struct RosterRow {
    size_t line;
    RosterEntry entry;
};

using AccountLists = std::vector<std::pair<std::string, std::vector<LegacyAccount>>>;

LegacyAccount* find_account(std::vector<LegacyAccount>& list, const std::string& user) {
    for (auto& a : list) {
        if (a.username == user) return &a;
    }
    return nullptr;
}

// "2 of 3 accounts enabled", or a plain warning when none is left.
std::string enabled_summary(const std::vector<LegacyAccount>& list) {
    const size_t enabled = size_t(std::count_if(
        list.begin(), list.end(), [](const LegacyAccount& a) { return !a.disabled; }));
    if (enabled == 0) return "no enabled account left";
    return std::to_string(enabled) + " of " + std::to_string(list.size()) + " account" +
           (list.size() == 1 ? "" : "s") + " enabled";
}

// The portal's export knows nothing of the gateway's disabled flag, so a
// re-import must not silently re-enable an account an admin disabled: each
// account still in the new list keeps its flag (one that leaves the list
// loses it with the link). Read before the import's write transaction; a
// disable by another admin in between would be lost, as with link.
// A status column (accounts export) can add disabled marks, never remove
// one: *file_disabled loses those that were disabled already.
size_t keep_disabled_flags(Store& store, AccountLists& lists, size_t* file_disabled) {
    size_t kept = 0;
    auto keep = [&](const std::vector<LegacyAccount>& old_list, std::vector<LegacyAccount>& list) {
        for (const auto& old : old_list) {
            LegacyAccount* now = old.disabled ? find_account(list, old.username) : nullptr;
            if (now) {
                if (now->disabled) --*file_disabled;
                now->disabled = true;
                ++kept;
            }
        }
    };
    // A large file (the portal's full export) touches most of the directory:
    // one pass over it beats a read transaction per citizen.
    if (lists.size() > 256) {
        auto old = store.list_accounts();
        auto o = old.begin();
        for (auto& [id, list] : lists) {  // both in citizen-id order
            while (o != old.end() && o->first < id) ++o;
            if (o != old.end() && o->first == id) keep(o->second, list);
        }
    } else {
        for (auto& [id, list] : lists) keep(store.get_accounts(id), list);
    }
    return kept;
}

// Roster rows whose account is linked (by this file, or in the store for a
// citizen the file leaves alone) stay out of the roster: the directory says
// whose it is. The others keep a disabled mark the roster has, as linked
// accounts do (keep_disabled_flags). Returns the entries to write;
// *already_linked, *kept and *file_disabled count as in the import's summary.
std::vector<RosterEntry> roster_entries(Store& store, const std::vector<RosterRow>& rows,
                                        const AccountLists& lists, size_t* already_linked,
                                        size_t* kept, size_t* file_disabled) {
    std::vector<RosterEntry> out;
    if (rows.empty()) return out;
    std::set<std::string> linked, replaced;
    for (const auto& [id, list] : lists) {
        replaced.insert(id);
        for (const auto& a : list) linked.insert(a.username);
    }
    for (const auto& [id, list] : store.list_accounts()) {
        if (replaced.count(id)) continue;
        for (const auto& a : list) linked.insert(a.username);
    }
    std::set<std::string> disabled_before;
    for (const auto& e : store.roster()) {
        if (e.disabled) disabled_before.insert(e.username);
    }
    for (const auto& row : rows) {
        if (linked.count(row.entry.username)) {
            ++*already_linked;
            continue;
        }
        RosterEntry e = row.entry;
        if (e.disabled) ++*file_disabled;
        if (disabled_before.count(e.username)) {
            if (e.disabled) --*file_disabled;
            e.disabled = true;
            ++*kept;
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// disable / enable: flip the flag of one linked account (read-modify-write,
// like link and unlink). Setting the state it already has changes nothing.
int accounts_set_disabled(StoreAccess& sa, Args& args, bool disable) {
    const std::string id = args.next("CITIZEN_ID");
    const std::string user = args.next("USER");
    args.expect_end();
    require_12_digits(id);
    auto list = sa.store().get_accounts(id);
    if (list.empty()) {
        std::cerr << "vneidctl: no accounts linked to " << id << "\n";
        return kExitUsage;
    }
    LegacyAccount* acc = find_account(list, user);
    if (!acc) {
        std::cerr << "vneidctl: " << user << " is not linked to " << id << "\n";
        return kExitUsage;
    }
    const char* state = disable ? "disabled" : "enabled";
    if (acc->disabled == disable) {
        std::cout << user << " of " << id << " is already " << state << "\n";
        return 0;
    }
    acc->disabled = disable;
    sa.store().put_accounts(id, list);
    sa.store().sync();
    std::cout << state << " " << user << " of " << id << " (" << enabled_summary(list) << ")\n";
    return 0;
}

}  // namespace

int accounts_import(StoreAccess& sa, Args& args) {
    const std::string file = args.next("FILE (the CSV to import)");
    args.expect_end();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UsageError("cannot open " + file + ": " + std::strerror(errno));
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();

    std::vector<vneidctl::CsvProblem> problems;
    auto records = vneidctl::parse_csv(text, &problems);
    auto report = [&](size_t line, const std::string& what) {
        problems.push_back({line, what});
    };

    // citizen id -> rows, in file order.
    std::map<std::string, std::vector<ImportRow>> staff;
    // Rows without a citizen id, in file order, and where each username was.
    std::vector<RosterRow> roster_rows;
    std::map<std::string, size_t> roster_lines;
    size_t accounts = 0;
    size_t columns = 4;  // 5 with the status column (accounts export)
    const int current_year = vneid::util::current_year_utc();
    if (records.empty() && problems.empty()) {
        report(1, "empty file; expected the header citizen_id,username,display_name,unit");
    }
    for (size_t r = 0; r < records.size(); ++r) {
        const auto& rec = records[r];
        if (r == 0) {
            std::vector<std::string> want = {"citizen_id", "username", "display_name", "unit"};
            std::vector<std::string> got;
            for (const auto& f : rec.fields) got.push_back(trim(f));
            if (got.size() == 5 && got[4] == "status") {
                got.pop_back();
                columns = 5;
            }
            if (got != want) {
                report(rec.line, "expected the header citizen_id,username,display_name,unit "
                                 "(or citizen_id,username,display_name,unit,status)");
                break;  // the columns are unknown: checking rows would only add noise
            }
            if (records.size() == 1) report(rec.line, "no accounts after the header");
            continue;
        }
        if (rec.fields.size() != columns) {
            report(rec.line, "expected " + std::to_string(columns) + " fields (" +
                                 (columns == 5 ? "citizen_id,username,display_name,unit,status"
                                               : "citizen_id,username,display_name,unit") +
                                 "), got " + std::to_string(rec.fields.size()));
            continue;
        }
        // A cell our export guarded against spreadsheets ('=...) loses
        // exactly that quote (csv.h).
        auto cell = [&](size_t c) { return vneidctl::unguard_formula(trim(rec.fields[c])); };
        const std::string id = cell(0);
        LegacyAccount acc{cell(1), cell(2), cell(3)};
        bool ok = true;
        if (columns == 5) {
            const std::string status = cell(4);
            if (status == "disabled") {
                acc.disabled = true;
            } else if (status != "enabled") {
                report(rec.line, "status must be enabled or disabled, not \"" +
                                     vneidctl::printable(status) + "\"");
                ok = false;
            }
        }
        // No citizen id: the portal's export knows the account but not its
        // owner; it waits in the roster until its owner claims it.
        auto check = vneid::identity::check_citizen_id(id, current_year);
        const std::string id_problem =  // the full message, rarely
            id.empty() || check.ok() ? "" : citizen_id_problem(id);
        for (const std::string& p :
             {id_problem, username_problem(acc.username),
              text_problem("display_name", acc.display_name), text_problem("unit", acc.unit)}) {
            if (!p.empty()) {
                report(rec.line, p);
                ok = false;
            }
        }
        if (!ok) continue;
        if (id.empty()) {
            if (acc.username.size() > vneid::session::kMaxUsernameBytes) {
                report(rec.line, "username longer than " +
                                     std::to_string(vneid::session::kMaxUsernameBytes) +
                                     " bytes (a roster entry must fit a session)");
                continue;
            }
            auto [seen, added] = roster_lines.emplace(acc.username, rec.line);
            if (!added) {
                report(rec.line, "username \"" + acc.username +
                                     "\" already listed without a citizen id on line " +
                                     std::to_string(seen->second));
                continue;
            }
            roster_rows.push_back(
                {rec.line, RosterEntry{acc.username, acc.display_name, acc.unit, acc.disabled}});
            continue;
        }
        auto& rows = staff[id];
        bool dup = false;
        for (const auto& prev : rows) {
            if (prev.account.username == acc.username) {
                report(rec.line, "username \"" + acc.username + "\" already listed for " + id +
                                     " on line " + std::to_string(prev.line));
                dup = true;
                break;
            }
        }
        if (dup) continue;
        rows.push_back({rec.line, std::move(acc)});
        ++accounts;
    }

    if (!problems.empty()) {
        std::stable_sort(problems.begin(), problems.end(),
                         [](const auto& a, const auto& b) { return a.line < b.line; });
        for (const auto& p : problems) std::cerr << file << ":" << p.line << ": " << p.text << "\n";
        std::cerr << "vneidctl: " << problems.size() << " problem"
                  << (problems.size() == 1 ? "" : "s") << " in " << file
                  << "; nothing imported\n";
        return kExitUsage;
    }

    // One write transaction for the whole file: all or nothing, also if the
    // store fails midway (e.g. map full).
    AccountLists lists;
    for (const auto& [id, rows] : staff) {
        std::vector<LegacyAccount> list;
        for (const auto& row : rows) list.push_back(row.account);
        lists.emplace_back(id, std::move(list));
    }
    size_t file_disabled = 0;
    for (const auto& [id, list] : lists) {
        for (const auto& a : list) file_disabled += a.disabled;
    }
    // Accounts the file marks disabled and the store had disabled already
    // count once, as kept.
    size_t kept_disabled = keep_disabled_flags(sa.store(), lists, &file_disabled);
    size_t already_linked = 0;
    const auto roster = roster_entries(sa.store(), roster_rows, lists, &already_linked,
                                       &kept_disabled, &file_disabled);
    sa.store().put_accounts_batch(lists, roster);
    sa.store().sync();
    std::cout << "imported " << accounts << " account" << (accounts == 1 ? "" : "s") << " for "
              << staff.size() << " staff";
    if (!roster_rows.empty()) {
        std::cout << ", " << plural(roster.size(), "unlinked account", "unlinked accounts")
                  << " to the roster";
    }
    std::vector<std::string> notes;
    if (already_linked) {
        notes.push_back(std::to_string(already_linked) + " already linked, not in the roster");
    }
    if (kept_disabled) notes.push_back(std::to_string(kept_disabled) + " kept disabled");
    if (file_disabled) notes.push_back(std::to_string(file_disabled) + " disabled by the file");
    for (size_t i = 0; i < notes.size(); ++i) {
        std::cout << (i == 0 ? " (" : ", ") << notes[i] << (i + 1 == notes.size() ? ")" : "");
    }
    std::cout << "\n";
    return 0;
}

int accounts_list(StoreAccess& sa, Args& args) {
    const bool json = take_flag(args, "--json");
    std::string only;
    if (!args.done()) only = args.next("CITIZEN_ID");
    args.expect_end();
    // STATUS next to the username: always filled (unlike name and unit), and
    // a disabled account must stand out.
    Table table({"CITIZEN ID", "USERNAME", "STATUS", "DISPLAY NAME", "UNIT"});
    Json rows = Json::array();
    // The roster after the directory: no citizen id ("-", null), status
    // "unlinked" (or "disabled": it is linked disabled when claimed).
    auto add_roster = [&](const std::vector<RosterEntry>& roster) {
        for (const auto& e : roster) {
            const char* status = e.disabled ? "disabled" : "unlinked";
            table.add({"-", e.username, status, e.display_name, e.unit});
            rows.push_back({{"citizen_id", nullptr},
                            {"username", e.username},
                            {"status", status},
                            {"display_name", e.display_name},
                            {"unit", e.unit}});
        }
    };
    auto add = [&](const std::string& id, const std::vector<LegacyAccount>& list) {
        for (const auto& a : list) {
            const char* status = a.disabled ? "disabled" : "enabled";
            table.add({id, a.username, status, a.display_name, a.unit});
            rows.push_back({{"citizen_id", id},
                            {"username", a.username},
                            {"status", status},
                            {"display_name", a.display_name},
                            {"unit", a.unit}});
        }
    };
    if (!only.empty()) {
        require_12_digits(only);
        auto list = sa.store().get_accounts(only);
        if (list.empty()) {
            std::cerr << "vneidctl: no accounts linked to " << only << "\n";
            return kExitUsage;
        }
        add(only, list);
    } else {
        size_t unreadable = 0;
        for (const auto& [id, list] : sa.store().list_accounts(&unreadable)) add(id, list);
        add_roster(sa.store().roster());
        if (unreadable) {
            std::cerr << "vneidctl: warning: " << unreadable << " unreadable entr"
                      << (unreadable == 1 ? "y" : "ies") << " skipped\n";
        }
        if (table.size() == 0 && !json) {
            std::cout << "no accounts linked\n";
            return 0;
        }
    }
    if (json) {
        print_json(rows);
    } else {
        table.print(std::cout);
    }
    return 0;
}

// The directory as an import file: same header plus the status column, one
// row per account in citizen-id order, each citizen's accounts in their
// order, then the roster (no citizen id) in username order; so export ->
// import into an empty store -> export gives the same bytes. Cells guarded
// against spreadsheet formulas (csv.h).
int accounts_export(StoreAccess& sa, Args& args) {
    take_flag(args, "--csv");  // the only format, accepted for scripts' clarity
    args.expect_end();
    size_t unreadable = 0;
    auto lists = sa.store().list_accounts(&unreadable);
    std::string out = vneidctl::csv_line({"citizen_id", "username", "display_name", "unit",
                                          "status"});
    for (const auto& [id, list] : lists) {
        for (const auto& a : list) {
            out += vneidctl::csv_line({id, a.username, a.display_name, a.unit,
                                       a.disabled ? "disabled" : "enabled"});
        }
    }
    for (const auto& e : sa.store().roster()) {
        out += vneidctl::csv_line({"", e.username, e.display_name, e.unit,
                                   e.disabled ? "disabled" : "enabled"});
    }
    std::cout << out;
    std::cout.flush();
    if (!std::cout) {
        std::cerr << "vneidctl: cannot write the export: " << std::strerror(errno) << "\n";
        return kExitStore;
    }
    if (unreadable) {
        // An export is often a backup: never drop something silently.
        std::cerr << "vneidctl: " << unreadable << " unreadable entr"
                  << (unreadable == 1 ? "y" : "ies") << " not exported\n";
        return kExitStore;
    }
    return 0;
}

int accounts_link(StoreAccess& sa, Args& args) {
    const std::string id = args.next("CITIZEN_ID");
    const std::string user = args.next("USER");
    LegacyAccount acc{user, "", ""};
    bool named = false, placed = false;
    while (!args.done()) {
        const std::string opt = args.next("option");
        if (opt == "--name") {
            acc.display_name = args.next("value for --name");
            named = true;
        } else if (opt == "--unit") {
            acc.unit = args.next("value for --unit");
            placed = true;
        } else {
            throw UsageError("unknown option \"" + opt + "\"");
        }
    }
    for (const std::string& p : {citizen_id_problem(id), username_problem(user),
                                 text_problem("--name", acc.display_name),
                                 text_problem("--unit", acc.unit)}) {
        if (!p.empty()) throw UsageError(p);
    }
    // get + put are two transactions; a concurrent edit of the same citizen
    // by another admin could be lost, which is acceptable for a manual tool.
    auto list = sa.store().get_accounts(id);
    if (const LegacyAccount* existing = find_account(list, user)) {
        // Linking again (e.g. a provisioning script re-run) must not undo an
        // admin's disable: only `accounts enable` does.
        std::cout << user << " is already linked to " << id;
        if (existing->disabled) {
            std::cout << " (disabled; to use it again: vneidctl accounts enable " << id << " "
                      << user << ")";
        }
        std::cout << "\n";
        return 0;
    }
    // Waiting in the roster: linked now, with what the roster knows of it
    // (the options win), and its disabled mark (never undone silently).
    const auto rostered = sa.store().roster_entry(user);
    if (rostered) {
        if (!named) acc.display_name = rostered->display_name;
        if (!placed) acc.unit = rostered->unit;
        acc.disabled = rostered->disabled;
    }
    list.push_back(acc);
    sa.store().put_accounts(id, list);  // takes it out of the roster
    sa.store().sync();
    std::cout << "linked " << user << " to " << id << " (" << list.size() << " account"
              << (list.size() == 1 ? "" : "s");
    if (rostered) std::cout << "; from the roster";
    std::cout << ")";
    if (acc.disabled) {
        std::cout << "; disabled, as in the roster (to use it: vneidctl accounts enable " << id
                  << " " << user << ")";
    }
    std::cout << "\n";
    return 0;
}

int accounts_unlink(StoreAccess& sa, Args& args) {
    const std::string id = args.next("CITIZEN_ID");
    const std::string user = args.next("USER");
    args.expect_end();
    require_12_digits(id);
    auto list = sa.store().get_accounts(id);
    const size_t before = list.size();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const LegacyAccount& a) { return a.username == user; }),
               list.end());
    if (list.size() == before) {
        std::cerr << "vneidctl: " << user << " is not linked to " << id << "\n";
        return kExitUsage;
    }
    sa.store().put_accounts(id, list);
    sa.store().sync();
    std::cout << "unlinked " << user << " from " << id << " (" << list.size() << " left)\n";
    return 0;
}

int accounts_disable(StoreAccess& sa, Args& args) { return accounts_set_disabled(sa, args, true); }
int accounts_enable(StoreAccess& sa, Args& args) { return accounts_set_disabled(sa, args, false); }

}  // namespace vneidctl
