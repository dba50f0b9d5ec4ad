// Store: pending links. A VNeID login that found no account parks the
// verified identity here for the no_account page's form; the form's post
// spends it. Stored, like sessions, only under sha256 of the browser's token.
#include <stdexcept>

#include "crypto/random.h"
#include "session/flow_limits.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/secret_token.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

constexpr size_t kCsrfTokenBytes = 32;
// return_url at its cap, plus the identity and the form token.
constexpr size_t kMaxPendingLinkBytes = kMaxFlowReturnBytes + 1024;

// The record behind raw, if it is readable and not over.
std::optional<PendingLink> usable(std::string_view raw, int64_t now) {
    auto rec = decode_pending_link(raw);
    if (!rec || pending_link_is_over({rec->expires, rec->auth_time}, now)) return std::nullopt;
    return rec;
}

}  // namespace

std::string Store::create_pending_link(PendingLink rec) {
    if (rec.expires <= 0) {
        throw std::invalid_argument("create_pending_link: expires must be set");
    }
    if (!is_citizen_id(rec.citizen_id)) {
        throw std::invalid_argument("create_pending_link: citizen id must be 12 digits");
    }
    if (rec.return_url.size() > kMaxFlowReturnBytes) {
        throw std::invalid_argument("create_pending_link: return URL of " +
                                    std::to_string(rec.return_url.size()) +
                                    " bytes is too long");
    }
    if (rec.csrf.empty()) rec.csrf = crypto::random_token(kCsrfTokenBytes);
    const std::string value = encode_pending_link(rec);
    if (value.size() > kMaxPendingLinkBytes) {
        throw std::invalid_argument("create_pending_link: record of " +
                                    std::to_string(value.size()) + " bytes is too large");
    }
    return put_under_new_token(env_->dbs().pending_links, value, "pending link");
}

std::optional<PendingLink> Store::find_pending_link(std::string_view token, int64_t now) {
    auto key = storage_key_of(token);
    if (!key) return std::nullopt;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    auto raw = txn.get(env_->dbs().pending_links, *key);
    return raw ? usable(*raw, now) : std::nullopt;
}

std::optional<PendingLink> Store::take_pending_link(std::string_view token, int64_t now) {
    auto key = storage_key_of(token);
    if (!key) return std::nullopt;
    const MDB_dbi db = env_->dbs().pending_links;
    {
        // Forged or spent tokens are answered without the write lock.
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        if (!txn.get(db, *key)) return std::nullopt;
    }
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    auto raw = txn.get(db, *key);
    if (!raw) return std::nullopt;  // taken by a concurrent post (another tab)
    auto rec = usable(*raw, now);
    txn.del(db, *key);  // spent; an unreadable or expired one is of no use either
    txn.commit();
    return rec;
}

}  // namespace vneid::session
