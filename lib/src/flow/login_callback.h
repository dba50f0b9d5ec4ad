// /_vneid/callback in two halves: check() runs on the event loop (state and
// browser binding, no network), complete() runs on a thread-pool thread
// (token and user-info calls, identity checks, the new session).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "flow/gateway.h"
#include "pages/error_kind.h"
#include "provider/callback_params.h"
#include "session/session_store.h"

namespace vneid::flow {

struct LoginOutcome {
    bool ok = false;
    pages::ErrorKind error = pages::ErrorKind::internal;
    std::string reference;    // shown on the error page and in the log line
    std::string log_detail;   // what the operator needs; never secrets
    std::string cookie;       // new session cookie value (ok)
    std::string return_url;   // relative: where the login was going; on a failure too,
                              // once the state was accepted ("" before that)
    std::string citizen_id;   // for logs; "" when unknown
    int level = 0;
    bool choose_account = false;  // ok, several accounts, none chosen yet
    // no_account with self-service linking offered: the parked identity's
    // token (the browser's link cookie) and the form's token.
    std::string link_token, link_csrf;
};

class PendingLogin {
 public:
    // Consumes the state (single use) and checks it belongs to this browser.
    // On failure returns false with *failure filled.
    // min_level: vneid_min_level of the location serving the callback.
    bool check(session::Store& store, const Gateway& gateway, std::string_view raw_query,
               std::string_view binding, int min_level, int64_t now, LoginOutcome* failure);

    // Blocking: the IdP calls. Touches only the core, never nginx.
    LoginOutcome complete(session::Store& store, const Gateway& gateway, int64_t now);

    std::atomic<bool>& cancel_flag() { return cancel_; }

    // Where the accepted flow was going ("" before check() accepted it),
    // for a failure decided outside complete() (an exception, a full queue).
    const std::string& return_url() const { return flow_.return_url; }

    // no_account then parks the verified identity for the linking form
    // (vneid_account_link verify or request).
    void offer_link(bool on) { offer_link_ = on; }

    // The callback could not run (the thread pool was full): the state goes
    // back, so that the same callback URL can be tried again. False: it
    // could not (check() failed, or the state is there again already).
    bool put_back(session::Store& store) const;

 private:
    // A failure after the state was accepted: it knows the flow's return.
    LoginOutcome refused(pages::ErrorKind kind, std::string detail) const;

    provider::CallbackParams params_;
    session::FlowRecord flow_;
    int min_level_ = 2;
    bool offer_link_ = false;
    std::atomic<bool> cancel_{false};
};

// A short id that ties an error page to its error-log line.
std::string new_reference();

LoginOutcome login_failure(pages::ErrorKind kind, std::string detail);

}  // namespace vneid::flow
