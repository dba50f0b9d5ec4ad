// Store: limits on self-service linking attempts. Each attempt sends a
// password to the portal's login, so each is counted before it is made, in
// one write transaction shared by every worker: parallel posts cannot slip
// past the limit. Fixed windows (attempt_window.h); the sweep drops the
// windows that are over.
#include <algorithm>
#include <stdexcept>

#include "session/attempt_window.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

constexpr size_t kMaxAddressBytes = 255;  // IPv6 text is 45; unix: paths a bit more

std::string citizen_key(std::string_view citizen_id) {
    return "link:c:" + std::string(citizen_id);
}
std::string address_key(std::string_view address) {
    return "link:a:" + std::string(address);
}

void check_keys(std::string_view citizen_id, std::string_view address) {
    if (!is_citizen_id(citizen_id)) {
        throw std::invalid_argument("link attempt: citizen id must be 12 digits");
    }
    if (address.size() > kMaxAddressBytes) {
        throw std::invalid_argument("link attempt: client address over 255 bytes");
    }
}

void check_limit(const AttemptLimit& limit, const char* which) {
    if (limit.max == 0 || limit.window <= 0) {
        throw std::invalid_argument(std::string("link attempt limit ") + which +
                                    ": max and window must be above 0");
    }
}

// The counter as it stands now: a window that is over (or unreadable)
// counts as a fresh one starting now.
AttemptWindow current(LmdbTxn& txn, MDB_dbi db, const std::string& key,
                      const AttemptLimit& limit, int64_t now) {
    auto raw = txn.get(db, key);
    auto w = raw ? decode_attempt_window(*raw) : std::nullopt;
    if (w && !attempt_window_is_over(*w, now)) return *w;
    return {now, now + limit.window, 0};
}

// One attempt given back; a counter back at zero goes.
void refund(LmdbTxn& txn, MDB_dbi db, const std::string& key, int64_t now) {
    auto raw = txn.get(db, key);
    if (!raw) return;
    auto w = decode_attempt_window(*raw);
    if (!w || attempt_window_is_over(*w, now)) return;  // the sweep's
    if (w->count <= 1) {
        txn.del(db, key);
        return;
    }
    --w->count;
    txn.put(db, key, encode_attempt_window(*w));
}

}  // namespace

AttemptGrant Store::begin_link_attempt(std::string_view citizen_id, std::string_view address,
                                       const LinkLimits& limits, int64_t now) {
    check_keys(citizen_id, address);
    check_limit(limits.per_citizen, "per citizen");
    check_limit(limits.per_address, "per address");
    const MDB_dbi db = env_->dbs().counters;
    const std::string ckey = citizen_key(citizen_id), akey = address_key(address);

    LmdbTxn txn(*env_, LmdbTxn::read_write);
    AttemptWindow citizen = current(txn, db, ckey, limits.per_citizen, now);
    AttemptWindow addr = current(txn, db, akey, limits.per_address, now);
    const bool citizen_full = citizen.count >= limits.per_citizen.max;
    const bool address_full = addr.count >= limits.per_address.max;

    AttemptGrant grant;
    if (citizen_full || address_full) {
        // Refused: nothing written, not even a restarted window.
        int64_t wait = 1;
        if (citizen_full) wait = std::max(wait, citizen.end - now);
        if (address_full) wait = std::max(wait, addr.end - now);
        grant.retry_after = wait;
        grant.citizen_left = citizen_full ? 0 : limits.per_citizen.max - citizen.count;
        return grant;
    }
    ++citizen.count;
    ++addr.count;
    txn.put(db, ckey, encode_attempt_window(citizen));
    txn.put(db, akey, encode_attempt_window(addr));
    txn.commit();
    grant.allowed = true;
    grant.citizen_left = limits.per_citizen.max - citizen.count;
    return grant;
}

void Store::end_link_attempt(std::string_view citizen_id, std::string_view address,
                             bool clear_citizen, int64_t now) {
    check_keys(citizen_id, address);
    const MDB_dbi db = env_->dbs().counters;
    const std::string ckey = citizen_key(citizen_id);
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    if (clear_citizen) {
        txn.del(db, ckey);  // the password was right: earlier typos are forgiven
    } else {
        refund(txn, db, ckey, now);
    }
    refund(txn, db, address_key(address), now);
    txn.commit();
}

}  // namespace vneid::session
