// Fuzzes sipdiff's comparison end to end, match::compare(): the offset estimate, scope, the
// streaming Matcher with its drift following, the re-pairing across clock steps, and the
// classification of what stays alone, against a bookkeeping oracle: every record of both inputs
// ends in exactly one place (paired once, out of scope, seen twice by the sniffer, or listed as a
// difference), whatever the timing.
// Input: one options byte (bits 0-2: match window 1-8 s; bits 3-5: head of 4 << n records;
// bit 6: the log has no addresses, as SIPp's), then records of
//   [flags][time step u16][message u8]
// flags bit 0: capture (else log); bit 1: a response (else a request); bit 2: the server sent
// it; bit 3: its bytes differ from the other side's (a rewritten Contact); bit 4: cut short to
// 40 bytes (captures only), or for a log record: it went over TLS (encrypted on the wire, set
// aside); bit 5: the log's clock jumps 60 s ahead from this record on; bit 6: the time step goes
// back instead of forward (records out of order). Time steps are in ms.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "match/compare.h"
#include "source.h"

namespace {

using namespace sipdiff;

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kT0 = 1795483000LL * 1000 * kMs;
constexpr std::size_t kMaxRecords = 3000;

class Records : public RecordSource {
  public:
    explicit Records(std::vector<Record> records) : records_(std::move(records)) {}
    bool next(Record& out) override {
        if (next_ >= records_.size()) {
            return false;
        }
        out = std::move(records_[next_++]);
        return true;
    }

  private:
    std::vector<Record> records_;
    std::size_t next_ = 0;
};

std::string message(unsigned call, bool response, bool rewritten) {
    const std::string id = std::to_string(call);
    std::string start = response ? "SIP/2.0 401 Unauthorized\r\n" : "REGISTER sip:pbx SIP/2.0\r\n";
    return start + "Via: SIP/2.0/UDP 10.0.0.2:5061;branch=z9hG4bK-" + id + "\r\nCall-ID: c" + id +
           "@10.0.0.2\r\nCSeq: 1 REGISTER\r\nContact: <sip:u@" +
           (rewritten ? "192.0.2.9:4000" : "10.0.0.2:5061") + ">\r\nContent-Length: 0\r\n\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput in(data, size);
    const std::uint8_t options = in.u8();
    match::CompareOptions compare_options;
    compare_options.window_ns = static_cast<std::int64_t>((options & 7) + 1) * 1000 * kMs;
    compare_options.head_records = std::size_t{4} << ((options >> 3) & 7);
    compare_options.max_head_records = compare_options.head_records * 4;
    const bool log_addresses = (options & 0x40) == 0;

    const Endpoint client{"10.0.0.2", 5061}, server{"10.0.0.1", 5060};
    std::vector<Record> log, capture;
    std::int64_t t[2] = {kT0, kT0};
    std::int64_t log_jump = 0;
    while (!in.empty() && log.size() + capture.size() < kMaxRecords) {
        const std::uint8_t flags = in.u8();
        const std::int64_t step = static_cast<std::int64_t>(in.u16()) * kMs;
        const unsigned call = in.u8();
        const int side = flags & 1;
        t[side] += (flags & 0x40) != 0 ? -step : step;
        if ((flags & 0x20) != 0 && side == 0) {
            log_jump += 60'000 * kMs;
        }
        const bool sent = (flags & 4) != 0;
        Record r;
        r.time_ns = t[side] + (side == 0 ? log_jump : 0);
        r.transport = Transport::Udp;
        r.bytes = message(call, (flags & 2) != 0, (flags & 8) != 0);
        r.src = sent ? server : client;
        r.dst = sent ? client : server;
        if (side == 0) {
            r.direction = sent ? Direction::Sent : Direction::Received;
            r.origin = Origin{"log", log.size() + 1, 0};
            if ((flags & 0x10) != 0) {
                r.transport = Transport::Tls;
            }
            if (!log_addresses) {
                r.src = Endpoint{};
                r.dst = Endpoint{};
            }
            log.push_back(std::move(r));
        } else {
            if ((flags & 0x10) != 0) {
                r.full_size = static_cast<std::uint32_t>(r.bytes.size());
                r.bytes.resize(40);
            }
            r.origin = Origin{"capture", 0, capture.size() + 1};
            capture.push_back(std::move(r));
        }
    }
    // A capture is read in time order; a log may not be.
    std::stable_sort(capture.begin(), capture.end(),
                     [](const Record& a, const Record& b) { return a.time_ns < b.time_ns; });
    const std::size_t records = log.size() + capture.size();
    Records log_source(std::move(log)), capture_source(std::move(capture));
    const match::Comparison c =
        match::compare(log_source, capture_source, compare_options, nullptr);

    const match::Summary& s = c.summary;
    const std::uint64_t pairs = s.matched + s.differing + s.cut_short;
    const std::uint64_t alone = s.only_in_log + s.only_in_capture + s.outside_window;
    if (s.log_records + s.capture_records != records ||
        2 * pairs + alone + s.out_of_scope + s.sniffed_twice + s.encrypted != records ||
        c.differences.size() != s.differing + s.cut_short + alone) {
        std::abort();  // a record counted twice, or lost
    }
    return 0;
}
