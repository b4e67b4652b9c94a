#include "capture/capture_reader.h"

#include <gcrypt.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "bytes_builder.h"
#include "capture/ip.h"
#include "capture/link_layer.h"
#include "capture/tcp.h"

namespace sipdiff::capture {
namespace {

using namespace testing;

const std::string kData = SIPDIFF_CAPTURE_TESTDATA;

struct Problems : ProblemSink {
    std::vector<Problem> all;
    void report(Problem p) override { all.push_back(std::move(p)); }
    std::string text() const {
        std::string s;
        for (const Problem& p : all) {
            s += "frame " + std::to_string(p.where.frame) + ": " + p.reason + "\n";
        }
        return s;
    }
};

struct ReadResult {
    std::vector<Record> records;
    Problems problems;
    std::string open_error;
};

std::unique_ptr<ReadResult> read_capture(const std::string& path, CaptureOptions options = {}) {
    auto out = std::make_unique<ReadResult>();
    auto opened = open_capture(path, options, out->problems);
    if (auto* e = std::get_if<OpenError>(&opened)) {
        out->open_error = e->message;
        return out;
    }
    auto& source = std::get<std::unique_ptr<RecordSource>>(opened);
    Record r;
    while (source->next(r)) {
        out->records.push_back(std::move(r));
    }
    return out;
}

std::string sha1_hex(const std::string& bytes) {
    static const bool ready = gcry_check_version(nullptr) != nullptr;
    (void)ready;
    unsigned char digest[20];
    gcry_md_hash_buffer(GCRY_MD_SHA1, digest, bytes.data(), bytes.size());
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : digest) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

// One row of a reduced corpus messages.csv (see testdata/capture/README.md).
struct Truth {
    std::uint64_t last_frame = 0;
    double time_epoch = 0;
    std::string transport, src, dst;
    std::size_t bytes = 0;
    std::string sha1;
};

std::vector<Truth> read_truth(const std::string& path) {
    gzFile gz = gzopen(path.c_str(), "rb");  // reads plain files too
    EXPECT_NE(gz, nullptr) << path;
    std::string text;
    char buf[65536];
    int n = 0;
    while (gz != nullptr && (n = gzread(gz, buf, sizeof buf)) > 0) {
        text.append(buf, static_cast<std::size_t>(n));
    }
    if (gz != nullptr) {
        gzclose(gz);
    }
    std::vector<Truth> rows;
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) {
            f.push_back(cell);
        }
        if (f.size() != 8) {
            ADD_FAILURE() << "bad truth line: " << line;
            continue;
        }
        Truth t;
        const std::string& frames = f[1];
        t.last_frame = std::stoull(
            frames.substr(frames.rfind(' ') == std::string::npos ? 0 : frames.rfind(' ') + 1));
        t.time_epoch = std::stod(f[2]);
        t.transport = f[3];
        t.src = f[4];
        t.dst = f[5];
        t.bytes = std::stoul(f[6]);
        t.sha1 = f[7];
        rows.push_back(t);
    }
    return rows;
}

std::string endpoint(const Endpoint& e) {
    return e.ip + ":" + std::to_string(e.port);
}

void expect_matches_truth(const std::vector<Record>& records, const std::vector<Truth>& truth,
                          const std::string& path) {
    ASSERT_EQ(records.size(), truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
        SCOPED_TRACE(::testing::Message() << "message " << i + 1);
        const Record& r = records[i];
        EXPECT_EQ(r.origin.frame, truth[i].last_frame);
        EXPECT_EQ(r.origin.file, path);
        EXPECT_EQ(r.bytes.size(), truth[i].bytes);
        EXPECT_EQ(sha1_hex(r.bytes), truth[i].sha1);
        EXPECT_EQ(endpoint(r.src), truth[i].src);
        EXPECT_EQ(endpoint(r.dst), truth[i].dst);
        EXPECT_EQ(r.transport, truth[i].transport == "TCP" ? Transport::Tcp : Transport::Udp);
        EXPECT_EQ(r.direction, Direction::Unknown);
        // The truth has microseconds; the pcapng has nanoseconds.
        EXPECT_NEAR(static_cast<double>(r.time_ns) / 1e9, truth[i].time_epoch, 2e-6);
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

TEST(CaptureReaderCorpus, UdpPcapngMatchesGroundTruth) {
    const std::string path = kData + "/udp-register.pcapng";
    auto got = read_capture(path);
    ASSERT_EQ(got->open_error, "");
    EXPECT_EQ(got->problems.all.size(), 0u) << got->problems.text();
    expect_matches_truth(got->records, read_truth(kData + "/udp-register.messages.csv"), path);
    // pcapng keeps nanoseconds (the first frame is 1795483000.503393288 per tshark).
    ASSERT_FALSE(got->records.empty());
    EXPECT_EQ(got->records[0].time_ns, 1795483000503393288LL);
}

TEST(CaptureReaderCorpus, TcpGzipPcapngMatchesGroundTruth) {
    const std::string path = kData + "/tcp-register.pcapng.gz";
    const auto start = std::chrono::steady_clock::now();
    auto got = read_capture(path);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(got->open_error, "");
    EXPECT_EQ(got->problems.all.size(), 0u) << got->problems.text();
    expect_matches_truth(got->records, read_truth(kData + "/tcp-register.messages.csv.gz"), path);
    std::cout << "[ timing ] " << got->records.size() << " TCP records in " << seconds * 1e3
              << " ms (" << static_cast<double>(got->records.size()) / seconds
              << " records/s, gzip included)\n";
}

TEST(CaptureReaderCorpus, ClassicPcapFromSipdump) {
    const std::string path = kData + "/sipdump-udp-register.pcap";
    auto got = read_capture(path);
    ASSERT_EQ(got->open_error, "");
    EXPECT_EQ(got->problems.all.size(), 0u) << got->problems.text();
    ASSERT_EQ(got->records.size(), 28u);
    // sipdump and the capture agree on this run: the same 28 messages (as multisets of bytes).
    std::multiset<std::string> from_sipdump, from_capture;
    for (const Record& r : got->records) {
        EXPECT_EQ(r.transport, Transport::Udp);
        EXPECT_EQ(r.time_ns % 1000, 0) << "classic pcap has microseconds";
        from_sipdump.insert(sha1_hex(r.bytes));
    }
    for (const Truth& t : read_truth(kData + "/udp-register.messages.csv")) {
        from_capture.insert(t.sha1);
    }
    EXPECT_EQ(from_sipdump, from_capture);
    for (std::size_t i = 0; i < got->records.size(); ++i) {
        EXPECT_EQ(got->records[i].origin.frame, i + 1);
    }
}

TEST(CaptureReaderCorpus, TruncatedPcapngReadUpToTheDamage) {
    auto full = read_capture(kData + "/udp-register.pcapng");
    auto cut = read_capture(kData + "/udp-register.truncated.pcapng");
    ASSERT_EQ(cut->open_error, "");
    ASSERT_EQ(cut->records.size(), 14u);
    for (std::size_t i = 0; i < cut->records.size(); ++i) {
        EXPECT_EQ(cut->records[i].bytes, full->records[i].bytes);
        EXPECT_EQ(cut->records[i].origin.frame, full->records[i].origin.frame);
    }
    ASSERT_EQ(cut->problems.all.size(), 1u) << cut->problems.text();
    const Problem& p = cut->problems.all[0];
    EXPECT_EQ(p.where.frame, 14u);
    EXPECT_EQ(p.reason.rfind("capture truncated after frame 14: ", 0), 0u) << p.reason;
}

TEST(CaptureReaderCorpus, TruncatedGzipReadUpToTheDamage) {
    const std::string full_path = kData + "/tcp-register.pcapng.gz";
    std::ifstream in(full_path, std::ios::binary);
    const std::string compressed((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
    const std::string cut_path = temp_path("cut.pcapng.gz");
    std::ofstream(cut_path, std::ios::binary) << compressed.substr(0, compressed.size() / 2);
    auto full = read_capture(full_path);
    auto cut = read_capture(cut_path);
    std::remove(cut_path.c_str());
    ASSERT_EQ(cut->open_error, "");
    ASSERT_GT(cut->records.size(), 100u);
    ASSERT_LT(cut->records.size(), full->records.size());
    ASSERT_FALSE(cut->problems.all.empty());
    const Problem& first = cut->problems.all[0];
    EXPECT_EQ(first.reason.rfind("capture truncated after frame ", 0), 0u) << first.reason;
    EXPECT_NE(first.reason.find("gzip"), std::string::npos) << first.reason;
    // Everything read before the damage is what the whole file gives.
    for (std::size_t i = 0; i < cut->records.size(); ++i) {
        EXPECT_LE(cut->records[i].origin.frame, first.where.frame);
        if (cut->records[i].origin.frame < first.where.frame) {
            EXPECT_EQ(cut->records[i].bytes, full->records[i].bytes) << "record " << i;
        }
    }
}

TEST(CaptureReaderCorpus, PortFilter) {
    // Phase B of the TCP run used client port 5063; phase A used ephemeral ports.
    CaptureOptions only_5063;
    only_5063.sip_ports = {5063};
    const std::string path = kData + "/tcp-register.pcapng.gz";
    auto got = read_capture(path, only_5063);
    const auto truth = read_truth(kData + "/tcp-register.messages.csv.gz");
    std::vector<Truth> expected;
    for (const Truth& t : truth) {
        if (t.src == "127.0.0.1:5063" || t.dst == "127.0.0.1:5063") {
            expected.push_back(t);
        }
    }
    EXPECT_GT(expected.size(), 0u);
    EXPECT_LT(expected.size(), truth.size());
    expect_matches_truth(got->records, expected, path);
    CaptureOptions nowhere;
    nowhere.sip_ports = {9};
    EXPECT_EQ(read_capture(kData + "/udp-register.pcapng", nowhere)->records.size(), 0u);
}

// Wireshark's PDU export of a TLS 1.3 run it decrypted (testdata/sipdiff/tls-decrypted/README.md):
// 40 packets, the TLS layer's copy of each message (odd frames, dissector "sip.tcp") and the SIP
// dissector's (even frames, "sip"). The 20 SIP copies are read: REGISTER and its answer
// alternating between the client's port 57400 and kamailio's 5061.
TEST(CaptureReaderCorpus, WiresharkPduExportOfDecryptedTls) {
    const std::string path = std::string(SIPDIFF_TESTDATA) + "/tls-decrypted/exported.pcapng";
    Problems problems;
    CaptureInfo info;
    auto opened = open_capture(path, CaptureOptions{}, problems, &info);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<RecordSource>>(opened));
    EXPECT_TRUE(info.exported_pdus);
    auto& source = std::get<std::unique_ptr<RecordSource>>(opened);
    std::vector<Record> records;
    Record r;
    while (source->next(r)) {
        records.push_back(std::move(r));
    }
    ASSERT_EQ(records.size(), 20u);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const Record& record = records[i];
        const bool request = i % 2 == 0;
        EXPECT_EQ(record.origin.frame, 2 * (i + 1)) << i;
        EXPECT_EQ(record.transport, Transport::Tcp) << i;
        EXPECT_EQ(
            record.bytes.rfind(request ? "REGISTER sip:pbx.lab.test SIP/2.0\r\n" : "SIP/2.0 ", 0),
            0u)
            << i;
        EXPECT_EQ(record.src.port, request ? 57400 : 5061) << i;
        EXPECT_EQ(record.dst.port, request ? 5061 : 57400) << i;
        EXPECT_EQ(record.src.ip, "127.0.0.1") << i;
    }
    ASSERT_EQ(problems.all.size(), 1u) << problems.text();
    EXPECT_TRUE(problems.all[0].notice);
    EXPECT_EQ(problems.all[0].where.frame, 2u);

    CaptureInfo sniffer;
    Problems ignored;
    auto plain = open_capture(kData + "/udp-register.pcapng", CaptureOptions{}, ignored, &sniffer);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<RecordSource>>(plain));
    EXPECT_FALSE(sniffer.exported_pdus);
}

TEST(CaptureReaderOpen, ErrorsNameTheFile) {
    auto missing = read_capture("/nonexistent/x.pcap");
    EXPECT_NE(missing->open_error.find("/nonexistent/x.pcap"), std::string::npos);
    EXPECT_NE(missing->open_error.find("No such file"), std::string::npos);

    const std::string text = temp_path("notes.txt");
    std::ofstream(text) << "this is not a capture\n";
    auto not_capture = read_capture(text);
    std::remove(text.c_str());
    EXPECT_NE(not_capture->open_error.find(text), std::string::npos);
    EXPECT_NE(not_capture->open_error.find("not a readable pcap or pcapng"), std::string::npos)
        << not_capture->open_error;

    const std::string wifi = temp_path("wifi.pcap");
    write_pcap(wifi, 105, {Frame{1, Bytes(30, 0)}});  // IEEE 802.11
    auto unsupported = read_capture(wifi);
    std::remove(wifi.c_str());
    EXPECT_NE(unsupported->open_error.find("link type 105"), std::string::npos)
        << unsupported->open_error;
}

// ---- crafted captures, end to end ----

const std::string kOptions =
    "OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]\r\n"
    "Call-ID: frag@x\r\nContent-Length: 0\r\n\r\n";

std::string long_message(std::size_t body) {
    return "MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: m@x\r\nContent-Type: text/plain\r\n"
           "Content-Length: " +
           std::to_string(body) + "\r\n\r\n" + std::string(body, 'm');
}

const std::string kReply = "SIP/2.0 200 OK\r\nCall-ID: m@x\r\nl: 0\r\n\r\n";

// Frames covering every decoding path, wrapped by `link` (one of the link builders).
template <typename Link>
std::vector<Frame> crafted_frames(Link link, bool ipv6_link) {
    std::vector<Frame> frames;
    std::int64_t t = 1'700'000'000'123'456'789LL;
    auto add = [&](const Bytes& ip_packet) { frames.push_back(Frame{t++, link(ip_packet)}); };
    const V4 a{192, 0, 2, 1}, b{192, 0, 2, 2};
    // 1: UDP SIP.
    add(ipv4(a, b, 17, udp(5062, 5060, bytes_of(kOptions))));
    // 2: UDP keep-alive and 3: DNS-like datagram: not SIP, silently ignored.
    add(ipv4(a, b, 17, udp(5062, 5060, bytes_of("\r\n\r\n"))));
    add(ipv4(a, b, 17, udp(53, 40000, Bytes(30, 0))));
    // 4-6: a big UDP SIP message in three IPv4 fragments, out of order.
    const std::string big = long_message(3000);
    const Bytes dgram = udp(5062, 5060, bytes_of(big));
    auto frag = [&](std::size_t at, std::size_t n, bool more) {
        return ipv4(
            a, b, 17,
            Bytes(dgram.begin() + static_cast<std::ptrdiff_t>(at),
                  dgram.begin() + static_cast<std::ptrdiff_t>(std::min(at + n, dgram.size()))),
            77, static_cast<std::uint16_t>(at), more);
    };
    add(frag(1480, 1480, true));
    add(frag(2960, 1480, false));
    add(frag(0, 1480, true));
    // 7-12: TCP: SYN, message split in three segments with a retransmission and reordering,
    // then two messages (with a keep-alive between) in one segment.
    const std::string m = long_message(100);
    const std::uint32_t isn = 0xFFFFFF00u;  // the stream wraps around 2^32
    add(ipv4(a, b, 6, tcp(40001, 5060, isn, tcp_flag::kSyn, {})));
    add(ipv4(a, b, 6, tcp(40001, 5060, isn + 1, tcp_flag::kAck, bytes_of(m.substr(0, 60)))));
    add(ipv4(a, b, 6, tcp(40001, 5060, isn + 121, tcp_flag::kAck, bytes_of(m.substr(120)))));
    add(ipv4(a, b, 6, tcp(40001, 5060, isn + 1, tcp_flag::kAck, bytes_of(m.substr(0, 60)))));
    add(ipv4(a, b, 6, tcp(40001, 5060, isn + 61, tcp_flag::kAck, bytes_of(m.substr(60, 60)))));
    const std::uint32_t next = isn + 1 + static_cast<std::uint32_t>(m.size());
    add(ipv4(a, b, 6,
             tcp(40001, 5060, next, tcp_flag::kAck | tcp_flag::kFin,
                 bytes_of(kReply + "\r\n\r\n" + kReply))));
    // 13: a malformed IPv4 header (IHL 3): a problem with this frame number.
    Bytes bad = ipv4(a, b, 17, udp(1, 2, {}));
    bad[0] = 0x43;
    add(bad);
    // 14-15: IPv6 UDP SIP in two fragments (only on links that can carry IPv6 here).
    if (ipv6_link) {
        const Bytes d6 = udp(5062, 5060, bytes_of(kOptions));
        const std::size_t half = 64;
        add(ipv6(1, 2, ip_proto::kFragment,
                 concat(ipv6_fragment_header(17, half, false, 99),
                        Bytes(d6.begin() + static_cast<std::ptrdiff_t>(half), d6.end()))));
        add(ipv6(1, 2, ip_proto::kFragment,
                 concat(ipv6_fragment_header(17, 0, true, 99),
                        Bytes(d6.begin(), d6.begin() + static_cast<std::ptrdiff_t>(half)))));
    }
    return frames;
}

void expect_crafted(const ReadResult& got, bool ipv6_link) {
    ASSERT_EQ(got.open_error, "");
    std::vector<std::pair<std::uint64_t, std::string>> seen;
    for (const Record& r : got.records) {
        seen.emplace_back(r.origin.frame, r.bytes);
    }
    std::vector<std::pair<std::uint64_t, std::string>> want = {{1, kOptions},
                                                               {6, long_message(3000)},
                                                               {11, long_message(100)},
                                                               {12, kReply},
                                                               {12, kReply}};
    if (ipv6_link) {
        want.emplace_back(15, kOptions);
    }
    EXPECT_EQ(seen, want);
    ASSERT_EQ(got.problems.all.size(), 1u) << got.problems.text();
    EXPECT_EQ(got.problems.all[0].where.frame, 13u);
    EXPECT_NE(got.problems.all[0].reason.find("IPv4 header length"), std::string::npos);
    ASSERT_GE(got.records.size(), 5u);
    EXPECT_EQ(got.records[0].time_ns, 1'700'000'000'123'456'789LL);
    EXPECT_EQ(got.records[0].src.ip, "192.0.2.1");
    EXPECT_EQ(got.records[0].src.port, 5062);
    EXPECT_EQ(got.records[0].dst.port, 5060);
    EXPECT_EQ(got.records[0].transport, Transport::Udp);
    EXPECT_EQ(got.records[2].transport, Transport::Tcp);
    EXPECT_EQ(got.records[2].src.port, 40001);
    if (ipv6_link) {
        EXPECT_EQ(got.records.back().src.ip, "2001:db8::1");
        EXPECT_EQ(got.records.back().dst.ip, "2001:db8::2");
    }
}

std::uint16_t ethertype_of(const Bytes& ip) {
    return (ip[0] >> 4) == 6 ? 0x86DD : 0x0800;
}

struct LinkCase {
    const char* name;
    int type;
    Bytes (*wrap)(const Bytes&);
};

const LinkCase kLinks[] = {
    {"ethernet", link_type::kEthernet, [](const Bytes& p) { return ethernet(ethertype_of(p), p); }},
    {"vlan", link_type::kEthernet,
     [](const Bytes& p) { return ethernet(ethertype_of(p), p, {0x8100}); }},
    {"qinq", link_type::kEthernet,
     [](const Bytes& p) {
         return ethernet(ethertype_of(p), p, {0x88A8, 0x8100});
     }},
    {"sll", link_type::kLinuxSll, [](const Bytes& p) { return sll(ethertype_of(p), p); }},
    {"sll2", link_type::kLinuxSll2, [](const Bytes& p) { return sll2(ethertype_of(p), p); }},
    {"null_le", link_type::kNull,
     [](const Bytes& p) { return null_loopback((p[0] >> 4) == 6 ? 24u : 2u, true, p); }},
    {"null_be", link_type::kNull,
     [](const Bytes& p) { return null_loopback((p[0] >> 4) == 6 ? 30u : 2u, false, p); }},
    {"loop", link_type::kLoop,
     [](const Bytes& p) { return null_loopback((p[0] >> 4) == 6 ? 24u : 2u, false, p); }},
    {"raw", link_type::kRaw, [](const Bytes& p) { return p; }},
};

// Tags of a Wireshark PDU export (capture/exported_pdu.h): dissector name, IPv4 addresses,
// port type, ports, original frame.
Bytes exported_tags(const std::string& dissector, std::uint32_t port_type, bool addresses,
                    std::uint32_t original_frame) {
    Bytes out;
    auto tag = [&out](std::uint16_t type, const Bytes& value) {
        for (std::uint16_t v : {type, static_cast<std::uint16_t>(value.size())}) {
            out.push_back(static_cast<std::uint8_t>(v >> 8));
            out.push_back(static_cast<std::uint8_t>(v & 0xff));
        }
        out.insert(out.end(), value.begin(), value.end());
    };
    auto be32 = [](std::uint32_t v) {
        return Bytes{static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                     static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    };
    tag(12, bytes_of(dissector));
    if (addresses) {
        tag(20, {192, 0, 2, 1});
        tag(21, {192, 0, 2, 2});
    }
    tag(24, be32(port_type));
    tag(25, be32(5062));
    tag(26, be32(5060));
    tag(30, be32(original_frame));
    tag(0, {});
    return out;
}

// Each way an exported packet can fail is said with its frame; the TLS layer's copy of a
// stream and the PDUs of other dissectors are left alone without a word.
TEST(CaptureReaderCrafted, ExportedPdusAndTheirProblems) {
    const std::string two = kOptions + kOptions;
    std::vector<Frame> frames;
    auto add = [&frames](const Bytes& bytes) {
        frames.push_back(
            Frame{1'700'000'000'000'000'000LL + static_cast<std::int64_t>(frames.size()), bytes});
    };
    add(concat(exported_tags("sip", 3, true, 1), bytes_of(kOptions)));      // 1: read, UDP
    add(concat(exported_tags("sip.tcp", 2, true, 2), bytes_of(two)));       // 2: TLS layer
    add(concat(exported_tags("sip", 2, true, 2), bytes_of(two)));           // 3: read
    add(concat(exported_tags("sip", 2, true, 2), bytes_of(two)));           // 4: read
    add(concat(exported_tags("sip", 2, true, 2), bytes_of(two)));           // 5: none left
    add(concat(exported_tags("diameter", 2, true, 6), Bytes{1, 0, 0, 0}));  // 6: other
    add(concat(exported_tags("sip", 3, false, 7), bytes_of(kOptions)));     // 7: no addresses
    add(concat(exported_tags("sip", 3, true, 8), bytes_of("hello")));       // 8: not SIP
    add(Bytes{0x00, 0x0c, 0x00, 0x09, 's', 'i', 'p'});                      // 9: cut tags
    const std::string path = temp_path("exported.pcap");
    write_pcap(path, 252, frames);
    auto got = read_capture(path);
    ASSERT_EQ(got->open_error, "");
    std::vector<std::pair<std::uint64_t, std::string>> seen;
    for (const Record& r : got->records) {
        seen.emplace_back(r.origin.frame, r.bytes);
    }
    const std::vector<std::pair<std::uint64_t, std::string>> want = {
        {1, kOptions}, {3, kOptions}, {4, kOptions}};
    EXPECT_EQ(seen, want);
    ASSERT_EQ(got->records.size(), 3u);
    EXPECT_EQ(got->records[0].transport, Transport::Udp);
    EXPECT_EQ(got->records[1].transport, Transport::Tcp);
    EXPECT_EQ(got->records[0].src.ip, "192.0.2.1");
    EXPECT_EQ(got->records[0].dst.port, 5060);
    std::vector<std::pair<std::uint64_t, std::string>> problems;
    for (const Problem& p : got->problems.all) {
        problems.emplace_back(p.where.frame, p.notice ? "notice" : p.reason);
    }
    const std::vector<std::pair<std::uint64_t, std::string>> want_problems = {
        {1, "notice"},
        {5,
         "exported SIP PDU from a stream: its segment holds no complete message for it; "
         "skipped"},
        {7, "exported SIP message without its IP addresses; skipped"},
        {8, "exported SIP PDU that does not begin with a SIP start line; skipped"},
        {9, "exported PDU tag 12 announces 9 bytes, 3 are left"}};
    EXPECT_EQ(problems, want_problems);
    std::remove(path.c_str());
}

TEST(CaptureReaderCrafted, EveryLinkTypeEndToEnd) {
    for (const LinkCase& link : kLinks) {
        SCOPED_TRACE(link.name);
        const std::string path = temp_path(std::string(link.name) + ".pcap");
        write_pcap(path, link.type, crafted_frames(link.wrap, true));
        auto got = read_capture(path);
        std::remove(path.c_str());
        expect_crafted(*got, true);
    }
}

TEST(CaptureReaderCrafted, GzipCompressedPcap) {
    const std::string plain = temp_path("crafted.pcap");
    const std::string gz = temp_path("crafted.pcap.gz");
    write_pcap(plain, link_type::kEthernet, crafted_frames(kLinks[0].wrap, true));
    std::ifstream in(plain, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    gzFile out = gzopen(gz.c_str(), "wb");
    gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(out);
    auto got = read_capture(gz);
    std::remove(plain.c_str());
    std::remove(gz.c_str());
    expect_crafted(*got, true);
}

// tcpdump -s 96: a SIP datagram longer than the snapshot is kept as a cut record that says how
// long the message was, not thrown away as damage.
TEST(CaptureReaderCrafted, DatagramCutBySnapLengthIsACutRecord) {
    const std::string path = temp_path("snapped.pcap");
    const std::string message = long_message(500);
    Bytes v4 =
        ethernet(0x0800, ipv4({1, 1, 1, 1}, {2, 2, 2, 2}, 17, udp(5060, 5060, bytes_of(message))));
    Bytes v6 = ethernet(0x86DD, ipv6(1, 2, 17, udp(5060, 5070, bytes_of(message))));
    Bytes in_first_line = v4;
    Bytes rtp = ethernet(
        0x0800, ipv4({1, 1, 1, 1}, {2, 2, 2, 2}, 17,
                     udp(5060, 5060,
                         Bytes{0x80, 0x00, 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 2, 0x55, 0x55, 0x55})));
    const auto v4_size = static_cast<std::uint32_t>(v4.size());
    const auto v6_size = static_cast<std::uint32_t>(v6.size());
    const auto rtp_size = static_cast<std::uint32_t>(rtp.size());
    v4.resize(96);             // 14 Ethernet + 20 IPv4 + 8 UDP: 54 bytes of SIP
    v6.resize(120);            // 14 Ethernet + 40 IPv6 + 8 UDP: 58 bytes of SIP
    in_first_line.resize(68);  // tcpdump's old default: 26 bytes, inside the request line
    rtp.resize(50);            // not SIP, cut too: not taken
    write_pcap(path, link_type::kEthernet,
               {Frame{5, v4, v4_size}, Frame{6, v6, v6_size}, Frame{7, in_first_line, v4_size},
                Frame{8, rtp, rtp_size}});
    auto got = read_capture(path);
    std::remove(path.c_str());
    EXPECT_TRUE(got->problems.all.empty()) << got->problems.text();
    ASSERT_EQ(got->records.size(), 3u);
    EXPECT_EQ(got->records[2].bytes, message.substr(0, 26));
    EXPECT_EQ(got->records[2].full_size, message.size());
    EXPECT_EQ(got->records[0].bytes, message.substr(0, 54));
    EXPECT_EQ(got->records[0].full_size, message.size());
    EXPECT_EQ(got->records[0].origin.frame, 1u);
    EXPECT_EQ(got->records[1].bytes, message.substr(0, 58));
    EXPECT_EQ(got->records[1].full_size, message.size());
    EXPECT_EQ(got->records[1].dst.port, 5070);
}

// A cut TCP segment: its bytes are a gap in the stream at once (said once for the capture). The
// message it cut is kept cut short (its Content-Length gives its size), with its own frame, and
// the next message, whole in its own segment, still comes out without waiting.
TEST(CaptureReaderCrafted, TcpSegmentCutBySnapLengthIsAGap) {
    const std::string path = temp_path("snapped-tcp.pcap");
    const V4 a{10, 0, 0, 1}, b{10, 0, 0, 2};
    const std::string first = long_message(300), second = long_message(5);
    Bytes cut = ipv4(a, b, 6, tcp(1234, 5060, 1, tcp_flag::kAck, bytes_of(first)));
    const auto cut_size = static_cast<std::uint32_t>(cut.size());
    cut.resize(200);
    const auto next_seq = static_cast<std::uint32_t>(1 + first.size());
    write_pcap(
        path, link_type::kRaw,
        {Frame{1, cut, cut_size},
         Frame{2, ipv4(a, b, 6, tcp(1234, 5060, next_seq, tcp_flag::kAck, bytes_of(second)))},
         Frame{3, ipv4(a, b, 6, tcp(1234, 5060, 1, tcp_flag::kAck, bytes_of(first)),
                       2)}});  // a late whole retransmission: already skipped
    auto got = read_capture(path);
    std::remove(path.c_str());
    ASSERT_EQ(got->records.size(), 2u);
    EXPECT_EQ(got->records[0].bytes, first.substr(0, 160));  // 200 - 20 IPv4 - 20 TCP
    EXPECT_EQ(got->records[0].full_size, first.size());
    EXPECT_EQ(got->records[0].origin.frame, 1u);
    EXPECT_EQ(got->records[1].bytes, second);
    EXPECT_EQ(got->records[1].full_size, 0u);
    EXPECT_EQ(got->records[1].origin.frame, 2u);
    ASSERT_EQ(got->problems.all.size(), 1u) << got->problems.text();
    EXPECT_EQ(got->problems.all[0].where.frame, 1u);
    EXPECT_NE(got->problems.all[0].reason.find("TCP segment cut by the snapshot length"),
              std::string::npos);
}

TEST(CaptureReaderCrafted, FragmentCutBySnapLengthIsAProblem) {
    const std::string path = temp_path("snapped-fragment.pcap");
    const V4 a{10, 0, 0, 1}, b{10, 0, 0, 2};
    const Bytes dgram = udp(5060, 5060, bytes_of(long_message(2000)));
    Bytes first = ipv4(a, b, 17, Bytes(dgram.begin(), dgram.begin() + 1480), 5, 0, true);
    const auto first_size = static_cast<std::uint32_t>(first.size());
    first.resize(300);
    write_pcap(path, link_type::kRaw, {Frame{1, first, first_size}});
    auto got = read_capture(path);
    std::remove(path.c_str());
    EXPECT_TRUE(got->records.empty());
    ASSERT_EQ(got->problems.all.size(), 1u);
    EXPECT_NE(got->problems.all[0].reason.find("fragment cut by the snapshot length"),
              std::string::npos)
        << got->problems.text();
}

TEST(CaptureReaderCrafted, IncompleteFragmentsAndTcpTailReported) {
    const std::string path = temp_path("incomplete.pcap");
    const V4 a{10, 0, 0, 1}, b{10, 0, 0, 2};
    const Bytes dgram = udp(5060, 5060, bytes_of(long_message(2000)));
    const std::string m = long_message(50);
    write_pcap(path, link_type::kRaw,
               {Frame{1, ipv4(a, b, 17, Bytes(dgram.begin(), dgram.begin() + 1480), 5, 0, true)},
                Frame{2, ipv4(a, b, 6,
                              tcp(1234, 5060, 1, tcp_flag::kAck, bytes_of(m + m.substr(0, 40))))}});
    auto got = read_capture(path);
    std::remove(path.c_str());
    ASSERT_EQ(got->records.size(), 1u);
    EXPECT_EQ(got->records[0].bytes, m);
    ASSERT_EQ(got->problems.all.size(), 2u) << got->problems.text();
    const std::string all = got->problems.text();
    EXPECT_NE(all.find("40 bytes of an incomplete SIP message"), std::string::npos) << all;
    EXPECT_NE(all.find("incomplete IP datagram"), std::string::npos) << all;
}

// A HEPv3 packet carrying `sip` from 10.0.0.5:5070 to 10.0.0.9:5060, sent at `seconds`.
Bytes hep3(const std::string& sip, std::uint32_t seconds) {
    Bytes chunks;
    auto chunk = [&chunks](std::uint16_t type, const Bytes& value) {
        const auto length = static_cast<std::uint16_t>(6 + value.size());
        for (std::uint16_t v : {std::uint16_t{0}, type, length}) {
            chunks.push_back(static_cast<std::uint8_t>(v >> 8));
            chunks.push_back(static_cast<std::uint8_t>(v & 0xff));
        }
        chunks.insert(chunks.end(), value.begin(), value.end());
    };
    chunk(1, {2});
    chunk(2, {17});
    chunk(3, {10, 0, 0, 5});
    chunk(4, {10, 0, 0, 9});
    chunk(7, {0x13, 0xce});
    chunk(8, {0x13, 0xc4});
    chunk(9, {static_cast<std::uint8_t>(seconds >> 24), static_cast<std::uint8_t>(seconds >> 16),
              static_cast<std::uint8_t>(seconds >> 8), static_cast<std::uint8_t>(seconds)});
    chunk(10, {0, 0, 0, 7});
    chunk(11, {1});
    chunk(15, bytes_of(sip));
    const std::size_t total = 6 + chunks.size();
    Bytes packet = bytes_of("HEP3");
    packet.push_back(static_cast<std::uint8_t>(total >> 8));
    packet.push_back(static_cast<std::uint8_t>(total & 0xff));
    return concat(packet, chunks);
}

TEST(CaptureReaderCrafted, HepOverTcpSplitAndCoalescedIsReadAsTheTrace) {
    const std::string path = temp_path("hep-tcp.pcap");
    const V4 agent{10, 0, 0, 9}, homer{10, 0, 0, 100};
    const std::string one = long_message(40), two = long_message(90), three = kReply;
    const Bytes stream = concat(concat(hep3(one, 100), hep3(two, 101)), hep3(three, 102));
    const std::size_t split = hep3(one, 100).size() + 30;  // inside the second packet
    const auto seg = [&](std::size_t from, std::size_t to) {
        return Bytes(stream.begin() + static_cast<std::ptrdiff_t>(from),
                     stream.begin() + static_cast<std::ptrdiff_t>(to));
    };
    const auto tcp_frame = [&](std::int64_t t, std::uint32_t seq, const Bytes& payload) {
        return Frame{t, ipv4(agent, homer, 6, tcp(40000, 9060, seq, tcp_flag::kAck, payload))};
    };
    write_pcap(path, link_type::kRaw,
               {tcp_frame(1, 1, seg(0, split)),
                tcp_frame(2, 1 + static_cast<std::uint32_t>(split), seg(split, stream.size()))});
    CaptureOptions as_trace;
    as_trace.hep = true;
    auto got = read_capture(path, as_trace);
    auto sniffed = read_capture(path);
    std::remove(path.c_str());
    EXPECT_TRUE(got->problems.all.empty()) << got->problems.text();
    ASSERT_EQ(got->records.size(), 3u);
    EXPECT_EQ(got->records[0].bytes, one);
    EXPECT_EQ(got->records[0].origin.frame, 1u);
    EXPECT_EQ(got->records[1].bytes, two);
    EXPECT_EQ(got->records[1].origin.frame, 2u);
    EXPECT_EQ(got->records[2].bytes, three);
    EXPECT_EQ(got->records[2].time_ns, 102'000'007'000LL);
    EXPECT_EQ(got->records[2].src.port, 5070);
    EXPECT_EQ(got->records[2].dst.port, 5060);
    // In a sniffer's capture the stream is a note and left out, its SIP payloads included.
    EXPECT_TRUE(sniffed->records.empty());
    ASSERT_EQ(sniffed->problems.all.size(), 1u);
    EXPECT_TRUE(sniffed->problems.all[0].notice);
}

TEST(CaptureReaderCrafted, NonSipTcpAndKeepAlivesAreSilentlyIgnored) {
    const std::string path = temp_path("mixed-tcp.pcap");
    const V4 a{10, 0, 0, 1}, b{10, 0, 0, 2};
    const std::string m = long_message(10);
    std::vector<Frame> frames;
    std::int64_t t = 1;
    auto add = [&](std::uint16_t sport, std::uint16_t dport, std::uint32_t seq,
                   const std::string& data) {
        frames.push_back(Frame{
            t++, ethernet(0x0800,
                          ipv4(a, b, 6, tcp(sport, dport, seq, tcp_flag::kAck, bytes_of(data))))});
    };
    // An HTTP exchange, a binary stream, and a SIP connection that only sends keep-alives
    // before its message (RFC 5626 CRLF ping).
    add(43000, 80, 1, "GET /index.html HTTP/1.1\r\nHost: example\r\n\r\n");
    add(80, 43000, 1, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    add(43001, 5061, 1, std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9));
    add(43002, 5060, 1, "\r\n\r\n");
    add(43002, 5060, 5, m);
    add(43002, 5060, 5 + static_cast<std::uint32_t>(m.size()), "\r\n\r\n");
    write_pcap(path, link_type::kEthernet, frames);
    auto got = read_capture(path);
    std::remove(path.c_str());
    ASSERT_EQ(got->records.size(), 1u);
    EXPECT_EQ(got->records[0].bytes, m);
    EXPECT_EQ(got->records[0].origin.frame, 5u);
    EXPECT_TRUE(got->problems.all.empty()) << got->problems.text();
}

}  // namespace
}  // namespace sipdiff::capture
