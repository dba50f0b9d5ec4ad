#include "session/lmdb_env.h"

#include <unistd.h>

#include "session/lmdb_txn.h"
#include "session/store_error.h"

namespace vneid::session {
namespace {

constexpr unsigned kEnvFlags = MDB_NOTLS | MDB_NOSYNC | MDB_NOMETASYNC;
constexpr unsigned kMaxDbs = 16;      // 11 used; room for later ones
constexpr unsigned kMaxReaders = 512;  // worker threads + CLI + slack
constexpr mdb_mode_t kFileMode = 0600;

}  // namespace

LmdbEnv::LmdbEnv(const std::string& dir, size_t map_size)
    : dir_(dir), opener_pid_(getpid()) {
    int rc = mdb_env_create(&env_);
    if (rc != 0) throw lmdb_error(rc, "create environment", dir_);
    if ((rc = mdb_env_set_maxdbs(env_, kMaxDbs)) != 0 ||
        (rc = mdb_env_set_maxreaders(env_, kMaxReaders)) != 0 ||
        (rc = mdb_env_set_mapsize(env_, map_size)) != 0 ||
        (rc = mdb_env_open(env_, dir_.c_str(), kEnvFlags, kFileMode)) != 0) {
        mdb_env_close(env_);
        throw lmdb_error(rc, "open", dir_);
    }
    // Reader slots left by crashed processes would pin old pages.
    int dead = 0;
    mdb_reader_check(env_, &dead);
    try {
        open_databases();
    } catch (...) {
        mdb_env_close(env_);
        throw;
    }
}

LmdbEnv::~LmdbEnv() {
    // In a forked child this handle belongs to the parent: closing it would
    // release the parent's reader slots (they carry the parent's pid).
    if (getpid() == opener_pid_) mdb_env_close(env_);
}

void LmdbEnv::adopt_grown_map() const {
    std::unique_lock<std::shared_mutex> no_txn_open(map_in_use_);
    int rc = mdb_env_set_mapsize(env_, 0);
    if (rc != 0) throw lmdb_error(rc, "adopt enlarged map", dir_);
}

void LmdbEnv::open_databases() {
    LmdbTxn txn(*this, LmdbTxn::read_write);
    auto open = [&](const char* name, MDB_dbi* dbi) {
        int rc = mdb_dbi_open(txn.get(), name, MDB_CREATE, dbi);
        if (rc != 0) throw lmdb_error(rc, std::string("open database ") + name, dir_);
    };
    open("sessions", &dbs_.sessions);
    open("accounts", &dbs_.accounts);
    open("flows", &dbs_.flows);
    open("counters", &dbs_.counters);
    open("flow_index", &dbs_.flow_index);
    open("account_choice", &dbs_.account_choice);
    open("portal_cookies", &dbs_.portal_cookies);
    open("account_logins", &dbs_.account_logins);
    open("link_requests", &dbs_.link_requests);
    open("pending_links", &dbs_.pending_links);
    open("roster", &dbs_.roster);
    txn.commit();
}

}  // namespace vneid::session
