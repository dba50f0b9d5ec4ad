// The account import file: CSV (RFC 4180), UTF-8 with an optional BOM, LF or
// CRLF line ends, header `citizen_id,username,display_name,unit`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vneidctl {

struct CsvRecord {
    size_t line = 0;  // 1-based line the record starts on
    std::vector<std::string> fields;
};

struct CsvProblem {
    size_t line = 0;
    std::string text;
};

// Splits text into records. Quoted fields may hold commas, doubled quotes and
// line breaks. Blank lines are skipped. Syntax problems (an unterminated
// quote, text after a closing quote) are appended to *problems.
std::vector<CsvRecord> parse_csv(std::string_view text, std::vector<CsvProblem>* problems);

}  // namespace vneidctl
