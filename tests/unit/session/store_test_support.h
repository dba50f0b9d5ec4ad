// Shared helpers for the session store tests: a fresh temp directory per
// test, and a typical staff session.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "session/session_record.h"
#include "session/session_store.h"

namespace vneid::session::testing {

class TempDir {
 public:
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "vneid-session-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

 private:
    std::string path_;
};

inline SessionRecord staff_session(const std::string& citizen_id = "001085012345") {
    SessionRecord r;
    r.citizen_id = citizen_id;
    r.name = "Nguyễn Thị Minh Khai";
    r.birth_date = "1985-03-12";
    r.level = 2;
    r.accounts = {"khai.nt", "khai.nt.tiepnhan"};
    r.active_account = "khai.nt";
    return r;
}

// The request path reads a session's accounts from the directory: link
// them there, as vneidctl would.
inline void link_accounts(Store& store, const SessionRecord& r) {
    std::vector<LegacyAccount> linked;
    for (const auto& name : r.accounts) linked.push_back({name, "", ""});
    store.put_accounts(r.citizen_id, linked);
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void expect_same(const SessionRecord& a, const SessionRecord& b) {
    EXPECT_EQ(a.citizen_id, b.citizen_id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.birth_date, b.birth_date);
    EXPECT_EQ(a.level, b.level);
    EXPECT_EQ(a.accounts, b.accounts);
    EXPECT_EQ(a.active_account, b.active_account);
    EXPECT_EQ(a.csrf_token, b.csrf_token);
    EXPECT_EQ(a.created, b.created);
    EXPECT_EQ(a.last_activity, b.last_activity);
    EXPECT_EQ(a.auth_time, b.auth_time);
    EXPECT_EQ(a.idle_timeout, b.idle_timeout);
    EXPECT_EQ(a.max_age, b.max_age);
}

}  // namespace vneid::session::testing
