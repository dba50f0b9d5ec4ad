#include "table.h"

#include <algorithm>
#include <cstdint>

#include "util/control_chars.h"

namespace vneidctl {

size_t display_width(const std::string& s) {
    size_t width = 0;
    for (size_t i = 0; i < s.size();) {
        const uint8_t c = uint8_t(s[i]);
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        uint32_t cp = c;
        if (len == 2 && i + 1 < s.size()) cp = ((c & 0x1F) << 6) | (uint8_t(s[i + 1]) & 0x3F);
        if (len == 3 && i + 2 < s.size()) {
            cp = ((c & 0x0F) << 12) | ((uint8_t(s[i + 1]) & 0x3F) << 6) |
                 (uint8_t(s[i + 2]) & 0x3F);
        }
        const bool combining = (cp >= 0x300 && cp <= 0x36F);
        if (!combining) ++width;
        i += len;
    }
    return width;
}

std::string printable(const std::string& s) { return vneid::util::replace_control_chars(s, '?'); }

void Table::print(std::ostream& out) const {
    std::vector<size_t> widths(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(printable(row[c])));
        }
    };
    measure(header_);
    for (const auto& r : rows_) measure(r);
    auto line = [&](const std::vector<std::string>& row) {
        std::string text;
        for (size_t c = 0; c < widths.size(); ++c) {
            const std::string cell = c < row.size() ? printable(row[c]) : "";
            text += cell;
            if (c + 1 < widths.size()) text.append(widths[c] - display_width(cell) + 2, ' ');
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out << text << '\n';
    };
    line(header_);
    for (const auto& r : rows_) line(r);
}

}  // namespace vneidctl
