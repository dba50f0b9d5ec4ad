// Store: the portal's own session cookies (JSESSIONID, PHPSESSID, ...) bound
// to the gateway session and account they were issued under. A legacy
// portal trusts its cookie alone once it has one; the gateway forwards only
// cookies bound to the current session and account, so a switch or the
// next person on a shared PC never inherits a portal session.
#include "session/byte_codec.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/secret_token.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

std::string encode_scope(const Store::CookieScope& scope) {
    ByteWriter w;
    w.str(scope.path);
    w.str(scope.domain);
    return w.take();
}

std::optional<Store::CookieScope> decode_scope(std::string_view raw) {
    ByteReader r(raw);
    Store::CookieScope scope;
    if (!r.str(&scope.path) || !r.str(&scope.domain) || r.remaining() != 0) {
        return std::nullopt;
    }
    return scope;
}

// Every value stays bound, newest last, until eight newer ones push it out:
// a page's parallel requests may each get a new portal session, and the
// browser keeps whichever Set-Cookie it reads last; forgetting the others
// would strip that one and cost the staff member their portal session.
// (They are all this session's and this account's.)
void add_binding(std::vector<PortalCookieBinding>& bindings, const PortalCookieBinding& b) {
    for (auto it = bindings.begin(); it != bindings.end(); ++it) {
        if (it->name == b.name && it->value_hash == b.value_hash) {
            bindings.erase(it);
            break;
        }
    }
    bindings.push_back(b);
    if (bindings.size() > kMaxPortalCookieBindings) {
        bindings.erase(bindings.begin(),
                       bindings.end() - std::ptrdiff_t(kMaxPortalCookieBindings));
    }
}

}  // namespace

size_t Store::bind_portal_cookies(std::string_view cookie, std::string_view account,
                                  const std::vector<PortalCookieBinding>& issued) {
    if (issued.empty()) return 0;
    size_t bound = 0;
    edit_session(cookie, [&](LmdbTxn& txn, SessionRecord& rec) {
        if (rec.active_account != account) return false;
        for (const auto& b : issued) {
            add_binding(rec.portal_cookies, b);
            auto raw_scope = txn.get(env_->dbs().portal_cookies, b.name);
            auto known = raw_scope ? decode_scope(*raw_scope) : std::nullopt;
            if (!known || known->path != b.path || known->domain != b.domain) {
                txn.put(env_->dbs().portal_cookies, b.name, encode_scope({b.path, b.domain}));
            }
        }
        bound = issued.size();
        return true;
    });
    return bound;
}

std::optional<Store::CookieScope> Store::portal_cookie_scope(std::string_view name) {
    if (name.empty()) return std::nullopt;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    auto raw = txn.get(env_->dbs().portal_cookies, name);
    return raw ? decode_scope(*raw) : std::nullopt;
}

bool Store::end_session(std::string_view cookie, std::vector<PortalCookieBinding>* dropped) {
    auto key = storage_key_of(cookie);
    if (!key) return false;
    const MDB_dbi db = env_->dbs().sessions;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    auto raw = txn.get(db, *key);
    if (!raw) return false;
    if (dropped) {
        auto rec = decode_session(*raw);
        if (rec) *dropped = std::move(rec->portal_cookies);
    }
    txn.del(db, *key);
    txn.commit();
    return true;
}

}  // namespace vneid::session
