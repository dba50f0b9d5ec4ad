// extern "C" wrappers over the LMDB store: lifecycle and maintenance.
#include "facade/c_api_support.h"
#include "facade/store_handle.h"
#include "session/session_store.h"

using namespace vneid;

extern "C" int vneid_store_prepare(const char* dir, size_t map_size, long uid,
                                   long gid, char* err, size_t errlen) {
    return facade::guarded(err, errlen, -1, [&] {
        session::Store::prepare(dir, map_size, uid, gid);
        return 0;
    });
}

extern "C" vneid_store_t* vneid_store_open(const char* dir, size_t map_size,
                                           char* err, size_t errlen) {
    return facade::guarded(err, errlen, static_cast<vneid_store_t*>(nullptr), [&] {
        auto handle = std::make_unique<vneid_store_s>();
        handle->store = std::make_unique<session::Store>(dir, map_size);
        return handle.release();  // owned by the C caller until vneid_store_close
    });
}

extern "C" void vneid_store_close(vneid_store_t* store) {
    std::unique_ptr<vneid_store_s> owned(store);
}

extern "C" long vneid_store_maintain(vneid_store_t* store, int64_t now,
                                     size_t batch, char* err, size_t errlen) {
    return facade::guarded(err, errlen, -1L, [&] {
        long removed = long(store->store->sweep(now, batch));
        store->store->sync();
        return removed;
    });
}
