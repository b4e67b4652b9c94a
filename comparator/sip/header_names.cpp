#include "sip/header_names.h"

#include "ascii.h"

namespace sipdiff::sip {
namespace {

// Compact forms registered with IANA ("Header Fields" registry, compact column).
std::string_view long_form(char compact) {
    switch (compact) {
        case 'a':
            return "accept-contact";
        case 'b':
            return "referred-by";
        case 'c':
            return "content-type";
        case 'd':
            return "request-disposition";
        case 'e':
            return "content-encoding";
        case 'f':
            return "from";
        case 'i':
            return "call-id";
        case 'j':
            return "reject-contact";
        case 'k':
            return "supported";
        case 'l':
            return "content-length";
        case 'm':
            return "contact";
        case 'n':
            return "identity-info";
        case 'o':
            return "event";
        case 'r':
            return "refer-to";
        case 's':
            return "subject";
        case 't':
            return "to";
        case 'u':
            return "allow-events";
        case 'v':
            return "via";
        case 'x':
            return "session-expires";
        case 'y':
            return "identity";
        default:
            return {};
    }
}

}  // namespace

std::string canonical_header_name(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) {
        c = ascii_lower(c);
    }
    if (lower.size() == 1) {
        std::string_view full = long_form(lower[0]);
        if (!full.empty()) {
            return std::string(full);
        }
    }
    return lower;
}

bool header_name_is(std::string_view written, std::string_view canonical) {
    if (written.size() == 1) {
        std::string_view full = long_form(ascii_lower(written[0]));
        if (!full.empty()) {
            return full == canonical;
        }
    }
    if (written.size() != canonical.size()) {
        return false;
    }
    for (std::size_t i = 0; i < written.size(); ++i) {
        if (ascii_lower(written[i]) != canonical[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace sipdiff::sip
