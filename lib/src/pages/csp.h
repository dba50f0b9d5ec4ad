// Content-Security-Policy for the gateway's pages: nothing may load or run
// except the page's own hashed inline stylesheet, forms may post only to the
// gateway's origin, and no other site may frame the pages (clickjacking).
#pragma once

#include <string>
#include <string_view>

namespace vneid::pages {

class TemplateSet;

// "'sha256-<base64>'" hash-source for an inline <style> element's content.
std::string style_hash_source(std::string_view style_content);

// Policy for the built-in pages, computed once.
std::string content_security_policy();

// Policy that also allows the inline <style> blocks of operator templates
// (vneid_templates), and form submissions that end at form_origin (the
// logout form's redirect to the IdP's end-session endpoint: browsers apply
// form-action to redirects too). Equals content_security_policy() when
// templates is null and form_origin empty.
std::string content_security_policy(const TemplateSet* templates,
                                    std::string_view form_origin = {});

}  // namespace vneid::pages
