// URL checks (lib/src/http/url.h): the post-login return path, which anyone
// can put in a link to /_vneid/login, and the absolute-URL parser.
// Input: the text, used for both.
#include <string>

#include "fuzz_support.h"
#include "http/url.h"

using namespace vneid::http;

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

void check_return_path(std::string_view raw) {
    std::string path = safe_return_path(raw);
    // Either the input unchanged or the site root: never a rewritten target.
    FUZZ_CHECK(path == raw || path == "/");
    // Stays on this site: one leading '/', not "//host" or "/\host" ...
    FUZZ_CHECK(!path.empty() && path[0] == '/');
    FUZZ_CHECK(path.size() < 2 || (path[1] != '/' && path[1] != '\\'));
    // ... and nothing a browser strips or that splits the Location header.
    for (unsigned char c : path) FUZZ_CHECK(!is_control(c) && c != '\\');
    FUZZ_CHECK(safe_return_path(path) == path);
}

bool is_lower(const std::string& s) {
    for (char c : s)
        if (c >= 'A' && c <= 'Z') return false;
    return true;
}

void check_absolute(std::string_view text) {
    std::optional<Url> url = parse_absolute_http_url(text);
    if (!url) return;
    FUZZ_CHECK(url->scheme == "http" || url->scheme == "https");
    FUZZ_CHECK(!url->host.empty() && is_lower(url->host));
    FUZZ_CHECK(url->host.find_first_of("@/?#\\") == std::string::npos);
    FUZZ_CHECK(url->port >= 1 && url->port <= 65535);
    FUZZ_CHECK(!url->path_and_query.empty() && url->path_and_query[0] == '/');
    for (unsigned char c : text) FUZZ_CHECK(c > 0x20 && c < 0x7f);
    // Written back with an explicit port, it parses to the same URL.
    std::string again =
        url->scheme + "://" + url->host + ":" + std::to_string(url->port) + url->path_and_query;
    std::optional<Url> reparsed = parse_absolute_http_url(again);
    FUZZ_CHECK(reparsed && reparsed->scheme == url->scheme && reparsed->host == url->host &&
               reparsed->port == url->port && reparsed->path_and_query == url->path_and_query);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view text = in.rest();
    check_return_path(text);
    check_absolute(text);
    return 0;
}
