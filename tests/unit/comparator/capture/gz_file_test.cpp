#include "capture/gz_file.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>

#include "bytes_builder.h"

namespace sipdiff::capture {
namespace {

std::string read_all(std::FILE* f) {
    std::string out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        out.append(buf, n);
    }
    return out;
}

std::string sample_text() {
    std::string s;
    for (int i = 0; i < 20000; ++i) {
        s += "line " + std::to_string(i) + "\n";
    }
    return s;
}

void write_gzip(const std::string& path, const std::string& data) {
    gzFile gz = gzopen(path.c_str(), "wb");
    ASSERT_NE(gz, nullptr);
    ASSERT_EQ(gzwrite(gz, data.data(), static_cast<unsigned>(data.size())),
              static_cast<int>(data.size()));
    gzclose(gz);
}

TEST(GzFile, PlainFileReadAsIs) {
    const std::string path = testing::temp_path("plain.txt");
    const std::string data = sample_text();
    std::ofstream(path, std::ios::binary) << data;
    auto r = open_input(path);
    ASSERT_TRUE(std::holds_alternative<InputFile>(r));
    InputFile in = std::get<InputFile>(r);
    EXPECT_FALSE(in.gzip);
    EXPECT_EQ(read_all(in.file), data);
    std::fclose(in.file);
    std::remove(path.c_str());
}

TEST(GzFile, GzipInflatedWhateverTheName) {
    const std::string path = testing::temp_path("compressed.bin");  // no .gz suffix on purpose
    const std::string data = sample_text();
    write_gzip(path, data);
    auto r = open_input(path);
    ASSERT_TRUE(std::holds_alternative<InputFile>(r));
    InputFile in = std::get<InputFile>(r);
    EXPECT_TRUE(in.gzip);
    EXPECT_EQ(read_all(in.file), data);
    EXPECT_TRUE(in.gzip_error->empty());
    std::fclose(in.file);
    std::remove(path.c_str());
}

TEST(GzFile, TruncatedGzipEndsEarlyAndSaysWhy) {
    const std::string full = testing::temp_path("full.gz");
    const std::string cut = testing::temp_path("cut.gz");
    // Incompressible-ish data so that the compressed stream is long enough to cut.
    std::string data;
    std::uint32_t x = 12345;
    for (int i = 0; i < 200000; ++i) {
        x = x * 1103515245u + 12345u;
        data.push_back(static_cast<char>(x >> 24));
    }
    write_gzip(full, data);
    std::ifstream in(full, std::ios::binary);
    std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(cut, std::ios::binary) << compressed.substr(0, compressed.size() / 2);
    auto r = open_input(cut);
    ASSERT_TRUE(std::holds_alternative<InputFile>(r));
    InputFile f = std::get<InputFile>(r);
    const std::string got = read_all(f.file);
    EXPECT_GT(got.size(), 0u);
    EXPECT_LT(got.size(), data.size());
    EXPECT_EQ(got, data.substr(0, got.size()));
    EXPECT_FALSE(f.gzip_error->empty());
    std::fclose(f.file);
    std::remove(full.c_str());
    std::remove(cut.c_str());
}

TEST(GzFile, MissingFile) {
    auto r = open_input("/nonexistent/dir/capture.pcap");
    ASSERT_TRUE(std::holds_alternative<std::string>(r));
    EXPECT_NE(std::get<std::string>(r).find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace sipdiff::capture
