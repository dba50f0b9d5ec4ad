// Request header helpers (lib/src/request/header_names.h, request_kind.h):
// the identity-header prefix match that decides which client headers are
// stripped, header-value safety, and navigation vs script requests.
// Input: first line = a header name, second line = a prefix, then one line
// each for Sec-Fetch-Mode, Sec-Fetch-Dest and Accept (empty = absent), then
// a byte whose low bit is X-Requested-With.
#include <string>

#include "fuzz_support.h"
#include "request/header_names.h"
#include "request/request_kind.h"

using namespace vneid::request;

namespace {

// The spelling a CGI backend derives: X-VNeID-Name and x_vneid_name are one.
std::string cgi_form(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
        if (c == '-') c = '_';
    }
    return out;
}

std::optional<std::string_view> present(std::string_view line) {
    return line.empty() ? std::nullopt : std::optional<std::string_view>(line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view name = in.line();
    std::string_view prefix = in.line();
    RequestHints hints;
    hints.sec_fetch_mode = present(in.line());
    hints.sec_fetch_dest = present(in.line());
    hints.accept = present(in.line());
    hints.x_requested_with = in.byte() & 1;

    // A forgery in any case or with '_' for '-' is caught exactly when its
    // CGI spelling starts with the prefix's.
    bool match = header_has_prefix(name, prefix);
    std::string cgi_name = cgi_form(name), cgi_prefix = cgi_form(prefix);
    FUZZ_CHECK(match == (!prefix.empty() && cgi_name.compare(0, cgi_prefix.size(), cgi_prefix) == 0 &&
                         name.size() >= prefix.size()));
    FUZZ_CHECK(header_has_prefix(cgi_name, prefix) == match);

    bool safe = safe_header_value(name);
    FUZZ_CHECK(safe == (name.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos));

    // Fetch Metadata decides when present; scripts never get the redirect.
    bool navigation = is_navigation(hints);
    if (hints.x_requested_with) FUZZ_CHECK(!navigation);
    else if (hints.sec_fetch_mode) FUZZ_CHECK(navigation == (cgi_form(*hints.sec_fetch_mode) == "NAVIGATE"));
    return 0;
}
