// A worker's memory of sessions it verified in the last second or two, so a
// page load's dozens of requests do not each pay for hashing the cookie,
// an LMDB read and a record decode. Only sessions the store vouched for
// enter it, tagged with the store's write generation: any write since (a
// logout or revocation in any process, a login, an activity update) sends
// the next request to the store. So does anything else the cache cannot
// answer for certain: expiry by its cached times, an activity write due.
// It holds the C facade's vneid_identity_t itself: a hit is one struct copy
// into the caller's, with no conversion on the hot path.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "vneid/vneid.h"

namespace vneid::session {

class VerifiedSessionCache {
 public:
    static constexpr int64_t kTtlSeconds = 5;
    static constexpr size_t kCapacity = 8192;

    bool find(std::string_view cookie, const vneid_session_policy_t& policy, int64_t now,
              bool activity, uint64_t generation, vneid_identity_t* out);
    // generation: as read before the store lookup that verified id.
    void put(std::string_view cookie, const vneid_identity_t& id, int64_t now,
             uint64_t generation);
    void erase(std::string_view cookie);

 private:
    struct Entry {
        vneid_identity_t id;
        int64_t verified_at;
        uint64_t generation;
    };
    // Compares cookie values without a timing side channel.
    struct SecretEqual {
        bool operator()(const std::string& a, const std::string& b) const;
    };

    std::mutex mutex_;
    std::unordered_map<std::string, Entry, std::hash<std::string>, SecretEqual> entries_;
};

}  // namespace vneid::session
