// Who owns a legacy account, claiming one after the portal's own login
// accepted its password, and the roster of accounts imported without an ID
// number that their owners claim.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "session/roster_record.h"
#include "session/session_store.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

constexpr int64_t kT0 = 1750000000;
const char kAn[] = "001085012345";
const char kBich[] = "079190004321";
const char kDuc[] = "040072009876";
const char kKhai[] = "Nguyễn Thị Minh Khai";

class Claims : public ::testing::Test {
 protected:
    testing::TempDir dir;
    Store store{dir.path(), size_t(16) << 20};

    std::vector<std::string> usernames(const std::string& citizen) {
        std::vector<std::string> out;
        for (const auto& a : store.get_accounts(citizen)) out.push_back(a.username);
        return out;
    }
};

TEST_F(Claims, OwnerOfAnAccount) {
    store.put_accounts(kAn, {{"an.nv", "", ""}, {"an.cu", "", "", true}});
    store.put_accounts(kBich, {{"bich.tt", "", ""}, {"An.NV.2", "", "", true}});
    EXPECT_EQ(store.account_owner(kAn, "an.nv"), AccountOwner::this_citizen);
    EXPECT_EQ(store.account_owner(kAn, "an.cu"), AccountOwner::this_citizen_disabled);
    EXPECT_EQ(store.account_owner(kAn, "bich.tt"), AccountOwner::another_citizen);
    EXPECT_EQ(store.account_owner(kAn, "An.NV.2"), AccountOwner::another_citizen);  // disabled there
    EXPECT_EQ(store.account_owner(kBich, "an.nv"), AccountOwner::another_citizen);
    EXPECT_EQ(store.account_owner(kDuc, "an.nv"), AccountOwner::another_citizen);
    // exact compare: no case folding, no prefixes, no substrings
    for (const char* other : {"AN.NV", "an", "an.n", "an.nv ", "nv", "An.NV"}) {
        EXPECT_EQ(store.account_owner(kAn, other), AccountOwner::nobody) << other;
    }
    store.put_roster_batch({{"roster.only", "Roster", "Unit"}});
    EXPECT_EQ(store.account_owner(kAn, "roster.only"), AccountOwner::nobody);
}

TEST_F(Claims, OwnBeforeAnothers) {
    // The directory does not forbid two citizens listing one name: the
    // citizen's own link is what counts for them.
    store.put_accounts(kAn, {{"shared", "", ""}});
    store.put_accounts(kBich, {{"shared", "", ""}});
    EXPECT_EQ(store.account_owner(kAn, "shared"), AccountOwner::this_citizen);
    EXPECT_EQ(store.account_owner(kBich, "shared"), AccountOwner::this_citizen);
    EXPECT_EQ(store.account_owner(kDuc, "shared"), AccountOwner::another_citizen);
}

TEST_F(Claims, ClaimAppendsWithTheVneidName) {
    store.put_accounts(kAn, {{"an.nv", "Nguyễn Văn An", "Một cửa"}});
    EXPECT_EQ(store.claim_account(kAn, "khai.nt", kKhai), AccountOwner::nobody);
    auto list = store.get_accounts(kAn);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].username, "an.nv");
    EXPECT_EQ(list[1].username, "khai.nt");
    EXPECT_EQ(list[1].display_name, kKhai);
    EXPECT_EQ(list[1].unit, "");
    EXPECT_FALSE(list[1].disabled);
    // claimed once: again, it is the citizen's already
    EXPECT_EQ(store.claim_account(kAn, "khai.nt", kKhai), AccountOwner::this_citizen);
    EXPECT_EQ(store.get_accounts(kAn).size(), 2u);
    // a citizen with no list yet gets one
    EXPECT_EQ(store.claim_account(kDuc, "duc.hm", "Hoàng Minh Đức"), AccountOwner::nobody);
    EXPECT_EQ(usernames(kDuc), std::vector<std::string>{"duc.hm"});
    EXPECT_EQ(store.enabled_accounts(kDuc).size(), 1u);
}

TEST_F(Claims, ClaimOfAnotherCitizensAccountChangesNothing) {
    store.put_accounts(kBich, {{"bich.tt", "Trần Thị Bích", "Tư pháp"}});
    store.put_accounts(kDuc, {{"duc.hm", "", "", true}});
    store.put_roster_batch({{"bich.tt", "Stale", "Roster"}});  // stale: it is linked
    EXPECT_EQ(store.claim_account(kAn, "bich.tt", kKhai), AccountOwner::another_citizen);
    EXPECT_EQ(store.claim_account(kAn, "duc.hm", kKhai), AccountOwner::another_citizen);
    EXPECT_TRUE(store.get_accounts(kAn).empty());
    EXPECT_EQ(store.get_accounts(kBich).size(), 1u);
    EXPECT_EQ(store.get_accounts(kBich)[0].display_name, "Trần Thị Bích");
    EXPECT_TRUE(store.roster_entry("bich.tt"));
    // the citizen's own disabled account is not re-enabled by a claim
    EXPECT_EQ(store.claim_account(kDuc, "duc.hm", "x"), AccountOwner::this_citizen_disabled);
    EXPECT_TRUE(store.get_accounts(kDuc)[0].disabled);
}

TEST_F(Claims, ClaimTakesNameAndUnitFromTheRoster) {
    store.put_roster_batch({{"khai.nt", "Nguyễn Thị M. Khai (portal)", "Bộ phận Một cửa"},
                            {"other", "Other", "Unit"}});
    EXPECT_EQ(store.claim_account(kAn, "khai.nt", kKhai), AccountOwner::nobody);
    auto list = store.get_accounts(kAn);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].display_name, "Nguyễn Thị M. Khai (portal)");
    EXPECT_EQ(list[0].unit, "Bộ phận Một cửa");
    EXPECT_FALSE(list[0].disabled);
    EXPECT_FALSE(store.roster_entry("khai.nt"));  // claimed: out of the roster
    EXPECT_TRUE(store.roster_entry("other"));
    EXPECT_EQ(store.stats().roster, 1u);
}

TEST_F(Claims, ADisabledRosterEntryIsLinkedDisabled) {
    store.put_roster_batch({{"khai.nt", "Khai", "Một cửa", true}});
    EXPECT_EQ(store.claim_account(kAn, "khai.nt", kKhai), AccountOwner::this_citizen_disabled);
    auto list = store.get_accounts(kAn);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_TRUE(list[0].disabled);
    EXPECT_EQ(list[0].unit, "Một cửa");
    EXPECT_FALSE(store.roster_entry("khai.nt"));
    EXPECT_TRUE(store.enabled_accounts(kAn).empty());
}

TEST_F(Claims, ParallelClaimsOfOneAccountLinkItOnce) {
    for (int round = 0; round < 10; ++round) {
        const std::string user = "shared." + std::to_string(round);
        const std::vector<std::string> citizens = {kAn, kBich, kDuc, "036088001122"};
        std::atomic<int> claimed{0}, refused{0};
        std::vector<std::thread> threads;
        for (const auto& citizen : citizens) {
            threads.emplace_back([&, citizen] {
                auto owner = store.claim_account(citizen, user, "x");
                if (owner == AccountOwner::nobody) ++claimed;
                if (owner == AccountOwner::another_citizen) ++refused;
            });
        }
        for (auto& t : threads) t.join();
        EXPECT_EQ(claimed.load(), 1);
        EXPECT_EQ(refused.load(), 3);
    }
}

TEST_F(Claims, ClaimsStayRightWhileOthersWrite) {
    // Writes between the scan and the write lock send the claim round again
    // (at last under the lock): never a second owner.
    for (int i = 0; i < 2000; ++i) {
        store.put_accounts("0010850" + std::to_string(10000 + i), {{"u" + std::to_string(i), "", ""}});
    }
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int64_t t = kT0; !stop; ++t) store.record_account_login(kDuc, "duc.hm", t);
    });
    std::thread thief([&] {
        for (int i = 0; i < 50; ++i) store.claim_account(kBich, "k" + std::to_string(i), "b");
    });
    int mine = 0;
    for (int i = 0; i < 50; ++i) {
        if (store.claim_account(kAn, "k" + std::to_string(i), "a") == AccountOwner::nobody) ++mine;
    }
    thief.join();
    stop = true;
    writer.join();
    EXPECT_EQ(mine + int(store.get_accounts(kBich).size()), 50);
    EXPECT_EQ(int(store.get_accounts(kAn).size()), mine);
    EXPECT_EQ(store.claim_account(kAn, "u1999", "a"), AccountOwner::another_citizen);
}

TEST_F(Claims, RefusesBadArguments) {
    EXPECT_THROW(store.account_owner("00108501234", "an.nv"), std::invalid_argument);
    EXPECT_THROW(store.claim_account("00108501234x", "an.nv", ""), std::invalid_argument);
    for (const std::string& bad : {std::string(), std::string("a,b"), std::string("a\nb"),
                                  std::string(128, 'a')}) {
        EXPECT_THROW(store.account_owner(kAn, bad), std::invalid_argument);
        EXPECT_THROW(store.claim_account(kAn, bad, ""), std::invalid_argument);
    }
    EXPECT_EQ(store.claim_account(kAn, std::string(127, 'a'), ""), AccountOwner::nobody);
}

// --------------------------------------------------------------- roster

TEST_F(Claims, RosterUpsertListFindRemove) {
    EXPECT_TRUE(store.roster().empty());
    store.put_roster_batch({{"zeta", "Z", "U1"}, {"alpha", "A", "U2", true}});
    store.put_roster_batch({{"zeta", "Z2", "U3"}, {"mid", "Lê Văn Giữa", ""}});
    auto all = store.roster();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].username, "alpha");  // username order
    EXPECT_TRUE(all[0].disabled);
    EXPECT_EQ(all[1].username, "mid");
    EXPECT_EQ(all[1].display_name, "Lê Văn Giữa");
    EXPECT_EQ(all[2].username, "zeta");
    EXPECT_EQ(all[2].display_name, "Z2");  // upserted
    EXPECT_EQ(all[2].unit, "U3");
    auto one = store.roster_entry("mid");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->username, "mid");
    EXPECT_FALSE(store.roster_entry("MID"));
    EXPECT_FALSE(store.roster_entry(""));
    EXPECT_TRUE(store.remove_roster_entry("mid"));
    EXPECT_FALSE(store.remove_roster_entry("mid"));
    EXPECT_FALSE(store.remove_roster_entry(""));
    EXPECT_EQ(store.stats().roster, 2u);
}

TEST_F(Claims, RosterBatchIsAllOrNothing) {
    EXPECT_THROW(store.put_roster_batch({{"good", "", ""}, {"bad,name", "", ""}}),
                 std::invalid_argument);
    EXPECT_THROW(store.put_roster_batch({{"", "", ""}}), std::invalid_argument);
    EXPECT_TRUE(store.roster().empty());
}

TEST_F(Claims, LinkingAnyOtherWayTakesAnAccountOutOfTheRoster) {
    store.put_roster_batch({{"an.nv", "A", ""}, {"duc.hm", "D", ""}, {"keep", "K", ""}});
    store.put_accounts(kAn, {{"an.nv", "", ""}});
    EXPECT_FALSE(store.roster_entry("an.nv"));
    // an import: lists and roster rows in one transaction; a name both linked
    // and listed for the roster ends up linked only
    store.put_accounts_batch({{kDuc, {{"duc.hm", "", ""}, {"both", "", ""}}}},
                             {{"both", "B", ""}, {"new", "N", ""}});
    std::vector<std::string> left;
    for (const auto& e : store.roster()) left.push_back(e.username);
    EXPECT_EQ(left, (std::vector<std::string>{"keep", "new"}));
}

TEST(RosterRecord, RoundTripsAndRejectsDamage) {
    const std::string raw = encode_roster_entry({"u", "Tên", "Đơn vị", true});
    auto e = decode_roster_entry("u", raw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->username, "u");
    EXPECT_EQ(e->display_name, "Tên");
    EXPECT_EQ(e->unit, "Đơn vị");
    EXPECT_TRUE(e->disabled);
    for (size_t n = 0; n < raw.size(); ++n) EXPECT_FALSE(decode_roster_entry("u", raw.substr(0, n)));
    EXPECT_FALSE(decode_roster_entry("u", raw + "x"));
    std::string unknown_flag = raw;
    unknown_flag.back() = char(0x03);
    EXPECT_FALSE(decode_roster_entry("u", unknown_flag));
    std::string newer = unknown_flag + "tail";
    newer[0] = 2;
    auto n = decode_roster_entry("u", newer);
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->disabled);
}

// ------------------------------------------------------ link requests

TEST_F(Claims, ApprovedRequestTakesTheRosterEntry) {
    store.add_link_request({kAn, "khai.nt", kKhai, kT0});
    store.put_roster_batch({{"khai.nt", "Khai (portal)", "Một cửa"}});
    EXPECT_TRUE(store.decide_link_request(kAn, "khai.nt", Store::RequestDecision::approve));
    auto list = store.get_accounts(kAn);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].display_name, "Khai (portal)");
    EXPECT_EQ(list[0].unit, "Một cửa");
    EXPECT_FALSE(store.roster_entry("khai.nt"));
    EXPECT_TRUE(store.link_requests().empty());
    // without a roster entry: the VNeID name, no unit
    store.add_link_request({kBich, "bich.tt", "Trần Thị Bích", kT0});
    EXPECT_TRUE(store.decide_link_request(kBich, "bich.tt", Store::RequestDecision::approve));
    EXPECT_EQ(store.get_accounts(kBich)[0].display_name, "Trần Thị Bích");
    EXPECT_FALSE(store.decide_link_request(kBich, "bich.tt", Store::RequestDecision::approve));
}

TEST_F(Claims, ApprovingAnotherCitizensAccountThrowsAndKeepsTheRequest) {
    store.put_accounts(kBich, {{"khai.nt", "", ""}});
    store.add_link_request({kAn, "khai.nt", kKhai, kT0});
    try {
        store.decide_link_request(kAn, "khai.nt", Store::RequestDecision::approve);
        ADD_FAILURE() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(kBich), std::string::npos) << e.what();
    }
    EXPECT_EQ(store.link_requests().size(), 1u);
    EXPECT_TRUE(store.get_accounts(kAn).empty());
    // rejecting it still works
    EXPECT_TRUE(store.decide_link_request(kAn, "khai.nt", Store::RequestDecision::reject));
    EXPECT_TRUE(store.link_requests().empty());
}

}  // namespace
}  // namespace vneid::session
