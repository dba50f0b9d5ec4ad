// Store: when each linked account first and last came in through VNeID, and
// how often: what the province's rollout report counts (vneidctl report).
#include "session/byte_codec.h"
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

// citizen id, NUL, username: a citizen's accounts sort together.
std::string login_key(std::string_view citizen_id, std::string_view username) {
    std::string key(citizen_id);
    key += '\0';
    key += username;
    return key;
}

std::string encode_logins(const Store::AccountLogins& l) {
    ByteWriter w;
    w.i64(l.first);
    w.i64(l.last);
    w.i64(int64_t(l.count));
    return w.take();
}

std::optional<Store::AccountLogins> decode_logins(std::string_view raw) {
    ByteReader r(raw);
    Store::AccountLogins l;
    int64_t count = 0;
    if (!r.i64(&l.first) || !r.i64(&l.last) || !r.i64(&count) || count < 0) return std::nullopt;
    l.count = uint64_t(count);
    return l;
}

}  // namespace

void Store::note_account_login(LmdbTxn& txn, std::string_view citizen_id,
                               std::string_view username, int64_t now) {
    if (!is_citizen_id(citizen_id) || username.empty()) return;
    const std::string key = login_key(citizen_id, username);
    auto raw = txn.get(env_->dbs().account_logins, key);
    auto logins = raw ? decode_logins(*raw) : std::nullopt;
    AccountLogins l = logins.value_or(AccountLogins{now, now, 0});
    l.last = now;
    ++l.count;
    txn.put(env_->dbs().account_logins, key, encode_logins(l));
}

void Store::record_account_login(std::string_view citizen_id, std::string_view username,
                                 int64_t now) {
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    note_account_login(txn, citizen_id, username, now);
    txn.commit();
}

std::map<std::pair<std::string, std::string>, Store::AccountLogins> Store::account_logins() {
    std::map<std::pair<std::string, std::string>, AccountLogins> out;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    LmdbCursor cursor(txn, env_->dbs().account_logins);
    std::string_view key, value;
    for (bool more = cursor.first(&key, &value); more; more = cursor.next(&key, &value)) {
        size_t nul = key.find('\0');
        auto logins = decode_logins(value);
        if (nul == std::string_view::npos || !logins) continue;  // unreadable: skipped
        out.emplace(std::make_pair(std::string(key.substr(0, nul)), std::string(key.substr(nul + 1))),
                    *logins);
    }
    return out;
}

}  // namespace vneid::session
