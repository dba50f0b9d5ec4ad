// The account import file: CSV (RFC 4180), UTF-8 with an optional BOM, LF or
// CRLF line ends, header `citizen_id,username,display_name,unit` (optionally
// followed by `,status`, as `accounts export` writes it).
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

// Spreadsheet formula defence. A cell that starts with '=', '+', '-', '@',
// TAB or CR may be run as a formula by a spreadsheet; written out, such a
// cell gets one leading single quote ('=SUM(A1) -> '=SUM(A1)), which
// spreadsheets show as text. So that this is reversible, a cell that starts
// with quotes followed by one of those characters gets one quote more too.
// unguard_formula() undoes exactly that (strips one quote when the cell
// matches '+[=+\-@\t\r]), and leaves every other cell alone.
std::string guard_formula(std::string_view cell);
std::string unguard_formula(std::string_view cell);

// One CSV field, RFC 4180: quoted (inner quotes doubled) when it holds a
// comma, a quote, CR or LF. No formula guard: see guard_formula().
std::string csv_field(std::string_view cell);

// A whole record: fields guarded, quoted, joined by commas, ended by CRLF.
std::string csv_line(const std::vector<std::string>& cells);

}  // namespace vneidctl
