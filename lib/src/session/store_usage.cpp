#include "session/store_usage.h"

namespace vneid::session {
namespace {

// LMDB's fixed handles of its free list and of the catalogue of named
// databases.
constexpr MDB_dbi kFreeDbi = 0;
constexpr MDB_dbi kMainDbi = 1;
constexpr size_t kMetaPages = 2;

size_t pages_of(LmdbTxn& txn, MDB_dbi dbi) {
    MDB_stat st;
    if (mdb_stat(txn.get(), dbi, &st) != 0) return 0;
    return st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages;
}

}  // namespace

MapUsage map_usage(LmdbTxn& txn) {
    const LmdbEnv& env = txn.env();
    MDB_envinfo info;
    MDB_stat env_stat;
    MapUsage usage;
    if (mdb_env_info(env.get(), &info) != 0 || mdb_env_stat(env.get(), &env_stat) != 0 ||
        env_stat.ms_psize == 0) {
        return usage;
    }
    usage.map_pages = info.me_mapsize / env_stat.ms_psize;
    const Databases& d = env.dbs();
    usage.used_pages = kMetaPages + pages_of(txn, kFreeDbi) + pages_of(txn, kMainDbi);
    for (MDB_dbi dbi : {d.sessions, d.accounts, d.flows, d.counters, d.flow_index,
                        d.account_choice, d.portal_cookies, d.account_logins,
                        d.link_requests, d.pending_links, d.roster}) {
        usage.used_pages += pages_of(txn, dbi);
    }
    return usage;
}

}  // namespace vneid::session
