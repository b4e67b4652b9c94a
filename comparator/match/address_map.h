// Endpoints a NAT between the server and the sniffer translates: the trace names an endpoint by
// one address, the capture by another (a server on a private address logs that address; a
// sniffer outside the NAT sees the public one). Learned before pairing from the head pairs: a
// trace endpoint that every head pair shows as one other endpoint in the capture.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "match/clock.h"
#include "record.h"

namespace sipdiff::match {

struct EndpointHash {
    std::size_t operator()(const Endpoint& e) const {
        return std::hash<std::string>()(e.ip) * 31 + e.port;
    }
};

class AddressMap {
  public:
    struct Translation {
        Endpoint trace;
        Endpoint capture;
        std::size_t messages = 0;  // head pairs that show it
    };

    // Translations seen in at least two head pairs, and contradicted by none.
    static AddressMap learn(const std::vector<HeadPair>& pairs);

    // The capture's name of a trace endpoint: itself unless translated.
    const Endpoint& to_capture(const Endpoint& trace) const;
    // In the order their trace endpoints first appear in the head pairs.
    const std::vector<Translation>& translations() const { return translations_; }

  private:
    std::vector<Translation> translations_;
    std::unordered_map<Endpoint, std::size_t, EndpointHash> index_;
};

}  // namespace sipdiff::match
