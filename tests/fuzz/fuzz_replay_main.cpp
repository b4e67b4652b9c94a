// Replays files through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so that the
// normal (GCC) test run checks the seeds and the regression inputs. Arguments are files or
// directories (read recursively, in name order; names starting with '.' and README files are
// skipped); a missing directory counts as empty (a target without regressions yet).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool skipped(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.empty() || name[0] == '.' || name.rfind("README", 0) == 0;
}

void collect(const fs::path& path, std::vector<fs::path>& files) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<fs::path> inside;
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path, ec)) {
            if (entry.is_regular_file() && !skipped(entry.path())) {
                inside.push_back(entry.path());
            }
        }
        std::sort(inside.begin(), inside.end());
        files.insert(files.end(), inside.begin(), inside.end());
    } else if (fs::exists(path, ec)) {
        files.push_back(path);
    } else {
        std::fprintf(stderr, "fuzz_replay: %s does not exist, nothing to replay there\n",
                     path.string().c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        collect(argv[i], files);
    }
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "fuzz_replay: cannot read %s\n", file.string().c_str());
            return 1;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        std::fprintf(stderr, "fuzz_replay: %s (%zu bytes)\n", file.string().c_str(), bytes.size());
        std::fflush(stderr);
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("fuzz_replay: %zu inputs replayed\n", files.size());
    return 0;
}
