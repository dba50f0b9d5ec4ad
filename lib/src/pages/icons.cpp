#include "pages/icons.h"

namespace vneid::pages::icons {

// Inline SVG in HTML needs no xmlns, so the pages contain no URL at all.
std::string_view emblem() {
    return R"svg(<svg class="emblem" viewBox="0 0 64 64" aria-hidden="true" focusable="false">)svg"
           R"svg(<path d="M32 3 56 11v19c0 15-10 25-24 31C18 55 8 45 8 30V11z" fill="#b3121f"/>)svg"
           R"svg(<path d="M32 8.5 51 15v15c0 12-7.6 20.3-19 25.6C20.6 50.3 13 42 13 30V15z" fill="none" stroke="#ffcd00" stroke-width="1.6"/>)svg"
           R"svg(<path d="M32 19l2.9 8 8.5.3-6.7 5.2 2.4 8.2-7.1-4.8-7.1 4.8 2.4-8.2-6.7-5.2 8.5-.3z" fill="#ffcd00"/>)svg"
           R"svg(</svg>)svg";
}

std::string_view id_card() {
    return R"svg(<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">)svg"
           R"svg(<rect x="2" y="4.5" width="20" height="15" rx="2.5"/><circle cx="8.5" cy="11" r="2.3"/>)svg"
           R"svg(<path d="M5 16.5c.7-1.7 2-2.6 3.5-2.6s2.8.9 3.5 2.6M14.5 10h4.5M14.5 13.5h3.5"/></svg>)svg";
}

std::string_view chevron() {
    return R"svg(<svg class="chevron" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><path d="m9 5 7 7-7 7"/></svg>)svg";
}

std::string_view error() {
    return R"svg(<svg class="status-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">)svg"
           R"svg(<circle cx="24" cy="24" r="23" fill="#fdecee"/><path d="M24 13v14" stroke="#b3121f" stroke-width="4" stroke-linecap="round"/>)svg"
           R"svg(<circle cx="24" cy="34.5" r="2.6" fill="#b3121f"/></svg>)svg";
}

// The error icon's shape in the focus blue (#0b57d0, 6.4:1 on white),
// upside down: an "i", not an alarm.
std::string_view info() {
    return R"svg(<svg class="status-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">)svg"
           R"svg(<circle cx="24" cy="24" r="23" fill="#e8f0fe"/><circle cx="24" cy="14.5" r="2.6" fill="#0b57d0"/>)svg"
           R"svg(<path d="M24 21v14" stroke="#0b57d0" stroke-width="4" stroke-linecap="round"/></svg>)svg";
}

std::string_view success() {
    return R"svg(<svg class="status-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">)svg"
           R"svg(<circle cx="24" cy="24" r="23" fill="#e5f3e9"/>)svg"
           R"svg(<path d="m15 24.5 6 6 12-13" fill="none" stroke="#1e6b34" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>)svg";
}

std::string_view sign_out() {
    return R"svg(<svg class="status-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">)svg"
           R"svg(<circle cx="24" cy="24" r="23" fill="#eef1f5"/>)svg"
           R"svg(<path d="M21 15h-5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h5M27 18l6 6-6 6M33 24H20" fill="none" stroke="#1b1f24" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>)svg";
}

}  // namespace vneid::pages::icons
