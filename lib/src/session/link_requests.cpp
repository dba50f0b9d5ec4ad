// Store: link requests. Without a way to check a legacy password, a staff
// member whose ID number has no account asks for one; an administrator
// approves or rejects it with vneidctl. The name comes from VNeID, so the
// administrator sees who really asked.
#include <stdexcept>

#include "session/account_claim.h"
#include "session/byte_codec.h"
#include "session/lmdb_cursor.h"
#include "session/lmdb_env.h"
#include "session/lmdb_txn.h"
#include "session/session_store.h"

namespace vneid::session {
namespace {

constexpr size_t kMaxNameBytes = 255;

std::string request_key(std::string_view citizen_id, std::string_view username) {
    std::string key(citizen_id);
    key += '\0';
    key += username;
    return key;
}

std::string encode_request(const Store::LinkRequest& r) {
    ByteWriter w;
    w.u8(1);
    w.i64(r.requested);
    w.str(r.name);
    return w.take();
}

bool decode_request(std::string_view raw, Store::LinkRequest* r) {
    ByteReader reader(raw);
    uint8_t version = 0;
    return reader.u8(&version) && version >= 1 && reader.i64(&r->requested) &&
           reader.str(&r->name);
}

}  // namespace

void Store::add_link_request(const LinkRequest& request) {
    if (!is_citizen_id(request.citizen_id) || !is_account_name(request.username)) {
        throw std::invalid_argument("a link request needs a 12-digit citizen id and an account "
                                    "name without commas or control characters");
    }
    LinkRequest stored = request;
    if (stored.name.size() > kMaxNameBytes) stored.name.resize(kMaxNameBytes);
    LmdbTxn txn(*env_, LmdbTxn::read_write);
    txn.put(env_->dbs().link_requests, request_key(stored.citizen_id, stored.username),
            encode_request(stored));
    txn.commit();
}

std::vector<Store::LinkRequest> Store::link_requests() {
    std::vector<LinkRequest> out;
    LmdbTxn txn(*env_, LmdbTxn::read_only);
    LmdbCursor cursor(txn, env_->dbs().link_requests);
    std::string_view key, value;
    for (bool more = cursor.first(&key, &value); more; more = cursor.next(&key, &value)) {
        size_t nul = key.find('\0');
        LinkRequest r;
        if (nul == std::string_view::npos || !decode_request(value, &r)) continue;
        r.citizen_id = std::string(key.substr(0, nul));
        r.username = std::string(key.substr(nul + 1));
        out.push_back(std::move(r));
    }
    return out;
}

bool Store::decide_link_request(std::string_view citizen_id, std::string_view username,
                                RequestDecision decision) {
    const std::string key = request_key(citizen_id, username);
    const Databases& dbs = env_->dbs();
    LinkRequest request;
    if (decision == RequestDecision::reject) {
        LmdbTxn txn(*env_, LmdbTxn::read_write);
        auto raw = txn.get(dbs.link_requests, key);
        if (!raw || !decode_request(*raw, &request)) return false;
        txn.del(dbs.link_requests, key);
        txn.commit();
        return true;
    }
    {
        // No request, no scan of the whole directory.
        LmdbTxn txn(*env_, LmdbTxn::read_only);
        auto raw = txn.get(dbs.link_requests, key);
        if (!raw || !decode_request(*raw, &request)) return false;
    }
    bool decided = false;
    with_account_owner(citizen_id, username,
                       [&](LmdbTxn& txn, AccountOwner owner, const std::string& other) {
                           auto raw = txn.get(dbs.link_requests, key);
                           if (!raw || !decode_request(*raw, &request)) return false;
                           if (owner == AccountOwner::another_citizen) {
                               throw std::invalid_argument(
                                   "account " + std::string(username) +
                                   " is linked to another citizen id (" + other +
                                   "); nothing changed, the request stays: reject it, or "
                                   "unlink the account from " + other + " first");
                           }
                           // An account the citizen has already (maybe disabled by an
                           // administrator) stays as it is.
                           if (owner == AccountOwner::nobody) {
                               link_with_roster_entry(txn, dbs, citizen_id, username,
                                                      request.name);
                           }
                           txn.del(dbs.link_requests, key);
                           decided = true;
                           return true;
                       });
    return decided;
}

}  // namespace vneid::session
