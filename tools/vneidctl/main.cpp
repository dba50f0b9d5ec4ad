// vneidctl: administers a VNeID gateway store (LMDB directory) — the account
// directory (citizen id -> legacy portal accounts), staff sessions, and
// statistics. See docs/vneidctl.md.
//
// Exit status: 0 ok, 2 usage or data error (nothing changed), 1 store error.
// Safe while nginx runs: LMDB is multi-process safe, and each command is one
// short transaction (an import is a single transaction: all or nothing).
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "csv.h"
#include "identity/citizen_id.h"
#include "identity/citizen_id_mask.h"
#include "session/legacy_account.h"
#include "session/session_store.h"
#include "session/store_error.h"
#include "table.h"
#include "util/clock.h"
#include "util/control_chars.h"
#include "util/utf8.h"

namespace {

using vneid::session::LegacyAccount;
using vneid::session::SessionRecord;
using vneid::session::Store;
using vneidctl::Table;
using Json = nlohmann::ordered_json;  // keys in the documented order

constexpr int kExitStore = 1;
constexpr int kExitUsage = 2;

// Usage or data error: message already worded for the admin.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// --help at some level: print this text, exit 0.
struct HelpRequest {
    const char* text;
};

const char kMainHelp[] =
    "usage: vneidctl --store DIR COMMAND ...\n"
    "\n"
    "Administers a VNeID gateway store (the LMDB directory of vneid_store).\n"
    "Safe to run while nginx runs.\n"
    "\n"
    "commands:\n"
    "  accounts import FILE                   import the portal's user export (CSV)\n"
    "  accounts export [--csv]                the directory as an import file\n"
    "  accounts list [CITIZEN_ID] [--json]    show linked legacy accounts\n"
    "  accounts link CITIZEN_ID USER [--name NAME] [--unit UNIT]\n"
    "  accounts unlink CITIZEN_ID USER\n"
    "  accounts disable CITIZEN_ID USER       keep the link, stop its use\n"
    "  accounts enable CITIZEN_ID USER\n"
    "  sessions list [--limit N] [--json]     active staff sessions\n"
    "  sessions revoke (--citizen CITIZEN_ID | --all)\n"
    "  stats [--json]                         sessions, login flows, accounts\n"
    "  report adoption [--since DATE] [--by unit|account] [--json|--csv]\n"
    "                                         who logs in with VNeID, per unit\n"
    "\n"
    "options:\n"
    "  --store DIR   the store directory (as in nginx.conf vneid_store)\n"
    "  -h, --help    this help; also after any command\n"
    "\n"
    "exit status: 0 ok, 2 usage or data error (nothing changed), 1 store error\n";

const char kAccountsHelp[] =
    "usage: vneidctl --store DIR accounts COMMAND ...\n"
    "\n"
    "  import FILE        CSV, UTF-8 (BOM allowed), header\n"
    "                     citizen_id,username,display_name,unit[,status]\n"
    "                     one row per legacy account; several rows per citizen id\n"
    "                     give several accounts. Replaces the account list of\n"
    "                     every citizen id in the file; others are untouched.\n"
    "                     A disabled account still in the file stays disabled;\n"
    "                     status \"disabled\" disables, \"enabled\" never re-enables.\n"
    "                     A cell '=... (quote + one of = + - @) loses the quote.\n"
    "                     All or nothing: any bad row -> FILE:LINE: problem for\n"
    "                     each, nothing changed, exit 2.\n"
    "  export [--csv]     the whole directory on stdout in the import format,\n"
    "                     with the status column; cells starting with = + - @\n"
    "                     get a leading ' (spreadsheets must not run them)\n"
    "  list [CITIZEN_ID] [--json]\n"
    "                     all links, or one citizen's (STATUS enabled/disabled)\n"
    "  link CITIZEN_ID USER [--name NAME] [--unit UNIT]\n"
    "                     add one account (no duplicates; an existing disabled\n"
    "                     account stays disabled)\n"
    "  unlink CITIZEN_ID USER\n"
    "                     remove one account\n"
    "  disable CITIZEN_ID USER\n"
    "                     keep the account linked but never use it (login,\n"
    "                     chooser, portal headers) until enabled again\n"
    "  enable CITIZEN_ID USER\n"
    "                     undo disable\n"
    "\n"
    "Changes take effect at the next request of existing sessions (no new\n"
    "login): an unlinked or disabled active account is no longer sent, and the\n"
    "staff member chooses among the enabled ones left. To log someone out\n"
    "altogether, run `vneidctl --store DIR sessions revoke --citizen CITIZEN_ID`.\n";

const char kSessionsHelp[] =
    "usage: vneidctl --store DIR sessions COMMAND ...\n"
    "\n"
    "  list [--limit N] [--json]             active sessions (default limit 1000):\n"
    "                                        key prefix, masked citizen id, name,\n"
    "                                        level, active account, created, last\n"
    "                                        activity (UTC)\n"
    "  revoke --citizen CITIZEN_ID | --all   end sessions; takes effect on the\n"
    "                                        next request of each session\n";

const char kStatsHelp[] =
    "usage: vneidctl --store DIR stats [--json]\n"
    "\n"
    "Prints the number of sessions, pending login flows and staff with linked\n"
    "accounts.\n";

const char kReportHelp[] =
    "usage: vneidctl --store DIR report adoption [--since DATE] [--by unit|account]\n"
    "                                           [--json | --csv]\n"
    "\n"
    "The VNeID rollout: per unit, the enabled linked accounts, how many of them\n"
    "logged in with VNeID since DATE (YYYY-MM-DD, from 00:00 local time; default:\n"
    "ever), and those that have not yet. --by account: one row per account with\n"
    "its first and last VNeID login and the number of logins. Local time is the\n"
    "machine's (TZ; the deployment's is Asia/Ho_Chi_Minh).\n";

bool is_help(const std::string& a) { return a == "-h" || a == "--help"; }

// Arguments after the subcommand; --help anywhere among them wins.
struct Args {
    std::vector<std::string> items;
    size_t pos = 0;
    const char* help;

    bool done() const { return pos >= items.size(); }
    const std::string& peek() const { return items[pos]; }
    std::string next(const std::string& what) {
        if (done()) throw UsageError("missing " + what);
        return items[pos++];
    }
    void check_help() const {
        for (const auto& a : items) {
            if (is_help(a)) throw HelpRequest{help};
        }
    }
    void expect_end() const {
        if (!done()) throw UsageError("unexpected argument \"" + items[pos] + "\"");
    }
};

// ---------------------------------------------------------------- helpers

std::string hint_for_short_id(const std::string& id) {
    bool digits = !id.empty();
    for (char c : id) digits = digits && c >= '0' && c <= '9';
    if (digits && id.size() < 12) {
        return " (a spreadsheet may have dropped leading zeros; format the column as text)";
    }
    return "";
}

// Full check for ids being added (12 digits, province code, birth year).
std::string citizen_id_problem(const std::string& id) {
    auto check = vneid::identity::check_citizen_id(id, vneid::util::current_year_utc());
    if (check.ok()) return "";
    return "invalid citizen id \"" + vneidctl::printable(id) + "\": " +
           vneid::identity::describe(check.problem) + hint_for_short_id(id);
}

// Looser check for lookups and removals: any 12-digit key, so that an entry
// that no longer passes the rules can still be listed or removed.
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

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
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

// Removes every `flag` among the arguments not yet read; true if any.
bool take_flag(Args& args, const std::string& flag) {
    auto& v = args.items;
    auto first = v.begin() + std::ptrdiff_t(std::min(args.pos, v.size()));
    auto it = std::remove(first, v.end(), flag);
    const bool found = it != v.end();
    v.erase(it, v.end());
    return found;
}

// JSON text for scripts: UTF-8 kept as is, invalid bytes (a damaged record)
// replaced by U+FFFD so the output always parses.
void print_json(const Json& j) {
    std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

// Local date and time, ISO 8601 with the offset ("2024-04-15T08:30:00+07:00").
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

// Root working as the store directory's owner for a while: the directory
// belongs to nginx's worker user, so as root, LMDB's open would follow
// whatever that user planted there (lock.mdb -> /etc/shadow gets
// overwritten). Opened as the owner, a planted link gains nothing, and
// files created are the owner's. Root comes back afterwards (an import may
// read a file only root can).
class AsDirectoryOwner {
 public:
    AsDirectoryOwner(const std::string& dir, const struct stat& st) {
        if (geteuid() != 0 || st.st_uid == 0) return;
        if (setgroups(0, nullptr) != 0 || setegid(st.st_gid) != 0 ||
            seteuid(st.st_uid) != 0) {
            throw vneid::session::StoreError("cannot act as the owner (uid " +
                                             std::to_string(st.st_uid) + ") of " + dir +
                                             ": " + std::strerror(errno));
        }
        switched_ = true;
    }
    ~AsDirectoryOwner() {
        if (switched_ && (seteuid(0) != 0 || setegid(0) != 0)) std::abort();
    }
    AsDirectoryOwner(const AsDirectoryOwner&) = delete;
    AsDirectoryOwner& operator=(const AsDirectoryOwner&) = delete;

 private:
    bool switched_ = false;
};

// Opens the store without ever creating its directory: a directory made here
// (possibly as root) would not be usable by nginx's workers.
class StoreAccess {
 public:
    explicit StoreAccess(const std::string& dir) {
        struct stat st;
        if (stat(dir.c_str(), &st) != 0) {
            throw vneid::session::StoreError(
                "store directory " + dir + " does not exist (" + std::strerror(errno) +
                "); check the path in vneid_store, and start nginx once so that it "
                "creates the store with the right owner");
        }
        if (!S_ISDIR(st.st_mode)) {
            throw vneid::session::StoreError("store " + dir + " is not a directory");
        }
        AsDirectoryOwner owner(dir, st);
        const std::string data = dir + "/data.mdb";
        if (access(data.c_str(), F_OK) != 0) {
            std::cerr << "vneidctl: warning: no store in " << dir
                      << " yet; creating an empty one\n";
        }
        // map_size 0: adopt the size nginx configured for this store.
        store_ = std::make_unique<Store>(dir, 0);
    }
    Store& store() { return *store_; }

 private:
    std::unique_ptr<Store> store_;
};

// ---------------------------------------------------------------- accounts

struct ImportRow {
    size_t line;
    LegacyAccount account;
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
        auto check = vneid::identity::check_citizen_id(id, current_year);
        const std::string id_problem =
            check.ok() ? "" : citizen_id_problem(id);  // the full message, rarely
        for (const std::string& p :
             {id_problem, username_problem(acc.username),
              text_problem("display_name", acc.display_name), text_problem("unit", acc.unit)}) {
            if (!p.empty()) {
                report(rec.line, p);
                ok = false;
            }
        }
        if (!ok) continue;
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
    const size_t kept_disabled = keep_disabled_flags(sa.store(), lists, &file_disabled);
    sa.store().put_accounts_batch(lists);
    sa.store().sync();
    std::cout << "imported " << accounts << " account" << (accounts == 1 ? "" : "s") << " for "
              << staff.size() << " staff";
    if (kept_disabled || file_disabled) {
        std::cout << " (";
        if (kept_disabled) std::cout << kept_disabled << " kept disabled";
        if (kept_disabled && file_disabled) std::cout << ", ";
        if (file_disabled) std::cout << file_disabled << " disabled by the file";
        std::cout << ")";
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
// order; so export -> import into an empty store -> export gives the same
// bytes. Cells guarded against spreadsheet formulas (csv.h).
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
    while (!args.done()) {
        const std::string opt = args.next("option");
        if (opt == "--name") {
            acc.display_name = args.next("value for --name");
        } else if (opt == "--unit") {
            acc.unit = args.next("value for --unit");
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
    list.push_back(acc);
    sa.store().put_accounts(id, list);
    sa.store().sync();
    std::cout << "linked " << user << " to " << id << " (" << list.size() << " account"
              << (list.size() == 1 ? "" : "s") << ")\n";
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

int accounts_disable(StoreAccess& sa, Args& args) { return accounts_set_disabled(sa, args, true); }
int accounts_enable(StoreAccess& sa, Args& args) { return accounts_set_disabled(sa, args, false); }

// ---------------------------------------------------------------- sessions

int sessions_list(StoreAccess& sa, Args& args) {
    const bool json = take_flag(args, "--json");
    size_t limit = 1000;
    while (!args.done()) {
        const std::string opt = args.next("option");
        if (opt == "--limit") {
            const std::string v = args.next("value for --limit");
            char* end = nullptr;
            errno = 0;
            unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end || errno || n == 0 || v[0] == '-') {
                throw UsageError("invalid --limit \"" + v + "\"");
            }
            limit = size_t(n);
        } else {
            throw UsageError("unknown option \"" + opt + "\"");
        }
    }
    const int64_t now = vneid::util::now_unix();
    auto sessions = sa.store().list_sessions(limit);
    Table table({"KEY", "CITIZEN ID", "NAME", "LEVEL", "ACCOUNT", "CREATED", "LAST ACTIVITY"});
    Json rows = Json::array();
    size_t expired = 0;
    for (const auto& [key, r] : sessions) {
        if (vneid::session::is_expired(r.created, r.last_activity, r.idle_timeout, r.max_age,
                                       now)) {
            ++expired;  // awaiting the sweeper; gone for the user already
            continue;
        }
        table.add({key, vneid::identity::mask_citizen_id(r.citizen_id), r.name,
                   std::to_string(r.level), r.active_account.empty() ? "-" : r.active_account,
                   iso_time(r.created), iso_time(r.last_activity)});
        rows.push_back({{"key", key},
                        {"citizen_id_masked", vneid::identity::mask_citizen_id(r.citizen_id)},
                        {"name", r.name},
                        {"level", r.level},
                        {"account", r.active_account.empty() ? Json(nullptr)
                                                             : Json(r.active_account)},
                        {"created", iso_time(r.created)},
                        {"last_activity", iso_time(r.last_activity)}});
    }
    if (json) {
        print_json(rows);
    } else if (table.size() == 0) {
        std::cout << "no active sessions\n";
    } else {
        table.print(std::cout);
    }
    if (sessions.size() >= limit) {
        std::cerr << "vneidctl: showing the first " << limit
                  << " sessions; use --limit N for more\n";
    }
    if (expired) {
        std::cerr << "vneidctl: " << expired << " expired session" << (expired == 1 ? "" : "s")
                  << " not shown (removed by the gateway's next sweep)\n";
    }
    return 0;
}

int sessions_revoke(StoreAccess& sa, Args& args) {
    std::string citizen;
    bool all = false;
    while (!args.done()) {
        const std::string opt = args.next("option");
        if (opt == "--citizen") {
            citizen = args.next("CITIZEN_ID after --citizen");
        } else if (opt == "--all") {
            all = true;
        } else {
            throw UsageError("unknown option \"" + opt + "\"");
        }
    }
    if (all == !citizen.empty()) {
        throw UsageError("sessions revoke needs exactly one of --citizen CITIZEN_ID or --all");
    }
    size_t n;
    if (all) {
        n = sa.store().destroy_all_sessions();
    } else {
        require_12_digits(citizen);
        n = sa.store().destroy_sessions_of(citizen);
    }
    sa.store().sync();
    std::cout << "revoked " << n << " session" << (n == 1 ? "" : "s");
    if (!all) std::cout << " of " << vneid::identity::mask_citizen_id(citizen);
    std::cout << "\n";
    return 0;
}

int stats(StoreAccess& sa, Args& args) {
    const bool json = take_flag(args, "--json");
    args.expect_end();
    auto s = sa.store().stats();
    if (json) {
        print_json({{"sessions", s.sessions}, {"flows", s.flows}, {"accounts", s.accounts}});
        return 0;
    }
    std::cout << "sessions " << s.sessions << "\n"
              << "flows    " << s.flows << "\n"
              << "accounts " << s.accounts << "\n";
    return 0;
}

// ---------------------------------------------------------------- report

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

// ---------------------------------------------------------------- main

int run(int argc, char** argv) {
    std::string dir;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string a = argv[i];
        if (is_help(a)) throw HelpRequest{kMainHelp};
        if (a == "--store") {
            if (i + 1 >= argc) throw UsageError("--store needs a directory");
            dir = argv[++i];
        } else if (a.rfind("--store=", 0) == 0) {
            dir = a.substr(8);
        } else if (!a.empty() && a[0] == '-') {
            throw UsageError("unknown option \"" + a + "\"");
        } else {
            break;
        }
    }
    if (i >= argc) throw UsageError("missing command");
    const std::string group = argv[i++];
    Args args;
    for (; i < argc; ++i) args.items.push_back(argv[i]);

    using Handler = int (*)(StoreAccess&, Args&);
    Handler handler = nullptr;
    if (group == "accounts" || group == "sessions") {
        args.help = group == "accounts" ? kAccountsHelp : kSessionsHelp;
        if (args.done() || is_help(args.peek())) {
            if (args.done()) throw UsageError(group + " needs a command");
            throw HelpRequest{args.help};
        }
        const std::string cmd = args.next("command");
        if (group == "accounts") {
            if (cmd == "import") handler = accounts_import;
            if (cmd == "list") handler = accounts_list;
            if (cmd == "export") handler = accounts_export;
            if (cmd == "link") handler = accounts_link;
            if (cmd == "unlink") handler = accounts_unlink;
            if (cmd == "disable") handler = accounts_disable;
            if (cmd == "enable") handler = accounts_enable;
        } else {
            if (cmd == "list") handler = sessions_list;
            if (cmd == "revoke") handler = sessions_revoke;
        }
        if (!handler) throw UsageError("unknown " + group + " command \"" + cmd + "\"");
    } else if (group == "stats") {
        args.help = kStatsHelp;
        handler = stats;
    } else if (group == "report") {
        args.help = kReportHelp;
        if (args.done()) throw UsageError("report needs a command (adoption)");
        if (is_help(args.peek())) throw HelpRequest{args.help};
        const std::string cmd = args.next("command");
        if (cmd != "adoption") throw UsageError("unknown report \"" + cmd + "\"");
        handler = report_adoption;
    } else {
        throw UsageError("unknown command \"" + group + "\"");
    }
    args.check_help();
    if (dir.empty()) throw UsageError("--store DIR is required");
    StoreAccess sa(dir);
    return handler(sa, args);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const HelpRequest& h) {
        std::cout << h.text;
        return 0;
    } catch (const UsageError& e) {
        std::cerr << "vneidctl: " << e.what() << "\n"
                  << "try 'vneidctl --help'\n";
        return kExitUsage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "vneidctl: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "vneidctl: " << e.what() << "\n";
        return kExitStore;
    }
}
