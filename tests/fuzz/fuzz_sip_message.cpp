// Fuzzes digest::parse_sip_message and the parameters of every authentication header it finds,
// and checks digest::triage_sip_message against it: NotSip exactly when the parse fails, Skip
// never for a message the tracker would use.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "digest/params.h"
#include "digest/sip_message.h"

namespace {

// Every view must lie inside the input.
void check_inside(std::string_view outer, std::string_view view) {
    if (view.empty()) {
        return;
    }
    if (view.data() < outer.data() || view.data() + view.size() > outer.data() + outer.size()) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const digest::SipMessageResult parsed = digest::parse_sip_message(bytes);
    const digest::SipTriage triage = digest::triage_sip_message(bytes);
    if ((triage == digest::SipTriage::NotSip) != !parsed.ok()) {
        std::abort();
    }
    if (!parsed.ok()) {
        return 0;
    }
    const digest::SipMessage& m = parsed.value;
    // A skipped message holds nothing the tracker reads: no credentials in a request, and a
    // response only provisional.
    if (triage == digest::SipTriage::Skip) {
        bool credentials = false;
        for (const digest::AuthHeader& header : m.auth_headers) {
            credentials = credentials || header.kind == digest::AuthHeaderKind::Authorization ||
                          header.kind == digest::AuthHeaderKind::ProxyAuthorization;
        }
        if (m.is_request ? credentials : m.status >= 200) {
            std::abort();
        }
    }
    for (const std::string_view view :
         {m.method, m.request_uri, m.call_id, m.cseq_method, m.top_via_branch, m.body}) {
        check_inside(bytes, view);
    }
    for (const digest::AuthHeader& header : m.auth_headers) {
        check_inside(bytes, header.value);
        const bool has_scheme = header.kind != digest::AuthHeaderKind::AuthenticationInfo;
        const digest::AuthParamsResult params = digest::parse_auth_params(header.value, has_scheme);
        for (const auto& [name, value] : params.value.params) {
            if (digest::ascii_lowercase(name) != name || params.value.find(name) == nullptr) {
                std::abort();
            }
        }
        (void)digest::auth_header_name(header.kind);
    }
    return 0;
}
