#include <gtest/gtest.h>

#include <random>

#include "session/flow_record.h"
#include "session/legacy_account.h"
#include "session/session_record.h"
#include "store_test_support.h"

namespace vneid::session {
namespace {

using testing::expect_same;

SessionRecord full_record() {
    SessionRecord r = testing::staff_session();
    r.csrf_token = "csrf-token-value";
    r.created = 1700000000;
    r.last_activity = 1700000100;
    r.auth_time = 1699999990;
    r.idle_timeout = 1800;
    r.max_age = 36000;
    r.level = -7;  // sign survives
    return r;
}

TEST(SessionRecordCodec, RoundTrip) {
    SessionRecord r = full_record();
    auto decoded = decode_session(encode_session(r));
    ASSERT_TRUE(decoded);
    expect_same(*decoded, r);
}

TEST(SessionRecordCodec, RoundTripEmptyAndBinaryFields) {
    SessionRecord r;
    r.name = std::string("a\0b", 3);
    r.created = INT64_MIN;
    r.last_activity = INT64_MAX;
    auto decoded = decode_session(encode_session(r));
    ASSERT_TRUE(decoded);
    expect_same(*decoded, r);
}

TEST(SessionRecordCodec, RejectsEveryTruncation) {
    std::string raw = encode_session(full_record());
    for (size_t n = 0; n < raw.size(); ++n) {
        EXPECT_FALSE(decode_session(raw.substr(0, n))) << "length " << n;
    }
}

TEST(SessionRecordCodec, RejectsVersionZeroAndTrailingBytesInVersionOne) {
    std::string raw = encode_session(full_record());
    std::string v0 = raw;
    v0[0] = 0;
    EXPECT_FALSE(decode_session(v0));
    EXPECT_FALSE(decode_session(raw + "x"));
}

TEST(SessionRecordCodec, NewerVersionWithExtraFieldsStillDecodes) {
    std::string raw = encode_session(full_record());
    raw[0] = 3;
    raw += "field added later";
    auto decoded = decode_session(raw);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->citizen_id, "001085012345");
}

TEST(SessionRecordCodec, RejectsHugeLengthsAndCounts) {
    std::string raw = encode_session(SessionRecord{});
    // citizen_id length field right after the 45-byte header
    std::string huge_len = raw;
    huge_len[45] = huge_len[46] = huge_len[47] = huge_len[48] = char(0xff);
    EXPECT_FALSE(decode_session(huge_len));
    // accounts count: after three empty strings (3 x 4 bytes)
    std::string huge_count = raw;
    for (int i = 57; i < 61; ++i) huge_count[i] = char(0xff);
    EXPECT_FALSE(decode_session(huge_count));
}

TEST(SessionRecordCodec, RandomGarbageNeverCrashes) {
    std::mt19937 rng(42);
    std::string valid = encode_session(full_record());
    for (int i = 0; i < 20000; ++i) {
        std::string s = valid;
        if (i % 2) {
            s.resize(rng() % 120);
            for (auto& c : s) c = char(rng());
        } else {
            for (int j = 0; j < 3; ++j) s[rng() % s.size()] = char(rng());
        }
        (void)decode_session(s);  // must not crash or over-read (run under ASan)
        (void)peek_session_times(s);
    }
}

TEST(SessionRecordCodec, FixedHeaderPeekAndPatch) {
    SessionRecord r = full_record();
    std::string raw = encode_session(r);
    auto t = peek_session_times(raw);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->created, r.created);
    EXPECT_EQ(t->last_activity, r.last_activity);
    EXPECT_EQ(t->idle_timeout, r.idle_timeout);
    EXPECT_EQ(t->max_age, r.max_age);
    auto patched = decode_session(with_last_activity(raw, 1800000000));
    ASSERT_TRUE(patched);
    EXPECT_EQ(patched->last_activity, 1800000000);
    EXPECT_EQ(patched->created, r.created);
    EXPECT_FALSE(peek_session_times(raw.substr(0, 44)));
}

TEST(SessionRecordCodec, ExpiryRule) {
    EXPECT_FALSE(is_expired(0, 100, 60, 0, 160));  // exactly idle_timeout: still valid
    EXPECT_TRUE(is_expired(0, 100, 60, 0, 161));
    EXPECT_FALSE(is_expired(0, 100, 0, 0, 1000000));  // no limits
    EXPECT_TRUE(is_expired(0, 1000, 0, 500, 501));
    EXPECT_FALSE(is_expired(0, 1000, 0, 500, 500));
}

TEST(FlowRecordCodec, RoundTripAndGarbage) {
    FlowRecord f{"bind", "/hoso?id=1", "https://mc.gov.vn/_vneid/callback", "nonce",
                 "verifier", 100, 700};
    std::string raw = encode_flow(f);
    auto d = decode_flow(raw);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->binding_hash, f.binding_hash);
    EXPECT_EQ(d->return_url, f.return_url);
    EXPECT_EQ(d->redirect_uri, f.redirect_uri);
    EXPECT_EQ(d->nonce, f.nonce);
    EXPECT_EQ(d->pkce_verifier, f.pkce_verifier);
    EXPECT_EQ(d->created, 100);
    EXPECT_EQ(d->expires, 700);
    EXPECT_EQ(peek_flow_expires(raw), 700);
    for (size_t n = 0; n < raw.size(); ++n) EXPECT_FALSE(decode_flow(raw.substr(0, n)));
    EXPECT_FALSE(decode_flow(raw + "z"));
    EXPECT_FALSE(peek_flow_expires(""));
}

TEST(AccountsCodec, RoundTripAndGarbage) {
    std::vector<LegacyAccount> a = {{"khai.nt", "Nguyễn Thị Minh Khai", "UBND phường Bến Nghé"},
                                    {"khai.tn", "Khai (tiếp nhận)", "Bộ phận một cửa", true}};
    std::string raw = encode_accounts(a);
    EXPECT_EQ(raw[0], 2);
    auto d = decode_accounts(raw);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 2u);
    EXPECT_EQ((*d)[1].username, "khai.tn");
    EXPECT_EQ((*d)[0].unit, "UBND phường Bến Nghé");
    EXPECT_FALSE((*d)[0].disabled);
    EXPECT_TRUE((*d)[1].disabled);
    EXPECT_EQ(encode_accounts(*d), raw);
    for (size_t n = 0; n < raw.size(); ++n) EXPECT_FALSE(decode_accounts(raw.substr(0, n)));
    EXPECT_FALSE(decode_accounts(raw + "z"));  // version 2 holds nothing after the flags
    std::string huge = raw;
    huge[1] = huge[2] = huge[3] = huge[4] = char(0xff);
    EXPECT_FALSE(decode_accounts(huge));
}

// The version-1 layout, as stored before accounts could be disabled.
std::string version1_record(const std::vector<LegacyAccount>& accounts) {
    std::string out(1, char(1));
    auto put_u32 = [&](size_t v) {
        for (int i = 0; i < 4; ++i) out += char((v >> (8 * i)) & 0xff);
    };
    put_u32(accounts.size());
    for (const auto& a : accounts) {
        for (const std::string* s : {&a.username, &a.display_name, &a.unit}) {
            put_u32(s->size());
            out += *s;
        }
    }
    return out;
}

TEST(AccountsCodec, Version1StillReadAsEnabled) {
    std::string v1 = version1_record({{"an.nv", "Nguyễn Văn An", "Một cửa"}, {"an.tp", "", ""}});
    auto d = decode_accounts(v1);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 2u);
    EXPECT_EQ((*d)[0].display_name, "Nguyễn Văn An");
    EXPECT_EQ((*d)[1].username, "an.tp");
    EXPECT_FALSE((*d)[0].disabled || (*d)[1].disabled);
    EXPECT_FALSE(decode_accounts(v1 + "z"));
}

// An older binary reads a version-2 record as version 1 plus a tail it
// ignores: the version-1 body must come first, unchanged.
TEST(AccountsCodec, Version2IsVersion1BodyPlusFlagsTail) {
    std::vector<LegacyAccount> a = {{"an.nv", "A", "U", true}, {"an.tp", "", "", false}};
    std::string v1 = version1_record(a);
    std::string v2 = encode_accounts(a);
    ASSERT_EQ(v2.size(), v1.size() + 2);
    EXPECT_EQ(v2.substr(1, v1.size() - 1), v1.substr(1));
    EXPECT_EQ(v2.substr(v1.size()), std::string("\x01\x00", 2));
}

TEST(AccountsCodec, FlagBits) {
    std::string raw = encode_accounts({{"an.nv", "", ""}});
    raw.back() = char(0x02);  // a bit version 2 does not define
    EXPECT_FALSE(decode_accounts(raw));
    // A newer version: unknown flag bits and its tail are ignored.
    raw[0] = char(3);
    raw.back() = char(0x03);
    auto d = decode_accounts(raw + "newer fields");
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 1u);
    EXPECT_TRUE((*d)[0].disabled);
    EXPECT_FALSE(decode_accounts(std::string(1, char(0)) + raw.substr(1)));  // version 0
}

TEST(AccountsCodec, EmptyList) {
    auto d = decode_accounts(encode_accounts({}));
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->empty());
}

TEST(AccountsCodec, CitizenIdFormat) {
    EXPECT_TRUE(is_citizen_id("001085012345"));
    EXPECT_FALSE(is_citizen_id("00108501234"));
    EXPECT_FALSE(is_citizen_id("0010850123456"));
    EXPECT_FALSE(is_citizen_id("00108501234a"));
    EXPECT_FALSE(is_citizen_id(""));
}

}  // namespace
}  // namespace vneid::session
