// The Accept-Language header (lib/src/pages/language.h).
// Input: the header value.
#include <string>

#include "fuzz_support.h"
#include "pages/language.h"

using namespace vneid::pages;

namespace {

bool contains_nocase(std::string_view s, std::string_view needle) {
    for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
        bool match = true;
        for (size_t k = 0; k < needle.size() && match; ++k) {
            char c = s[i + k];
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
            match = c == needle[k];
        }
        if (match) return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view header = in.rest();
    std::string text(header);
    Lang lang = negotiate_language(header);
    FUZZ_CHECK(lang_tag(lang) == "vi" || lang_tag(lang) == "en");

    // English only when the browser named English or "*".
    if (lang == Lang::en) FUZZ_CHECK(contains_nocase(header, "en") || header.find('*') != std::string_view::npos);
    // Plain "vi" (q=1) cannot be outbid: q is at most 1.
    FUZZ_CHECK(negotiate_language(text + ",vi") == Lang::vi);
    // Elements are weighed by q, not by position.
    size_t comma = header.find(',');
    if (comma != std::string_view::npos) {
        std::string swapped = text.substr(comma + 1) + "," + text.substr(0, comma);
        FUZZ_CHECK(negotiate_language(swapped) == lang);
    }
    return 0;
}
