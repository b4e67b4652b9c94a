#include "sip/identity.h"

#include <cstring>
#include <optional>

#include "sip/header_names.h"

namespace sipdiff::sip {
namespace {

// The key hashes its fields 8 bytes at a time (a byte-at-a-time hash was a tenth of sipdiff's
// time). Each field is closed by its length, so "ab"+"c" differs from "a"+"bc".
class KeyHash {
  public:
    void field(std::string_view s) {
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + i, 8);
            absorb(word);
        }
        std::uint64_t tail = 0;
        if (i < s.size()) {  // an empty view may have no data pointer at all
            std::memcpy(&tail, s.data() + i, s.size() - i);
        }
        absorb(tail ^ (std::uint64_t{s.size()} << 56));
    }

    // CSeq "1   REGISTER" and "1 REGISTER" are the same CSeq: runs of blanks count as one space.
    void collapsed_field(std::string_view s) {
        bool space = false;
        for (char c : s) {
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space) {
                byte(' ');
                space = false;
            }
            byte(c);
        }
        absorb(word_ ^ (length_ << 56));
        word_ = 0;
        length_ = 0;
    }

    std::uint64_t value() const { return h_; }

  private:
    void absorb(std::uint64_t word) {
        h_ = (h_ ^ word) * 0x9E3779B97F4A7C15ULL;
        h_ ^= h_ >> 29;
    }
    void byte(char c) {
        word_ |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * (length_ % 8));
        if (++length_ % 8 == 0) {
            absorb(word_);
            word_ = 0;
        }
    }

    std::uint64_t h_ = 0x6A09E667F3BCC908ULL;
    std::uint64_t word_ = 0;    // bytes of collapsed_field() not absorbed yet
    std::uint64_t length_ = 0;  // bytes given to collapsed_field() so far
};

bool blanks_only(std::string_view s) {
    for (char c : s) {
        if (c != ' ' && c != '\t') {
            return false;
        }
    }
    return true;
}

// Up to the next ';', ',' or blank. A plain loop: find_first_of looks each byte up in the set
// with a call of its own, and the branch is looked for in every message.
std::size_t token_length(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] != ';' && s[i] != ',' && s[i] != ' ' && s[i] != '\t') {
        ++i;
    }
    return i;
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
                blanks_only(param.substr(kBranch.size(), eq - kBranch.size()))) {
                std::string_view value = param.substr(eq + 1);
                return value.substr(0, token_length(value));
            }
        }
    }
    return {};
}

std::uint64_t identity_key(const Message& m) {
    KeyHash h;
    if (m.is_request) {
        h.field(m.method);
    } else {
        const char code[3] = {static_cast<char>('0' + m.status / 100 % 10),
                              static_cast<char>('0' + m.status / 10 % 10),
                              static_cast<char>('0' + m.status % 10)};
        h.field(std::string_view(code, sizeof code));
    }
    // The first of each header, as Message::header() finds it, in one pass over the headers;
    // the name's length rules out most headers before any comparison.
    std::optional<std::string_view> call_id, cseq, via;
    for (const Header& header : m.headers) {
        std::optional<std::string_view>* slot = nullptr;
        switch (header.name.size()) {
            case 1:
                slot = header_name_is(header.name, "call-id") ? &call_id
                       : header_name_is(header.name, "via")   ? &via
                                                              : nullptr;
                break;
            case 3:
                slot = header_name_is(header.name, "via") ? &via : nullptr;
                break;
            case 4:
                slot = header_name_is(header.name, "cseq") ? &cseq : nullptr;
                break;
            case 7:
                slot = header_name_is(header.name, "call-id") ? &call_id : nullptr;
                break;
            default:
                break;
        }
        if (slot != nullptr && !*slot) {
            *slot = header.value;
        }
    }
    h.field(call_id.value_or(""));
    h.collapsed_field(cseq.value_or(""));
    h.field(via_branch(via.value_or("")));
    return h.value();
}

std::uint64_t bytes_key(std::string_view bytes) {
    KeyHash h;
    h.field(bytes);
    return h.value();
}

}  // namespace sipdiff::sip
