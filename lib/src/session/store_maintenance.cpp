// Store: the periodic sweep, flush and statistics.
#include <chrono>

#include "session/flow_index.h"
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"
#include "session/store_usage.h"

namespace vneid::session {
namespace {

using Clock = std::chrono::steady_clock;

// Records examined per read transaction: readers pin pages, keep them short.
constexpr size_t kScanChunk = 256;
// How often the scan looks at the clock.
constexpr size_t kClockCheckEvery = 64;

enum class Fate { keep, remove, rebase };

// Sessions expired by their own limits, or unreadable, go; sessions whose
// times a backward clock step left in the future are rebased.
Fate session_fate(std::string_view raw, int64_t now) {
    auto t = peek_session_times(raw);
    if (!t) return Fate::remove;
    if (clock_stepped_back(*t, now)) return Fate::rebase;
    return is_expired(t->created, t->last_activity, t->idle_timeout, t->max_age, now)
               ? Fate::remove
               : Fate::keep;
}

Fate flow_fate(std::string_view raw, int64_t now) {
    auto created = peek_flow_created(raw);
    auto expires = peek_flow_expires(raw);
    return !created || !expires || flow_is_over(*created, *expires, now) ? Fate::remove
                                                                          : Fate::keep;
}

Fate flow_index_fate(std::string_view key, std::string_view value, int64_t now) {
    return flow_index_entry_is_garbage(key, value, now) ? Fate::remove : Fate::keep;
}

struct Doomed {
    std::string key;
    Fate fate;
};

}  // namespace

struct Store::SweepLimit {
    size_t records;                  // left to examine
    Clock::time_point deadline;      // max() when only records bound the call
    size_t clock_checks = 0;
    bool time_is_up() {
        if (deadline == Clock::time_point::max()) return false;
        if (++clock_checks % kClockCheckEvery != 0) return false;
        return Clock::now() >= deadline;
    }
    bool spent() const { return records == 0; }
};

size_t Store::sweep(int64_t now, size_t max_records) {
    SweepLimit limit{max_records, Clock::time_point::max()};
    return sweep_bounded(now, limit).deleted;
}

Store::SweepResult Store::sweep_for(int64_t now, std::chrono::microseconds budget) {
    SweepLimit limit{SIZE_MAX, Clock::now() + budget};
    return sweep_bounded(now, limit);
}

Store::SweepResult Store::sweep_bounded(int64_t now, SweepLimit& limit) {
    int dead_readers = 0;
    mdb_reader_check(env_->get(), &dead_readers);

    std::lock_guard<std::mutex> lock(sweep_mutex_);
    SweepResult result;
    // At most one pass over each database per call: the rest of the current
    // one, then the others from their start.
    constexpr int kPhases = 3;
    for (int ends = 0; ends < kPhases;) {
        if (limit.spent() || Clock::now() >= limit.deadline) {
            result.more = limit.deadline != Clock::time_point::max();
            break;
        }
        bool at_end = false;
        sweep_segment(sweep_phase_, now, limit, &at_end, &result);
        if (at_end) {
            ++ends;
            sweep_phase_ = sweep_phase_ == SweepPhase::sessions ? SweepPhase::flows
                           : sweep_phase_ == SweepPhase::flows  ? SweepPhase::flow_index
                                                                : SweepPhase::sessions;
            sweep_after_.clear();
        }
    }
    return result;
}

void Store::sweep_segment(SweepPhase phase, int64_t now, SweepLimit& limit, bool* at_end,
                          SweepResult* result) {
    const Databases& dbs = env_->dbs();
    const MDB_dbi db = phase == SweepPhase::sessions ? dbs.sessions
                       : phase == SweepPhase::flows  ? dbs.flows
                                                     : dbs.flow_index;
    auto fate_of = [&](std::string_view k, std::string_view v) {
        switch (phase) {
            case SweepPhase::sessions: return session_fate(v, now);
            case SweepPhase::flows: return flow_fate(v, now);
            case SweepPhase::flow_index: return flow_index_fate(k, v, now);
        }
        return Fate::keep;
    };

    // Examine under a read transaction: no lock held against writers.
    std::vector<Doomed> doomed;
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
        size_t chunk = 0;
        for (; more && !limit.spent() && chunk < kScanChunk && !limit.time_is_up();
             more = cursor.next(&k, &v)) {
            --limit.records;
            ++chunk;
            ++result->examined;
            sweep_after_.assign(k);
            Fate fate = fate_of(k, v);
            if (fate != Fate::keep) doomed.push_back({std::string(k), fate});
        }
        *at_end = !more;
    }
    if (doomed.empty()) return;

    // Write transactions re-check each record: a worker may have refreshed
    // it since the scan. Batches halve on MDB_MAP_FULL (lmdb_batches.h).
    result->deleted += in_write_batches(
        *env_, doomed.size(), delete_batch_,
        [&](LmdbTxn& txn, size_t from, size_t to) {
            size_t deleted = 0;
            for (size_t i = from; i < to; ++i) {
                const std::string& key = doomed[i].key;
                auto raw = txn.get(db, key);
                if (!raw) continue;
                const std::string value(*raw);  // outlives the writes below
                const Fate fate = fate_of(key, value);
                if (fate == Fate::rebase) {
                    auto t = rebased_to(*peek_session_times(value), now);
                    txn.put(db, key, with_times(value, t.created, t.last_activity));
                } else if (fate == Fate::remove && txn.del(db, key)) {
                    if (phase == SweepPhase::flows) {
                        if (auto rec = decode_flow(value)) unindex_flow(txn, dbs, key, *rec);
                    }
                    ++deleted;
                }
            }
            return deleted;
        },
        &result->longest_write);
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

unsigned Store::map_used_percent() {
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    return session::map_used_percent(txn);
}

Store::Stats Store::stats() {
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    MDB_envinfo info;
    mdb_env_info(env_->get(), &info);
    return {txn.entries(env_->dbs().sessions), txn.entries(env_->dbs().flows),
            txn.entries(env_->dbs().accounts), uint64_t(info.me_last_txnid)};
}

}  // namespace vneid::session
