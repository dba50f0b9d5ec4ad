// What the facade tests share: a store opened through the C API, a gateway
// handle built from the flow tests' settings (no IdP is ever reached), and
// the C buffers read back as strings.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "facade/gateway_handle.h"
#include "vneid/vneid.h"
#include "../flow/flow_test_support.h"
#include "../session/store_test_support.h"

namespace vneid::facade::testing {

// A malloc'ed vneid_buf_t that frees itself.
struct Buf {
    vneid_buf_t buf{nullptr, 0, nullptr, nullptr};
    ~Buf() { vneid_buf_free(&buf); }
    vneid_buf_t* operator&() { return &buf; }
    std::string str() const { return buf.data ? std::string(buf.data, buf.len) : std::string(); }
};

class CStore {
 public:
    CStore() {
        char err[256];
        store_ = vneid_store_open(dir_.path().c_str(), size_t(16) << 20, err, sizeof(err));
        if (store_ == nullptr) throw std::runtime_error(err);
    }
    ~CStore() { vneid_store_close(store_); }
    vneid_store_t* get() const { return store_; }
    const std::string& dir() const { return dir_.path(); }

 private:
    session::testing::TempDir dir_;
    vneid_store_t* store_ = nullptr;
};

// The gateway of a server whose IdP nobody listens on.
inline std::unique_ptr<vneid_gateway_s> offline_gateway() {
    auto gw = std::make_unique<vneid_gateway_s>();
    gw->gateway = std::make_unique<flow::Gateway>(flow::testing::offline_settings());
    return gw;
}

}  // namespace vneid::facade::testing
