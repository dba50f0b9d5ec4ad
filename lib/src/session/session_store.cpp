// Store: construction and the session operations.
#include "session/session_store.h"

#include "crypto/random.h"
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/secret_token.h"
#include "session/store_usage.h"

namespace vneid::session {
namespace {

constexpr size_t kCsrfTokenBytes = 32;
constexpr int kKeyCollisionRetries = 3;   // 2^-256 odds; bounded anyway
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
                                       const char* what, const InsertHooks& hooks) {
    for (int i = 0; i < kKeyCollisionRetries; ++i) {
        SecretToken token = new_secret_token();
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        if (hooks.before) hooks.before(txn);
        if (map_usage(txn).free_pages() < kPagesReservedForDeletes) {
            throw lmdb_error(MDB_MAP_FULL, std::string("store ") + what, env_->dir());
        }
        if (txn.put_new(dbi, token.storage_key, value)) {
            if (hooks.after) hooks.after(txn, token.storage_key);
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
    auto touch_due = [&](const SessionTimes& t) {
        return counts_as_activity && now > t.last_activity &&
               now - t.last_activity >= policy.touch_interval;
    };

    bool expired = false, write = false, corrupt = false;
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
            const bool stepped = clock_stepped_back(*times, now);
            const SessionTimes t = stepped ? rebased_to(*times, now) : *times;
            expired = expired_by(policy, t, now);
            write = stepped || (!expired && touch_due(t) && !writes_paused(now));
            if (out) {
                *out = std::move(*rec);
                out->created = t.created;
                out->last_activity = t.last_activity;
                resolve_accounts(txn, out);
            }
        }
    }
    if (!expired && !write && !corrupt) return LookupStatus::ok;

    // Rare path: a short write transaction that re-checks what it changes, as
    // another worker may have touched or removed the record meanwhile. A
    // failed write never turns a valid session into an error.
    try {
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        auto raw = txn.get(db, *key);
        if (!raw) return expired ? LookupStatus::expired : LookupStatus::none;
        auto times = peek_session_times(*raw);
        if (corrupt || !times) {
            txn.del(db, *key);  // unreadable: of no use to anyone
            txn.commit();
            return LookupStatus::none;
        }
        const SessionTimes t =
            clock_stepped_back(*times, now) ? rebased_to(*times, now) : *times;
        if (expired) {
            if (expired_by(policy, t, now)) {
                txn.del(db, *key);
                txn.commit();
            }
            return LookupStatus::expired;
        }
        const int64_t last = touch_due(t) ? now : t.last_activity;
        if (t.created != times->created || last != times->last_activity) {
            txn.put(db, *key, with_times(*raw, t.created, last));
            txn.commit();
        }
        if (out) {
            out->created = t.created;
            out->last_activity = last;
        }
        return LookupStatus::ok;
    } catch (const StoreError& e) {
        if (corrupt) return LookupStatus::none;
        if (expired) return LookupStatus::expired;  // the sweep retries the delete
        note_write_failure(e.what(), now);
        return LookupStatus::ok;  // *out keeps the stored activity time
    }
}

bool Store::writes_paused(int64_t now) const {
    return now < writes_paused_until_.load(std::memory_order_relaxed);
}

void Store::note_write_failure(const std::string& what, int64_t now) {
    writes_paused_until_.store(now + kWritePauseSeconds, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(warning_mutex_);
    ++failed_writes_;
    last_write_error_ = what;
}

std::string Store::take_write_warning() {
    std::lock_guard<std::mutex> lock(warning_mutex_);
    if (failed_writes_ == 0) return "";
    std::string line = std::to_string(failed_writes_) +
                       " session activity update(s) failed; the sessions were served "
                       "with their stored activity time (last error: " +
                       last_write_error_ + ")";
    failed_writes_ = 0;
    last_write_error_.clear();
    return line;
}

bool Store::destroy_session(std::string_view cookie) { return end_session(cookie, nullptr); }

bool Store::update_session(std::string_view cookie,
                           const std::function<void(SessionRecord&)>& edit) {
    return edit_session(cookie, [&](LmdbTxn&, SessionRecord& rec) {
        edit(rec);
        return true;
    });
}

bool Store::edit_session(std::string_view cookie,
                         const std::function<bool(LmdbTxn&, SessionRecord&)>& edit) {
    auto key = storage_key_of(cookie);
    if (!key) return false;
    const MDB_dbi db = env_->dbs().sessions;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    auto raw = txn.get(db, *key);
    auto rec = raw ? decode_session(*raw) : std::nullopt;
    if (!rec) return false;
    if (edit(txn, *rec)) {
        txn.put(db, *key, encode_session(*rec));
        txn.commit();
    }
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
    BatchSize batch;
    return in_write_batches(*env_, keys.size(), batch,
                            [&](LmdbTxn& txn, size_t from, size_t to) {
                                size_t destroyed = 0;
                                for (size_t i = from; i < to; ++i) {
                                    auto raw = txn.get(db, keys[i]);
                                    auto rec = raw ? decode_session(*raw) : std::nullopt;
                                    if (rec && rec->citizen_id == citizen_id &&
                                        txn.del(db, keys[i])) {
                                        ++destroyed;
                                    }
                                }
                                return destroyed;
                            });
}

size_t Store::destroy_all_sessions() {
    const MDB_dbi db = env_->dbs().sessions;
    try {
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        size_t count = txn.entries(db);
        int rc = mdb_drop(txn.get(), db, 0);  // 0: empty it, keep the database
        if (rc != 0) throw lmdb_error(rc, "destroy all sessions", env_->dir());
        txn.commit();
        return count;
    } catch (const StoreError& e) {
        if (!e.map_full()) throw;
    }
    // A full map: delete in batches small enough to fit (lmdb_batches.h).
    std::vector<std::string> keys;
    {
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        LmdbCursor cursor(txn, db);
        std::string_view k, v;
        for (bool more = cursor.first(&k, &v); more; more = cursor.next(&k, &v)) {
            keys.emplace_back(k);
        }
    }
    BatchSize batch;
    return in_write_batches(*env_, keys.size(), batch,
                            [&](LmdbTxn& txn, size_t from, size_t to) {
                                size_t destroyed = 0;
                                for (size_t i = from; i < to; ++i) {
                                    if (txn.del(db, keys[i])) ++destroyed;
                                }
                                return destroyed;
                            });
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
