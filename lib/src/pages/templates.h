// Operator overrides of the built-in pages (the `vneid_templates DIR`
// directive). A directory may hold login.html, error.html, logged_out.html,
// logout.html, accounts.html and no_account.html, each optionally per
// language (login.en.html wins over login.html for English). A page without
// a file uses the built-in design.
//
// Syntax: {{name}} inserts an HTML-escaped value; {{#name}}...{{/name}} keeps
// its content only when the value is non-empty, {{^name}}...{{/name}} only
// when it is empty. {{stylesheet}} and {{emblem}} insert the built-in <style>
// element and header mark, {{accounts_form}} the chooser's built-in form
// (templates have no loops), all unescaped. Files are checked when nginx
// loads its configuration, so mistakes fail `nginx -t` instead of showing at
// login.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pages/language.h"

namespace vneid::pages {

enum class PageId { login, error, logged_out, logout, accounts, no_account };

inline constexpr std::array<PageId, 6> kAllPageIds = {PageId::login,  PageId::error,    PageId::logged_out,
                                                      PageId::logout, PageId::accounts, PageId::no_account};

// "login", "error", "logged_out", "logout", "accounts", "no_account": the
// template file's base name.
std::string_view page_file_stem(PageId page);

// Placeholder names a page's template may use (common ones included).
const std::vector<std::string_view>& template_placeholders(PageId page);

class TemplateError : public std::runtime_error {
public:
    TemplateError(std::string path, const std::string& problem);
    // The file or directory at fault.
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

// One value offered to a template.
struct TemplateValue {
    std::string_view name;
    std::string_view text;
    bool markup = false;  // trusted built-in markup; everything else is escaped
};

class Template {
public:
    // Parses `source` for `page`; `path` only names the file in errors.
    // Throws TemplateError on unknown placeholders, unbalanced sections,
    // <script> (the CSP would block it) or placeholders inside <style>.
    static Template compile(std::string_view source, PageId page, const std::string& path);

    // Values not supplied render as empty.
    std::string render(const std::vector<TemplateValue>& values) const;

    // CSP hash-sources of the template's own inline <style> blocks.
    const std::vector<std::string>& style_hash_sources() const { return style_hashes_; }

private:
    struct Node {
        enum class Type { text, value, section, inverted_section };
        Type type;
        std::string text;  // literal text, or the placeholder name
        std::vector<Node> children;
    };
    static void render_nodes(const std::vector<Node>& nodes,
                             const std::vector<TemplateValue>& values, std::string& out);

    std::vector<Node> nodes_;
    std::vector<std::string> style_hashes_;
};

class TemplateSet {
public:
    // Reads and checks every template in `directory`. Throws TemplateError
    // naming the path when the directory is missing or unreadable, or a file
    // is unreadable, too large, not UTF-8, badly named or malformed.
    static TemplateSet load(const std::string& directory);

    // The template to use for `page` in `lang`, or nullptr for the built-in.
    const Template* find(PageId page, Lang lang) const;

    // Hash-sources of all inline <style> blocks, for the CSP.
    const std::vector<std::string>& style_hash_sources() const { return style_hashes_; }

    const std::string& directory() const { return directory_; }

private:
    // [page][variant]: variant 0 = any language, 1 = vi, 2 = en.
    std::array<std::array<std::optional<Template>, 3>, kAllPageIds.size()> slots_;
    std::vector<std::string> style_hashes_;
    std::string directory_;
};

}  // namespace vneid::pages
