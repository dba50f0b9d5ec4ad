// HTML escaping, link checks and UTF-8 (lib/src/pages/html.h, lib/src/util/utf8.h): what
// every untrusted value on a page (a name from the IdP, a URL) goes through.
// Input: the text.
#include <string>

#include "fuzz_support.h"
#include "pages/html.h"
#include "util/utf8.h"

using namespace vneid::pages;
using namespace vneid::util;

namespace {

bool starts_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view text = in.rest();

    // UTF-8: the three views agree, and a valid prefix ends where the first
    // bad byte starts.
    size_t bad = first_invalid_utf8(text);
    FUZZ_CHECK(is_valid_utf8(text) == (bad == std::string_view::npos));
    if (bad != std::string_view::npos) {
        FUZZ_CHECK(bad < text.size() && utf8_sequence_length(text.substr(bad)) == 0);
        FUZZ_CHECK(is_valid_utf8(text.substr(0, bad)));
    }

    // Escaped text: valid UTF-8, no markup characters, every '&' a reference.
    std::string html = html_escape(text);
    FUZZ_CHECK(is_valid_utf8(html));
    FUZZ_CHECK(html.find_first_of("<>\"'") == std::string::npos);
    for (size_t at = html.find('&'); at != std::string::npos; at = html.find('&', at + 1)) {
        std::string_view ref = std::string_view(html).substr(at);
        FUZZ_CHECK(ref.rfind("&amp;", 0) == 0 || ref.rfind("&lt;", 0) == 0 || ref.rfind("&gt;", 0) == 0 ||
                   ref.rfind("&quot;", 0) == 0 || ref.rfind("&#39;", 0) == 0);
    }
    for (unsigned char c : html) FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
    // Valid text without markup characters or controls passes unchanged.
    if (is_valid_utf8(text) && text.find_first_of("&<>\"'") == std::string_view::npos) {
        bool controls = false;
        for (unsigned char c : text) controls = controls || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
        if (!controls) FUZZ_CHECK(html == text);
    }

    // Links: no whitespace or controls, no other host by "//" or "/\", and
    // a scheme only when it is http(s).
    if (is_safe_href(text)) {
        for (unsigned char c : text) FUZZ_CHECK(c > 0x20 && c != 0x7f);
        bool absolute = starts_nocase(text, "http://") || starts_nocase(text, "https://");
        if (!absolute) {
            FUZZ_CHECK(!(text.size() >= 2 && (text[0] == '/' || text[0] == '\\') &&
                         (text[1] == '/' || text[1] == '\\')));
            size_t colon = text.find(':');
            FUZZ_CHECK(colon == std::string_view::npos || text.find_first_of("/?#") < colon);
        }
        FUZZ_CHECK(safe_href(text) == text);
    } else {
        FUZZ_CHECK(safe_href(text).empty());
    }
    return 0;
}
