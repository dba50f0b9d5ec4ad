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

}  // namespace vneidctl
