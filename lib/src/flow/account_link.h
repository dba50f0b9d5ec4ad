// Self-service linking: a VNeID login found no account (no_account), the
// verified identity was parked in a pending link, and the staff member now
// posts their legacy username (and password) from the no_account page's form.
// check() runs on the event loop (the pending record, the form token, the
// fields; a link request is recorded there and then); complete() runs on a
// thread-pool thread (who owns the account, the attempt limits, the portal's
// own login check, the claim and the new session).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/secret_text.h"
#include "flow/gateway.h"
#include "link/portal_login_check.h"
#include "pages/link_form.h"
#include "session/session_store.h"

namespace vneid::flow {

// How long the form stays usable after the VNeID login.
inline constexpr int64_t kPendingLinkSeconds = 600;

enum class LinkResult {
    linked,        // a session acting as the account: redirect to return_url
    form,          // the form as it was (GET <endpoint>link)
    requested,     // a link request recorded for an administrator
    refused,       // the portal refused the password: the form again
    fill_in,       // a field missing or unusable: the form again
    limited,       // too many attempts: retry_after
    unavailable,   // the portal could not answer; the attempt does not count
    expired,       // no pending link (never, used, or too old)
    taken,         // the account is another citizen's
    disabled,      // the account is this citizen's but disabled
    csrf_invalid,  // wrong form token or a cross-site post
    store_error,
    internal,
};

struct LinkOutcome {
    LinkResult result = LinkResult::internal;
    std::string cookie;       // linked: the new session's cookie value
    std::string return_url;   // relative: where the login was going (linked, and
                              // every answer that has the pending link)
    std::string citizen_id;   // "" when there is no pending link
    std::string username;     // as typed (never the password)
    std::string csrf;         // the pending link's form token (the form again)
    int tries_left = -1;      // refused: attempts the citizen has left
    int64_t retry_after = 0;  // limited: seconds
    std::string log_detail;   // the error-log line; never the password
};

// An outcome with nothing but its result and log line.
LinkOutcome link_outcome(LinkResult result, std::string log_detail = {});

// Parks a verified identity for the no_account page's form; returns the
// token for the browser's link cookie, *csrf the form's token.
std::string park_identity(session::Store& store, session::Store::PendingLink identity,
                          int64_t now, std::string* csrf);

class PendingAccountLink {
 public:
    // false: *early is the answer (expired, csrf_invalid, fill_in; in
    // request mode, requested). true: run complete() off the event loop.
    bool check(session::Store& store, pages::LinkMode mode, std::string_view token,
               std::string_view form_body, bool cross_site, int64_t now, LinkOutcome* early);

    // Blocking: the portal's login. Touches only the core, never nginx.
    LinkOutcome complete(session::Store& store, const Gateway& gateway,
                         const link::PortalLoginCheck& check, std::string_view address,
                         int64_t now);
    // The same over a given transport (tests script the portal's answers).
    LinkOutcome complete(session::Store& store, const GatewaySettings& settings,
                         const link::PortalLoginCheck& check, std::string_view address,
                         int64_t now, http::HttpTransport& transport);

    std::atomic<bool>& cancel_flag() { return cancel_; }

 private:
    std::string token_;
    session::Store::PendingLink pending_;
    std::string username_;
    crypto::SecretText password_;
    std::atomic<bool> cancel_{false};
};

// The answer for a pending link looked up again (GET <endpoint>link):
// expired, or form.
LinkOutcome link_form_again(session::Store& store, std::string_view token, int64_t now);

}  // namespace vneid::flow
