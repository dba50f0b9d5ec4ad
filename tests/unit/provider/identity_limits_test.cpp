// Linked accounts from the directory must fit the request path as well as
// the IdP's claims do (issue 7, item 7).
#include "provider/identity_limits.h"

#include <gtest/gtest.h>

using namespace vneid::provider;

TEST(AccountLimits, UsualListsFit) {
    EXPECT_EQ(accounts_problem({}), "");
    EXPECT_EQ(accounts_problem({"motcua.duc", "ketoan.duc"}), "");
    EXPECT_EQ(accounts_problem({std::string(kMaxAccountBytes, 'a')}), "");
}

TEST(AccountLimits, OneAccountTooLong) {
    std::string problem = accounts_problem({"ok", std::string(kMaxAccountBytes + 1, 'a')});
    EXPECT_NE(problem.find("128 bytes"), std::string::npos) << problem;
}

TEST(AccountLimits, TheJoinedListCountsItsCommas) {
    // 8 names of 127 bytes and 7 commas: 1023 bytes, exactly what fits.
    std::vector<std::string> fits(8, std::string(kMaxAccountBytes, 'a'));
    ASSERT_EQ(8 * kMaxAccountBytes + 7, kMaxAccountsBytes);
    EXPECT_EQ(accounts_problem(fits), "");
    fits.push_back("b");
    std::string problem = accounts_problem(fits);
    EXPECT_NE(problem.find("9 linked accounts take 1025 bytes"), std::string::npos) << problem;
    // empty names still take their comma
    std::vector<std::string> empties(kMaxAccountsBytes + 2, "");
    EXPECT_NE(accounts_problem(empties), "");
}
