// vneid-sweep-bench: measures the store's sweep on a big store, the way
// nginx's worker 0 runs it (a time budget per timer tick, resuming where it
// stopped). Not run in CI; the figures go in docs/architecture.md.
//
//   vneid-sweep-bench [--sessions N] [--expired-percent P] [--budget-ms B]
//                     [--map-mb M] [--dir DIR]
//
// Creates N sessions (P% of them already past their own idle limit) in a
// fresh store, then sweeps with sweep_for(B ms) until a pass is complete and
// prints: runs, time sweeping, the full pass's wall time with nginx's 20 ms
// pause between ticks, the longest single run, the longest write-lock hold.
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "session/session_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using vneid::session::SessionRecord;
using vneid::session::Store;

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
    size_t sessions = 1000000, expired_percent = 50, budget_ms = 20, map_mb = 2048;
    std::string dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string opt = argv[i];
        const std::string val = argv[i + 1];
        if (opt == "--sessions") sessions = std::stoul(val);
        else if (opt == "--expired-percent") expired_percent = std::stoul(val);
        else if (opt == "--budget-ms") budget_ms = std::stoul(val);
        else if (opt == "--map-mb") map_mb = std::stoul(val);
        else if (opt == "--dir") dir = val;
        else {
            std::cerr << "unknown option " << opt << "\n";
            return 2;
        }
    }
    bool own_dir = dir.empty();
    if (own_dir) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "vneid-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) return 1;
        dir = tmpl;
    }
    const int64_t t0 = 1750000000;
    {
        Store store(dir, map_mb << 20);
        auto started = Clock::now();
        for (size_t i = 0; i < sessions; ++i) {
            SessionRecord r;
            r.citizen_id = "001085012345";
            r.name = "Nguyễn Văn An";
            r.birth_date = "1985-03-12";
            r.level = 2;
            r.accounts = {"canbo.an"};
            r.active_account = "canbo.an";
            r.idle_timeout = 1800;
            r.max_age = 8 * 3600;
            // The first P% idle since t0, the rest active at t0 + 3600.
            const bool expired = i * 100 < sessions * expired_percent;
            store.create_session(r, expired ? t0 : t0 + 3600);
        }
        std::printf("created %zu sessions in %.1f s; map %u%% used\n", sessions,
                    ms(Clock::now() - started) / 1000, store.map_used_percent());

        const int64_t now = t0 + 3600 + 60;  // the first group is idle > 30 min
        size_t runs = 0, deleted = 0, examined = 0;
        Clock::duration sweeping{}, longest_run{};
        std::chrono::microseconds longest_hold{0};
        Store::SweepResult r;
        do {
            auto start = Clock::now();
            r = store.sweep_for(now, std::chrono::milliseconds(budget_ms));
            auto took = Clock::now() - start;
            sweeping += took;
            if (took > longest_run) longest_run = took;
            if (r.longest_write > longest_hold) longest_hold = r.longest_write;
            deleted += r.deleted;
            examined += r.examined;
            ++runs;
        } while (r.more && runs < 10000000);
        store.sync();
        std::printf("full pass: %zu runs of %zu ms budget, examined %zu, deleted %zu\n",
                    runs, budget_ms, examined, deleted);
        std::printf("time sweeping %.0f ms; wall time with 20 ms between ticks %.1f s\n",
                    ms(sweeping), (ms(sweeping) + 20.0 * double(runs - 1)) / 1000);
        std::printf("longest run %.1f ms; longest write-lock hold %.1f ms\n",
                    ms(longest_run), double(longest_hold.count()) / 1000);
        std::printf("(the old sweep: 2,000 records per 30 s run -> %.1f hours per pass)\n",
                    double(sessions) / 2000 * 30 / 3600);
    }
    if (own_dir) std::filesystem::remove_all(dir);
    return 0;
}
