// extern "C" wrappers: choosing and switching the account a session acts as.
#include "facade/account_support.h"
#include "facade/c_api_support.h"
#include "facade/link_support.h"
#include "facade/page_support.h"
#include "facade/store_handle.h"
#include "http/url.h"
#include "pages/pages.h"

using namespace vneid;

namespace {

std::string_view view_of(const char* s, size_t len) {
    return s ? std::string_view(s, len) : std::string_view();
}

// The session's accounts as the chooser and the switcher show them.
pages::AccountsView accounts_view(session::Store& store, const vneid_identity_t& id,
                                  std::string_view action, std::string_view logout) {
    pages::AccountsView view;
    view.accounts = facade::account_choices(store, id.citizen_id);
    view.active = id.account;
    view.action_url = action;
    view.csrf_token = id.csrf;
    view.name = id.name;
    view.logout_url = logout;
    return view;
}

}  // namespace

extern "C" int vneid_account_switch(vneid_store_t* store, const char* cookie,
                                    size_t cookie_len, const char* account,
                                    size_t account_len, int64_t now, vneid_buf_t* expired,
                                    char* err, size_t errlen) noexcept {
    return facade::guarded(err, errlen, -1, [&] {
        std::vector<session::PortalCookieBinding> dropped;
        auto status = store->store->switch_account({cookie, cookie_len},
                                                   view_of(account, account_len), now, &dropped);
        store->recent.erase({cookie, cookie_len});
        if (facade::to_buf(facade::expiry_lines(dropped), expired) != 0) return -1;
        switch (status) {
            case session::Store::SwitchStatus::ok: return VNEID_SWITCH_OK;
            case session::Store::SwitchStatus::no_session: return VNEID_SWITCH_NO_SESSION;
            case session::Store::SwitchStatus::not_linked: return VNEID_SWITCH_NOT_LINKED;
        }
        return -1;
    });
}

extern "C" int vneid_page_accounts(const vneid_gateway_t* gw, vneid_store_t* store,
                                   const vneid_identity_t* id, const char* al, size_t al_len,
                                   const char* action, size_t action_len,
                                   const char* return_path, size_t return_len,
                                   const char* logout, size_t logout_len,
                                   vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        auto view = accounts_view(*store->store, *id, view_of(action, action_len),
                                  view_of(logout, logout_len));
        view.return_path = http::safe_return_path(view_of(return_path, return_len));
        return facade::to_buf(pages::render_accounts(facade::lang_of(al, al_len), view,
                                                     facade::templates_of(gw)),
                              out);
    });
}

extern "C" int vneid_switcher_html(vneid_store_t* store, const vneid_identity_t* id,
                                   const char* al, size_t al_len, const char* action,
                                   size_t action_len, const char* logout, size_t logout_len,
                                   vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        auto view = accounts_view(*store->store, *id, view_of(action, action_len),
                                  view_of(logout, logout_len));
        view.return_path = "/";  // the new account starts at the portal's front page
        return facade::to_buf(pages::render_switcher(facade::lang_of(al, al_len), view), out);
    });
}

extern "C" int vneid_no_account_page(const vneid_gateway_t* gw, const char* al, size_t al_len,
                                     const vneid_no_account_page_t* page,
                                     vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        auto lang = facade::lang_of(al, al_len);
        std::string ref = page->reference ? page->reference : "";
        std::string body;
        if (page->json) {
            body = pages::render_error_json(lang, pages::ErrorKind::no_account, ref);
        } else {
            pages::NoAccountParams params;
            params.citizen_id = page->citizen_id ? page->citizen_id : "";
            params.support_contact = view_of(page->contact, page->contact_len);
            params.reference_id = ref;
            params.retry_url = view_of(page->retry_url, page->retry_len);
            params.switch_url = view_of(page->switch_url, page->switch_len);
            if (page->link) params.link = facade::link_form_view(*page->link);
            body = pages::render_no_account(lang, params, facade::templates_of(gw));
        }
        if (facade::to_buf(body, out) != 0) return -1;
        return pages::error_info(pages::ErrorKind::no_account).http_status;
    });
}

extern "C" int vneid_account_required_json(const char* al, size_t al_len,
                                           const char* accounts_url, size_t url_len,
                                           vneid_buf_t* out) noexcept {
    return facade::guarded(nullptr, 0, -1, [&] {
        return facade::to_buf(pages::render_account_required_json(facade::lang_of(al, al_len),
                                                                  view_of(accounts_url, url_len)),
                              out);
    });
}
