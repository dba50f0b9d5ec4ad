// What each ErrorKind tells the staff member, in both languages.
#pragma once

#include <string>

#include "pages/error_kind.h"
#include "pages/localized.h"

namespace vneid::pages {

struct ErrorText {
    Localized title;          // short heading
    Localized message;        // what happened and what to do next
    Localized action_label;   // label of the retry button
    bool suggest_support;     // add "contact IT with the reference code if it persists"
};

const ErrorText& error_text(ErrorKind kind);

// The full sentence(s) shown under the title and sent as the JSON "message":
// the kind's message plus, where useful, the advice to contact IT.
std::string error_message(Lang lang, ErrorKind kind, bool has_reference);

}  // namespace vneid::pages
