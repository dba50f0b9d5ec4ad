// Store: the periodic sweep, flush and statistics.
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

// Expired by the record's own limits, or unreadable.
bool session_is_garbage(std::string_view raw, int64_t now) {
    auto t = peek_session_times(raw);
    return !t || is_expired(t->created, t->last_activity, t->idle_timeout, t->max_age, now);
}

bool flow_is_garbage(std::string_view raw, int64_t now) {
    auto expires = peek_flow_expires(raw);
    return !expires || now > *expires;
}

}  // namespace

size_t Store::sweep(int64_t now, size_t max_records) {
    int dead_readers = 0;
    mdb_reader_check(env_->get(), &dead_readers);

    std::lock_guard<std::mutex> lock(sweep_mutex_);
    size_t budget = max_records, deleted = 0;
    // At most one pass over each database per call: the rest of the current
    // one, then the other from its start.
    for (int ends = 0; budget > 0 && ends < 2;) {
        bool at_end = false;
        deleted += sweep_segment(sweep_phase_, now, &budget, &at_end);
        if (at_end) {
            ++ends;
            sweep_phase_ = sweep_phase_ == SweepPhase::sessions ? SweepPhase::flows
                                                                : SweepPhase::sessions;
            sweep_after_.clear();
        }
    }
    return deleted;
}

size_t Store::sweep_segment(SweepPhase phase, int64_t now, size_t* budget, bool* at_end) {
    const MDB_dbi db = phase == SweepPhase::sessions ? env_->dbs().sessions
                                                     : env_->dbs().flows;
    auto is_garbage = phase == SweepPhase::sessions ? session_is_garbage : flow_is_garbage;

    // Examine under a read transaction: no lock held against writers.
    std::vector<std::string> doomed;
    {
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        LmdbCursor cursor(txn, db);
        std::string_view k = sweep_after_, v;
        bool more;
        if (sweep_after_.empty()) {
            more = cursor.first(&k, &v);
        } else {
            more = cursor.seek(&k, &v);
            if (more && k == sweep_after_) more = cursor.next(&k, &v);
        }
        for (; more && *budget > 0; more = cursor.next(&k, &v)) {
            --*budget;
            sweep_after_.assign(k);
            if (is_garbage(v, now)) doomed.emplace_back(k);
        }
        *at_end = !more;
    }
    if (doomed.empty()) return 0;

    // Delete in one short write transaction, re-checking each record: a
    // worker may have refreshed it since the scan.
    size_t deleted = 0;
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    for (const auto& key : doomed) {
        auto raw = txn.get(db, key);
        if (raw && is_garbage(*raw, now) && txn.del(db, key)) ++deleted;
    }
    txn.commit();
    return deleted;
}

void Store::sync() {
    int rc = mdb_env_sync(env_->get(), 1);
    if (rc != 0) throw lmdb_error(rc, "sync", env_->dir());
}

uint64_t Store::write_generation() {
    MDB_envinfo info;
    mdb_env_info(env_->get(), &info);
    return uint64_t(info.me_last_txnid);
}

Store::Stats Store::stats() {
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    MDB_envinfo info;
    mdb_env_info(env_->get(), &info);
    return {txn.entries(env_->dbs().sessions), txn.entries(env_->dbs().flows),
            txn.entries(env_->dbs().accounts), uint64_t(info.me_last_txnid)};
}

}  // namespace vneid::session
