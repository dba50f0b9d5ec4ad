#include "flow/account_link.h"

#include <utility>

#include "crypto/constant_time.h"
#include "http/curl_transport.h"
#include "http/query.h"
#include "identity/citizen_id_mask.h"
#include "session/legacy_account.h"
#include "session/store_error.h"

namespace vneid::flow {
namespace {

using session::kMaxUsernameBytes;

// Staff type their username by hand: surrounding spaces are a slip, not part
// of it. "" when what is left is no account name (is_account_name).
std::string clean_username(std::string_view typed) {
    while (!typed.empty() && (typed.front() == ' ' || typed.front() == '\t')) typed.remove_prefix(1);
    while (!typed.empty() && (typed.back() == ' ' || typed.back() == '\t')) typed.remove_suffix(1);
    return session::is_account_name(typed) ? std::string(typed) : std::string();
}

std::string masked(std::string_view citizen_id) {
    return identity::mask_citizen_id(citizen_id);
}

LinkOutcome outcome_for(const session::Store::PendingLink& pending, std::string_view username,
                        LinkResult result) {
    LinkOutcome out;
    out.result = result;
    out.citizen_id = pending.citizen_id;
    out.username = std::string(username);
    out.csrf = pending.csrf;
    // Every answer's retry and "another VNeID account" go back there too.
    out.return_url = pending.return_url;
    return out;
}

}  // namespace

LinkOutcome link_outcome(LinkResult result, std::string log_detail) {
    LinkOutcome out;
    out.result = result;
    out.log_detail = std::move(log_detail);
    return out;
}

std::string park_identity(session::Store& store, session::Store::PendingLink identity,
                          int64_t now, std::string* csrf) {
    identity.expires = now + kPendingLinkSeconds;
    identity.csrf.clear();  // a fresh one
    std::string token = store.create_pending_link(identity);
    auto stored = store.find_pending_link(token, now);
    if (!stored) throw session::StoreError("the pending link just written cannot be read back");
    *csrf = stored->csrf;
    return token;
}

LinkOutcome link_form_again(session::Store& store, std::string_view token, int64_t now) {
    auto pending = store.find_pending_link(token, now);
    if (!pending) return link_outcome(LinkResult::expired);
    return outcome_for(*pending, {}, LinkResult::form);
}

bool PendingAccountLink::check(session::Store& store, pages::LinkMode mode,
                               std::string_view token, std::string_view form_body,
                               bool cross_site, int64_t now, LinkOutcome* early) {
    auto pending = store.find_pending_link(token, now);
    if (!pending || mode == pages::LinkMode::off) {
        *early = link_outcome(LinkResult::expired,
                              pending ? "account linking is off (vneid_account_link off)"
                                      : "no pending link for this browser (missing, used or "
                                        "older than 10 minutes)");
        return false;
    }
    const std::string typed = http::form_param(form_body, "username").value_or("");
    username_ = clean_username(typed);

    // The token proves the form is ours; the headers, that it was posted
    // from this site.
    const std::string csrf = http::form_param(form_body, "csrf").value_or("");
    if (cross_site || !crypto::constant_time_equal(csrf, pending->csrf)) {
        *early = outcome_for(*pending, username_, LinkResult::csrf_invalid);
        early->log_detail = "link form refused for citizen " + masked(pending->citizen_id) +
                            ": missing or wrong form token, or a cross-site post";
        return false;
    }

    const bool verify = mode == pages::LinkMode::verify;
    if (verify) password_ = crypto::SecretText(http::form_param(form_body, "password").value_or(""));
    if (username_.empty() || (verify && password_.empty())) {
        *early = outcome_for(*pending, username_.empty() ? typed.substr(0, kMaxUsernameBytes)
                                                         : username_,
                             LinkResult::fill_in);
        password_.wipe();
        return false;
    }

    if (!verify) {
        store.add_link_request({pending->citizen_id, username_, pending->name, now});
        store.take_pending_link(token, now);  // single use
        *early = outcome_for(*pending, username_, LinkResult::requested);
        early->log_detail = "link request: citizen " + masked(pending->citizen_id) + " (" +
                            pending->name + ") asks for account \"" + username_ +
                            "\" (vneidctl accounts requests)";
        return false;
    }

    token_ = std::string(token);
    pending_ = std::move(*pending);
    return true;
}

LinkOutcome PendingAccountLink::complete(session::Store& store, const Gateway& gateway,
                                         const link::PortalLoginCheck& check,
                                         std::string_view address, int64_t now) {
    // The portal is on the province's own network: vneid_idp_proxy is for
    // the calls to the identity provider only.
    http::TransportOptions options = gateway.transport_options();
    options.proxy.clear();
    http::CurlTransport transport(std::move(options), &cancel_);
    return complete(store, gateway.settings(), check, address, now, transport);
}

LinkOutcome PendingAccountLink::complete(session::Store& store, const GatewaySettings& settings,
                                         const link::PortalLoginCheck& check,
                                         std::string_view address, int64_t now,
                                         http::HttpTransport& transport) {
    using Owner = session::Store::AccountOwner;
    const std::string who = "citizen " + masked(pending_.citizen_id) + ", account \"" +
                            username_ + "\"";

    switch (store.account_owner(pending_.citizen_id, username_)) {
        case Owner::another_citizen: {
            auto out = outcome_for(pending_, username_, LinkResult::taken);
            out.log_detail = "account link refused: " + who +
                             " is linked to another citizen id (no portal call)";
            return out;
        }
        case Owner::this_citizen_disabled: {
            auto out = outcome_for(pending_, username_, LinkResult::disabled);
            out.log_detail = "account link refused: " + who + " is linked but disabled";
            return out;
        }
        default:
            break;
    }

    const auto grant = store.begin_link_attempt(pending_.citizen_id, address, {}, now);
    if (!grant.allowed) {
        auto out = outcome_for(pending_, username_, LinkResult::limited);
        out.retry_after = grant.retry_after;
        out.log_detail = "account link refused: " + who + " from " + std::string(address) +
                         ": too many attempts, retry in " + std::to_string(grant.retry_after) +
                         " s";
        return out;
    }

    link::Verdict verdict = link::Verdict::unavailable;
    std::string problem;
    try {
        verdict = link::check_login(check, username_, password_.view(), transport);
    } catch (const http::TransportError& e) {
        problem = e.what();  // host and reason, never the request body
    }
    password_.wipe();

    if (verdict == link::Verdict::unavailable) {
        store.end_link_attempt(pending_.citizen_id, address, false, now);
        auto out = outcome_for(pending_, username_, LinkResult::unavailable);
        out.log_detail = "account link: the portal's login (vneid_link_verify) gave no usable "
                         "answer for " + who + (problem.empty() ? ": 5xx or 429" : ": " + problem);
        return out;
    }
    if (verdict == link::Verdict::refused) {
        auto out = outcome_for(pending_, username_, LinkResult::refused);
        out.tries_left = static_cast<int>(grant.citizen_left);
        out.log_detail = "account link refused by the portal's login: " + who + " from " +
                         std::string(address) + " (" + std::to_string(grant.citizen_left) +
                         " tries left)";
        return out;
    }

    // Accepted: the form is spent now, whatever follows (single use).
    if (!store.take_pending_link(token_, now)) {
        auto out = outcome_for(pending_, username_, LinkResult::expired);
        out.log_detail = "account link: " + who + " was checked, but the pending link was "
                         "used meanwhile (another tab)";
        return out;
    }
    const Owner claimed = store.claim_account(pending_.citizen_id, username_, pending_.name);
    if (claimed == Owner::another_citizen) {
        auto out = outcome_for(pending_, username_, LinkResult::taken);
        out.log_detail = "account link refused after the portal's check: " + who +
                         " was linked to another citizen id meanwhile";
        return out;
    }
    if (claimed == Owner::this_citizen_disabled) {
        // a roster entry the administrator disabled: linked, still disabled
        auto out = outcome_for(pending_, username_, LinkResult::disabled);
        out.log_detail = "account linked by its owner but disabled (roster): " + who +
                         "; vneidctl accounts enable to let it in";
        return out;
    }
    store.end_link_attempt(pending_.citizen_id, address, true, now);

    session::SessionRecord rec;
    rec.citizen_id = pending_.citizen_id;
    rec.name = pending_.name;
    rec.birth_date = pending_.birth_date;
    rec.level = pending_.level;
    for (const auto& account : store.enabled_accounts(pending_.citizen_id)) {
        rec.accounts.push_back(account.username);
    }
    rec.active_account = username_;
    rec.auth_time = pending_.auth_time;
    rec.idle_timeout = settings.idle_timeout;
    rec.max_age = settings.max_age;

    auto out = outcome_for(pending_, username_, LinkResult::linked);
    out.cookie = store.create_session(std::move(rec), now);
    try {
        store.record_account_login(pending_.citizen_id, username_, now);
    } catch (const session::StoreError&) {
        // the report misses one login; the staff member must not
    }
    out.return_url = pending_.return_url;
    out.log_detail = "account linked by its owner: " + who + " (" + pending_.name +
                     "), password checked by the portal's login, claimed" +
                     (claimed == Owner::this_citizen ? " already" : "") + "; session opened";
    return out;
}

}  // namespace vneid::flow
