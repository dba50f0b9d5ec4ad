// The request line nginx logs for the callback (lib/src/request/log_mask.h).
// Input: any bytes, as a request line.
#include <string>

#include "fuzz_support.h"
#include "request/log_mask.h"

using namespace vneid::request;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view line(reinterpret_cast<const char*>(data), size);
    const std::string masked = mask_query_values(line, {"code", "state"});
    // The glue copies it into a buffer of the input's size.
    FUZZ_CHECK(masked.size() <= line.size());
    // What comes before the query is never touched.
    const size_t query = line.find('?');
    FUZZ_CHECK(masked.compare(0, query == std::string_view::npos ? masked.size() : query + 1,
                              line.substr(0, query == std::string_view::npos ? line.size()
                                                                             : query + 1)) == 0);
    if (query == std::string_view::npos) FUZZ_CHECK(masked == line);
    // Masking is idempotent: a masked line masks to itself.
    FUZZ_CHECK(mask_query_values(masked, {"code", "state"}) == masked);
    // Without those names in the query, nothing changes.
    if (line.find("code=") == std::string_view::npos &&
        line.find("state=") == std::string_view::npos) {
        FUZZ_CHECK(masked == line);
    }
    return 0;
}
