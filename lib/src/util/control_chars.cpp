#include "util/control_chars.h"

namespace vneid::util {

bool has_control_chars(std::string_view s) {
    for (char c : s) {
        if (is_control_char(static_cast<unsigned char>(c))) return true;
    }
    return false;
}

std::string replace_control_chars(std::string s, char with) {
    for (char& c : s) {
        if (is_control_char(static_cast<unsigned char>(c))) c = with;
    }
    return s;
}

}  // namespace vneid::util
