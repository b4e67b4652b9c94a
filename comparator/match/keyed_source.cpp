#include "match/keyed_source.h"

#include "sip/identity.h"

namespace sipdiff::match {

std::uint64_t record_key(std::string_view bytes, sip::Message& scratch) {
    if (std::optional<std::uint64_t> key = sip::plain_identity_key(bytes, scratch)) {
        return *key;
    }
    if (sip::parse_message_into(bytes, scratch)) {
        return sip::bytes_key(bytes);
    }
    return sip::identity_key(scratch);
}

bool InlineKeys::next(KeyedRecord& out) {
    if (!source_.next(out.record)) {
        return false;
    }
    out.key = record_key(out.record.bytes, scratch_);
    return true;
}

}  // namespace sipdiff::match
