// vneid-session-lookup-bench: what a session costs in the store, with many
// sessions in it: creation, the request path's lookup (decoding the record,
// and validity only), and the rare lookup that writes last_activity. Built
// by CMake, never run by CTest (tests check behaviour, not timings); run it
// with scripts/bench-session-lookup, figures in docs/benchmarks.md. Moved
// here from the unit test LookupTiming.HundredThousandSessions (issue 8).
//
//   vneid-session-lookup-bench [--sessions N] [--touches T] [--rounds R]
//                              [--map-mb M] [--dir DIR]
//
// Creates N sessions (default 100000) in a fresh store, looks every one up in
// a shuffled order, R times each way (best round reported), then T lookups
// (default 10000) that are each due for their activity write. Exits 1 if any
// lookup does not find its session: the figures would mean nothing.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "session/session_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using vneid::session::LookupStatus;
using vneid::session::SessionPolicy;
using vneid::session::SessionRecord;
using vneid::session::Store;

double micros_per(Clock::duration d, size_t n) {
    return std::chrono::duration<double, std::micro>(d).count() / double(n ? n : 1);
}

SessionRecord staff_session() {
    SessionRecord r;
    r.citizen_id = "001085012345";
    r.name = "Nguyễn Thị Minh Khai";
    r.birth_date = "1985-03-12";
    r.level = 2;
    r.accounts = {"khai.nt", "khai.nt.tiepnhan"};
    r.active_account = "khai.nt";
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    size_t sessions = 100000, touches = 10000, rounds = 3, map_mb = 256;
    std::string dir;
    for (int i = 1; i < argc; i += 2) {
        const std::string opt = argv[i];
        if (opt == "-h" || opt == "--help") {
            std::cout << "usage: vneid-session-lookup-bench [--sessions N] [--touches T] "
                         "[--rounds R] [--map-mb M] [--dir DIR]\n";
            return 0;
        }
        if (i + 1 >= argc) {
            std::cerr << "vneid-session-lookup-bench: " << opt << " needs a value\n";
            return 2;
        }
        const std::string val = argv[i + 1];
        try {
            if (opt == "--sessions") sessions = std::stoul(val);
            else if (opt == "--touches") touches = std::stoul(val);
            else if (opt == "--rounds") rounds = std::max<size_t>(1, std::stoul(val));
            else if (opt == "--map-mb") map_mb = std::stoul(val);
            else if (opt == "--dir") dir = val;
            else {
                std::cerr << "vneid-session-lookup-bench: unknown option " << opt << "\n";
                return 2;
            }
        } catch (const std::exception&) {
            std::cerr << "vneid-session-lookup-bench: bad value for " << opt << ": " << val << "\n";
            return 2;
        }
    }
    touches = std::min(touches, sessions);
    bool own_dir = dir.empty();
    if (own_dir) {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "vneid-lookup-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) {
            std::perror("mkdtemp");
            return 1;
        }
        dir = tmpl;
    }

    const int64_t t0 = 1750000000;
    const SessionPolicy policy{1800, 8 * 3600, 60};
    int status = 0;
    {
        Store store(dir, map_mb << 20);
        std::vector<std::string> cookies;
        cookies.reserve(sessions);
        auto started = Clock::now();
        for (size_t i = 0; i < sessions; ++i) {
            cookies.push_back(store.create_session(staff_session(), t0));
        }
        auto created = Clock::now() - started;
        std::shuffle(cookies.begin(), cookies.end(), std::mt19937(7));

        // Within the touch interval: no writes, as on almost every request.
        auto lookup_all = [&](bool decode, size_t* found) {
            SessionRecord out;
            *found = 0;
            auto start = Clock::now();
            for (const auto& c : cookies) {
                *found += store.lookup_session(c, policy, t0 + 30, true,
                                               decode ? &out : nullptr) == LookupStatus::ok;
            }
            return Clock::now() - start;
        };
        Clock::duration best_decode = Clock::duration::max(), best_bare = best_decode;
        for (size_t r = 0; r < rounds; ++r) {
            size_t found_decode = 0, found_bare = 0;
            best_decode = std::min(best_decode, lookup_all(true, &found_decode));
            best_bare = std::min(best_bare, lookup_all(false, &found_bare));
            if (found_decode != sessions || found_bare != sessions) {
                std::cerr << "vneid-session-lookup-bench: found " << found_decode << " and "
                          << found_bare << " of " << sessions << " sessions\n";
                status = 1;
            }
        }
        // Every one of these is due for its activity write (the rare path).
        size_t touched = 0;
        auto start = Clock::now();
        for (size_t i = 0; i < touches; ++i) {
            touched += store.lookup_session(cookies[i], policy, t0 + 120, true, nullptr) ==
                       LookupStatus::ok;
        }
        auto touching = Clock::now() - start;
        if (touched != touches) {
            std::cerr << "vneid-session-lookup-bench: touched " << touched << " of " << touches
                      << "\n";
            status = 1;
        }

        std::printf("sessions in the store:          %zu (map %u%% of %zu MB used)\n",
                    store.stats().sessions, store.map_used_percent(), map_mb);
        std::printf("create:                         %.2f us/session\n",
                    micros_per(created, sessions));
        std::printf("lookup, decode the record:      %.2f us (best of %zu rounds)\n",
                    micros_per(best_decode, sessions), rounds);
        std::printf("lookup, validity only:          %.2f us (best of %zu rounds)\n",
                    micros_per(best_bare, sessions), rounds);
        std::printf("lookup with its activity write: %.2f us (%zu lookups)\n",
                    micros_per(touching, touches), touches);
    }
    if (own_dir) std::filesystem::remove_all(dir);
    return status;
}
