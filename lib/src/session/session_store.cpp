// Store: construction and the session operations.
#include "session/session_store.h"

#include "crypto/random.h"
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/secret_token.h"

namespace vneid::session {
namespace {

constexpr size_t kCsrfTokenBytes = 32;
constexpr int kKeyCollisionRetries = 3;   // 2^-256 odds; bounded anyway
constexpr size_t kRevokeBatch = 1000;     // deletes per write txn in revoke
constexpr size_t kListKeyHexDigits = 16;

std::string hex_prefix(std::string_view raw, size_t digits) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < raw.size() && out.size() < digits; ++i) {
        out += kHex[uint8_t(raw[i]) >> 4];
        out += kHex[uint8_t(raw[i]) & 15];
    }
    return out;
}

bool expired_by(const SessionPolicy& policy, const SessionTimes& t, int64_t now) {
    return is_expired(t.created, t.last_activity, policy.idle_timeout, policy.max_age, now);
}

}  // namespace

Store::Store(const std::string& dir, size_t map_size)
    : env_(open_shared_env(dir, map_size)) {}

Store::~Store() = default;

const std::string& Store::dir() const { return env_->dir(); }

std::string Store::create_session(SessionRecord rec, int64_t now) {
    rec.created = now;
    rec.last_activity = now;
    if (rec.auth_time == 0) rec.auth_time = now;
    if (rec.csrf_token.empty()) rec.csrf_token = crypto::random_token(kCsrfTokenBytes);
    return put_under_new_token(env_->dbs().sessions, encode_session(rec), "session id");
}

std::string Store::put_under_new_token(unsigned int dbi, const std::string& value,
                                       const char* what) {
    for (int i = 0; i < kKeyCollisionRetries; ++i) {
        SecretToken token = new_secret_token();
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        if (txn.put_new(dbi, token.storage_key, value)) {
            txn.commit();
            return token.value;
        }
    }
    throw StoreError(std::string("session store: could not allocate a unique ") + what +
                     " in " + env_->dir());
}

LookupStatus Store::lookup_session(std::string_view cookie, const SessionPolicy& policy,
                                   int64_t now, bool counts_as_activity,
                                   SessionRecord* out) {
    auto key = storage_key_of(cookie);
    if (!key) return LookupStatus::invalid;
    const MDB_dbi db = env_->dbs().sessions;

    bool expired = false, touch = false, corrupt = false;
    {
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        auto raw = txn.get(db, *key);
        if (!raw) return LookupStatus::none;
        auto times = peek_session_times(*raw);
        std::optional<SessionRecord> rec;
        if (times && out) rec = decode_session(*raw);
        if (!times || (out && !rec)) {
            corrupt = true;
        } else {
            expired = expired_by(policy, *times, now);
            touch = !expired && counts_as_activity && now > times->last_activity &&
                    now - times->last_activity >= policy.touch_interval;
            if (out) *out = std::move(*rec);
        }
    }
    if (!expired && !touch && !corrupt) return LookupStatus::ok;

    // Rare path: a short write transaction that re-checks what it changes, as
    // another worker may have touched or removed the record meanwhile.
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    auto raw = txn.get(db, *key);
    if (!raw) return expired ? LookupStatus::expired : LookupStatus::none;
    auto times = peek_session_times(*raw);
    if (corrupt || !times) {
        txn.del(db, *key);  // unreadable: of no use to anyone
        txn.commit();
        return LookupStatus::none;
    }
    if (expired) {
        if (expired_by(policy, *times, now)) {
            txn.del(db, *key);
            txn.commit();
        }
        return LookupStatus::expired;
    }
    if (now > times->last_activity && now - times->last_activity >= policy.touch_interval) {
        txn.put(db, *key, with_last_activity(*raw, now));
        txn.commit();
    }
    if (out) out->last_activity = now;
    return LookupStatus::ok;
}

bool Store::destroy_session(std::string_view cookie) {
    auto key = storage_key_of(cookie);
    if (!key) return false;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    if (!txn.del(env_->dbs().sessions, *key)) return false;
    txn.commit();
    return true;
}

bool Store::update_session(std::string_view cookie,
                           const std::function<void(SessionRecord&)>& edit) {
    auto key = storage_key_of(cookie);
    if (!key) return false;
    const MDB_dbi db = env_->dbs().sessions;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    auto raw = txn.get(db, *key);
    if (!raw) return false;
    auto rec = decode_session(*raw);
    if (!rec) return false;
    edit(*rec);
    txn.put(db, *key, encode_session(*rec));
    txn.commit();
    return true;
}

size_t Store::destroy_sessions_of(std::string_view citizen_id) {
    const MDB_dbi db = env_->dbs().sessions;
    // Find the keys without the write lock, then delete in short batches.
    std::vector<std::string> keys;
    {
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        LmdbCursor cursor(txn, db);
        std::string_view k, v;
        for (bool more = cursor.first(&k, &v); more; more = cursor.next(&k, &v)) {
            auto rec = decode_session(v);
            if (rec && rec->citizen_id == citizen_id) keys.emplace_back(k);
        }
    }
    size_t destroyed = 0;
    for (size_t start = 0; start < keys.size(); start += kRevokeBatch) {
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        for (size_t i = start; i < keys.size() && i < start + kRevokeBatch; ++i) {
            auto raw = txn.get(db, keys[i]);
            auto rec = raw ? decode_session(*raw) : std::nullopt;
            if (rec && rec->citizen_id == citizen_id && txn.del(db, keys[i])) ++destroyed;
        }
        txn.commit();
    }
    return destroyed;
}

size_t Store::destroy_all_sessions() {
    const MDB_dbi db = env_->dbs().sessions;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    size_t count = txn.entries(db);
    int rc = mdb_drop(txn.get(), db, 0);  // 0: empty it, keep the database
    if (rc != 0) throw lmdb_error(rc, "destroy all sessions", env_->dir());
    txn.commit();
    return count;
}

std::vector<std::pair<std::string, SessionRecord>> Store::list_sessions(size_t limit) {
    std::vector<std::pair<std::string, SessionRecord>> out;
    if (limit == 0) return out;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    LmdbCursor cursor(txn, env_->dbs().sessions);
    std::string_view k, v;
    for (bool more = cursor.first(&k, &v); more && out.size() < limit;
         more = cursor.next(&k, &v)) {
        if (auto rec = decode_session(v)) {
            out.emplace_back(hex_prefix(k, kListKeyHexDigits), std::move(*rec));
        }
    }
    return out;
}

}  // namespace vneid::session
