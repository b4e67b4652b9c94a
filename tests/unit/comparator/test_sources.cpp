#include "test_sources.h"

#include <fmt/format.h>

namespace sipdiff::testing {

bool VectorSource::next(Record& out) {
    if (pos_ >= records_.size()) {
        return false;
    }
    out = records_[pos_++];
    return true;
}

std::string sip_request(const std::string& call_id, int cseq, const std::string& extra) {
    return fmt::format(
        "REGISTER sip:10.0.0.1 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 10.0.0.2:5061;branch=z9hG4bK-{}-{}\r\n"
        "From: <sip:100@10.0.0.1>;tag=1\r\n"
        "To: <sip:100@10.0.0.1>\r\n"
        "Call-ID: {}\r\n"
        "CSeq: {} REGISTER\r\n"
        "Contact: <sip:100@10.0.0.2:5061>\r\n"
        "{}"
        "Content-Length: 0\r\n\r\n",
        call_id, cseq, call_id, cseq, extra);
}

std::string sip_response(int status, const std::string& call_id, int cseq) {
    return fmt::format(
        "SIP/2.0 {} Whatever\r\n"
        "Via: SIP/2.0/UDP 10.0.0.2:5061;branch=z9hG4bK-{}-{}\r\n"
        "From: <sip:100@10.0.0.1>;tag=1\r\n"
        "To: <sip:100@10.0.0.1>;tag=2\r\n"
        "Call-ID: {}\r\n"
        "CSeq: {} REGISTER\r\n"
        "Content-Length: 0\r\n\r\n",
        status, call_id, cseq, call_id, cseq);
}

Record record(std::int64_t time_ns, std::string bytes, Endpoint src, Endpoint dst,
              Direction direction, std::uint64_t line_or_frame, bool is_log) {
    Record r;
    r.time_ns = time_ns;
    r.transport = Transport::Udp;
    r.src = std::move(src);
    r.dst = std::move(dst);
    r.direction = direction;
    r.bytes = std::move(bytes);
    r.origin =
        is_log ? Origin{"trace.data", line_or_frame, 0} : Origin{"cap.pcap", 0, line_or_frame};
    return r;
}

}  // namespace sipdiff::testing
