#include "request/request_kind.h"

#include <gtest/gtest.h>

using vneid::request::is_navigation;
using vneid::request::RequestHints;

TEST(RequestKind, FetchMetadataNavigateIsAPerson) {
    RequestHints h;
    h.sec_fetch_mode = "navigate";
    h.sec_fetch_dest = "document";
    h.accept = "text/html,application/xhtml+xml";
    EXPECT_TRUE(is_navigation(h));
}

TEST(RequestKind, FetchMetadataCorsIsAProgram) {
    RequestHints h;
    h.sec_fetch_mode = "cors";
    h.accept = "text/html";  // Sec-Fetch-Mode wins over Accept
    EXPECT_FALSE(is_navigation(h));
}

TEST(RequestKind, DestWithoutModeDecides) {
    RequestHints h;
    h.sec_fetch_dest = "image";
    EXPECT_FALSE(is_navigation(h));
    h.sec_fetch_dest = "iframe";
    EXPECT_TRUE(is_navigation(h));
}

TEST(RequestKind, XRequestedWithIsAlwaysAProgram) {
    RequestHints h;
    h.sec_fetch_mode = "navigate";
    h.x_requested_with = true;
    EXPECT_FALSE(is_navigation(h));
}

TEST(RequestKind, LegacyBrowsersAskForHtml) {
    RequestHints h;
    h.accept = "TEXT/HTML;q=0.9, */*;q=0.8";
    EXPECT_TRUE(is_navigation(h));
    h.accept = "application/json";
    EXPECT_FALSE(is_navigation(h));
    h.accept = "*/*";  // curl, scripts
    EXPECT_FALSE(is_navigation(h));
}

TEST(RequestKind, NoHintsIsAProgram) {
    EXPECT_FALSE(is_navigation(RequestHints{}));
}
