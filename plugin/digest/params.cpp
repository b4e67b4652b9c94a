#include "digest/params.h"

#include <array>
#include <cstring>
#include <string>

namespace digest {
namespace {

// Character classes of RFC 7230 §3.2.6, looked up per byte: the parser's inner loops run over
// every byte of the header.
enum CharClass : unsigned char { kTokenChar = 1, kSpaceChar = 2 };

constexpr std::array<unsigned char, 256> make_char_classes() {
    std::array<unsigned char, 256> classes{};
    for (int c = '!'; c < 0x7f; ++c) {
        classes[static_cast<std::size_t>(c)] = kTokenChar;
    }
    for (const char separator : std::string_view("()<>@,;:\\\"/[]?={}")) {
        classes[static_cast<unsigned char>(separator)] = 0;
    }
    for (const char space : std::string_view(" \t\r\n")) {
        classes[static_cast<unsigned char>(space)] = kSpaceChar;
    }
    return classes;
}

constexpr std::array<unsigned char, 256> kCharClasses = make_char_classes();

bool is_space(char c) {
    return (kCharClasses[static_cast<unsigned char>(c)] & kSpaceChar) != 0;
}

bool is_token_char(char c) {
    return (kCharClasses[static_cast<unsigned char>(c)] & kTokenChar) != 0;
}

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) {
            ++pos_;
        }
    }
    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return text_[pos_]; }
    void advance() { ++pos_; }
    std::size_t pos() const { return pos_; }

    std::string_view token() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_token_char(text_[pos_])) {
            ++pos_;
        }
        return text_.substr(start, pos_ - start);
    }

    // Reads a quoted-string (the cursor is on the opening quote). False if it never closes.
    // Values are mostly long hex strings without escapes: the closing quote is found with
    // memchr and the run before it copied whole when it holds no backslash.
    bool quoted(std::string& out) {
        ++pos_;
        while (pos_ < text_.size()) {
            const char* begin = text_.data() + pos_;
            const std::size_t left = text_.size() - pos_;
            const auto* quote = static_cast<const char*>(std::memchr(begin, '"', left));
            const std::size_t run =
                quote != nullptr ? static_cast<std::size_t>(quote - begin) : left;
            const auto* escape = static_cast<const char*>(std::memchr(begin, '\\', run));
            if (escape == nullptr) {
                out.append(begin, run);
                pos_ += run;
                if (quote == nullptr) {
                    return false;
                }
                ++pos_;
                return true;
            }
            const std::size_t plain = static_cast<std::size_t>(escape - begin);
            out.append(begin, plain);
            pos_ += plain + 1;
            if (pos_ < text_.size()) {
                out.push_back(text_[pos_++]);
            }
        }
        return false;
    }

    // A token-like value that is not quoted: everything up to the next comma or white space.
    std::string_view bare_value() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ',' && !is_space(text_[pos_])) {
            ++pos_;
        }
        return text_.substr(start, pos_ - start);
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::string at(const Cursor& cursor, std::string what) {
    return what + " at offset " + std::to_string(cursor.pos());
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    // Names usually come in their canonical case: compare bytes first, fold only on a mismatch.
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

std::string ascii_lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

const std::string* AuthParams::find(std::string_view name) const {
    for (const auto& [key, value] : params) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

AuthParamsResult parse_auth_params(std::string_view header_value, bool has_scheme) {
    AuthParamsResult result;
    result.value.params.reserve(12);  // a Digest header has up to 11 parameters
    Cursor cursor(header_value);
    cursor.skip_space();
    if (has_scheme) {
        result.value.scheme = std::string(cursor.token());
        if (result.value.scheme.empty()) {
            result.error = "no authentication scheme";
            return result;
        }
    }
    bool expect_param = true;
    while (true) {
        cursor.skip_space();
        if (cursor.done()) {
            return result;
        }
        if (cursor.peek() == ',') {
            cursor.advance();
            expect_param = true;
            continue;
        }
        if (!expect_param) {
            result.error = at(cursor, "missing comma between parameters");
            return result;
        }
        std::string name(cursor.token());
        if (name.empty()) {
            result.error =
                at(cursor, "unexpected character '" + std::string(1, cursor.peek()) + "'");
            return result;
        }
        for (char& c : name) {
            c = ascii_lower(c);
        }
        cursor.skip_space();
        if (cursor.done() || cursor.peek() != '=') {
            result.error = at(cursor, "parameter " + name + " has no value");
            return result;
        }
        cursor.advance();
        cursor.skip_space();
        std::string value;
        if (!cursor.done() && cursor.peek() == '"') {
            if (!cursor.quoted(value)) {
                result.error = "quoted value of " + name + " never ends";
                return result;
            }
        } else {
            value = std::string(cursor.bare_value());
        }
        result.value.params.emplace_back(std::move(name), std::move(value));
        expect_param = false;
    }
}

}  // namespace digest
