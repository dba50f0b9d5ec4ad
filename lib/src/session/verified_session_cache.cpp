#include "session/verified_session_cache.h"

#include "crypto/constant_time.h"

namespace vneid::session {

bool VerifiedSessionCache::SecretEqual::operator()(const std::string& a,
                                                   const std::string& b) const {
    return crypto::constant_time_equal(a, b);
}

bool VerifiedSessionCache::find(std::string_view cookie, const vneid_session_policy_t& policy,
                                int64_t now, bool activity, uint64_t generation,
                                vneid_identity_t* out) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(std::string(cookie));
    if (it == entries_.end()) return false;
    const Entry& e = it->second;
    if (e.generation != generation || now - e.verified_at > kTtlSeconds ||
        now < e.verified_at) {
        entries_.erase(it);
        return false;
    }
    const vneid_identity_t& id = e.id;
    bool maybe_expired = (policy.idle_timeout > 0 && now - id.last_activity > policy.idle_timeout) ||
                         (policy.max_age > 0 && now - id.created > policy.max_age);
    bool write_due = activity && now - id.last_activity >= policy.refresh;
    if (maybe_expired || write_due) return false;  // the store decides
    *out = id;
    return true;
}

void VerifiedSessionCache::put(std::string_view cookie, const vneid_identity_t& id, int64_t now,
                               uint64_t generation) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.size() >= kCapacity) entries_.clear();  // cheap bound; refills in a second
    entries_.insert_or_assign(std::string(cookie), Entry{id, now, generation});
}

void VerifiedSessionCache::erase(std::string_view cookie) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(std::string(cookie));
}

}  // namespace vneid::session
