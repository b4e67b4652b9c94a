#include "capture/capture_reader.h"

#include <pcap/pcap.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <utility>

#include "capture/address_texts.h"
#include "capture/exported_pdu.h"
#include "capture/gz_file.h"
#include "capture/hep.h"
#include "capture/hep_stream.h"
#include "capture/ip.h"
#include "capture/ip_reassembly.h"
#include "capture/link_layer.h"
#include "capture/sip_stream.h"
#include "capture/tcp.h"
#include "capture/tcp_reassembly.h"
#include "capture/udp.h"
#include "capture/ws_stream.h"
#include "sip/framing.h"

namespace sipdiff::capture {
namespace {

static_assert(link_type::kNull == DLT_NULL);
static_assert(link_type::kEthernet == DLT_EN10MB);
static_assert(link_type::kRaw == DLT_RAW);
static_assert(link_type::kLoop == DLT_LOOP);
static_assert(link_type::kLinuxSll == DLT_LINUX_SLL);
static_assert(link_type::kIpv4 == DLT_IPV4);
static_assert(link_type::kIpv6 == DLT_IPV6);
static_assert(link_type::kLinuxSll2 == DLT_LINUX_SLL2);
static_assert(kExportedPduLinkType == DLT_WIRESHARK_UPPER_PDU);

constexpr std::int64_t kExpireEveryNs = 1'000'000'000;

// With nanosecond precision requested, tv_usec holds nanoseconds. Absurd timestamps of a damaged
// pcapng (beyond the year 2262, or before 1970) saturate instead of overflowing.
std::int64_t timestamp_ns(const timeval& ts) {
    constexpr std::int64_t kMaxSeconds = INT64_MAX / 1'000'000'000 - 1;
    const auto seconds = static_cast<std::int64_t>(ts.tv_sec);
    if (seconds > kMaxSeconds) {
        return kMaxSeconds * 1'000'000'000;
    }
    if (seconds < 0) {
        return 0;  // keeps differences between timestamps from overflowing
    }
    return seconds * 1'000'000'000 + static_cast<std::int64_t>(ts.tv_usec);
}

std::string endpoint_text(const IpAddress& ip, std::uint16_t port) {
    return ip.version == 6 ? "[" + to_string(ip) + "]:" + std::to_string(port)
                           : to_string(ip) + ":" + std::to_string(port);
}

std::string flow_text(const char* transport, const FlowKey& k) {
    return std::string(transport) + " " + endpoint_text(k.src, k.src_port) + " -> " +
           endpoint_text(k.dst, k.dst_port);
}

class CaptureReader final : public RecordSource, private TcpConsumer {
  public:
    CaptureReader(pcap_t* pcap, InputFile input, std::string path, CaptureOptions options,
                  ProblemSink& problems)
        : pcap_(pcap),
          input_(std::move(input)),
          path_(file_name(path)),
          options_(std::move(options)),
          problems_(problems),
          link_type_(pcap_datalink(pcap)),
          tcp_(TcpLimits{}, *this) {}

    ~CaptureReader() override {
        if (pcap_ != nullptr) {
            pcap_close(pcap_);  // closes input_.file too
        }
    }
    CaptureReader(const CaptureReader&) = delete;
    CaptureReader& operator=(const CaptureReader&) = delete;

    bool next(Record& out) override {
        while (ready_.empty() && !ended_) {
            read_frame();
        }
        if (ready_.empty()) {
            return false;
        }
        out = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

  private:
    struct FlowState {
        SipStreamFramer framer;
        // A stream of HEP packets (read as a trace) or of WebSocket messages (SIP over
        // WebSocket, RFC 7118), when its first bytes said so; null for SIP framed by length.
        std::unique_ptr<UnitStreamFramer> units;
        bool hep = false;     // units are HEP packets, else WebSocket messages
        bool probed = false;  // whether its first bytes were looked at
        // The chunk before the current one: a message cut short ended in it, before the gap.
        std::uint64_t previous_frame = 0;
        std::int64_t previous_time_ns = 0;
    };

    void problem(std::uint64_t frame, std::string reason) {
        problems_.report(Problem{Origin{path_, 0, frame}, std::move(reason)});
    }

    void notice(std::uint64_t frame, std::string text) {
        problems_.report(Problem{Origin{path_, 0, frame}, std::move(text), true});
    }

    bool port_in_scope(std::uint16_t a, std::uint16_t b) const {
        if (options_.sip_ports.empty()) {
            return true;
        }
        const auto& ports = options_.sip_ports;
        return std::find(ports.begin(), ports.end(), a) != ports.end() ||
               std::find(ports.begin(), ports.end(), b) != ports.end();
    }

    void emit(Transport transport, const IpAddress& src, std::uint16_t src_port,
              const IpAddress& dst, std::uint16_t dst_port, std::string bytes, std::uint64_t frame,
              std::int64_t time_ns, std::size_t missing = 0) {
        Record r;
        r.full_size = missing > 0 ? static_cast<std::uint32_t>(bytes.size() + missing) : 0;
        r.time_ns = time_ns;
        r.transport = transport;
        r.src = Endpoint{addresses_.text(src), src_port};
        r.dst = Endpoint{addresses_.text(dst), dst_port};
        r.bytes = std::move(bytes);
        r.origin = Origin{path_, 0, frame};
        ready_.push_back(std::move(r));
    }

    void read_frame() {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(pcap_, &header, &data);
        if (rc == 1) {
            ++frame_;
            const std::int64_t time_ns = timestamp_ns(header->ts);
            handle_frame(ByteSpan{data, header->caplen}, header->caplen < header->len, time_ns);
            return;
        }
        if (rc == PCAP_ERROR) {
            std::string reason = "capture truncated after frame " + std::to_string(frame_) + ": " +
                                 pcap_geterr(pcap_);
            if (input_.gzip_error && !input_.gzip_error->empty()) {
                reason += " (gzip: " + *input_.gzip_error + ")";
            }
            problem(frame_, std::move(reason));
        } else if (input_.gzip_error && !input_.gzip_error->empty()) {
            problem(frame_, "capture truncated after frame " + std::to_string(frame_) +
                                ": gzip: " + *input_.gzip_error);
        }
        finish();
    }

    void finish() {
        tcp_.finish();
        for (const DroppedDatagram& d : ip_.drain()) {
            problem(d.last_frame,
                    d.reason + " (first fragment in frame " + std::to_string(d.first_frame) + ")");
        }
        ended_ = true;
    }

    void expire(std::int64_t time_ns) {
        latest_ns_ = std::max(latest_ns_, time_ns);
        if (latest_ns_ - last_expire_ns_ < kExpireEveryNs) {
            return;
        }
        last_expire_ns_ = latest_ns_;
        for (const DroppedDatagram& d : ip_.expire(latest_ns_)) {
            problem(d.last_frame,
                    d.reason + " (first fragment in frame " + std::to_string(d.first_frame) + ")");
        }
        tcp_.expire(latest_ns_);
    }

    void handle_frame(ByteSpan frame, bool snapped, std::int64_t time_ns) {
        if (link_type_ == kExportedPduLinkType) {
            handle_exported_pdu(frame, snapped, time_ns);
            return;
        }
        if (last_expire_ns_ == 0) {
            last_expire_ns_ = time_ns;
        }
        expire(time_ns);
        const LinkResult link = decode_link(link_type_, frame);
        if (link.kind == LinkResult::Kind::Malformed) {
            problem(frame_, link.reason);
            return;
        }
        if (link.kind != LinkResult::Kind::Ip) {
            return;
        }
        auto parsed = parse_ip(link.packet, snapped);
        if (auto* error = std::get_if<ParseError>(&parsed)) {
            problem(frame_, error->reason + (snapped ? " (frame cut by the snapshot length)" : ""));
            return;
        }
        const IpPacket& ip = std::get<IpPacket>(parsed);
        if (!ip.fragment) {
            handle_transport(ip.src, ip.dst, ip.protocol, ip.payload, time_ns, ip.missing);
            return;
        }
        if (ip.missing > 0) {
            problem(frame_, "IP fragment cut by the snapshot length (" +
                                std::to_string(ip.missing) +
                                " bytes not captured): its datagram cannot be reassembled");
            return;
        }
        const bool wanted = ip.protocol == ip_proto::kUdp || ip.protocol == ip_proto::kTcp ||
                            (ip.src.version == 6 && is_ipv6_extension(ip.protocol));
        if (!wanted) {
            return;
        }
        IpReassembler::AddResult added = ip_.add(ip, time_ns, frame_);
        if (added.dropped) {
            problem(frame_, added.dropped->reason + " (first fragment in frame " +
                                std::to_string(added.dropped->first_frame) + ")");
        }
        if (added.complete) {
            Datagram& d = *added.complete;
            ByteSpan payload{d.payload.data(), d.payload.size()};
            std::uint8_t protocol = d.protocol;
            if (d.src.version == 6) {
                auto skipped = skip_ipv6_extensions(protocol, payload);
                if (auto* error = std::get_if<ParseError>(&skipped)) {
                    problem(frame_, error->reason);
                    return;
                }
            }
            handle_transport(d.src, d.dst, protocol, payload, time_ns, 0);
        }
    }

    // A packet of Wireshark's PDU export: the messages its SIP dissector exported are read, the
    // other PDUs (the TLS layer exports the decrypted stream too) left alone.
    void handle_exported_pdu(ByteSpan packet, bool snapped, std::int64_t time_ns) {
        auto parsed = parse_exported_pdu(packet);
        if (auto* error = std::get_if<ParseError>(&parsed)) {
            problem(frame_, error->reason);
            return;
        }
        const ExportedPdu& pdu = std::get<ExportedPdu>(parsed);
        if (pdu.dissector != "sip") {
            return;
        }
        if (!told_exported_pdus_) {
            told_exported_pdus_ = true;
            notice(frame_,
                   "Wireshark's exported PDUs: the SIP messages its dissector read are compared, "
                   "those sent over TLS or WSS too (the export holds them only when Wireshark "
                   "had the TLS keys)");
        }
        if (!pdu.src || !pdu.dst) {
            problem(frame_, "exported SIP message without its IP addresses; skipped");
            return;
        }
        if (snapped) {
            problem(frame_, "exported SIP message cut by the snapshot length; skipped");
            return;
        }
        if (!port_in_scope(pdu.src_port, pdu.dst_port)) {
            return;
        }
        const Transport transport = pdu.port_type == exported_port_type::kUdp   ? Transport::Udp
                                    : pdu.port_type == exported_port_type::kTcp ? Transport::Tcp
                                    : pdu.port_type == exported_port_type::kSctp
                                        ? Transport::Sctp
                                        : Transport::Unknown;
        std::string_view message = pdu.payload.chars();
        if (transport == Transport::Udp && !sip::is_sip_datagram(message)) {
            problem(frame_, "exported SIP PDU that does not begin with a SIP start line; skipped");
            return;
        }
        if (transport != Transport::Udp) {
            const std::optional<std::string_view> one = exported_stream_.message(pdu);
            if (!one) {
                problem(frame_,
                        "exported SIP PDU from a stream: its segment holds no complete message "
                        "for it; skipped");
                return;
            }
            message = *one;
        }
        emit(transport, *pdu.src, pdu.src_port, *pdu.dst, pdu.dst_port, std::string(message),
             frame_, time_ns);
    }

    void tell_hep_left_out() {
        if (!told_hep_) {
            told_hep_ = true;
            notice(frame_,
                   "HEP packets (what a server mirrors to Homer) are not the sniffer's SIP and "
                   "are left out; to compare what they carry, give this capture as the LOG");
        }
    }

    // Said once per capture: connections caught mid-way are usual for long-lived WebSocket
    // phones, and the first one shows what happened to the others.
    void tell_websocket_without_handshake(const FlowKey& flow, std::uint64_t frame) {
        if (!told_websocket_without_handshake_) {
            told_websocket_without_handshake_ = true;
            notice(frame, flow_text("TCP", flow) +
                              ": SIP in WebSocket frames without the handshake that opened the "
                              "connection (the capture began later): read as SIP over WebSocket");
        }
    }

    // A HEP packet, which ended in `frame` captured at `time_ns`: the SIP message it carries, as
    // its sender saw it.
    void handle_hep(ByteSpan packet, std::uint64_t frame, std::int64_t time_ns) {
        auto parsed = parse_hep(packet, time_ns);
        if (auto* error = std::get_if<ParseError>(&parsed)) {
            problem(frame, error->reason);
            return;
        }
        const HepMessage& hep = std::get<HepMessage>(parsed);
        if (!sip::is_sip_datagram(hep.payload.chars())) {
            if (hep.payload_type == kHepSip) {
                problem(frame, "HEPv3 packet of type SIP that carries no SIP message; skipped");
            }
            return;  // else RTCP reports, logs, ... that a HEP agent sends too
        }
        const Transport transport = hep.ip_protocol == ip_proto::kTcp   ? Transport::Tcp
                                    : hep.ip_protocol == ip_proto::kUdp ? Transport::Udp
                                                                        : Transport::Unknown;
        emit(transport, hep.src, hep.src_port, hep.dst, hep.dst_port,
             std::string(hep.payload.chars()), frame, hep.time_ns);
    }

    // `missing`: bytes of the IP payload a snapshot length cut off.
    void handle_transport(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol,
                          ByteSpan payload, std::int64_t time_ns, std::size_t missing) {
        if (protocol == ip_proto::kUdp) {
            auto parsed = parse_udp(payload, missing);
            if (auto* error = std::get_if<ParseError>(&parsed)) {
                problem(frame_, error->reason);
                return;
            }
            const UdpDatagram& udp = std::get<UdpDatagram>(parsed);
            if (looks_like_hep(udp.payload) || looks_like_old_hep(udp.payload)) {
                if (options_.hep) {
                    handle_hep(udp.payload, frame_, time_ns);
                } else {
                    tell_hep_left_out();
                }
                return;
            }
            // A datagram cut inside its first line (tcpdump -s 68) counts when what is left
            // could still begin a SIP message.
            if (port_in_scope(udp.src_port, udp.dst_port) &&
                (sip::is_sip_datagram(udp.payload.chars()) ||
                 (udp.missing > 0 &&
                  sip::classify_start_line(udp.payload.chars()) == sip::StartLine::NeedMore))) {
                emit(Transport::Udp, src, udp.src_port, dst, udp.dst_port,
                     std::string(udp.payload.chars()), frame_, time_ns, udp.missing);
            }
        } else if (protocol == ip_proto::kTcp) {
            auto parsed = parse_tcp(payload);
            if (auto* error = std::get_if<ParseError>(&parsed)) {
                problem(frame_,
                        error->reason + (missing > 0 ? " (frame cut by the snapshot length)" : ""));
                return;
            }
            TcpSegment& tcp = std::get<TcpSegment>(parsed);
            tcp.missing = missing;
            if (missing > 0 && !told_tcp_cut_) {
                told_tcp_cut_ = true;
                notice(frame_, "TCP segment cut by the snapshot length (" +
                                   std::to_string(missing) +
                                   " bytes not captured): a SIP message it cuts is kept cut "
                                   "short when its length is known, else left out (capture "
                                   "with -s 0)");
            }
            if (port_in_scope(tcp.src_port, tcp.dst_port)) {
                tcp_.add(FlowKey{src, dst, tcp.src_port, tcp.dst_port}, tcp, frame_, time_ns);
            }
        }
    }

    // TcpConsumer
    bool on_bytes(const FlowKey& flow, const TcpChunk& chunk) override {
        FlowState& state = streams_[flow];
        if (!state.probed) {
            state.probed = true;
            state.hep = starts_hep_stream(chunk.bytes);
            if (state.hep && !options_.hep) {
                tell_hep_left_out();
                return false;  // its SIP payloads are not the sniffer's SIP either
            }
            if (state.hep) {
                state.units = std::make_unique<HepStreamFramer>();
            } else if (starts_websocket_stream(chunk.bytes)) {
                state.units = std::make_unique<WebSocketStreamFramer>();
            } else if (starts_websocket_frames(chunk.bytes)) {
                state.units =
                    std::make_unique<WebSocketStreamFramer>(WebSocketStreamFramer::Start::Frames);
                tell_websocket_without_handshake(flow, chunk.frame);
            }
        }
        if (state.units) {
            return on_units(flow, state, chunk);
        }
        messages_.clear();
        notes_.clear();
        state.framer.feed(chunk.bytes, chunk.gap_before, chunk.gap_is_cut, messages_, notes_);
        for (std::string& note : notes_) {
            problem(chunk.frame, flow_text("TCP", flow) + ": " + note);
        }
        for (StreamMessage& message : messages_) {
            const bool cut = message.full_size != 0;
            emit(Transport::Tcp, flow.src, flow.src_port, flow.dst, flow.dst_port,
                 std::move(message.bytes), cut ? state.previous_frame : chunk.frame,
                 cut ? state.previous_time_ns : chunk.time_ns,
                 cut ? message.full_size - message.bytes.size() : 0);
        }
        state.previous_frame = chunk.frame;
        state.previous_time_ns = chunk.time_ns;
        return !state.framer.ignored();
    }

    // A HEP packet is read as the message it carries; a WebSocket message is one SIP message
    // (RFC 7118 §5.2), and anything else the connection carries is not SIP.
    bool on_units(const FlowKey& flow, FlowState& state, const TcpChunk& chunk) {
        units_.clear();
        notes_.clear();
        state.units->feed(chunk.bytes, chunk.gap_before, units_, notes_);
        for (std::string& note : notes_) {
            problem(chunk.frame, flow_text("TCP", flow) + ": " + note);
        }
        for (std::string& unit : units_) {
            if (state.hep) {
                handle_hep(ByteSpan(unit), chunk.frame, chunk.time_ns);
            } else if (sip::is_sip_datagram(unit)) {
                emit(Transport::Ws, flow.src, flow.src_port, flow.dst, flow.dst_port,
                     std::move(unit), chunk.frame, chunk.time_ns);
            }
        }
        return true;
    }

    void on_end(const FlowKey& flow, TcpEnd, std::uint64_t frame) override {
        auto it = streams_.find(flow);
        if (it == streams_.end()) {
            return;
        }
        notes_.clear();
        if (it->second.units) {
            it->second.units->finish(notes_);
        } else {
            it->second.framer.finish(notes_);
        }
        for (std::string& note : notes_) {
            problem(frame, flow_text("TCP", flow) + ": " + note);
        }
        streams_.erase(it);
    }

    pcap_t* pcap_;
    InputFile input_;
    std::string_view path_;
    CaptureOptions options_;
    ProblemSink& problems_;
    int link_type_;
    std::uint64_t frame_ = 0;
    bool ended_ = false;
    bool told_tcp_cut_ = false;
    bool told_websocket_without_handshake_ = false;
    bool told_hep_ = false;
    bool told_exported_pdus_ = false;
    std::int64_t latest_ns_ = 0;
    std::int64_t last_expire_ns_ = 0;
    std::deque<Record> ready_;
    AddressTexts addresses_;
    IpReassembler ip_;
    TcpReassembler tcp_;
    ExportedStreamMessages exported_stream_;
    std::unordered_map<FlowKey, FlowState, FlowKeyHash> streams_;
    std::vector<StreamMessage> messages_;
    std::vector<std::string> units_;
    std::vector<std::string> notes_;
};

// A capture file opened for libpcap (gzip-compressed or not), or why it cannot be.
struct OpenedPcap {
    pcap_t* pcap = nullptr;  // owns input.file
    InputFile input;
};

std::variant<OpenedPcap, std::string> open_pcap(const std::string& path) {
    auto opened = open_input(path);
    if (auto* why = std::get_if<std::string>(&opened)) {
        return path + ": cannot open: " + *why;
    }
    InputFile input = std::get<InputFile>(std::move(opened));
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* pcap =
        pcap_fopen_offline_with_tstamp_precision(input.file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (pcap == nullptr) {
        std::fclose(input.file);
        std::string why = errbuf;
        if (input.gzip_error && !input.gzip_error->empty()) {
            why += " (gzip: " + *input.gzip_error + ")";
        }
        return path + ": not a readable pcap or pcapng capture" +
               std::string(input.gzip ? " (inside gzip)" : "") + ": " + why;
    }
    return OpenedPcap{pcap, std::move(input)};
}

}  // namespace

std::optional<std::int64_t> first_packet_time(const std::string& path) {
    struct stat st {};
    if (path == "-" || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return std::nullopt;
    }
    auto opened = open_pcap(path);
    auto* file = std::get_if<OpenedPcap>(&opened);
    if (file == nullptr) {
        return std::nullopt;
    }
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    std::optional<std::int64_t> t;
    if (pcap_next_ex(file->pcap, &header, &data) == 1) {
        t = timestamp_ns(header->ts);
    }
    pcap_close(file->pcap);  // closes the file too
    return t;
}

OrError<std::unique_ptr<RecordSource>> open_capture(const std::string& path,
                                                    const CaptureOptions& options,
                                                    ProblemSink& problems, CaptureInfo* info) {
    auto opened = open_pcap(path);
    if (auto* why = std::get_if<std::string>(&opened)) {
        return OpenError{*why};
    }
    auto [pcap, input] = std::get<OpenedPcap>(std::move(opened));
    const int link = pcap_datalink(pcap);
    if (!link_type_supported(link) && link != kExportedPduLinkType) {
        const char* name = pcap_datalink_val_to_name(link);
        pcap_close(pcap);
        return OpenError{path + ": link type " + std::to_string(link) +
                         (name != nullptr ? std::string(" (") + name + ")" : std::string()) +
                         " is not supported (Ethernet, Linux cooked SLL/SLL2, BSD loopback, "
                         "raw IP and Wireshark's exported PDUs are)"};
    }
    if (info != nullptr) {
        info->exported_pdus = link == kExportedPduLinkType;
    }
    return std::unique_ptr<RecordSource>(
        std::make_unique<CaptureReader>(pcap, std::move(input), path, options, problems));
}

}  // namespace sipdiff::capture
