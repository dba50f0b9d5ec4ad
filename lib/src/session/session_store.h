// The gateway's persistent state in one LMDB directory: staff sessions,
// pending logins (OAuth state), the account directory, rate-limit counters.
// Opened per nginx worker after fork, and concurrently by vneidctl; LMDB
// makes that multi-process safe. All methods may be called from several
// threads of one process at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "session/flow_record.h"
#include "session/legacy_account.h"
#include "session/session_record.h"
#include "session/store_error.h"

namespace vneid::session {

class LmdbEnv;

// Seconds; 0 = no limit.
struct SessionPolicy {
    int64_t idle_timeout = 0;
    int64_t max_age = 0;
    int64_t touch_interval = 0;  // least time between two last_activity writes
};

enum class LookupStatus {
    ok,
    none,     // no such session
    invalid,  // malformed cookie
    expired,
};

inline constexpr size_t kDefaultMapSize = size_t(256) << 20;

class Store {
 public:
    using FlowRecord = session::FlowRecord;
    using LegacyAccount = session::LegacyAccount;

    // Opens dir (which must exist), creating the files if missing. map_size
    // bounds the data file (MDB_MAP_FULL beyond it); 0 adopts the size the
    // store was last written with, which suits vneidctl. If another process
    // with a larger size grows the store past ours, we adopt its size.
    Store(const std::string& dir, size_t map_size = kDefaultMapSize);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // For the nginx master, as root, before workers start: mkdir -p dir
    // (new directories 0700), create the store files, and when uid >= 0 chown
    // the directory and files to uid/gid (gid < 0 leaves the group).
    static void prepare(const std::string& dir, size_t map_size, long uid, long gid);

    // --- sessions -------------------------------------------------------
    // Sets created = last_activity = now, auth_time = now if 0, a random
    // csrf_token if empty. Returns the cookie value: base64url of 32 random
    // bytes (43 chars); only sha256 of those bytes is stored.
    std::string create_session(SessionRecord rec, int64_t now);

    // invalid: the cookie is not a canonical 43-char token (no DB access).
    // none: no such session. expired: idle or absolute limit of `policy`
    // passed; the session is deleted and *out gets the expired record (for
    // audit). ok: *out filled; if counts_as_activity and touch_interval has
    // passed since last_activity, last_activity = now is written (so at most
    // one write per touch_interval per session, never one per request).
    LookupStatus lookup_session(std::string_view cookie, const SessionPolicy& policy,
                                int64_t now, bool counts_as_activity,
                                SessionRecord* out);
    bool destroy_session(std::string_view cookie);
    // Read-modify-write in one write transaction; false if no such session.
    bool update_session(std::string_view cookie,
                        const std::function<void(SessionRecord&)>& edit);
    size_t destroy_sessions_of(std::string_view citizen_id);  // admin revoke
    size_t destroy_all_sessions();
    // Up to limit sessions in key order, each with the first 16 hex digits of
    // its storage key (enough to tell them apart; not a usable cookie).
    std::vector<std::pair<std::string, SessionRecord>> list_sessions(size_t limit);

    // --- login flows (OAuth state): single use, short-lived --------------
    // rec.expires (unix seconds) must be set. Returns the state value:
    // base64url of 32 random bytes; stored under its sha256.
    std::string create_flow(FlowRecord rec);
    // Reads and deletes in one write transaction; nullopt if the state is
    // malformed, unknown, already used or expired (now > expires).
    std::optional<FlowRecord> take_flow(std::string_view state, int64_t now);

    // --- account directory: 12-digit citizen id -> legacy accounts -------
    // Replaces the list; an empty list removes the entry. Throws
    // std::invalid_argument unless citizen_id is 12 digits.
    void put_accounts(std::string_view citizen_id, const std::vector<LegacyAccount>&);
    std::vector<LegacyAccount> get_accounts(std::string_view citizen_id);
    // Several citizens' lists in one write transaction: all or nothing (an
    // import from the portal's user export).
    void put_accounts_batch(
        const std::vector<std::pair<std::string, std::vector<LegacyAccount>>>& lists);
    // The whole directory in citizen-id order; *unreadable counts entries
    // that could not be decoded (skipped).
    std::vector<std::pair<std::string, std::vector<LegacyAccount>>> list_accounts(
        size_t* unreadable = nullptr);

    // --- maintenance, periodically from one worker ------------------------
    // Examines at most max_records sessions and flows, continuing where the
    // previous call stopped, and deletes those expired by their own limits
    // (and unreadable ones). Scans in a read transaction and holds the write
    // lock only to delete. Also clears reader slots of dead processes.
    // Returns the number deleted.
    size_t sweep(int64_t now, size_t max_records);
    void sync();  // flush to disk (the env is opened without fsync per write)

    struct Stats {
        size_t sessions, flows, accounts;
        uint64_t last_txn_id;  // grows by one per committed write
    };
    Stats stats();

    // Id of the last committed write, by any process: read from LMDB's meta
    // page without a transaction. Lets a worker's cache of verified sessions
    // notice that something (a logout, a revocation) may have changed.
    uint64_t write_generation();

    const std::string& dir() const;

 private:
    enum class SweepPhase { sessions, flows };
    size_t sweep_segment(SweepPhase phase, int64_t now, size_t* budget, bool* at_end);
    // Stores value under sha256 of a fresh secret token; returns the token.
    std::string put_under_new_token(unsigned int dbi, const std::string& value,
                                    const char* what);

    std::shared_ptr<LmdbEnv> env_;
    std::mutex sweep_mutex_;  // guards the resume position below
    SweepPhase sweep_phase_ = SweepPhase::sessions;
    std::string sweep_after_;  // last key examined in sweep_phase_; "" = start
};

}  // namespace vneid::session
