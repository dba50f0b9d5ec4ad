#include <gtest/gtest.h>

#include "pages/language.h"

namespace vneid::pages {
namespace {

struct Case {
    const char* header;
    Lang expected;
};

class NegotiateLanguage : public ::testing::TestWithParam<Case> {};

TEST_P(NegotiateLanguage, PicksExpectedLanguage) {
    EXPECT_EQ(negotiate_language(GetParam().header), GetParam().expected) << "header: " << GetParam().header;
}

INSTANTIATE_TEST_SUITE_P(
    Headers, NegotiateLanguage,
    ::testing::Values(
        // Default and plain preferences.
        Case{"", Lang::vi}, Case{"vi", Lang::vi}, Case{"en", Lang::en}, Case{"en-US", Lang::en},
        Case{"EN-gb", Lang::en}, Case{"vi-VN", Lang::vi},
        // Typical browser headers.
        Case{"en-US,en;q=0.9", Lang::en},
        Case{"vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", Lang::vi},
        Case{"en-US,en;q=0.9,vi;q=0.8", Lang::en},
        Case{"en-US;q=0.8, vi;q=0.9", Lang::vi},
        Case{"vi;q=0.5, en;q=0.6", Lang::en},
        // Ties go to Vietnamese.
        Case{"en, vi", Lang::vi}, Case{"vi;q=0.7,en;q=0.7", Lang::vi},
        // Neither language mentioned: Vietnamese.
        Case{"fr-FR,fr;q=0.9", Lang::vi}, Case{"de, ja;q=0.5", Lang::vi},
        // Wildcard covers languages not named.
        Case{"*", Lang::vi}, Case{"en, *;q=0.1", Lang::en}, Case{"*;q=0.5, vi;q=0", Lang::en},
        Case{"fr, *;q=0.5", Lang::vi},
        // q=0 means "not acceptable".
        Case{"en;q=0", Lang::vi}, Case{"en;q=0.000, vi;q=0.001", Lang::vi},
        // Whitespace and qvalue edge forms.
        Case{"  en  ;  q=1.000 ,vi;q=0.999", Lang::en}, Case{"en;Q=0.9", Lang::en},
        Case{"en;q=1.0,vi;q=1", Lang::vi},
        // Malformed elements are ignored; total garbage gives vi.
        Case{"en;q=2", Lang::vi}, Case{"en;q=1.5", Lang::vi}, Case{"en;q=0.1234", Lang::vi},
        Case{"en;q=abc", Lang::vi}, Case{"en;q=", Lang::vi}, Case{"en;foo", Lang::vi},
        Case{"english-language-too-long", Lang::vi}, Case{"e n", Lang::vi}, Case{"12, en-@@", Lang::vi},
        Case{";;;,,,===", Lang::vi}, Case{"\xff\xfe", Lang::vi}, Case{"en;q=0.9;q=x", Lang::vi},
        Case{"envi", Lang::vi}, Case{"vie, eng", Lang::vi},
        // A malformed element does not spoil the valid ones.
        Case{"garbage;q=zz, en", Lang::en}, Case{"en-US;q=0.9, vi;q=bad", Lang::en}));

TEST(LangTag, MatchesBcp47) {
    EXPECT_EQ(lang_tag(Lang::vi), "vi");
    EXPECT_EQ(lang_tag(Lang::en), "en");
}

TEST(NegotiateLanguageLong, HandlesVeryLongHeader) {
    std::string header;
    for (int i = 0; i < 10000; ++i) header += "fr;q=0.1,";
    header += "en";
    EXPECT_EQ(negotiate_language(header), Lang::en);
}

}  // namespace
}  // namespace vneid::pages
