// Helpers for inspecting rendered pages in the pages tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vneid::pages::test {

// Number of non-overlapping occurrences of `needle`.
std::size_t count(std::string_view haystack, std::string_view needle);

// Text between the first "<style>" and "</style>", or "" when absent.
std::string style_content(std::string_view html);

// "'sha256-<base64>'" computed with OpenSSL directly, independent of the
// library's own hash and base64 helpers.
std::string independent_style_hash(std::string_view content);

// Every href="..." / src="..." / action="..." attribute value, still escaped.
std::vector<std::string> url_attributes(std::string_view html);

// Checks shared by all built-in pages; returns a description of each failure.
std::vector<std::string> page_problems(std::string_view html, std::string_view expected_lang);

}  // namespace vneid::pages::test
