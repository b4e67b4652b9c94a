#include "logs/pcap_trace.h"

namespace sipdiff::logs {
namespace {

bool unspecified(const Endpoint& e) {
    return e.port == 0 && (e.ip == "0.0.0.0" || e.ip == "::");
}

class PcapTrace : public RecordSource {
  public:
    explicit PcapTrace(std::unique_ptr<RecordSource> capture) : capture_(std::move(capture)) {}

    bool next(Record& out) override {
        if (!capture_->next(out)) {
            return false;
        }
        if (unspecified(out.src) && !unspecified(out.dst)) {
            out.src = Endpoint{};
            out.direction = Direction::Sent;
        } else if (unspecified(out.dst) && !unspecified(out.src)) {
            out.dst = Endpoint{};
            out.direction = Direction::Received;
        }
        return true;
    }

  private:
    std::unique_ptr<RecordSource> capture_;
};

}  // namespace

std::unique_ptr<RecordSource> pcap_trace_records(std::unique_ptr<RecordSource> capture) {
    return std::make_unique<PcapTrace>(std::move(capture));
}

}  // namespace sipdiff::logs
