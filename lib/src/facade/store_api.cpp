// extern "C" wrappers over the LMDB store: lifecycle and maintenance.
#include <chrono>

#include "facade/c_api_support.h"
#include "facade/store_handle.h"
#include "session/session_store.h"

using namespace vneid;

namespace {

// Above this share of the map, expired records matter: sweep often.
constexpr unsigned kPressurePercent = 50;

}  // namespace

extern "C" int vneid_store_prepare(const char* dir, size_t map_size, long uid,
                                   long gid, char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, -1, [&] {
        session::Store::prepare(dir, map_size, uid, gid);
        return 0;
    });
}

extern "C" vneid_store_t* vneid_store_open(const char* dir, size_t map_size,
                                           char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, static_cast<vneid_store_t*>(nullptr), [&] {
        auto handle = std::make_unique<vneid_store_s>();
        handle->store = std::make_unique<session::Store>(dir, map_size);
        return handle.release();  // owned by the C caller until vneid_store_close
    });
}

extern "C" void vneid_store_close(vneid_store_t* store) noexcept {
    std::unique_ptr<vneid_store_s> owned(store);
}

extern "C" void vneid_store_limit_flows(vneid_store_t* store, size_t max_pending) noexcept {
    session::FlowLimits limits;
    if (max_pending > 0) limits.max_pending = max_pending;
    store->store->set_flow_limits(limits);
}

extern "C" long vneid_store_maintain(vneid_store_t* store, int64_t now,
                                     unsigned budget_ms, int* next, char* err,
                                     size_t errlen) noexcept {
    *next = VNEID_MAINTAIN_IDLE;
    return facade::guarded(err, errlen, -1L, [&] {
        auto& s = *store->store;
        auto result = s.sweep_for(now, std::chrono::milliseconds(budget_ms));
        if (result.more) {
            *next = VNEID_MAINTAIN_MORE;  // flushed when the pass is done
        } else {
            s.sync();
            if (s.map_used_percent() >= kPressurePercent) *next = VNEID_MAINTAIN_PRESSURE;
        }
        return long(result.deleted);
    });
}

extern "C" int vneid_store_warning(vneid_store_t* store, char* msg, size_t len) noexcept {
    return facade::guarded(nullptr, 0, 0, [&] {
        std::string line = store->store->take_write_warning();
        if (line.empty()) return 0;
        facade::set_error(msg, len, line.c_str());
        return 1;
    });
}
