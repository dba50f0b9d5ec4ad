// Store: which legacy accounts a session may act as, and switching between
// them. The directory is read live, so an account unlinked or disabled with
// vneidctl is never sent again after the next request.
#include <algorithm>

#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

// A username goes into a comma-separated header: one that would break it
// (a comma, a control character) is never offered, whatever wrote it.
bool usable_username(std::string_view name) {
    if (name.empty()) return false;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f || c == ',') return false;
    }
    return true;
}

std::vector<LegacyAccount> enabled_in(LmdbTxn& txn, MDB_dbi db, std::string_view citizen_id) {
    std::vector<LegacyAccount> out;
    if (!is_citizen_id(citizen_id)) return out;
    auto raw = txn.get(db, citizen_id);
    auto all = raw ? decode_accounts(*raw) : std::nullopt;
    if (!all) return out;
    for (auto& account : *all) {
        if (!account.disabled && usable_username(account.username)) {
            out.push_back(std::move(account));
        }
    }
    return out;
}

bool has_username(const std::vector<LegacyAccount>& accounts, std::string_view username) {
    return std::any_of(accounts.begin(), accounts.end(),
                       [&](const LegacyAccount& a) { return a.username == username; });
}

}  // namespace

void Store::resolve_accounts(LmdbTxn& txn, SessionRecord* rec) {
    rec->accounts.clear();
    for (auto& account : enabled_in(txn, env_->dbs().accounts, rec->citizen_id)) {
        rec->accounts.push_back(std::move(account.username));
    }
    if (std::find(rec->accounts.begin(), rec->accounts.end(), rec->active_account) ==
        rec->accounts.end()) {
        rec->active_account.clear();
    }
}

std::vector<LegacyAccount> Store::enabled_accounts(std::string_view citizen_id) {
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    return enabled_in(txn, env_->dbs().accounts, citizen_id);
}

std::string Store::last_account(std::string_view citizen_id) {
    if (!is_citizen_id(citizen_id)) return "";
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    auto chosen = txn.get(env_->dbs().account_choice, citizen_id);
    if (!chosen) return "";
    auto enabled = enabled_in(txn, env_->dbs().accounts, citizen_id);
    return has_username(enabled, *chosen) ? std::string(*chosen) : "";
}

Store::SwitchStatus Store::switch_account(std::string_view cookie, std::string_view username,
                                          int64_t now,
                                          std::vector<PortalCookieBinding>* dropped) {
    SwitchStatus status = SwitchStatus::not_linked;
    bool found = edit_session(cookie, [&](LmdbTxn& txn, SessionRecord& rec) {
        if (username.empty() ||
            !has_username(enabled_in(txn, env_->dbs().accounts, rec.citizen_id), username)) {
            return false;
        }
        // The portal's session belongs to the account it was opened for; one
        // who picks the account already active keeps it.
        if (rec.active_account != username) {
            if (dropped) *dropped = std::move(rec.portal_cookies);
            rec.portal_cookies.clear();
            rec.active_account = std::string(username);
            note_account_login(txn, rec.citizen_id, username, now);
        }
        txn.put(env_->dbs().account_choice, rec.citizen_id, username);
        status = SwitchStatus::ok;
        return true;
    });
    return found ? status : SwitchStatus::no_session;
}

}  // namespace vneid::session
