#include "csv.h"

namespace vneidctl {

std::vector<CsvRecord> parse_csv(std::string_view text, std::vector<CsvProblem>* problems) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRecord> out;
    size_t i = 0, line = 1;
    const size_t n = text.size();
    while (i < n) {
        CsvRecord rec;
        rec.line = line;
        bool bad = false;
        std::string field;
        bool record_done = false;
        while (!record_done) {
            field.clear();
            if (i < n && text[i] == '"') {
                ++i;
                bool closed = false;
                while (i < n) {
                    char c = text[i++];
                    if (c == '"') {
                        if (i < n && text[i] == '"') {
                            field += '"';
                            ++i;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        if (c == '\n') ++line;
                        field += c;
                    }
                }
                if (!closed) {
                    problems->push_back({rec.line, "unterminated quoted field"});
                    return out;
                }
                // Only a separator or the end of the line may follow.
                if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                    if (!bad) problems->push_back({line, "text after a closing quote"});
                    bad = true;
                    while (i < n && text[i] != ',' && text[i] != '\n') ++i;
                }
            } else {
                while (i < n && text[i] != ',' && text[i] != '\n') field += text[i++];
                if (!field.empty() && field.back() == '\r' && (i >= n || text[i] == '\n')) {
                    field.pop_back();
                }
            }
            rec.fields.push_back(field);
            if (i < n && text[i] == ',') {
                ++i;
                continue;
            }
            if (i < n && text[i] == '\r') ++i;
            if (i < n && text[i] == '\n') {
                ++i;
                ++line;
            }
            record_done = true;
        }
        const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
        if (!blank && !bad) out.push_back(std::move(rec));
    }
    return out;
}

namespace {

bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Quotes, then a formula character.
bool quotes_then_formula(std::string_view cell) {
    size_t i = 0;
    while (i < cell.size() && cell[i] == '\'') ++i;
    return i < cell.size() && formula_start(cell[i]);
}

}  // namespace

std::string guard_formula(std::string_view cell) {
    if (quotes_then_formula(cell)) return "'" + std::string(cell);
    return std::string(cell);
}

std::string unguard_formula(std::string_view cell) {
    if (!cell.empty() && cell[0] == '\'' && quotes_then_formula(cell)) cell.remove_prefix(1);
    return std::string(cell);
}

std::string csv_field(std::string_view cell) {
    if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(cell);
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += csv_field(guard_formula(cells[i]));
    }
    out += "\r\n";
    return out;
}

}  // namespace vneidctl
