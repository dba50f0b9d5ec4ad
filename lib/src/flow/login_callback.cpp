#include "flow/login_callback.h"

#include "crypto/constant_time.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "flow/account_link.h"
#include "http/query.h"
#include "identity/citizen_id.h"
#include "provider/identity_limits.h"
#include "provider/login_error.h"
#include "util/clock.h"
#include "util/control_chars.h"

namespace vneid::flow {
namespace {

pages::ErrorKind page_for(provider::LoginFailure failure) {
    using F = provider::LoginFailure;
    using K = pages::ErrorKind;
    switch (failure) {
        case F::idp_denied: return K::idp_denied;
        case F::idp_cancelled: return K::idp_cancelled;
        case F::idp_account_locked: return K::idp_account_locked;
        case F::idp_otp_exhausted: return K::idp_otp_exhausted;
        case F::idp_timeout: return K::idp_timeout;
        case F::idp_unreachable: return K::idp_unreachable;
        case F::idp_tls: return K::idp_tls;
        case F::idp_error: return K::idp_error;
        case F::idp_bad_answer: return K::idp_bad_answer;
        case F::code_rejected: return K::code_rejected;
        case F::missing_code: return K::bad_request;
        case F::identity_too_long: return K::identity_too_long;
    }
    return K::internal;
}

// One account: it. Several: the one chosen last time, unless the operator
// wants the chooser at every login ("" sends the staff member there).
std::string initial_account(session::Store& store, const GatewaySettings& settings,
                            const session::SessionRecord& rec) {
    if (rec.accounts.size() == 1) return rec.accounts.front();
    if (rec.accounts.empty() || settings.choose_always) return "";
    return store.last_account(rec.citizen_id);
}

// Values go into HTTP headers and HTML: no control characters.
std::string clean(std::string s) { return util::replace_control_chars(std::move(s), ' '); }

// The no_account page's form links the account without a second VNeID
// login; without a parked identity it simply is not offered.
void park_for_linking(session::Store& store, const session::SessionRecord& rec,
                      const std::string& return_url, int64_t now, LoginOutcome* out) {
    session::Store::PendingLink identity;
    identity.citizen_id = rec.citizen_id;
    identity.name = rec.name;
    identity.birth_date = rec.birth_date;
    identity.level = rec.level;
    identity.auth_time = now;
    identity.return_url = return_url;
    try {
        out->link_token = park_identity(store, std::move(identity), now, &out->link_csrf);
    } catch (const std::exception& e) {
        out->link_token.clear();
        out->log_detail += std::string("; the linking form is not offered: ") + e.what();
    }
}

}  // namespace

std::string new_reference() {
    static const char kHex[] = "0123456789ABCDEF";
    std::string raw = crypto::random_bytes(5), ref;
    for (unsigned char c : raw) {
        ref += kHex[c >> 4];
        ref += kHex[c & 15];
    }
    return ref;
}

LoginOutcome login_failure(pages::ErrorKind kind, std::string detail) {
    LoginOutcome out;
    out.error = kind;
    out.reference = new_reference();
    out.log_detail = std::move(detail);
    return out;
}

bool PendingLogin::check(session::Store& store, const Gateway& gateway,
                         std::string_view raw_query, std::string_view binding,
                         int min_level, int64_t now, LoginOutcome* failure) {
    (void)gateway;
    min_level_ = min_level;
    if (http::query_param_count(raw_query, "state") != 1 ||
        http::query_param_count(raw_query, "code") > 1) {
        *failure = login_failure(pages::ErrorKind::state_invalid,
                                 "callback without exactly one state (or with several codes)");
        return false;
    }
    params_ = provider::parse_callback(raw_query);
    // The binding is checked inside the same write transaction, before the
    // state is spent: a foreign browser's attempt leaves it usable.
    bool foreign = false;
    auto flow = binding.empty()
                    ? std::nullopt
                    : store.take_flow_bound(params_.state, now, crypto::sha256(binding),
                                            &foreign);
    if (!flow && (foreign || binding.empty())) {
        *failure = login_failure(pages::ErrorKind::state_invalid,
                                 "state does not belong to this browser (binding cookie "
                                 "missing or different)");
        return false;
    }
    if (!flow) {
        *failure = login_failure(pages::ErrorKind::state_invalid,
                                 "unknown, used or expired state (login took too long, "
                                 "was already completed, or the link was replayed)");
        return false;
    }
    flow_ = std::move(*flow);
    return true;
}

LoginOutcome PendingLogin::refused(pages::ErrorKind kind, std::string detail) const {
    LoginOutcome out = login_failure(kind, std::move(detail));
    out.return_url = flow_.return_url;  // the retry goes back where the login was going
    return out;
}

LoginOutcome PendingLogin::complete(session::Store& store, const Gateway& gateway,
                                    int64_t now) {
    provider::VerifiedIdentity who;
    try {
        http::CurlTransport transport(gateway.transport_options(), &cancel_);
        who = gateway.provider().complete_login(params_, flow_.redirect_uri, transport);
    } catch (const provider::LoginError& e) {
        // The glue logs "<code>: <detail>": the detail must not name the
        // code again ("idp_denied: idp_denied: ...").
        return refused(page_for(e.failure()), e.detail());
    }

    auto id_check = identity::check_citizen_id(who.citizen_id, util::year_of(now), who.birth_date);
    if (!id_check.ok()) {
        return refused(pages::ErrorKind::citizen_id_invalid,
                       std::string("citizen id rejected: ") + identity::describe(id_check.problem));
    }
    const int min_level = min_level_;
    if (who.level < min_level) {
        auto out = refused(pages::ErrorKind::level_too_low,
                           "identification level " + std::to_string(who.level) +
                               " is below vneid_min_level " + std::to_string(min_level));
        out.citizen_id = who.citizen_id;
        out.level = who.level;
        return out;
    }

    session::SessionRecord rec;
    rec.citizen_id = who.citizen_id;
    rec.name = clean(who.name);
    rec.birth_date = clean(who.birth_date);
    rec.level = who.level;
    for (const auto& account : store.enabled_accounts(who.citizen_id)) {
        rec.accounts.push_back(clean(account.username));
    }
    if (rec.accounts.empty() && gateway.settings().require_account) {
        auto out = refused(pages::ErrorKind::no_account,
                           "no enabled account is linked to this citizen id "
                           "(vneidctl accounts link / enable); no session created");
        out.citizen_id = who.citizen_id;
        out.level = who.level;
        if (offer_link_) park_for_linking(store, rec, flow_.return_url, now, &out);
        return out;
    }
    // The directory is the operator's data, but a list the request path
    // cannot carry would still make a session that only answers 503.
    std::string accounts_problem = provider::accounts_problem(rec.accounts);
    if (!accounts_problem.empty()) {
        auto out = refused(pages::ErrorKind::identity_too_long,
                           "account directory: " + accounts_problem +
                               "; shorten the linked accounts (vneidctl accounts)");
        out.citizen_id = who.citizen_id;
        out.level = who.level;
        return out;
    }
    rec.active_account = initial_account(store, gateway.settings(), rec);
    rec.auth_time = now;
    rec.idle_timeout = gateway.settings().idle_timeout;
    rec.max_age = gateway.settings().max_age;

    const bool out_chooses = rec.active_account.empty() && !rec.accounts.empty();
    LoginOutcome out;
    out.ok = true;
    const std::string active = rec.active_account;
    out.cookie = store.create_session(std::move(rec), now);  // a fresh id: no fixation
    try {
        if (!active.empty()) store.record_account_login(who.citizen_id, active, now);
    } catch (const session::StoreError&) {
        // the report misses one login; the staff member must not (a full store)
    }
    out.return_url = flow_.return_url;
    out.citizen_id = who.citizen_id;
    out.level = who.level;
    out.choose_account = out_chooses;
    return out;
}

bool PendingLogin::put_back(session::Store& store) const {
    return !params_.state.empty() && flow_.expires != 0 &&
           store.restore_flow(params_.state, flow_);
}

}  // namespace vneid::flow
