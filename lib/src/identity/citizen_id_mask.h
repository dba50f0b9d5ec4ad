// The ID number is personal data: logs and admin listings show only its ends,
// enough to tell staff apart without publishing who logged in.
#pragma once

#include <string>
#include <string_view>

namespace vneid::identity {

// "001085012345" -> "001******345": the first and last three characters,
// the rest as '*', the length kept. Shorter than 7 characters (a damaged
// record): all '*', so no more than half of it ever shows.
std::string mask_citizen_id(std::string_view id);

// "001085012345" -> "********2345": only the last four characters, the rest
// as '*', the length kept. For pages shown to the person themself (the
// no_account page): enough to recognise their own number on a shared screen
// without displaying it. Shorter than 8 characters: all '*', so no more than
// half of it ever shows.
std::string mask_citizen_id_last4(std::string_view id);

}  // namespace vneid::identity
