#include "session/store_error.h"

#include <lmdb.h>

namespace vneid::session {

bool StoreError::map_full() const { return lmdb_rc_ == MDB_MAP_FULL; }

StoreError lmdb_error(int rc, const std::string& what, const std::string& dir) {
    std::string where = " (store " + dir + ": " + what + ": " + mdb_strerror(rc) + ")";
    switch (rc) {
        case MDB_MAP_FULL:
            return StoreError("session store full: raise vneid_store size=" + where, rc);
        case MDB_READERS_FULL:
            return StoreError("session store: too many concurrent readers; "
                              "stale slots of dead processes are cleared by the "
                              "periodic sweep" + where, rc);
        case MDB_MAP_RESIZED:
            return StoreError("session store was enlarged by another process; "
                              "use the same vneid_store size= in nginx and vneidctl, "
                              "then reload" + where, rc);
        case EACCES:
            return StoreError("session store: permission denied; the files must "
                              "belong to the nginx worker user" + where, rc);
        default:
            return StoreError("session store error" + where, rc);
    }
}

}  // namespace vneid::session
