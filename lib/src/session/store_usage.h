// How much of the LMDB map the data occupy.
#pragma once

#include <cstddef>

#include "session/lmdb_txn.h"

namespace vneid::session {

struct MapUsage {
    size_t used_pages = 0, map_pages = 0;
    unsigned percent() const {
        if (map_pages == 0 || used_pages >= map_pages) return 100;
        return unsigned(used_pages * 100 / map_pages);
    }
    size_t free_pages() const { return used_pages >= map_pages ? 0 : map_pages - used_pages; }
};

// Pages of every database (including LMDB's own free list and catalogue)
// against the pages the map can hold. Pages freed but not yet reusable
// count as free: this is about the data, not the file.
MapUsage map_usage(LmdbTxn& txn);
inline unsigned map_used_percent(LmdbTxn& txn) { return map_usage(txn).percent(); }

// New records (sessions) stop this many pages short of a full map: deleting
// needs free pages too (LMDB copies every page it changes), and without
// them no sweep or revocation could ever free anything again.
inline constexpr size_t kPagesReservedForDeletes = 16;

}  // namespace vneid::session
