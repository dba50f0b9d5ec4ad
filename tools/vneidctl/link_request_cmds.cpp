// vneidctl accounts requests, approve, reject: staff's requests to have a
// legacy account linked to their citizen id (Store::add_link_request, with
// the name VNeID gave). Approving links the account (with its roster entry's
// display name and unit, if it has one); rejecting drops the request.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "session/legacy_account.h"
#include "table.h"

namespace vneidctl {

using vneid::session::LegacyAccount;
using vneid::session::Store;

namespace {

const LegacyAccount* find_linked(const std::vector<LegacyAccount>& list,
                                 const std::string& user) {
    for (const auto& a : list) {
        if (a.username == user) return &a;
    }
    return nullptr;
}

// approve / reject: one request, named by citizen id and username. The
// directory is read first only to word the message; the decision itself is
// one transaction (Store::decide_link_request).
int decide(StoreAccess& sa, Args& args, Store::RequestDecision decision) {
    const std::string id = args.next("CITIZEN_ID");
    const std::string user = args.next("USER");
    args.expect_end();
    // The id came from VNeID with the request: any 12-digit key, as for the
    // other commands that name an existing entry.
    require_12_digits(id);
    const auto list = sa.store().get_accounts(id);
    const LegacyAccount* linked = find_linked(list, user);
    const bool was_linked = linked != nullptr;
    const bool was_disabled = linked && linked->disabled;
    if (!sa.store().decide_link_request(id, user, decision)) {
        std::cerr << "vneidctl: no pending request to link " << user << " to " << id << "\n";
        return kExitUsage;
    }
    sa.store().sync();
    if (decision == Store::RequestDecision::approve) {
        if (!was_linked) {
            // Another citizen's account made decide_link_request throw (exit 2).
            const auto now = sa.store().get_accounts(id);
            const LegacyAccount* added = find_linked(now, user);
            std::cout << "approved: " << user << " linked to " << id;
            if (added && added->disabled) {
                std::cout << " (disabled, as in the roster; to use it: vneidctl accounts enable "
                          << id << " " << user << ")";
            }
            std::cout << "\n";
            return 0;
        }
        // Linked meanwhile (import, link): left as it is, a disable included.
        std::cout << "approved: " << user << " was already linked to " << id
                  << "; left as it is";
        if (was_disabled) {
            std::cout << " (disabled; to use it again: vneidctl accounts enable " << id << " "
                      << user << ")";
        }
        std::cout << "\n";
        return 0;
    }
    if (!was_linked) {
        std::cout << "rejected: " << user << " not linked to " << id << "\n";
        return 0;
    }
    std::cout << "rejected: request dropped, but " << user << " is linked to " << id
              << " already (to remove it: vneidctl accounts unlink " << id << " " << user
              << ")\n";
    return 0;
}

}  // namespace

int accounts_requests(StoreAccess& sa, Args& args) {
    const bool json = take_flag(args, "--json");
    args.expect_end();
    const auto requests = sa.store().link_requests();  // citizen id, then username
    if (json) {
        Json rows = Json::array();
        for (const auto& r : requests) {
            rows.push_back({{"citizen_id", r.citizen_id},
                            {"username", r.username},
                            {"name", r.name},
                            {"requested", r.requested > 0 ? Json(local_iso_time(r.requested))
                                                          : Json(nullptr)}});
        }
        print_json(rows);
        return 0;
    }
    if (requests.empty()) {
        std::cout << "no pending link requests\n";
        return 0;
    }
    // Citizen ids in full, as `accounts list` shows them: the list is for
    // acting on (approve / reject take the id).
    Table table({"CITIZEN ID", "USERNAME", "NAME", "REQUESTED"});
    for (const auto& r : requests) {
        table.add({r.citizen_id, r.username, r.name, local_short_time(r.requested)});
    }
    table.print(std::cout);
    return 0;
}

int accounts_approve(StoreAccess& sa, Args& args) {
    return decide(sa, args, Store::RequestDecision::approve);
}

int accounts_reject(StoreAccess& sa, Args& args) {
    return decide(sa, args, Store::RequestDecision::reject);
}

}  // namespace vneidctl
