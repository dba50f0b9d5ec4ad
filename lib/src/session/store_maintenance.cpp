// Store: the periodic sweep (sessions, flows, pending links, attempt
// counters), flush and statistics.
#include <chrono>

#include "session/attempt_window.h"
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

Fate pending_link_fate(std::string_view raw, int64_t now) {
    auto t = peek_pending_link_times(raw);
    return !t || pending_link_is_over(*t, now) ? Fate::remove : Fate::keep;
}

// A window that is over counts nothing any more: begin_link_attempt would
// restart it anyway.
Fate counter_fate(std::string_view raw, int64_t now) {
    auto w = decode_attempt_window(raw);
    return !w || attempt_window_is_over(*w, now) ? Fate::remove : Fate::keep;
}

struct Doomed {
    std::string key;
    Fate fate;
};

}  // namespace

Store::SweepPhase Store::next_phase(SweepPhase phase) {
    switch (phase) {
        case SweepPhase::sessions: return SweepPhase::flows;
        case SweepPhase::flows: return SweepPhase::flow_index;
        case SweepPhase::flow_index: return SweepPhase::pending_links;
        case SweepPhase::pending_links: return SweepPhase::counters;
        case SweepPhase::counters: return SweepPhase::sessions;
    }
    return SweepPhase::sessions;
}

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
    constexpr int kPhases = 5;
    for (int ends = 0; ends < kPhases;) {
        if (limit.spent() || Clock::now() >= limit.deadline) {
            result.more = limit.deadline != Clock::time_point::max();
            break;
        }
        bool at_end = false;
        sweep_segment(sweep_phase_, now, limit, &at_end, &result);
        if (at_end) {
            ++ends;
            sweep_phase_ = next_phase(sweep_phase_);
            sweep_after_.clear();
        }
    }
    return result;
}

void Store::sweep_segment(SweepPhase phase, int64_t now, SweepLimit& limit, bool* at_end,
                          SweepResult* result) {
    const Databases& dbs = env_->dbs();
    MDB_dbi db = dbs.sessions;
    switch (phase) {
        case SweepPhase::sessions: db = dbs.sessions; break;
        case SweepPhase::flows: db = dbs.flows; break;
        case SweepPhase::flow_index: db = dbs.flow_index; break;
        case SweepPhase::pending_links: db = dbs.pending_links; break;
        case SweepPhase::counters: db = dbs.counters; break;
    }
    auto fate_of = [&](std::string_view k, std::string_view v) {
        switch (phase) {
            case SweepPhase::sessions: return session_fate(v, now);
            case SweepPhase::flows: return flow_fate(v, now);
            case SweepPhase::flow_index: return flow_index_fate(k, v, now);
            case SweepPhase::pending_links: return pending_link_fate(v, now);
            case SweepPhase::counters: return counter_fate(v, now);
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
    const Databases& dbs = env_->dbs();
    Stats s;
    s.sessions = txn.entries(dbs.sessions);
    s.flows = txn.entries(dbs.flows);
    s.accounts = txn.entries(dbs.accounts);
    s.last_txn_id = uint64_t(info.me_last_txnid);
    s.pending_links = txn.entries(dbs.pending_links);
    s.roster = txn.entries(dbs.roster);
    return s;
}

}  // namespace vneid::session
