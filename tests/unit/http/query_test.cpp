#include "http/query.h"

#include <gtest/gtest.h>

using vneid::http::form_encode;
using vneid::http::form_param;
using vneid::http::query_param;
using vneid::http::query_param_count;
using vneid::http::url_encode;

TEST(QueryParam, KeepsPlusAsPlus) {
    // VNeID codes are base64: a '+' turned into a space breaks the login.
    EXPECT_EQ(query_param("code=ab+cd/ef==&state=x", "code"), "ab+cd/ef==");
}

TEST(QueryParam, DecodesPercentEscapes) {
    EXPECT_EQ(query_param("code=ab%2Bcd%2F%3D%3D", "code"), "ab+cd/==");
    EXPECT_EQ(query_param("q=a%20b", "q"), "a b");
    EXPECT_EQ(query_param("q=%e1%BA%A1", "q"), "\xe1\xba\xa1");
}

TEST(QueryParam, MalformedEscapeStaysLiteral) {
    EXPECT_EQ(query_param("q=100%", "q"), "100%");
    EXPECT_EQ(query_param("q=%G1x", "q"), "%G1x");
    EXPECT_EQ(query_param("q=%4", "q"), "%4");
}

TEST(QueryParam, MissingAndEmpty) {
    EXPECT_EQ(query_param("", "code"), std::nullopt);
    EXPECT_EQ(query_param("state=x", "code"), std::nullopt);
    EXPECT_EQ(query_param("codes=1&xcode=2", "code"), std::nullopt);
    EXPECT_EQ(query_param("code=&state=x", "code"), "");
    EXPECT_EQ(query_param("code&state=x", "code"), "");
}

TEST(QueryParam, SkipsEmptyPiecesAndMatchesEncodedNames) {
    EXPECT_EQ(query_param("&&state=s&&code=c&", "code"), "c");
    EXPECT_EQ(query_param("co%64e=c", "code"), "c");
}

TEST(QueryParam, ValueMayContainEquals) {
    EXPECT_EQ(query_param("code=a=b==", "code"), "a=b==");
}

TEST(QueryParam, FirstOccurrenceWinsAndDuplicatesAreCounted) {
    const char* query = "code=first&state=s&code=second";
    EXPECT_EQ(query_param(query, "code"), "first");
    EXPECT_EQ(query_param_count(query, "code"), 2u);
    EXPECT_EQ(query_param_count(query, "state"), 1u);
    EXPECT_EQ(query_param_count(query, "error"), 0u);
    EXPECT_EQ(query_param_count("code&code=", "code"), 2u);
}

TEST(UrlEncode, KeepsOnlyUnreserved) {
    EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(url_encode("a+b c/d=e&f?"), "a%2Bb%20c%2Fd%3De%26f%3F");
    EXPECT_EQ(url_encode("https://x.vn/cb"), "https%3A%2F%2Fx.vn%2Fcb");
    EXPECT_EQ(url_encode(std::string("\x00\xff", 2)), "%00%FF");
    EXPECT_EQ(url_encode("ạ"), "%E1%BA%A1");
    EXPECT_EQ(url_encode(""), "");
}

TEST(FormEncode, JoinsEncodedPairs) {
    EXPECT_EQ(form_encode({}), "");
    EXPECT_EQ(form_encode({{"code", "a+b/c="}, {"redirect uri", "https://x/cb"}}),
              "code=a%2Bb%2Fc%3D&redirect%20uri=https%3A%2F%2Fx%2Fcb");
    EXPECT_EQ(form_encode({{"empty", ""}}), "empty=");
}

TEST(FormParam, PlusIsSpace) {
    EXPECT_EQ(form_param("account=nguyen+van+a&csrf=t", "account"), "nguyen van a");
    EXPECT_EQ(form_param("account=a%2Bb", "account"), "a+b");
    EXPECT_EQ(form_param("csrf=t", "account"), std::nullopt);
    EXPECT_EQ(form_param("x=1&x=2", "x"), "1");
}

TEST(FormParam, RoundTripsFormEncode) {
    const std::string value = "Nguyễn Văn A + B/C=D&E";
    std::string body = form_encode({{"a", "1"}, {"name", value}});
    EXPECT_EQ(form_param(body, "name"), value);
    EXPECT_EQ(query_param(body, "name"), value);  // no '+' produced by form_encode
}
