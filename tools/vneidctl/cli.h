// What every vneidctl command uses: the errors that end a command (usage,
// help), the arguments after the subcommand, JSON output, time formatting,
// and the checks of citizen ids, usernames and text fields.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace vneidctl {

using Json = nlohmann::ordered_json;  // keys in the documented order

// Exit status: 0 ok, 2 usage or data error (nothing changed), 1 store error.
constexpr int kExitStore = 1;
constexpr int kExitUsage = 2;

// Usage or data error: message already worded for the admin.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// --help at some level: print this text, exit 0.
struct HelpRequest {
    const char* text;
};

bool is_help(const std::string& a);

// Arguments after the subcommand; --help anywhere among them wins.
struct Args {
    std::vector<std::string> items;
    size_t pos = 0;
    const char* help;

    bool done() const { return pos >= items.size(); }
    const std::string& peek() const { return items[pos]; }
    std::string next(const std::string& what) {
        if (done()) throw UsageError("missing " + what);
        return items[pos++];
    }
    void check_help() const {
        for (const auto& a : items) {
            if (is_help(a)) throw HelpRequest{help};
        }
    }
    void expect_end() const {
        if (!done()) throw UsageError("unexpected argument \"" + items[pos] + "\"");
    }
};

// Removes every `flag` among the arguments not yet read; true if any.
bool take_flag(Args& args, const std::string& flag);

// JSON text for scripts: UTF-8 kept as is, invalid bytes (a damaged record)
// replaced by U+FFFD so the output always parses.
void print_json(const Json& j);

// ---------------------------------------------------------------- time

// UTC, ISO 8601 ("2026-11-27T01:14:46Z"); "-" for 0 (never).
std::string iso_time(int64_t t);
// Local date and time, ISO 8601 with the offset ("2024-04-15T08:30:00+07:00").
std::string local_iso_time(int64_t t);
// Local date and time for tables ("2024-04-15 08:30"); "-" for 0 (never).
std::string local_short_time(int64_t t);

// ---------------------------------------------------------------- checks
// Each *_problem() returns "" when the value is fine, else the message.

// Full check for ids being added (12 digits, province code, birth year).
std::string citizen_id_problem(const std::string& id);
// Looser check for lookups and removals: any 12-digit key, so that an entry
// that no longer passes the rules can still be listed or removed. Throws
// UsageError.
void require_12_digits(const std::string& id);
std::string username_problem(const std::string& u);
std::string text_problem(const char* field, const std::string& s);

}  // namespace vneidctl
