// The tree the plugin draws from the stored results of a frame: its fields, subtrees and
// expert infos, and their registration.

#include "sipdigest-tree.h"

#include "digest/export.h"

#include <wireshark.h>

#include <epan/expert.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <wsutil/inet_addr.h>

#include <optional>
#include <string>
#include <vector>

using digest::AuthHeaderKind;
using digest::Verdict;

namespace sipdigest_plugin {
namespace {

int proto_sipdigest = -1;
int hf_header = -1;
int hf_verdict = -1;
int hf_reason = -1;
int hf_username = -1;
int hf_realm = -1;
int hf_algorithm = -1;
int hf_qop = -1;
int hf_nonce = -1;
int hf_expected_response = -1;
int hf_challenge_frame = -1;
int hf_answer_frame = -1;
int hf_answer_status = -1;
int hf_server_disagrees = -1;
int hf_challenge = -1;
int hf_stale = -1;
int hf_response_frame = -1;
int hf_request_frame = -1;
int hf_cause = -1;
int hf_replay = -1;
int hf_nc_not_increasing = -1;
int hf_answered_stale = -1;
int hf_stale_nonce_frame = -1;
int hf_nonce_accepted_frame = -1;
int hf_opaque_mismatch = -1;
int hf_rspauth = -1;
int hf_nextnonce = -1;
int hf_weak = -1;
int hf_weak_rule = -1;
int hf_hashcat = -1;
int hf_sipdump = -1;

// The protocol and every field id, filled at registration, for items_wanted().
std::vector<int> registered_ids;

int ett_sipdigest = -1;
int ett_credentials = -1;
int ett_challenge = -1;
int ett_answer = -1;

expert_field ei_valid = EI_INIT;
expert_field ei_invalid = EI_INIT;
expert_field ei_unverifiable = EI_INIT;
expert_field ei_nonce_unseen = EI_INIT;
expert_field ei_server_disagrees = EI_INIT;
expert_field ei_replay = EI_INIT;
expert_field ei_nc_not_increasing = EI_INIT;
expert_field ei_answered_stale = EI_INIT;
expert_field ei_stale_nonce = EI_INIT;
expert_field ei_nonce_retired = EI_INIT;
expert_field ei_opaque_mismatch = EI_INIT;
expert_field ei_rspauth_valid = EI_INIT;
expert_field ei_rspauth_invalid = EI_INIT;
expert_field ei_weak = EI_INIT;

// Valid UTF-8 without NUL bytes, as g_utf8_validate() decides; nearly all SIP text is plain
// ASCII, which is settled here without calling GLib.
bool is_clean_utf8(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == 0) {
            return false;
        }
        if (byte >= 0x80) {
            return g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr);
        }
    }
    return true;
}

std::string made_valid(std::string_view text) {
    gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    std::string out(valid);
    g_free(valid);
    return out;
}

}  // namespace

const char* utf8(packet_info* pinfo, const digest::KeptText& text) {
    return is_clean_utf8(text) ? text.c_str() : wmem_strdup(pinfo->pool, made_valid(text).c_str());
}

namespace {

// `text` is followed by a NUL byte.
proto_item* add_c_text(proto_tree* tree, int hf, tvbuff_t* tvb, std::string_view text) {
    proto_item* item = is_clean_utf8(text)
                           ? proto_tree_add_string(tree, hf, tvb, 0, 0, text.data())
                           : proto_tree_add_string(tree, hf, tvb, 0, 0, made_valid(text).c_str());
    proto_item_set_generated(item);
    return item;
}

proto_item* add_text(proto_tree* tree, int hf, tvbuff_t* tvb, const std::string& value) {
    return add_c_text(tree, hf, tvb, value);
}

proto_item* add_text(proto_tree* tree, int hf, tvbuff_t* tvb, const digest::KeptText& value) {
    return add_c_text(tree, hf, tvb, {value.c_str(), value.size()});
}

proto_item* add_frame(proto_tree* tree, int hf, tvbuff_t* tvb, digest::FrameNumber frame) {
    proto_item* item = proto_tree_add_uint(tree, hf, tvb, 0, 0, frame);
    proto_item_set_generated(item);
    return item;
}

proto_item* add_flag(proto_tree* tree, int hf, tvbuff_t* tvb) {
    proto_item* item = proto_tree_add_boolean(tree, hf, tvb, 0, 0, TRUE);
    proto_item_set_generated(item);
    return item;
}

void draw_nonce_life(proto_tree* tree, tvbuff_t* tvb, packet_info* pinfo,
                     const digest::CredentialResult& result) {
    const digest::KeptCheck& check = result.check;
    if (result.replay) {
        expert_add_info_format(pinfo, add_flag(tree, hf_replay, tvb), &ei_replay,
                               "Replay: nonce, cnonce and nc=%s were already used by another "
                               "request",
                               utf8(pinfo, check.nc));
    }
    if (result.nc_not_increasing && !result.replay) {
        expert_add_info_format(
            pinfo, add_flag(tree, hf_nc_not_increasing, tvb), &ei_nc_not_increasing,
            "nc=%s does not increase for this nonce and cnonce", utf8(pinfo, check.nc));
    } else if (result.nc_not_increasing) {
        add_flag(tree, hf_nc_not_increasing, tvb);
    }
    if (result.stale_nonce_frame != 0) {
        proto_item* item = add_frame(tree, hf_stale_nonce_frame, tvb, result.stale_nonce_frame);
        expert_add_info_format(pinfo, item, &ei_stale_nonce,
                               "Nonce used after the server marked it stale in frame %u",
                               result.stale_nonce_frame);
    }
    if (result.nonce_accepted_frame != 0) {
        proto_item* item =
            add_frame(tree, hf_nonce_accepted_frame, tvb, result.nonce_accepted_frame);
        expert_add_info_format(pinfo, item, &ei_nonce_retired,
                               "Answered with a new nonce though the server accepted this one in "
                               "frame %u: it retired the nonce without stale=true (RFC 7616 "
                               "§3.3), so the client may take it for a wrong password",
                               result.nonce_accepted_frame);
    }
    if (result.opaque_mismatch) {
        expert_add_info(pinfo, add_flag(tree, hf_opaque_mismatch, tvb), &ei_opaque_mismatch);
    }
    if (result.answered_stale) {
        expert_add_info(pinfo, add_flag(tree, hf_answered_stale, tvb), &ei_answered_stale);
    }
}

void draw_rspauth(proto_tree* tree, tvbuff_t* tvb, packet_info* pinfo,
                  const digest::MessageResult& message) {
    if (message.rspauth == digest::RspauthVerdict::None) {
        return;
    }
    const char* value = message.rspauth == digest::RspauthVerdict::Valid     ? "valid"
                        : message.rspauth == digest::RspauthVerdict::Invalid ? "invalid"
                                                                             : "unverifiable";
    proto_item* item = proto_tree_add_string_format_value(
        tree, hf_rspauth, tvb, 0, 0, value, "%s (%s)", value, utf8(pinfo, message.rspauth_reason));
    proto_item_set_generated(item);
    if (message.rspauth == digest::RspauthVerdict::Valid) {
        expert_add_info_format(pinfo, item, &ei_rspauth_valid, "rspauth valid: %s",
                               utf8(pinfo, message.rspauth_reason));
    } else if (message.rspauth == digest::RspauthVerdict::Invalid) {
        expert_add_info_format(pinfo, item, &ei_rspauth_invalid, "rspauth invalid: %s",
                               utf8(pinfo, message.rspauth_reason));
    }
}

std::string address_text(const address& where) {
    if (where.type != AT_IPv4 && where.type != AT_IPv6) {
        return {};
    }
    char text[WS_INET6_ADDRSTRLEN] = "";
    address_to_str_buf(&where, text, static_cast<int>(sizeof text));
    return text;
}

// Built when drawn, not stored: few users export, and every stored byte is kept for the whole
// capture. The request's source is the client, its destination the server.
void draw_cracker_lines(proto_tree* tree, tvbuff_t* tvb, packet_info* pinfo,
                        const digest::KeptCheck& check) {
    const bool hashcat = proto_field_is_referenced(tree, hf_hashcat);
    const bool sipdump = proto_field_is_referenced(tree, hf_sipdump);
    if (!check.well_formed || !(hashcat || sipdump)) {
        return;
    }
    const digest::ExportInput input =
        digest::export_input(check, address_text(pinfo->dst), address_text(pinfo->src));
    if (hashcat) {
        if (std::optional<std::string> line = digest::hashcat_line(input)) {
            add_text(tree, hf_hashcat, tvb, *line);
        }
    }
    if (sipdump) {
        if (std::optional<std::string> line = digest::sipdump_line(input)) {
            add_text(tree, hf_sipdump, tvb, *line);
        }
    }
}

void draw_credentials(proto_tree* tree, tvbuff_t* tvb, packet_info* pinfo,
                      const digest::CredentialResult& result) {
    const digest::KeptCheck& check = result.check;
    const std::string verdict(digest::verdict_name(check.verdict));
    proto_tree* subtree = proto_tree_add_subtree_format(
        tree, tvb, 0, 0, ett_credentials, nullptr, "%s: %s (%s, realm %s)",
        std::string(digest::auth_header_name(result.header)).c_str(), verdict.c_str(),
        utf8(pinfo, check.username), utf8(pinfo, check.realm));
    add_text(subtree, hf_header, tvb, std::string(digest::auth_header_name(result.header)));
    proto_item* verdict_item = add_text(subtree, hf_verdict, tvb, verdict);
    add_text(subtree, hf_reason, tvb, check.reason);
    add_text(subtree, hf_username, tvb, check.username);
    add_text(subtree, hf_realm, tvb, check.realm);
    add_text(subtree, hf_algorithm, tvb, check.algorithm);
    if (!check.qop.empty()) {
        add_text(subtree, hf_qop, tvb, check.qop);
    }
    add_text(subtree, hf_nonce, tvb, check.nonce);
    if (!check.expected_response.empty()) {
        add_text(subtree, hf_expected_response, tvb, check.expected_response);
    }
    switch (check.verdict) {
        case Verdict::Valid:
            expert_add_info_format(pinfo, verdict_item, &ei_valid, "Digest response valid: %s",
                                   utf8(pinfo, check.reason));
            break;
        case Verdict::Invalid:
            if (result.cause.key.empty()) {
                expert_add_info_format(pinfo, verdict_item, &ei_invalid,
                                       "Digest response invalid: %s", utf8(pinfo, check.reason));
            } else {
                proto_item* cause = proto_tree_add_string_format_value(
                    subtree, hf_cause, tvb, 0, 0, utf8(pinfo, result.cause.key), "%s (%s)",
                    utf8(pinfo, result.cause.key), utf8(pinfo, result.cause.sentence));
                proto_item_set_generated(cause);
                expert_add_info_format(
                    pinfo, verdict_item, &ei_invalid, "Digest response invalid (%s): %s",
                    utf8(pinfo, result.cause.key), utf8(pinfo, result.cause.sentence));
            }
            break;
        case Verdict::Unverifiable:
            expert_add_info_format(pinfo, verdict_item, &ei_unverifiable,
                                   "Digest response unverifiable: %s", utf8(pinfo, check.reason));
            break;
    }
    if (result.challenge_frame != 0) {
        add_frame(subtree, hf_challenge_frame, tvb, result.challenge_frame);
    } else if (!check.nonce.empty()) {
        expert_add_info_format(pinfo, verdict_item, &ei_nonce_unseen,
                               "Nonce %s was never issued by a challenge in this capture",
                               utf8(pinfo, check.nonce));
    }
    draw_nonce_life(subtree, tvb, pinfo, result);
    draw_cracker_lines(subtree, tvb, pinfo, check);
    if (!result.weak_rule.empty()) {
        proto_item* weak = add_flag(subtree, hf_weak, tvb);
        add_text(subtree, hf_weak_rule, tvb, result.weak_rule);
        expert_add_info_format(pinfo, weak, &ei_weak, "Weak credentials for %s: %s",
                               utf8(pinfo, check.username), utf8(pinfo, result.weak_rule));
    }
    if (result.answer_frame != 0) {
        add_frame(subtree, hf_answer_frame, tvb, result.answer_frame);
        proto_item* status =
            proto_tree_add_uint(subtree, hf_answer_status, tvb, 0, 0, result.answer_status);
        proto_item_set_generated(status);
        if (result.server_disagrees) {
            expert_add_info_format(pinfo, add_flag(subtree, hf_server_disagrees, tvb),
                                   &ei_server_disagrees, "Server disagrees: %s",
                                   utf8(pinfo, result.disagreement));
        }
    }
}

void draw_challenge(proto_tree* tree, tvbuff_t* tvb, const digest::ChallengeResult& challenge) {
    proto_item* item =
        add_text(tree, hf_challenge, tvb, std::string(digest::auth_header_name(challenge.header)));
    proto_tree* subtree = proto_item_add_subtree(item, ett_challenge);
    add_text(subtree, hf_realm, tvb, challenge.realm);
    add_text(subtree, hf_algorithm, tvb, challenge.algorithm);
    add_text(subtree,
             challenge.header == AuthHeaderKind::AuthenticationInfo ? hf_nextnonce : hf_nonce, tvb,
             challenge.nonce);
    if (challenge.stale) {
        add_flag(subtree, hf_stale, tvb);
    }
    for (digest::FrameNumber frame : challenge.response_frames()) {
        add_frame(subtree, hf_response_frame, tvb, frame);
    }
}

void draw_answer(proto_tree* tree, tvbuff_t* tvb, packet_info* pinfo,
                 const digest::AnswerResult& answer) {
    proto_item* item = add_frame(tree, hf_request_frame, tvb, answer.request_frame);
    proto_item_append_text(item, " (credentials of %s: %s)", utf8(pinfo, answer.username),
                           std::string(digest::verdict_name(answer.verdict)).c_str());
    if (answer.server_disagrees) {
        proto_tree* subtree = proto_item_add_subtree(item, ett_answer);
        proto_item* disagrees =
            proto_tree_add_boolean(subtree, hf_server_disagrees, tvb, 0, 0, TRUE);
        proto_item_set_generated(disagrees);
        expert_add_info_format(pinfo, disagrees, &ei_server_disagrees, "Server disagrees: %s",
                               utf8(pinfo, answer.disagreement));
    }
}

}  // namespace

// Whether anybody looks at our tree items: a shown tree, a filter or -e field naming one of
// them, or an expert-info view. When nobody does, building them is skipped (the results stay
// stored for a later pass that wants them).
bool items_wanted(proto_tree* tree) {
    if (tree == nullptr) {
        return false;
    }
    if (PTREE_DATA(tree)->visible) {
        return true;
    }
    static const int expert_tap = find_tap_id("expert");
    if (expert_tap >= 0 && have_tap_listener(expert_tap)) {
        return true;
    }
    for (int id : registered_ids) {
        if (proto_registrar_get_nth(static_cast<guint>(id))->ref_type != HF_REF_TYPE_NONE) {
            return true;
        }
    }
    return false;
}

void append_verdicts_to_info(const digest::FrameResult& result, packet_info* pinfo) {
    for (const digest::MessageResult& message : result.messages) {
        for (const digest::CredentialResult& credentials : message.credentials) {
            col_append_fstr(pinfo->cinfo, COL_INFO, " [digest %s]",
                            std::string(digest::verdict_name(credentials.check.verdict)).c_str());
        }
    }
}

void draw(const digest::FrameResult& result, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    proto_item* top = proto_tree_add_item(tree, proto_sipdigest, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    proto_tree* subtree = proto_item_add_subtree(top, ett_sipdigest);
    for (const digest::MessageResult& message : result.messages) {
        for (const digest::CredentialResult& credentials : message.credentials) {
            draw_credentials(subtree, tvb, pinfo, credentials);
        }
        for (const digest::ChallengeResult& challenge : message.challenges) {
            draw_challenge(subtree, tvb, challenge);
        }
        for (const digest::AnswerResult& answer : message.answers) {
            draw_answer(subtree, tvb, pinfo, answer);
        }
        draw_rspauth(subtree, tvb, pinfo, message);
    }
}

void register_tree(int proto) {
    proto_sipdigest = proto;
    static hf_register_info hf[] = {
        {&hf_header,
         {"Header", "sipdigest.header", FT_STRING, BASE_NONE, nullptr, 0x0,
          "The credentials header checked: Authorization or Proxy-Authorization", HFILL}},
        {&hf_verdict,
         {"Verdict", "sipdigest.verdict", FT_STRING, BASE_NONE, nullptr, 0x0,
          "valid, invalid or unverifiable", HFILL}},
        {&hf_reason,
         {"Reason", "sipdigest.reason", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Why the verdict is what it is", HFILL}},
        {&hf_username,
         {"Username", "sipdigest.username", FT_STRING, BASE_NONE, nullptr, 0x0,
          "The user (resolved when userhash=true)", HFILL}},
        {&hf_realm,
         {"Realm", "sipdigest.realm", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_algorithm,
         {"Algorithm", "sipdigest.algorithm", FT_STRING, BASE_NONE, nullptr, 0x0,
          "As sent; MD5 when absent", HFILL}},
        {&hf_qop, {"QoP", "sipdigest.qop", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_nonce,
         {"Nonce", "sipdigest.nonce", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_expected_response,
         {"Expected response", "sipdigest.expected_response", FT_STRING, BASE_NONE, nullptr, 0x0,
          "The response the known credentials give", HFILL}},
        {&hf_challenge_frame,
         {"Challenge in frame", "sipdigest.challenge_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
          "The latest 401/407 that issued this nonce", HFILL}},
        {&hf_answer_frame,
         {"Answered in frame", "sipdigest.answer_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The final response to this request", HFILL}},
        {&hf_answer_status,
         {"Answer status", "sipdigest.answer_status", FT_UINT16, BASE_DEC, nullptr, 0x0,
          "Status code of the final response", HFILL}},
        {&hf_server_disagrees,
         {"Server disagrees", "sipdigest.server_disagrees", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "The server accepted an invalid response or rejected a valid one", HFILL}},
        {&hf_challenge,
         {"Challenge", "sipdigest.challenge", FT_STRING, BASE_NONE, nullptr, 0x0,
          "A Digest challenge issued in this frame", HFILL}},
        {&hf_stale,
         {"Stale", "sipdigest.stale", FT_BOOLEAN, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_response_frame,
         {"Answered by request in frame", "sipdigest.response_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "A request whose credentials use this nonce",
          HFILL}},
        {&hf_cause,
         {"Cause", "sipdigest.cause", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Why an invalid response is invalid: uri-mismatch, realm-mismatch, method-mismatch, "
          "qop-list, qop-ignored, nc-quoted, algorithm-mismatch, stale-nonce, foreign-nonce or "
          "wrong-password",
          HFILL}},
        {&hf_replay,
         {"Replay", "sipdigest.replay", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "Nonce, cnonce and nc already used by another request", HFILL}},
        {&hf_nc_not_increasing,
         {"nc not increasing", "sipdigest.nc_not_increasing", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "nc is not above the last nc used with this nonce and cnonce", HFILL}},
        {&hf_answered_stale,
         {"Answered stale", "sipdigest.answered_stale", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "The final answer was a challenge with stale=true", HFILL}},
        {&hf_stale_nonce_frame,
         {"Nonce marked stale in frame", "sipdigest.stale_nonce_frame", FT_FRAMENUM, BASE_NONE,
          nullptr, 0x0, "The nonce was used after the server retired it with stale=true", HFILL}},
        {&hf_nonce_accepted_frame,
         {"Nonce accepted before in frame", "sipdigest.nonce_accepted_frame", FT_FRAMENUM,
          BASE_NONE, nullptr, 0x0,
          "A new challenge refused this valid response's nonce, which the server had accepted in "
          "that frame: the nonce was retired without stale=true",
          HFILL}},
        {&hf_opaque_mismatch,
         {"Opaque not echoed", "sipdigest.opaque_mismatch", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "The challenge's opaque is missing or altered in the credentials", HFILL}},
        {&hf_rspauth,
         {"rspauth", "sipdigest.rspauth", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Authentication-Info rspauth of a 2xx: valid, invalid or unverifiable", HFILL}},
        {&hf_nextnonce,
         {"Next nonce", "sipdigest.nextnonce", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Nonce issued by Authentication-Info nextnonce", HFILL}},
        {&hf_weak,
         {"Weak credentials", "sipdigest.weak", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
          "A guessable password reproduces the response", HFILL}},
        {&hf_weak_rule,
         {"Weak password rule", "sipdigest.weak_rule", FT_STRING, BASE_NONE, nullptr, 0x0,
          "Which rule or wordlist line reproduces the response (never the password)", HFILL}},
        {&hf_hashcat,
         {"hashcat line", "sipdigest.hashcat", FT_STRING, BASE_NONE, nullptr, 0x0,
          "The credentials for hashcat -m 11400 (MD5 with qop auth or none)", HFILL}},
        {&hf_sipdump,
         {"SIPcrack line", "sipdigest.sipdump", FT_STRING, BASE_NONE, nullptr, 0x0,
          "The credentials as a line of a SIPcrack dump file", HFILL}},
        {&hf_request_frame,
         {"Final response to request in frame", "sipdigest.request_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "An authenticated request this response answers",
          HFILL}},
    };
    static gint* ett[] = {&ett_sipdigest, &ett_credentials, &ett_challenge, &ett_answer};
    static ei_register_info ei[] = {
        {&ei_valid, {"sipdigest.valid", PI_SECURITY, PI_CHAT, "Digest response valid", EXPFILL}},
        {&ei_invalid,
         {"sipdigest.invalid", PI_SECURITY, PI_WARN, "Digest response invalid", EXPFILL}},
        {&ei_unverifiable,
         {"sipdigest.unverifiable", PI_SECURITY, PI_NOTE, "Digest response unverifiable", EXPFILL}},
        {&ei_nonce_unseen,
         {"sipdigest.nonce_unseen", PI_SEQUENCE, PI_NOTE,
          "Nonce never issued by a challenge in this capture", EXPFILL}},
        {&ei_replay,
         {"sipdigest.replay_detected", PI_SECURITY, PI_WARN, "Replayed nonce count", EXPFILL}},
        {&ei_nc_not_increasing,
         {"sipdigest.nc_decreasing", PI_SEQUENCE, PI_WARN, "Nonce count not increasing", EXPFILL}},
        {&ei_answered_stale,
         {"sipdigest.stale_answer", PI_SEQUENCE, PI_NOTE,
          "Answered with stale=true: the nonce expired, the client must retry with the new one",
          EXPFILL}},
        {&ei_stale_nonce,
         {"sipdigest.stale_nonce", PI_SEQUENCE, PI_NOTE, "Nonce used after it was marked stale",
          EXPFILL}},
        {&ei_nonce_retired,
         {"sipdigest.nonce_retired", PI_SEQUENCE, PI_NOTE,
          "Nonce retired without stale=true: a valid response got a new challenge", EXPFILL}},
        {&ei_opaque_mismatch,
         {"sipdigest.opaque_not_echoed", PI_PROTOCOL, PI_WARN,
          "The challenge's opaque is not echoed in the credentials", EXPFILL}},
        {&ei_rspauth_valid,
         {"sipdigest.rspauth_valid", PI_SECURITY, PI_CHAT, "rspauth valid", EXPFILL}},
        {&ei_rspauth_invalid,
         {"sipdigest.rspauth_invalid", PI_SECURITY, PI_WARN, "rspauth invalid", EXPFILL}},
        {&ei_weak, {"sipdigest.weak_password", PI_SECURITY, PI_WARN, "Weak credentials", EXPFILL}},
        {&ei_server_disagrees,
         {"sipdigest.disagreement", PI_SECURITY, PI_WARN, "Server disagrees with the verdict",
          EXPFILL}},
    };
    proto_register_field_array(proto, hf, G_N_ELEMENTS(hf));
    registered_ids.push_back(proto);
    for (const hf_register_info& field : hf) {
        registered_ids.push_back(*field.p_id);
    }
    proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
    expert_module_t* expert = expert_register_protocol(proto);
    expert_register_field_array(expert, ei, G_N_ELEMENTS(ei));
}

}  // namespace sipdigest_plugin
