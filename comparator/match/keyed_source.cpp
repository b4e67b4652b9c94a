#include "match/keyed_source.h"

#include "sip/identity.h"

namespace sipdiff::match {

std::uint64_t record_key(const Record& record, sip::Message& scratch) {
    const std::string_view bytes = record.bytes;
    if (record.cut()) {
        return sip::cut_identity_key(bytes, scratch).value_or(sip::bytes_key(bytes));
    }
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
    out.key = record_key(out.record, scratch_);
    return true;
}

}  // namespace sipdiff::match
