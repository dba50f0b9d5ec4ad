// The account import file (tools/vneidctl/csv.h): CSV from the portal's user
// export. (Its UTF-8 check is util::is_valid_utf8, fuzzed by html_fuzz.)
// Input: the file's bytes.
#include <string>
#include <vector>

#include "csv.h"
#include "fuzz_support.h"

using namespace vneidctl;

namespace {

// RFC 4180 with every field quoted.
std::string write_csv(const std::vector<CsvRecord>& records, bool crlf) {
    std::string out;
    for (const CsvRecord& rec : records) {
        for (size_t i = 0; i < rec.fields.size(); ++i) {
            if (i) out += ',';
            out += '"';
            for (char c : rec.fields[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
            out += '"';
        }
        out += crlf ? "\r\n" : "\n";
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vneid_fuzz::Input in(data, size);
    std::string_view text = in.rest();

    std::vector<CsvProblem> problems;
    std::vector<CsvRecord> records = parse_csv(text, &problems);
    size_t lines = 1;
    for (char c : text) lines += c == '\n';
    size_t previous = 0;
    for (const CsvRecord& rec : records) {
        // Line numbers point into the file, in order (a bare CR after a closing
        // quote ends a record without starting a line); blank records are gone.
        FUZZ_CHECK(rec.line >= previous && rec.line >= 1 && rec.line <= lines);
        previous = rec.line;
        FUZZ_CHECK(!rec.fields.empty());
        FUZZ_CHECK(!(rec.fields.size() == 1 && rec.fields[0].empty()));
        for (const std::string& f : rec.fields) FUZZ_CHECK(f.size() <= text.size());
    }
    for (const CsvProblem& p : problems) FUZZ_CHECK(p.line >= 1 && p.line <= lines && !p.text.empty());

    // What was read, written back quoted, reads back the same.
    for (bool crlf : {false, true}) {
        std::vector<CsvProblem> again_problems;
        std::vector<CsvRecord> again = parse_csv(write_csv(records, crlf), &again_problems);
        FUZZ_CHECK(again_problems.empty());
        FUZZ_CHECK(again.size() == records.size());
        for (size_t i = 0; i < again.size(); ++i) FUZZ_CHECK(again[i].fields == records[i].fields);
    }
    return 0;
}
