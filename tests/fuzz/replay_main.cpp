// The replay driver: runs a fuzz target's LLVMFuzzerTestOneInput over files,
// like OSS-Fuzz's StandaloneFuzzTargetMain, so every corpus and crash input
// is a regression test in the ordinary gcc build (no clang, no libFuzzer).
//
// usage: fuzz_replay_<target> PATH...   (a PATH is a file or a directory of
// files; a missing directory is skipped: most targets have no crashes/ yet)
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_under(const fs::path& path) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        out.push_back(path);
    } else if (fs::is_directory(path, ec)) {
        for (const auto& entry : fs::directory_iterator(path)) {
            // Dot files (.gitkeep) are not inputs.
            if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
                out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());  // a stable order for the log
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const fs::path& file : inputs_under(argv[i])) {
            // Named before it runs: a failing input aborts the process.
            std::printf("replay %s\n", file.c_str());
            std::fflush(stdout);
            std::ifstream in(file, std::ios::binary);
            std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            // A heap copy of exactly the input's size, as libFuzzer passes it.
            std::vector<uint8_t> data(bytes.begin(), bytes.end());
            LLVMFuzzerTestOneInput(data.data(), data.size());
            ++replayed;
        }
    }
    std::printf("replayed %zu inputs\n", replayed);
    // No input at all means a missing or misnamed corpus, not a pass.
    return replayed > 0 ? 0 : 1;
}
