// The chooser's form, shared by the built-in page and operator templates
// ({{accounts_form}}: templates have no loops, so the list comes built).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pages/account_choice.h"
#include "pages/language.h"

namespace vneid::pages {


// <form method="post" action="..."> with the hidden "csrf" and "return"
// fields and a <ul class="accounts"> of submit buttons named "account";
// "" when there is no account. Everything escaped.
std::string accounts_form(Lang lang, const AccountsView& params);

// What names an account on screen: its display name, else its username.
std::string_view account_label(const AccountChoice& account);

// The active account's label, or "" when none is active (or it is not in the list).
std::string_view active_label(const std::vector<AccountChoice>& accounts, std::string_view active);

}  // namespace vneid::pages
