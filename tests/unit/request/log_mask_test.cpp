#include "request/log_mask.h"

#include <gtest/gtest.h>

namespace vneid::request {
namespace {

TEST(LogMask, CodeAndStateValuesAreMasked) {
    EXPECT_EQ(mask_query_values("GET /_vneid/callback?code=wYXg%2BZ&state=57UXMV HTTP/1.1",
                                {"code", "state"}),
              "GET /_vneid/callback?code=***&state=*** HTTP/1.1");
}

TEST(LogMask, OtherParametersAndShortValuesKeepTheirShape) {
    EXPECT_EQ(mask_query_values("GET /cb?error=access_denied&state=ab;code=&x HTTP/1.0",
                                {"code", "state"}),
              "GET /cb?error=access_denied&state=**;code=&x HTTP/1.0");
}

TEST(LogMask, NamesCompareExactly) {
    const std::string line = "GET /cb?xcode=1234&Code=5678&code2=9 HTTP/1.1";
    EXPECT_EQ(mask_query_values(line, {"code"}), line);
}

TEST(LogMask, NoQueryOrNoVersionStillWorks) {
    EXPECT_EQ(mask_query_values("GET /cb HTTP/1.1", {"code"}), "GET /cb HTTP/1.1");
    EXPECT_EQ(mask_query_values("GET /cb?code=secret", {"code"}), "GET /cb?code=***");
    EXPECT_EQ(mask_query_values("", {"code"}), "");
}

TEST(LogMask, NeverLonger) {
    const std::string line = "GET /cb?code=a&code=bb&code=ccc&code=dddd HTTP/1.1";
    const std::string masked = mask_query_values(line, {"code"});
    EXPECT_EQ(masked, "GET /cb?code=*&code=**&code=***&code=*** HTTP/1.1");
    EXPECT_LE(masked.size(), line.size());
}

}  // namespace
}  // namespace vneid::request
