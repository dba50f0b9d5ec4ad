// Loading a vneid_templates directory at nginx configuration time.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "pages/templates.h"
#include "util/utf8.h"

namespace vneid::pages {
namespace {

namespace fs = std::filesystem;

// Far above any sensible page; stops a wrong path (a log file, a disk image)
// from being read into every worker.
constexpr std::uintmax_t kMaxTemplateBytes = 256 * 1024;

// slots_ is indexed by the PageId value.
constexpr bool page_ids_are_dense() {
    for (std::size_t i = 0; i < kAllPageIds.size(); ++i) {
        if (static_cast<std::size_t>(kAllPageIds[i]) != i) return false;
    }
    return true;
}
static_assert(page_ids_are_dense(), "kAllPageIds lists every PageId in order");

struct FileRole {
    PageId page;
    int variant;  // 0 = any language, 1 = vi, 2 = en
};

// "login.html" -> {login, 0}; "login.en.html" -> {login, 2}; else nullopt.
std::optional<FileRole> role_of(const std::string& filename) {
    for (PageId page : kAllPageIds) {
        const std::string stem(page_file_stem(page));
        if (filename == stem + ".html") return FileRole{page, 0};
        if (filename == stem + ".vi.html") return FileRole{page, 1};
        if (filename == stem + ".en.html") return FileRole{page, 2};
    }
    return std::nullopt;
}

std::string expected_names() {
    std::string names;
    for (PageId page : kAllPageIds) {
        names += (names.empty() ? "" : ", ") + std::string(page_file_stem(page)) + ".html";
    }
    return names + " (optionally per language, e.g. login.en.html)";
}

std::string read_template_file(const fs::path& path) {
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw TemplateError(path.string(), "cannot be read: " + ec.message());
    if (size > kMaxTemplateBytes) {
        throw TemplateError(path.string(), "is " + std::to_string(size) + " bytes; templates are limited to " +
                                               std::to_string(kMaxTemplateBytes) + " bytes");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) throw TemplateError(path.string(), "cannot be opened (check its permissions)");
    std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw TemplateError(path.string(), "cannot be read");

    std::size_t bad = util::first_invalid_utf8(content);
    if (bad != std::string::npos) {
        throw TemplateError(path.string(), "is not valid UTF-8 (first bad byte at offset " + std::to_string(bad) +
                                               "); save it as UTF-8");
    }
    // Editors on Windows often add a byte order mark; it must not precede <!DOCTYPE>.
    if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) content.erase(0, 3);
    return content;
}

}  // namespace

TemplateSet TemplateSet::load(const std::string& directory) {
    const fs::path dir(directory);
    std::error_code ec;
    fs::file_status status = fs::status(dir, ec);
    if (ec || !fs::exists(status)) {
        throw TemplateError(directory, "directory does not exist" + (ec ? " (" + ec.message() + ")" : std::string()));
    }
    if (!fs::is_directory(status)) throw TemplateError(directory, "is not a directory");

    TemplateSet set;
    set.directory_ = directory;
    fs::directory_iterator it(dir, ec);
    if (ec) throw TemplateError(directory, "directory cannot be read: " + ec.message());

    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) throw TemplateError(directory, "directory cannot be read: " + ec.message());
        const fs::path& path = it->path();
        if (path.extension() != ".html") continue;  // notes, images, backups~ stay allowed

        std::optional<FileRole> role = role_of(path.filename().string());
        if (!role) {
            throw TemplateError(path.string(), "unknown template name; expected " + expected_names());
        }
        if (!fs::is_regular_file(it->status(ec))) throw TemplateError(path.string(), "is not a regular file");

        Template compiled = Template::compile(read_template_file(path), role->page, path.string());
        for (const std::string& hash : compiled.style_hash_sources()) {
            if (std::find(set.style_hashes_.begin(), set.style_hashes_.end(), hash) == set.style_hashes_.end()) {
                set.style_hashes_.push_back(hash);
            }
        }
        set.slots_[static_cast<std::size_t>(role->page)][static_cast<std::size_t>(role->variant)] =
            std::move(compiled);
    }
    if (ec) throw TemplateError(directory, "directory cannot be read: " + ec.message());
    return set;
}

const Template* TemplateSet::find(PageId page, Lang lang) const {
    const auto& variants = slots_[static_cast<std::size_t>(page)];
    const std::optional<Template>& specific = variants[lang == Lang::en ? 2 : 1];
    if (specific) return &*specific;
    return variants[0] ? &*variants[0] : nullptr;
}

}  // namespace vneid::pages
