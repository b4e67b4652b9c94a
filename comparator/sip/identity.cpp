#include "sip/identity.h"

#include <cstring>
#include <optional>
#include <string>

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

    // CSeq "1   REGISTER" and "1 REGISTER" are the same CSeq: runs of blanks count as one space
    // (trailing ones as none). Most values have nothing to collapse and are hashed as they are.
    void collapsed_field(std::string_view s) {
        bool plain = s.empty() || s.back() != ' ';
        for (std::size_t i = 0; plain && i < s.size(); ++i) {
            plain = s[i] != '\t' && !(s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ');
        }
        if (plain) {
            field(s);
            return;
        }
        std::string collapsed;
        bool space = false;
        for (char c : s) {
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space) {
                collapsed += ' ';
                space = false;
            }
            collapsed += c;
        }
        field(collapsed);
    }

    std::uint64_t value() const { return h_; }

  private:
    void absorb(std::uint64_t word) {
        h_ = (h_ ^ word) * 0x9E3779B97F4A7C15ULL;
        h_ ^= h_ >> 29;
    }
    std::uint64_t h_ = 0x6A09E667F3BCC908ULL;
};

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
    const std::string_view first = via_value.substr(0, via_value.find(','));  // the top Via
    constexpr std::string_view kBranch = "branch";
    const auto skip_blanks = [&first](std::size_t i) {
        while (i < first.size() && (first[i] == ' ' || first[i] == '\t')) {
            ++i;
        }
        return i;
    };
    for (std::size_t pos = 0; (pos = first.find(';', pos)) != std::string_view::npos;) {
        pos = skip_blanks(pos + 1);
        if (first.size() - pos <= kBranch.size()) {
            continue;
        }
        bool same = true;
        for (std::size_t k = 0; k < kBranch.size(); ++k) {
            // kBranch is lower-case letters: matching with bit 5 set is case-insensitive.
            same = same && (first[pos + k] | 0x20) == kBranch[k];
        }
        std::size_t eq = same ? skip_blanks(pos + kBranch.size()) : first.size();
        if (eq < first.size() && first[eq] == '=') {
            // RFC 3261's EQUAL allows blanks on both sides.
            std::string_view value = first.substr(skip_blanks(eq + 1));
            return value.substr(0, token_length(value));
        }
    }
    return {};
}

namespace {

// Whether the token `name` is `lower` in any case. Setting bit 5 lower-cases a token's letters
// and turns no other token character ("-.!%*_+`'~", digits) into a letter or '-', so one compare
// of 8-byte words does it.
template <std::size_t N>
bool token_is(std::string_view name, const char (&lower)[N]) {
    static_assert(N >= 2 && N <= 9, "at most 8 characters");
    if (name.size() != N - 1) {
        return false;
    }
    std::uint64_t written = 0, wanted = 0;
    std::memcpy(&written, name.data(), N - 1);
    std::memcpy(&wanted, lower, N - 1);
    return (written | (0x2020202020202020ULL >> (8 * (9 - N)))) == wanted;
}

// Which of the identity headers the header name `name` is (compact forms included), or null.
std::optional<std::string_view>* identity_slot(std::string_view name,
                                               std::optional<std::string_view> (&slots)[3]) {
    enum { kCallId, kCSeq, kVia };
    if (token_is(name, "call-id") || token_is(name, "i")) {
        return &slots[kCallId];
    }
    if (token_is(name, "cseq")) {
        return &slots[kCSeq];
    }
    if (token_is(name, "via") || token_is(name, "v")) {
        return &slots[kVia];
    }
    return nullptr;
}

// `start` holds the parsed start line; slots are the first Call-ID, CSeq and Via values.
std::uint64_t hash_identity(const Message& start, std::optional<std::string_view> (&slots)[3]) {
    KeyHash h;
    if (start.is_request) {
        h.field(start.method);
    } else {
        const char code[3] = {static_cast<char>('0' + start.status / 100 % 10),
                              static_cast<char>('0' + start.status / 10 % 10),
                              static_cast<char>('0' + start.status % 10)};
        h.field(std::string_view(code, sizeof code));
    }
    h.field(slots[0].value_or(""));
    h.collapsed_field(slots[1].value_or(""));
    h.field(via_branch(slots[2].value_or("")));
    return h.value();
}

}  // namespace

std::uint64_t identity_key(const Message& m) {
    // The first of each header, as Message::header() finds it, in one pass over the headers.
    std::optional<std::string_view> slots[3];
    for (const Header& header : m.headers) {
        std::optional<std::string_view>* slot = identity_slot(header.name, slots);
        if (slot != nullptr && !*slot) {
            *slot = header.value;
        }
    }
    return hash_identity(m, slots);
}

namespace {

enum class End {
    EmptyLine,  // the headers must end with their empty line
    Cut,        // the bytes may stop inside the headers (a cut message)
};

// The same checks as parse_message_into(), line by line, without building the header list.
std::optional<std::uint64_t> scan_identity(std::string_view bytes, Message& scratch, End end_ok) {
    std::optional<std::string_view> slots[3];
    bool start = true;
    for (std::size_t pos = 0;;) {
        const void* lf = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
        if (lf == nullptr) {
            if (end_ok == End::Cut && !start && slots[0] && slots[1] && slots[2]) {
                return hash_identity(scratch, slots);
            }
            return std::nullopt;
        }
        std::size_t end = static_cast<std::size_t>(static_cast<const char*>(lf) - bytes.data());
        std::string_view line = bytes.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (start) {
            if (parse_start_line(line, scratch)) {
                return std::nullopt;
            }
            start = false;
            continue;
        }
        if (line.empty()) {
            return hash_identity(scratch, slots);
        }
        // No bounds checks: the line is followed by its CR or LF, which stops both loops.
        const char* p = line.data();
        while (is_token_char(*p)) {
            ++p;
        }
        const std::size_t name_end = static_cast<std::size_t>(p - line.data());
        while (*p == ' ' || *p == '\t') {
            ++p;
        }
        if (name_end == 0 || *p != ':') {
            return std::nullopt;  // a folded line or a damaged one
        }
        std::optional<std::string_view>* slot = identity_slot(line.substr(0, name_end), slots);
        if (slot != nullptr && !*slot) {
            *slot = trim_blanks(line.substr(static_cast<std::size_t>(p - line.data()) + 1));
        }
    }
}

}  // namespace

std::optional<std::uint64_t> plain_identity_key(std::string_view bytes, Message& scratch) {
    return scan_identity(bytes, scratch, End::EmptyLine);
}

std::optional<std::uint64_t> cut_identity_key(std::string_view bytes, Message& scratch) {
    return scan_identity(bytes, scratch, End::Cut);
}

std::uint64_t bytes_key(std::string_view bytes) {
    KeyHash h;
    h.field(bytes);
    return h.value();
}

}  // namespace sipdiff::sip
