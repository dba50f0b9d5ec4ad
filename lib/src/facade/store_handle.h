// What a vneid_store_t is on the C++ side.
#pragma once

#include <memory>

#include "session/session_store.h"
#include "session/verified_session_cache.h"
#include "vneid/vneid.h"

struct vneid_store_s {
    std::unique_ptr<vneid::session::Store> store;
    vneid::session::VerifiedSessionCache recent;  // per worker: never shared
};
