#include "pages/templates.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "pages/csp.h"
#include "pages/html.h"

namespace vneid::pages {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

std::size_t find_nocase(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
    auto it = std::search(haystack.begin() + std::min(from, haystack.size()), haystack.end(),
                          needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == lower(b); });
    return it == haystack.end() ? std::string_view::npos : std::size_t(it - haystack.begin());
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string line_of(std::string_view source, std::size_t offset) {
    return "line " + std::to_string(1 + std::count(source.begin(), source.begin() + offset, '\n'));
}

bool is_tag_name_end(std::string_view s, std::size_t pos) {
    return pos >= s.size() || s[pos] == '>' || s[pos] == ' ' || s[pos] == '\t' ||
           s[pos] == '\n' || s[pos] == '\r' || s[pos] == '/';
}

// Finds "<name" as a whole tag name, case-insensitively.
std::size_t find_tag(std::string_view source, std::string_view open_tag, std::size_t from) {
    for (std::size_t pos = find_nocase(source, open_tag, from); pos != std::string_view::npos;
         pos = find_nocase(source, open_tag, pos + 1)) {
        if (is_tag_name_end(source, pos + open_tag.size())) return pos;
    }
    return std::string_view::npos;
}

// Inline scripts would be blocked by the CSP, and inline <style> is allowed
// only by hash, so both are checked here rather than failing silently later.
std::vector<std::string> check_inline_code(std::string_view source, const std::string& path) {
    if (std::size_t script = find_tag(source, "<script", 0); script != std::string_view::npos) {
        throw TemplateError(path, line_of(source, script) +
                                      ": <script> is not allowed (the gateway's Content-Security-Policy "
                                      "blocks all scripts on its pages)");
    }
    std::vector<std::string> hashes;
    for (std::size_t open = find_tag(source, "<style", 0); open != std::string_view::npos;
         open = find_tag(source, "<style", open + 1)) {
        std::size_t content_start = source.find('>', open);
        std::size_t close = content_start == std::string_view::npos
                                ? std::string_view::npos
                                : find_nocase(source, "</style", content_start);
        if (close == std::string_view::npos) {
            throw TemplateError(path, line_of(source, open) + ": <style> is not closed");
        }
        std::string_view content = source.substr(content_start + 1, close - content_start - 1);
        if (content.find("{{") != std::string_view::npos) {
            throw TemplateError(path, line_of(source, open) +
                                          ": placeholders are not allowed inside <style> (the stylesheet "
                                          "is allowed by its hash, which must not change)");
        }
        hashes.push_back(style_hash_source(content));
    }
    return hashes;
}

bool is_placeholder_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_';
    });
}

const TemplateValue* find_value(const std::vector<TemplateValue>& values, std::string_view name) {
    for (const TemplateValue& value : values) {
        if (value.name == name) return &value;
    }
    return nullptr;
}

}  // namespace

std::string_view page_file_stem(PageId page) {
    switch (page) {
        case PageId::login: return "login";
        case PageId::error: return "error";
        case PageId::logged_out: return "logged_out";
        case PageId::logout: return "logout";
        case PageId::accounts: return "accounts";
        case PageId::no_account: return "no_account";
    }
    return "";
}

const std::vector<std::string_view>& template_placeholders(PageId page) {
    static const std::vector<std::string_view> kLogin = {
        "lang", "title", "portal_name", "stylesheet", "emblem",
        "start_url", "message", "button_label", "notice"};
    static const std::vector<std::string_view> kError = {
        "lang", "title", "portal_name", "stylesheet", "emblem",
        "message", "reference", "retry_url", "retry_label", "switch_url", "switch_label",
        "code", "status"};
    static const std::vector<std::string_view> kLoggedOut = {
        "lang", "title", "portal_name", "stylesheet", "emblem",
        "message", "login_url", "login_label"};
    static const std::vector<std::string_view> kLogout = {
        "lang", "title", "portal_name", "stylesheet", "emblem",
        "message", "action_url", "csrf", "name", "submit_label", "cancel_url", "cancel_label"};
    static const std::vector<std::string_view> kAccounts = {
        "lang", "title", "portal_name", "stylesheet", "emblem",
        "message", "name", "active_account", "accounts_form", "logout_url", "logout_label"};
    static const std::vector<std::string_view> kNoAccount = {
        "lang", "title", "portal_name", "stylesheet", "emblem",
        "message", "citizen_id", "support_contact", "reference", "retry_url", "retry_label",
        "switch_url", "switch_label", "code", "status", "link_url", "link_label"};
    switch (page) {
        case PageId::login: return kLogin;
        case PageId::error: return kError;
        case PageId::logged_out: return kLoggedOut;
        case PageId::logout: return kLogout;
        case PageId::accounts: return kAccounts;
        case PageId::no_account: return kNoAccount;
    }
    return kLogin;
}

TemplateError::TemplateError(std::string path, const std::string& problem)
    : std::runtime_error("template " + path + ": " + problem), path_(std::move(path)) {}

Template Template::compile(std::string_view source, PageId page, const std::string& path) {
    Template result;
    result.style_hashes_ = check_inline_code(source, path);

    const std::vector<std::string_view>& allowed = template_placeholders(page);
    // Open sections: the node list being filled and where the section began.
    struct Open {
        std::vector<Node>* nodes;
        std::string name;
        std::size_t offset;
    };
    std::vector<Open> open;
    std::vector<Node>* current = &result.nodes_;

    std::size_t pos = 0;
    while (pos < source.size()) {
        std::size_t start = source.find("{{", pos);
        if (start == std::string_view::npos) start = source.size();
        if (start > pos) current->push_back({Node::Type::text, std::string(source.substr(pos, start - pos)), {}});
        if (start == source.size()) break;

        std::size_t end = source.find("}}", start + 2);
        if (end == std::string_view::npos) {
            throw TemplateError(path, line_of(source, start) + ": \"{{\" without closing \"}}\"");
        }
        std::string_view inner = trim(source.substr(start + 2, end - start - 2));
        pos = end + 2;

        char sigil = inner.empty() ? '\0' : inner.front();
        bool is_tag = sigil == '#' || sigil == '^' || sigil == '/';
        std::string_view name = trim(is_tag ? inner.substr(1) : inner);
        if (!is_placeholder_name(name)) {
            throw TemplateError(path, line_of(source, start) + ": malformed placeholder \"{{" +
                                          std::string(inner) + "}}\"");
        }
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string known;
            for (std::string_view a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
            throw TemplateError(path, line_of(source, start) + ": unknown placeholder {{" + std::string(name) +
                                          "}} for " + std::string(page_file_stem(page)) +
                                          " pages (known: " + known + ")");
        }

        if (sigil == '#' || sigil == '^') {
            current->push_back({sigil == '#' ? Node::Type::section : Node::Type::inverted_section,
                                std::string(name), {}});
            open.push_back({current, std::string(name), start});
            current = &current->back().children;
        } else if (sigil == '/') {
            if (open.empty() || open.back().name != name) {
                throw TemplateError(path, line_of(source, start) + ": {{/" + std::string(name) +
                                              "}} does not close an open section");
            }
            current = open.back().nodes;
            open.pop_back();
        } else {
            current->push_back({Node::Type::value, std::string(name), {}});
        }
    }
    if (!open.empty()) {
        throw TemplateError(path, line_of(source, open.back().offset) + ": section {{#" + open.back().name +
                                      "}} is never closed");
    }
    return result;
}

void Template::render_nodes(const std::vector<Node>& nodes, const std::vector<TemplateValue>& values,
                            std::string& out) {
    for (const Node& node : nodes) {
        if (node.type == Node::Type::text) {
            out += node.text;
            continue;
        }
        const TemplateValue* value = find_value(values, node.text);
        bool present = value != nullptr && !value->text.empty();
        switch (node.type) {
            case Node::Type::value:
                if (present) {
                    if (value->markup) {
                        out += value->text;
                    } else {
                        append_escaped(out, value->text);
                    }
                }
                break;
            case Node::Type::section:
                if (present) render_nodes(node.children, values, out);
                break;
            case Node::Type::inverted_section:
                if (!present) render_nodes(node.children, values, out);
                break;
            case Node::Type::text:
                break;
        }
    }
}

std::string Template::render(const std::vector<TemplateValue>& values) const {
    std::string out;
    render_nodes(nodes_, values, out);
    return out;
}

}  // namespace vneid::pages
