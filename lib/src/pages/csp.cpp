#include "pages/csp.h"

#include "crypto/hash.h"
#include "pages/stylesheet.h"
#include "pages/templates.h"
#include "util/base64.h"

namespace vneid::pages {
namespace {

std::string build_policy(std::string_view style_sources, std::string_view form_origin = {}) {
    std::string policy = "default-src 'none'; style-src ";
    policy += style_sources;
    policy += "; img-src data:; form-action 'self'";
    if (!form_origin.empty()) {
        policy += ' ';
        policy += form_origin;
    }
    policy += "; frame-ancestors 'none'; base-uri 'none'";
    return policy;
}

}  // namespace

std::string style_hash_source(std::string_view style_content) {
    return "'sha256-" + util::base64_encode(crypto::sha256(style_content)) + "'";
}

std::string content_security_policy() {
    static const std::string policy = build_policy(style_hash_source(stylesheet()));
    return policy;
}

std::string content_security_policy(const TemplateSet* templates, std::string_view form_origin) {
    if ((templates == nullptr || templates->style_hash_sources().empty()) && form_origin.empty()) {
        return content_security_policy();
    }
    std::string sources = style_hash_source(stylesheet());
    if (templates) {
        for (const std::string& source : templates->style_hash_sources()) {
            sources += ' ';
            sources += source;
        }
    }
    return build_policy(sources, form_origin);
}

}  // namespace vneid::pages
