// What the page wrappers share: the operator's templates and the language.
#pragma once

#include <string_view>

#include "facade/gateway_handle.h"
#include "pages/language.h"
#include "pages/templates.h"

namespace vneid::facade {

inline const pages::TemplateSet* templates_of(const vneid_gateway_t* gw) {
    return gw ? gw->gateway->templates() : nullptr;
}

inline pages::Lang lang_of(const char* accept_language, size_t len) {
    return pages::negotiate_language(accept_language ? std::string_view(accept_language, len)
                                                     : std::string_view());
}

}  // namespace vneid::facade
