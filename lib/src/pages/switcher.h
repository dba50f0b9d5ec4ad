// The account switcher widget ($vneid_switcher): an HTML fragment, not a
// document, that operators add to every page of the legacy portal with
//   sub_filter '</body>' '$vneid_switcher</body>';
// so staff switch accounts from the portal's own top-right corner without a
// change to its code. It has no script (a <details> menu) and carries its own
// <style> block whose selectors all start with .vneid-sw, so the portal's CSS
// and the widget's cannot affect each other's elements by class name. Every
// value is HTML-escaped, so no data can close the widget's elements ("</").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pages/account_choice.h"
#include "pages/language.h"

namespace vneid::pages {

using SwitcherParams = AccountsView;

// A <div class="vneid-sw"> with its <style>: a button-like summary naming the
// active account (or the person, if none is active) that opens a menu with
// the other accounts (one POST form, a submit button each), a link to the
// chooser page and a sign-out form. A few KB; "" is never returned.
std::string render_switcher(Lang lang, const SwitcherParams& params);

// Text of the widget's <style> element, constant: a portal that sends its own
// Content-Security-Policy must allow style_hash_source(switcher_stylesheet()).
std::string_view switcher_stylesheet();

}  // namespace vneid::pages
