// The gateway's persistent state in one LMDB directory: staff sessions,
// pending logins (OAuth state), the account directory and its roster,
// pending links (self-service linking), attempt counters.
// Opened per nginx worker after fork, and concurrently by vneidctl; LMDB
// makes that multi-process safe. All methods may be called from several
// threads of one process at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "session/flow_limits.h"
#include "session/flow_record.h"
#include "session/lmdb_batches.h"
#include "session/legacy_account.h"
#include "session/link_limits.h"
#include "session/pending_link_record.h"
#include "session/roster_record.h"
#include "session/session_record.h"
#include "session/store_error.h"

namespace vneid::session {

class LmdbEnv;
class LmdbTxn;

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
    using PendingLink = session::PendingLink;
    using AttemptLimit = session::AttemptLimit;
    using LinkLimits = session::LinkLimits;
    using AttemptGrant = session::AttemptGrant;
    using AccountOwner = session::AccountOwner;
    using RosterEntry = session::RosterEntry;

    // Opens dir (which must exist), creating the files if missing. map_size
    // bounds the data file (MDB_MAP_FULL beyond it); 0 adopts the size the
    // store was last written with, which suits vneidctl. If another process
    // with a larger size grows the store past ours, we adopt its size.
    Store(const std::string& dir, size_t map_size = kDefaultMapSize);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // For the nginx master, as root, before workers start: mkdir -p dir
    // (the store directory 0700, parents 0755) without following symlinks
    // that root does not own; when uid >= 0, give the directory and existing
    // files to uid/gid (gid < 0 leaves the group) through O_NOFOLLOW
    // descriptors, refusing symlinks, non-regular or hard-linked files and
    // files of other users; then, as uid in a child process, check that the
    // directory and files are writable and open (create) the environment.
    // Throws StoreError naming the offending path.
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
    // A failed write (a full map, a full disk) never fails a valid session:
    // it is served with its stored activity time, the failure is kept for
    // take_write_warning(), and activity writes pause for a few seconds.
    // Times left in the future by a backward clock step are rebased (see
    // clock_stepped_back).
    // After a failed activity write, the next ones wait this long: a full
    // map must not cost every request a doomed write transaction.
    static constexpr int64_t kWritePauseSeconds = 5;
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

    // --- the accounts a session acts as ---------------------------------
    // lookup_session fills accounts with the citizen's enabled accounts as
    // the directory holds them now, and clears active_account when it is no
    // longer among them, so vneidctl's changes apply on the next request.
    // The citizen's linked accounts that are not disabled, in directory order.
    std::vector<LegacyAccount> enabled_accounts(std::string_view citizen_id);
    // The account the citizen chose last ("" if none or no longer enabled).
    std::string last_account(std::string_view citizen_id);
    enum class SwitchStatus { ok, no_session, not_linked };
    // Makes username the session's active account and remembers it as the
    // citizen's choice, in one write transaction; when that changes the
    // account, the portal cookies bound to the session go (*dropped gets
    // them, to expire in the browser).
    // not_linked: username is not an enabled account of the session's
    // citizen; nothing changes.
    SwitchStatus switch_account(std::string_view cookie, std::string_view username,
                                int64_t now, std::vector<PortalCookieBinding>* dropped);

    // --- VNeID login history per linked account (the rollout report) ------
    struct AccountLogins {
        int64_t first = 0, last = 0;  // unix seconds
        uint64_t count = 0;
    };
    // A VNeID login that starts acting as this account: at a login with an
    // active account, and at a switch to another account. Written from the
    // login thread and the switch, never on the request path.
    void record_account_login(std::string_view citizen_id, std::string_view username,
                              int64_t now);
    // Every account that ever logged in with VNeID, by (citizen id, username).
    std::map<std::pair<std::string, std::string>, AccountLogins> account_logins();

    // --- link requests: staff ask an administrator to link an account -----
    struct LinkRequest {
        std::string citizen_id, username;
        std::string name;          // as VNeID gave it: the person, verified
        int64_t requested = 0;     // unix seconds
    };
    // Records (or renews) the request; invalid_argument unless citizen_id is
    // 12 digits and username a usable account name.
    void add_link_request(const LinkRequest& request);
    std::vector<LinkRequest> link_requests();  // citizen id, then username order
    enum class RequestDecision { approve, reject };
    // Approve: links the account and drops the request, in one transaction;
    // the account is appended to the citizen's list with the display name
    // and unit of its roster entry (which goes, and whose disabled flag it
    // keeps), else with the name from VNeID, no unit, enabled. An account
    // the citizen has already is left as it is. Throws std::invalid_argument
    // (nothing changes, the request stays) when another citizen id has the
    // account. Reject: drops the request. False when there is no such request.
    bool decide_link_request(std::string_view citizen_id, std::string_view username,
                             RequestDecision decision);

    // --- self-service linking: the verified identity parked for the form ----
    // Stored under sha256 of a fresh token; returns the token (43 base64url
    // characters, like a session cookie). rec.csrf, when empty, is set to
    // base64url of 32 random bytes. Throws std::invalid_argument when
    // expires is not set, the citizen id is not 12 digits, return_url is over
    // kMaxFlowReturnBytes or the record is oversized; StoreError when the
    // map is full.
    std::string create_pending_link(PendingLink rec);
    // nullopt: a malformed token, unknown, unreadable, or over (now >
    // expires, or a clock stepped back, pending_link_record.h).
    std::optional<PendingLink> find_pending_link(std::string_view token, int64_t now);
    // Reads and deletes in one write transaction (single use); nullopt as
    // above (an unreadable or expired record is deleted all the same).
    std::optional<PendingLink> take_pending_link(std::string_view token, int64_t now);

    // --- self-service linking: attempt limits (link_limits.h) ----------------
    // One write transaction on the `counters` database (keys
    // "link:c:<citizen id>" and "link:a:<address>"): when either counter has
    // reached its max inside its window, refused and nothing changes; else
    // both go up by one (a window that is over restarts at now). Call it
    // before the portal's login is asked, so parallel posts cannot exceed the
    // limits. Throws std::invalid_argument for a citizen id that is not 12
    // digits, an address over 255 bytes, or a limit with max or window 0.
    AttemptGrant begin_link_attempt(std::string_view citizen_id, std::string_view address,
                                    const LinkLimits& limits, int64_t now);
    // The attempt does not count after all: the portal could not answer
    // (clear_citizen false: both counters go down by one), or the password
    // was right (clear_citizen true: the citizen's counter is removed, the
    // address's goes down by one). A counter whose window is over is left to
    // the sweep. Same invalid_argument as begin_link_attempt.
    void end_link_attempt(std::string_view citizen_id, std::string_view address,
                          bool clear_citizen, int64_t now);

    // --- self-service linking: who owns a legacy account; claiming one ------
    // Scans the whole directory (exact username compare; fine for 10^5
    // accounts off the event loop). The citizen's own link wins over another
    // citizen's (the directory does not forbid both). Throws
    // std::invalid_argument unless citizen_id is 12 digits and username
    // is_account_name().
    AccountOwner account_owner(std::string_view citizen_id, std::string_view username);
    // One write transaction that re-checks the owner: nobody -> the account
    // is appended to the citizen's list (display name and unit of its roster
    // entry, which goes; else display_name = name_from_vneid, no unit) and
    // nobody is returned (= claimed), or this_citizen_disabled when the
    // roster entry was disabled (linked, but disabled: the administrator's
    // mark stays). Any other owner: nothing changes, it is returned. The
    // directory is scanned under a read transaction; only if something was
    // written before the write lock came is it scanned again (at last under
    // the lock). Same invalid_argument as account_owner.
    AccountOwner claim_account(std::string_view citizen_id, std::string_view username,
                               std::string_view name_from_vneid);

    // --- the roster: portal accounts imported without an ID number ----------
    // Upserts, one transaction; throws std::invalid_argument (nothing
    // written) for a username that is not is_account_name().
    void put_roster_batch(const std::vector<RosterEntry>& entries);
    std::vector<RosterEntry> roster();  // username order; unreadable entries skipped
    std::optional<RosterEntry> roster_entry(std::string_view username);
    bool remove_roster_entry(std::string_view username);  // false: there was none

    // --- portal cookies (vneid_portal_cookies) ---------------------------
    // Binds cookies the backend issued to the session, if `account` is still
    // its active account (a response that raced a switch binds nothing).
    // Keeps the newest kMaxPortalCookieBindings values (an older value of a
    // cookie stays valid: parallel requests may each have got one); remembers each name's
    // Path/Domain for expiring strays later. Returns how many were bound.
    size_t bind_portal_cookies(std::string_view cookie, std::string_view account,
                               const std::vector<PortalCookieBinding>& issued);
    // Path and Domain the backend last set the named cookie with.
    struct CookieScope {
        std::string path, domain;
    };
    std::optional<CookieScope> portal_cookie_scope(std::string_view name);
    // destroy_session, handing back the portal cookies bound to it.
    bool end_session(std::string_view cookie, std::vector<PortalCookieBinding>* dropped);

    // --- login flows (OAuth state): single use, short-lived --------------
    // rec.expires (unix seconds) must be set. Returns the state value:
    // base64url of 32 random bytes; stored under its sha256. Admitted within
    // flow_limits (flow_limits.h): may push older flows out; throws
    // StoreError when the map is too full for flows and none can go, and
    // std::invalid_argument for an oversized record.
    std::string create_flow(FlowRecord rec);
    // Set once, before the store is used.
    void set_flow_limits(const FlowLimits& limits);
    // Reads and deletes in one write transaction; nullopt if the state is
    // malformed, unknown, already used or expired (now > expires).
    std::optional<FlowRecord> take_flow(std::string_view state, int64_t now);
    // The same, but only for the browser that started the flow: when the
    // record's binding_hash differs from binding_hash the flow is left
    // untouched (*foreign = true), so whoever else sees the callback URL
    // cannot void the real login by spending its state first.
    std::optional<FlowRecord> take_flow_bound(std::string_view state, int64_t now,
                                              std::string_view binding_hash, bool* foreign);
    // A flow taken for a callback that could not run (the thread pool was
    // full) goes back under its state, so that the same callback can be
    // retried. False: the state is malformed or is there already.
    bool restore_flow(std::string_view state, const FlowRecord& rec);
    // This browser's logins still pending (binding_hash as in FlowRecord):
    // while there are some, its binding cookie must stay.
    size_t pending_flows_of(std::string_view binding_hash, int64_t now);

    // --- account directory: 12-digit citizen id -> legacy accounts -------
    // Replaces the list; an empty list removes the entry. Throws
    // std::invalid_argument unless citizen_id is 12 digits.
    void put_accounts(std::string_view citizen_id, const std::vector<LegacyAccount>&);
    std::vector<LegacyAccount> get_accounts(std::string_view citizen_id);
    // Several citizens' lists, and roster entries (upserted, as
    // put_roster_batch), in one write transaction: all or nothing (an import
    // from the portal's user export). Every username these lists link
    // leaves the roster (put_accounts too), also one in `roster` itself.
    void put_accounts_batch(
        const std::vector<std::pair<std::string, std::vector<LegacyAccount>>>& lists,
        const std::vector<RosterEntry>& roster = {});
    // The whole directory in citizen-id order; *unreadable counts entries
    // that could not be decoded (skipped).
    std::vector<std::pair<std::string, std::vector<LegacyAccount>>> list_accounts(
        size_t* unreadable = nullptr);

    // --- maintenance, periodically from one worker ------------------------
    // Examines at most max_records sessions, flows, pending links and
    // attempt counters, continuing where the previous call stopped, and
    // deletes those expired by their own limits, counters whose window is
    // over (and unreadable ones). Scans in a read transaction and holds the write
    // lock only to delete. Also clears reader slots of dead processes.
    // Returns the number deleted. Flows' index entries are swept too, and
    // sessions whose times a backward clock step left in the future are
    // rebased. Deletes in batches that shrink on MDB_MAP_FULL, so a full
    // store empties itself once its records expire.
    size_t sweep(int64_t now, size_t max_records);

    struct SweepResult {
        size_t deleted = 0;
        size_t examined = 0;
        bool more = false;  // stopped on the time budget: call again soon
        std::chrono::microseconds longest_write{0};  // write lock held, max
    };
    // The same until `budget` of wall time is used or the pass over every
    // database is complete; the next call resumes where this one stopped.
    SweepResult sweep_for(int64_t now, std::chrono::microseconds budget);

    // Percentage of the map the data occupy (store_usage.h).
    unsigned map_used_percent();

    // Activity writes that failed since the last call, as one line for the
    // error log ("" if none).
    std::string take_write_warning();
    void sync();  // flush to disk (the env is opened without fsync per write)

    struct Stats {
        size_t sessions = 0, flows = 0, accounts = 0;
        uint64_t last_txn_id = 0;  // grows by one per committed write
        size_t pending_links = 0;  // verified identities awaiting the link form
        size_t roster = 0;         // unlinked accounts awaiting their owner
    };
    Stats stats();

    // Id of the last committed write, by any process: read from LMDB's meta
    // page without a transaction. Lets a worker's cache of verified sessions
    // notice that something (a logout, a revocation) may have changed.
    uint64_t write_generation();

    const std::string& dir() const;

 private:
    // The databases the sweep passes over, in this order.
    enum class SweepPhase { sessions, flows, flow_index, pending_links, counters };
    static SweepPhase next_phase(SweepPhase phase);
    // The live account list of rec's citizen, read in txn (see above).
    void resolve_accounts(LmdbTxn& txn, SessionRecord* rec);
    void note_account_login(LmdbTxn& txn, std::string_view citizen_id,
                            std::string_view username, int64_t now);
    // One write transaction: edit(txn, record) and, if it returns true, the
    // record written back. False: no such session (or unreadable).
    bool edit_session(std::string_view cookie,
                      const std::function<bool(LmdbTxn&, SessionRecord&)>& edit);
    // One write transaction in which the owner of username is known: edit
    // gets it and returns whether to commit. The directory is scanned under
    // a read transaction, and again when another write came in between: once
    // more so, then under the write lock (the scan is long, and the write
    // lock is every worker's).
    // other_citizen: that citizen id when the owner is another_citizen.
    void with_account_owner(std::string_view citizen_id, std::string_view username,
                            const std::function<bool(LmdbTxn&, AccountOwner,
                                                     const std::string& other_citizen)>& edit);
    struct SweepLimit;
    SweepResult sweep_bounded(int64_t now, SweepLimit& limit);
    void sweep_segment(SweepPhase phase, int64_t now, SweepLimit& limit, bool* at_end,
                       SweepResult* result);
    void note_write_failure(const std::string& what, int64_t now);
    bool writes_paused(int64_t now) const;
    // Stores value under sha256 of a fresh secret token; returns the token.
    // The hooks run in the same write transaction: before the insert (make
    // room) and after it, with the storage key (index it).
    struct InsertHooks {
        std::function<void(LmdbTxn&)> before;
        std::function<void(LmdbTxn&, const std::string& key)> after;
    };
    std::string put_under_new_token(unsigned int dbi, const std::string& value,
                                    const char* what, const InsertHooks& hooks = {});

    std::shared_ptr<LmdbEnv> env_;
    std::mutex sweep_mutex_;  // guards the resume position below
    SweepPhase sweep_phase_ = SweepPhase::sessions;
    std::string sweep_after_;  // last key examined in sweep_phase_; "" = start
    BatchSize delete_batch_;   // adapts to a full map (lmdb_batches.h)

    FlowLimits flow_limits_;

    std::atomic<int64_t> writes_paused_until_{0};  // after a failed activity write
    std::mutex warning_mutex_;                     // guards the two below
    size_t failed_writes_ = 0;
    std::string last_write_error_;
};

}  // namespace vneid::session
