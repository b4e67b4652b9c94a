#include "sip/identity.h"

#include <optional>

#include "sip/header_names.h"

namespace sipdiff::sip {
namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

void mix(std::uint64_t& h, std::string_view s) {
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= kFnvPrime;
    }
    h ^= 0xffU;  // field separator, so "ab"+"c" differs from "a"+"bc"
    h *= kFnvPrime;
}

// CSeq "1   REGISTER" and "1 REGISTER" are the same CSeq.
void mix_collapsed(std::uint64_t& h, std::string_view s) {
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space) {
            h ^= ' ';
            h *= kFnvPrime;
            space = false;
        }
        h ^= static_cast<unsigned char>(c);
        h *= kFnvPrime;
    }
    h ^= 0xffU;
    h *= kFnvPrime;
}

}  // namespace

std::string_view via_branch(std::string_view via_value) {
    std::size_t comma = via_value.find(',');
    std::string_view first = via_value.substr(0, comma);
    std::size_t pos = 0;
    while ((pos = first.find(';', pos)) != std::string_view::npos) {
        ++pos;
        while (pos < first.size() && (first[pos] == ' ' || first[pos] == '\t')) {
            ++pos;
        }
        constexpr std::string_view kBranch = "branch";
        std::string_view param = first.substr(pos);
        if (param.size() > kBranch.size()) {
            bool same = true;
            for (std::size_t i = 0; i < kBranch.size(); ++i) {
                // kBranch is lower-case letters: matching with bit 5 set is case-insensitive.
                if ((param[i] | 0x20) != kBranch[i]) {
                    same = false;
                    break;
                }
            }
            std::size_t eq = param.find('=');
            if (same && eq != std::string_view::npos &&
                param.substr(kBranch.size(), eq - kBranch.size()).find_first_not_of(" \t") ==
                    std::string_view::npos) {
                std::string_view value = param.substr(eq + 1);
                value = value.substr(0, value.find_first_of(";, \t"));
                return value;
            }
        }
    }
    return {};
}

std::uint64_t identity_key(const Message& m) {
    std::uint64_t h = kFnvOffset;
    if (m.is_request) {
        mix(h, m.method);
    } else {
        const char code[3] = {static_cast<char>('0' + m.status / 100 % 10),
                              static_cast<char>('0' + m.status / 10 % 10),
                              static_cast<char>('0' + m.status % 10)};
        mix(h, std::string_view(code, sizeof code));
    }
    // The first of each header, as Message::header() finds it, in one pass over the headers.
    std::optional<std::string_view> call_id, cseq, via;
    for (const Header& header : m.headers) {
        if (!call_id && header_name_is(header.name, "call-id")) {
            call_id = header.value;
        } else if (!cseq && header_name_is(header.name, "cseq")) {
            cseq = header.value;
        } else if (!via && header_name_is(header.name, "via")) {
            via = header.value;
        }
    }
    mix(h, call_id.value_or(""));
    mix_collapsed(h, cseq.value_or(""));
    mix(h, via_branch(via.value_or("")));
    return h;
}

std::uint64_t bytes_key(std::string_view bytes) {
    std::uint64_t h = kFnvOffset;
    mix(h, bytes);
    return h;
}

}  // namespace sipdiff::sip
