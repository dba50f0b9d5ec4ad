// Bulk deletes that survive a full map. Deleting needs free pages too (LMDB
// copies every page it changes), so one big write transaction on a full map
// fails with MDB_MAP_FULL forever. Working in batches that halve on
// MDB_MAP_FULL and double after each success lets a full store empty itself:
// a small transaction fits in the few pages left, and each commit frees more.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

#include "session/lmdb_txn.h"

namespace vneid::session {

struct BatchSize {
    size_t current = 256;
    size_t max = 256;  // bounds how long one batch holds the write lock
    void shrink() { current = std::max<size_t>(1, current / 2); }
    void grow() { current = std::min(max, current * 2); }
};

// Calls work(txn, from, to) for consecutive ranges of [0, total), each in its
// own write transaction of at most size.current items; returns the sum of
// what work returned. On MDB_MAP_FULL the range is retried at half the size;
// a full map at size 1 is rethrown. Other errors propagate. *longest, if
// given, gets the longest time a committed batch held the write lock.
template <typename Work>
size_t in_write_batches(const LmdbEnv& env, size_t total, BatchSize& size, Work&& work,
                        std::chrono::microseconds* longest = nullptr) {
    using Clock = std::chrono::steady_clock;
    size_t done = 0;
    for (size_t from = 0; from < total;) {
        const size_t to = std::min(total, from + size.current);
        try {
            LmdbTxn txn(env, LmdbTxn::read_write);
            const auto locked = Clock::now();
            size_t n = work(txn, from, to);
            txn.commit();
            auto held =
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - locked);
            if (longest && held > *longest) *longest = held;
            done += n;
            from = to;
            size.grow();
        } catch (const StoreError& e) {
            if (!e.map_full() || size.current == 1) throw;
            size.shrink();
        }
    }
    return done;
}

}  // namespace vneid::session
