#include "test_support.h"

#include <openssl/evp.h>

#include "util/utf8.h"

namespace vneid::pages::test {
namespace {

// Looks for " on<letters>=" as in onclick= or onload=.
bool has_event_handler_attribute(std::string_view html) {
    for (std::size_t pos = html.find(" on"); pos != std::string_view::npos; pos = html.find(" on", pos + 1)) {
        std::size_t i = pos + 3;
        while (i < html.size() && html[i] >= 'a' && html[i] <= 'z') ++i;
        if (i > pos + 3 && i < html.size() && html[i] == '=') return true;
    }
    return false;
}

}  // namespace

std::size_t count(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos;
         pos = haystack.find(needle, pos + needle.size())) {
        ++n;
    }
    return n;
}

std::string style_content(std::string_view html) {
    std::size_t open = html.find("<style>");
    std::size_t close = html.find("</style>");
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return "";
    open += 7;
    return std::string(html.substr(open, close - open));
}

std::string independent_style_hash(std::string_view content) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_Digest(content.data(), content.size(), digest, &digest_len, EVP_sha256(), nullptr);
    unsigned char encoded[64] = {};
    int encoded_len = EVP_EncodeBlock(encoded, digest, int(digest_len));
    return "'sha256-" + std::string(reinterpret_cast<char*>(encoded), std::size_t(encoded_len)) + "'";
}

std::vector<std::string> url_attributes(std::string_view html) {
    std::vector<std::string> urls;
    for (std::string_view attribute : {" href=\"", " src=\"", " action=\"", " srcset=\"", " poster=\""}) {
        for (std::size_t pos = html.find(attribute); pos != std::string_view::npos;
             pos = html.find(attribute, pos + 1)) {
            std::size_t start = pos + attribute.size();
            urls.emplace_back(html.substr(start, html.find('"', start) - start));
        }
    }
    return urls;
}

std::vector<std::string> page_problems(std::string_view html, std::string_view expected_lang) {
    std::vector<std::string> problems;
    auto require = [&](bool ok, const std::string& what) {
        if (!ok) problems.push_back(what);
    };
    require(html.rfind("<!DOCTYPE html>", 0) == 0, "starts with <!DOCTYPE html>");
    require(html.find("<html lang=\"" + std::string(expected_lang) + "\">") != std::string_view::npos,
            "lang attribute " + std::string(expected_lang));
    require(html.find("<meta charset=\"utf-8\">") != std::string_view::npos, "charset meta");
    require(html.find("name=\"viewport\" content=\"width=device-width, initial-scale=1\"") !=
                std::string_view::npos, "viewport meta");
    require(count(html, "<title>") == 1, "one <title>");
    require(count(html, "<h1>") == 1, "exactly one <h1>");
    require(count(html, "<main>") == 1, "one <main> landmark");
    require(count(html, "<style>") == 1, "one <style> block");
    require(html.find("<script") == std::string_view::npos, "no <script>");
    require(html.find(" style=\"") == std::string_view::npos, "no inline style attributes");
    require(!has_event_handler_attribute(html), "no inline event handlers (onclick=...)");
    require(html.find("http://") == std::string_view::npos, "no http:// reference");
    require(html.find("https://") == std::string_view::npos, "no https:// reference");
    require(html.find("@import") == std::string_view::npos, "no CSS @import");
    require(html.find("url(") == std::string_view::npos, "no CSS url()");
    require(html.find(" src=") == std::string_view::npos, "no src attributes");
    require(util::is_valid_utf8(html), "valid UTF-8");
    for (const std::string& url : url_attributes(html)) {
        bool local = url == "data:," || (!url.empty() && url[0] == '/' && (url.size() < 2 || url[1] != '/'));
        require(local, "only local or data: URLs, found \"" + url + "\"");
    }
    // Decorative SVG is hidden from screen readers.
    require(count(html, "<svg") == count(html, "aria-hidden=\"true\""), "every <svg> is aria-hidden");
    return problems;
}

}  // namespace vneid::pages::test
