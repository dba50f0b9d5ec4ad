// vneid-test-seed: creates and inspects staff sessions in a gateway store
// through the core's own API (vneid::session::Store), for the integration
// tests and the benchmark. Never part of the product.
//
//   vneid-test-seed --store DIR [--map-size BYTES] COMMAND ...
//
//   create [SESSION OPTIONS]        prints the cookie value
//   bulk N [SESSION OPTIONS]        creates N sessions, prints the last cookie
//   show COOKIE                     prints the record as JSON (exit 3: none,
//                                   exit 4: malformed cookie); never refreshes
//   destroy COOKIE                  ends the session (exit 3 if there was none)
//   age COOKIE SECONDS              moves the session's created, last_activity
//                                   and auth_time SECONDS into the past, as if
//                                   that much time had passed since (exit 3:
//                                   none); tests use it instead of sleeping
//   login CITIZEN_ID USER [--at UNIX]
//                                   a VNeID login of that account in the
//                                   rollout history (default: now)
//   link-request CITIZEN_ID USER NAME [--at UNIX]
//                                   a staff member's request to link account
//                                   USER, NAME as VNeID gave it, made at UNIX
//                                   (default: now); renews an existing one
//   stats                           prints {"sessions":..,"flows":..,...}
//
// SESSION OPTIONS:
//   --citizen-id ID       (default 001085012345)
//   --name NAME           (UTF-8, default "Nguyễn Văn An")
//   --birth-date DATE     (default 1985-03-12)
//   --level N             (default 2)
//   --accounts A,B,...    (default none; "" for none); also linked to the
//                         citizen in the account directory
//   --active ACCOUNT      (default: the first of --accounts)
//   --created-ago SECONDS session created that long ago (default 0)
//   --idle-ago SECONDS    last activity that long ago (default: --created-ago)
//   --record-idle-timeout SECONDS, --record-max-age SECONDS
//                         the limits stored in the record itself (the store's
//                         sweeper uses them); default 0 = none, so that only
//                         nginx's configured policy decides expiry
//
// If DIR does not exist it is created (mode 0700) together with the LMDB
// files, as the nginx master would; ownership is left to the caller.
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "session/session_record.h"
#include "session/session_store.h"

namespace {

using vneid::session::LookupStatus;
using vneid::session::SessionPolicy;
using vneid::session::SessionRecord;
using vneid::session::Store;

[[noreturn]] void usage(const std::string& why) {
    std::cerr << "vneid-test-seed: " << why << "\n"
              << "usage: vneid-test-seed --store DIR [--map-size BYTES] "
                 "(create|bulk N|show COOKIE|destroy COOKIE|age COOKIE SECONDS|login CITIZEN_ID USER [--at UNIX]|"
                 "link-request CITIZEN_ID USER NAME [--at UNIX]|stats) [options]\n";
    std::exit(2);
}

int64_t parse_int(const std::string& what, const std::string& text, int64_t min) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || *end != '\0' || v < min) {
        usage("invalid " + what + " \"" + text + "\"");
    }
    return v;
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size() && !s.empty()) {
        size_t comma = s.find(',', start);
        std::string item = s.substr(start, comma == std::string::npos ? std::string::npos
                                                                      : comma - start);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

struct SessionOptions {
    SessionRecord rec;
    bool active_set = false;
    int64_t created_ago = 0;
    std::optional<int64_t> idle_ago;
};

// Consumes session options from argv[i...]; returns false on an unknown one.
bool take_session_option(SessionOptions& o, int argc, char** argv, int& i) {
    const std::string opt = argv[i];
    auto value = [&]() -> std::string {
        if (i + 1 >= argc) usage(opt + " needs a value");
        return argv[++i];
    };
    if (opt == "--citizen-id") {
        o.rec.citizen_id = value();
    } else if (opt == "--name") {
        o.rec.name = value();
    } else if (opt == "--birth-date") {
        o.rec.birth_date = value();
    } else if (opt == "--level") {
        o.rec.level = int(parse_int("level", value(), 0));
    } else if (opt == "--accounts") {
        o.rec.accounts = split_commas(value());
    } else if (opt == "--active") {
        o.rec.active_account = value();
        o.active_set = true;
    } else if (opt == "--created-ago") {
        o.created_ago = parse_int("--created-ago", value(), 0);
    } else if (opt == "--idle-ago") {
        o.idle_ago = parse_int("--idle-ago", value(), 0);
    } else if (opt == "--record-idle-timeout") {
        o.rec.idle_timeout = parse_int("--record-idle-timeout", value(), 0);
    } else if (opt == "--record-max-age") {
        o.rec.max_age = parse_int("--record-max-age", value(), 0);
    } else {
        return false;
    }
    return true;
}

// The request path reads a session's accounts from the directory, so the
// accounts a seeded session names are linked there too (added if missing).
void link_accounts(Store& store, const SessionRecord& rec) {
    if (rec.accounts.empty()) return;
    auto linked = store.get_accounts(rec.citizen_id);
    bool changed = false;
    for (const auto& name : rec.accounts) {
        bool known = false;
        for (const auto& a : linked) known = known || a.username == name;
        if (!known) {
            linked.push_back({name, "", ""});
            changed = true;
        }
    }
    if (changed) store.put_accounts(rec.citizen_id, linked);
}

std::string create_one(Store& store, const SessionOptions& o, int64_t now) {
    SessionRecord rec = o.rec;
    if (!o.active_set && !rec.accounts.empty()) rec.active_account = rec.accounts.front();
    const int64_t idle_ago = o.idle_ago.value_or(o.created_ago);
    const int64_t created_ago = std::max(o.created_ago, idle_ago);
    const int64_t created = now - created_ago;
    rec.auth_time = created;
    std::string cookie = store.create_session(rec, created);
    if (idle_ago != created_ago) {
        const int64_t last = now - idle_ago;
        if (!store.update_session(cookie, [&](SessionRecord& r) { r.last_activity = last; })) {
            throw std::runtime_error("session vanished right after creation");
        }
    }
    return cookie;
}

nlohmann::json record_json(const SessionRecord& r) {
    return {{"citizen_id", r.citizen_id},
            {"name", r.name},
            {"birth_date", r.birth_date},
            {"level", r.level},
            {"accounts", r.accounts},
            {"active_account", r.active_account},
            {"created", r.created},
            {"last_activity", r.last_activity},
            {"auth_time", r.auth_time},
            {"idle_timeout", r.idle_timeout},
            {"max_age", r.max_age}};
}

void ensure_store_dir(const std::string& dir, size_t map_size) {
    struct stat st;
    if (stat(dir.c_str(), &st) == 0) return;
    Store::prepare(dir, map_size, -1, -1);  // mkdir -p (0700) + LMDB files
}

int run(int argc, char** argv) {
    std::string dir;
    size_t map_size = vneid::session::kDefaultMapSize;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--store" && i + 1 < argc) {
            dir = argv[++i];
        } else if (a == "--map-size" && i + 1 < argc) {
            map_size = size_t(parse_int("--map-size", argv[++i], 1));
        } else {
            break;
        }
    }
    if (dir.empty()) usage("--store DIR is required");
    if (i >= argc) usage("missing command");
    const std::string cmd = argv[i++];
    const int64_t now = int64_t(std::time(nullptr));

    if (cmd == "create" || cmd == "bulk") {
        int64_t count = 1;
        if (cmd == "bulk") {
            if (i >= argc) usage("bulk needs a count");
            count = parse_int("count", argv[i++], 1);
        }
        SessionOptions o;
        o.rec.citizen_id = "001085012345";
        o.rec.name = "Nguyễn Văn An";
        o.rec.birth_date = "1985-03-12";
        o.rec.level = 2;
        for (; i < argc; ++i) {
            if (!take_session_option(o, argc, argv, i)) {
                usage(std::string("unknown option \"") + argv[i] + "\"");
            }
        }
        ensure_store_dir(dir, map_size);
        Store store(dir, map_size);
        link_accounts(store, o.rec);
        std::string cookie;
        for (int64_t n = 0; n < count; ++n) cookie = create_one(store, o, now);
        std::cout << cookie << "\n";
        return 0;
    }

    if (cmd == "show" || cmd == "destroy") {
        if (i + 1 != argc) usage(cmd + " needs exactly one COOKIE");
        const std::string cookie = argv[i];
        Store store(dir, map_size);
        if (cmd == "destroy") return store.destroy_session(cookie) ? 0 : 3;
        SessionRecord rec;
        // No limits and no activity: a pure read that changes nothing.
        switch (store.lookup_session(cookie, SessionPolicy{}, now, false, &rec)) {
            case LookupStatus::ok:
                std::cout << record_json(rec).dump() << "\n";
                return 0;
            case LookupStatus::invalid:
                std::cerr << "malformed cookie\n";
                return 4;
            default:
                std::cerr << "no such session\n";
                return 3;
        }
    }

    if (cmd == "login") {
        // login CITIZEN_ID USER [--at UNIX]: a VNeID login of that account in
        // the rollout history, as the gateway records it
        if (i + 2 != argc && !(i + 4 == argc && std::string(argv[i + 2]) == "--at")) {
            usage("login needs CITIZEN_ID USER [--at UNIX]");
        }
        const int64_t at = i + 4 == argc ? parse_int("--at", argv[i + 3], 0) : now;
        ensure_store_dir(dir, map_size);
        Store store(dir, map_size);
        store.record_account_login(argv[i], argv[i + 1], at);
        return 0;
    }

    if (cmd == "link-request") {
        // link-request CITIZEN_ID USER NAME [--at UNIX]: a pending request,
        // through the store API (Store::add_link_request)
        if (i + 3 != argc && !(i + 5 == argc && std::string(argv[i + 3]) == "--at")) {
            usage("link-request needs CITIZEN_ID USER NAME [--at UNIX]");
        }
        const int64_t at = i + 5 == argc ? parse_int("--at", argv[i + 4], 0) : now;
        ensure_store_dir(dir, map_size);
        Store store(dir, map_size);
        store.add_link_request({argv[i], argv[i + 1], argv[i + 2], at});
        return 0;
    }

    if (cmd == "age") {
        if (i + 2 != argc) usage("age needs a COOKIE and SECONDS");
        const std::string cookie = argv[i];
        const int64_t seconds = parse_int("SECONDS", argv[i + 1], 0);
        Store store(dir, map_size);
        // One write transaction, which also tells every worker's cache of
        // verified sessions to ask the store again.
        bool found = store.update_session(cookie, [&](SessionRecord& r) {
            r.created -= seconds;
            r.last_activity -= seconds;
            r.auth_time -= seconds;
        });
        return found ? 0 : 3;
    }

    if (cmd == "stats") {
        if (i != argc) usage("stats takes no arguments");
        Store store(dir, map_size);
        auto s = store.stats();
        nlohmann::json j = {{"sessions", s.sessions},
                            {"flows", s.flows},
                            {"accounts", s.accounts},
                            {"last_txn_id", s.last_txn_id}};
        std::cout << j.dump() << "\n";
        return 0;
    }

    usage("unknown command \"" + cmd + "\"");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "vneid-test-seed: " << e.what() << "\n";
        return 1;
    }
}
