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
// (vneid_templates); equals content_security_policy() when templates is null.
std::string content_security_policy(const TemplateSet* templates);

}  // namespace vneid::pages
