// Plain-text tables for the terminal, aligned by display width (UTF-8 aware,
// so Vietnamese names line up).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace vneidctl {

class Table {
 public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    size_t size() const { return rows_.size(); }
    void print(std::ostream& out) const;

 private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

// Columns a UTF-8 string takes: code points, less combining marks.
size_t display_width(const std::string& s);

// Control characters (from a damaged or hostile record) shown as '?', so
// they cannot move the cursor or forge table rows.
std::string printable(const std::string& s);

}  // namespace vneidctl
