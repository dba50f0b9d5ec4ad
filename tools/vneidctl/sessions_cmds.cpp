// vneidctl sessions list, sessions revoke, stats: the staff sessions and the
// store's counters.
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "commands.h"
#include "identity/citizen_id_mask.h"
#include "session/session_record.h"
#include "table.h"
#include "util/clock.h"

namespace vneidctl {

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

}  // namespace vneidctl
