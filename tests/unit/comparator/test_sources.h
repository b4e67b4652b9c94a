// Helpers for sipdiff unit tests: records and sources in memory, a ProblemSink that keeps all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source.h"

namespace sipdiff::testing {

class VectorSource : public RecordSource {
  public:
    explicit VectorSource(std::vector<Record> records) : records_(std::move(records)) {}
    bool next(Record& out) override;

  private:
    std::vector<Record> records_;
    std::size_t pos_ = 0;
};

class CollectingSink : public ProblemSink {
  public:
    void report(Problem p) override { problems.push_back(std::move(p)); }
    // Every problem on a line of its own ("line N: reason"), for failure messages.
    std::string text() const {
        std::string all;
        for (const Problem& p : problems) {
            all += "line " + std::to_string(p.where.line) + ": " + p.reason + "\n";
        }
        return all;
    }
    std::vector<Problem> problems;
};

// A small SIP REGISTER / response with the given Call-ID, CSeq number and extra header lines.
std::string sip_request(const std::string& call_id, int cseq, const std::string& extra = "");
std::string sip_response(int status, const std::string& call_id, int cseq);

Record record(std::int64_t time_ns, std::string bytes, Endpoint src, Endpoint dst,
              Direction direction, std::uint64_t line_or_frame, bool is_log);

constexpr std::int64_t kSecond = 1'000'000'000;
inline Endpoint server() {
    return {"10.0.0.1", 5060};
}
inline Endpoint client() {
    return {"10.0.0.2", 5061};
}

}  // namespace sipdiff::testing
