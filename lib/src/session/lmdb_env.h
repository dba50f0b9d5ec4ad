// One open LMDB environment (the store directory) and its named databases.
#pragma once

#include <lmdb.h>
#include <sys/types.h>

#include <memory>
#include <shared_mutex>
#include <string>

namespace vneid::session {

struct Databases {
    MDB_dbi sessions = 0, accounts = 0, flows = 0;
    MDB_dbi counters = 0;  // key -> fixed-window attempt counter (attempt_window.h)
    MDB_dbi flow_index = 0;  // pending flows by age and by browser (flow_index.h)
    MDB_dbi account_choice = 0;  // citizen id -> the account last chosen
    MDB_dbi portal_cookies = 0;  // portal cookie name -> Path/Domain last set
    MDB_dbi account_logins = 0;  // citizen id NUL username -> VNeID login history
    MDB_dbi link_requests = 0;   // citizen id NUL username -> a staff member's request
    MDB_dbi pending_links = 0;   // sha256(token) -> a verified identity awaiting the link form
    MDB_dbi roster = 0;          // username -> an unlinked portal account (roster_record.h)
};

class LmdbEnv {
 public:
    // Opens dir (which must exist), creating data.mdb/lock.mdb (mode 0600)
    // and the named databases if missing. map_size 0 adopts the size the
    // store was last written with (for vneidctl). Flags: MDB_NOTLS because read
    // transactions may run on nginx thread-pool threads; MDB_NOSYNC |
    // MDB_NOMETASYNC because the request path must never wait for fsync (a
    // crash may lose the last writes; Store::sync() flushes periodically).
    LmdbEnv(const std::string& dir, size_t map_size);
    ~LmdbEnv();
    LmdbEnv(const LmdbEnv&) = delete;
    LmdbEnv& operator=(const LmdbEnv&) = delete;

    MDB_env* get() const { return env_; }
    const std::string& dir() const { return dir_; }
    const Databases& dbs() const { return dbs_; }

    // Every transaction of this process holds this shared; remapping needs it
    // exclusively, as no transaction may be open while the map moves.
    std::shared_mutex& map_in_use() const { return map_in_use_; }
    // After MDB_MAP_RESIZED (another process, configured with a larger size,
    // grew the store past our map): adopt the new size. The caller must not
    // hold map_in_use().
    void adopt_grown_map() const;

 private:
    void open_databases();

    MDB_env* env_ = nullptr;
    std::string dir_;
    Databases dbs_;
    pid_t opener_pid_;
    mutable std::shared_mutex map_in_use_;
};

// LMDB must not have the same environment open twice in one process (closing
// one handle drops the fcntl locks of the other), so Store objects of one
// process share a single LmdbEnv per directory. A forked child never reuses
// its parent's handle ("use an MDB_env in the process which opened it"): it
// gets a fresh one.
std::shared_ptr<LmdbEnv> open_shared_env(const std::string& dir, size_t map_size);

}  // namespace vneid::session
