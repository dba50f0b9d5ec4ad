// What vneid_gateway_t and vneid_login_t are on the C++ side.
#pragma once

#include <memory>
#include <optional>

#include "flow/gateway.h"
#include "flow/login_callback.h"
#include "vneid/vneid.h"

struct vneid_gateway_s {
    std::unique_ptr<vneid::flow::Gateway> gateway;
};

struct vneid_login_s {
    const vneid::flow::Gateway* gateway = nullptr;
    vneid::session::Store* store = nullptr;
    vneid::flow::PendingLogin pending;
    std::optional<vneid::flow::LoginOutcome> outcome;
    bool binding_done = false;  // no other login of this browser pending
};
