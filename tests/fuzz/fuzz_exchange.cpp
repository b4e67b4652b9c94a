// Fuzzes the exchange tracker: digest::Exchange::add_message over a sequence of SIP messages,
// with a credentials store read from the input and the weak-password audit on, then reads every
// frame's result and builds the cracker lines of every checked header, as the tree does. Input: a
// credentials file (native format), then each SIP message after a NUL byte, one per frame; an empty
// piece keeps the next message in the same frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "digest/credentials.h"
#include "digest/exchange.h"
#include "digest/export.h"
#include "digest/weak_audit.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string_view> pieces =
        fuzz::split(std::string_view(reinterpret_cast<const char*>(data), size), '\0');

    digest::CredentialStore store;
    for (digest::CredentialEntry& entry :
         digest::parse_credentials(pieces[0], digest::CredentialFormat::Native).entries) {
        store.add(std::move(entry));
    }
    digest::WeakAudit audit;
    audit.set_wordlist({"hunter2", "101", ""});
    audit.set_max_words(2);
    digest::Exchange exchange(store);
    exchange.set_audit(&audit);

    digest::FrameNumber frame = 0;
    bool same_frame = false;
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        if (pieces[i].empty()) {
            same_frame = frame != 0;
            continue;
        }
        if (!same_frame) {
            ++frame;
        }
        same_frame = false;
        (void)exchange.add_message(frame, pieces[i]);
    }

    for (digest::FrameNumber f = 0; f <= frame + 1; ++f) {
        const std::optional<digest::FrameResult> result = exchange.frame(f);
        if (!result) {
            continue;
        }
        for (const digest::MessageResult& message : result->messages) {
            for (const digest::CredentialResult& c : message.credentials) {
                // Links point backwards (challenge) or forwards (answer), never to nothing.
                if (c.challenge_frame > f || c.answer_frame > frame ||
                    (c.answer_frame != 0 && c.answer_frame < f)) {
                    std::abort();
                }
                const digest::ExportInput input =
                    digest::export_input(c.check, "2001:db8::5", "192.0.2.10");
                (void)digest::hashcat_line(input);
                (void)digest::sipdump_line(input);
            }
            for (const digest::ChallengeResult& ch : message.challenges) {
                for (const digest::FrameNumber r : ch.response_frames()) {
                    if (r < f || r > frame) {
                        std::abort();
                    }
                }
            }
            for (const digest::AnswerResult& a : message.answers) {
                if (a.request_frame == 0 || a.request_frame > f) {
                    std::abort();
                }
            }
        }
    }
    exchange.reset();
    return 0;
}
