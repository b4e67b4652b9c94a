// Wireshark glue for the "SIP Digest Check" post-dissector: the plugin's entry points, the
// protocol and its tap, reading each SIP message the SIP dissector found on the first pass, and
// drawing the stored results on every pass. Fields and tree: sipdigest-tree.cpp; preferences
// and credentials: sipdigest-settings.cpp. All digest logic lives in digest/ and knows
// nothing of Wireshark.

#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include <exception>
#include <optional>
#include <string>

#include "digest/exchange.h"
#include "sipdigest-settings.h"
#include "sipdigest-state.h"
#include "sipdigest-tree.h"
#include "sipdigest_tap.h"
#include "stats-sipdigest.h"

// The loader looks these up by name: they need C linkage and external linkage (a namespace-scope
// const would otherwise be internal in C++ and silently not exported).
extern "C" WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SIPDIGEST_VERSION;
extern "C" WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_MAJOR;
extern "C" WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_MINOR;
extern "C" {
WS_DLL_PUBLIC void plugin_register(void);
}

namespace sipdigest_plugin {

PluginState& state() {
    static PluginState instance;
    return instance;
}

namespace {

int proto_sipdigest = -1;
int hf_sip = -1;
dissector_handle_t sipdigest_handle;
int sipdigest_tap_id = -1;

// Reading a SIP message's bytes needs the `sip` item, so wanting it makes tshark build protocol
// trees it would otherwise skip (summary lines cost about 1.5x). A disabled plugin
// (--disable-protocol sipdigest, or Analyze > Enabled Protocols) is never called: it must not
// cost that either.
void want_sip_items(bool want) {
    GArray* wanted = nullptr;
    if (want) {
        wanted = g_array_new(FALSE, FALSE, static_cast<guint>(sizeof(int)));
        g_array_append_val(wanted, hf_sip);
    }
    set_postdissector_wanted_hfids(sipdigest_handle, wanted);  // takes ownership
}

void init_file() {
    want_sip_items(proto_is_protocol_enabled(find_protocol_by_id(proto_sipdigest)));
    state().exchange.set_audit(audit_enabled() ? &state().audit : nullptr);
    state().exchange.reset();
    state().last_collected = 0;
}

// A closed file leaves nothing behind.
void cleanup_file() {
    state().exchange.reset();
    state().audit.reset_caches();
    state().last_collected = 0;
}

// First pass: hand every SIP message of this frame to the tracker.
void collect(packet_info* pinfo, proto_tree* tree) {
    PluginState& s = state();
    if (pinfo->num <= s.last_collected) {
        return;
    }
    s.last_collected = pinfo->num;
    GPtrArray* items = proto_get_finfo_ptr_array(tree, hf_sip);
    if (items == nullptr) {
        return;
    }
    for (guint i = 0; i < items->len; ++i) {
        const auto* item = static_cast<const field_info*>(g_ptr_array_index(items, i));
        if (item == nullptr || item->ds_tvb == nullptr || item->length <= 0 ||
            !tvb_bytes_exist(item->ds_tvb, item->start, item->length)) {
            continue;
        }
        const guint8* bytes = tvb_get_ptr(item->ds_tvb, item->start, item->length);
        s.exchange.add_message(pinfo->num,
                               std::string_view(reinterpret_cast<const char*>(bytes),
                                                static_cast<std::size_t>(item->length)));
    }
}

const char* packet_string(packet_info* pinfo, const digest::KeptText& text) {
    return wmem_strdup(pinfo->pool, utf8(pinfo, text));
}

// One event per checked header and per server disagreement, for -z sipdigest,stat.
void queue_tap_events(const digest::FrameResult& result, packet_info* pinfo) {
    if (!have_tap_listener(sipdigest_tap_id)) {
        return;
    }
    for (const digest::MessageResult& message : result.messages) {
        for (const digest::CredentialResult& credentials : message.credentials) {
            auto* event = wmem_new0(pinfo->pool, sipdigest_tap::Event);
            event->realm = packet_string(pinfo, credentials.check.realm);
            event->username = packet_string(pinfo, credentials.check.username);
            event->verdict = credentials.check.verdict;
            event->weak = !credentials.weak_rule.empty();
            tap_queue_packet(sipdigest_tap_id, pinfo, event);
        }
        for (const digest::AnswerResult& answer : message.answers) {
            if (!answer.server_disagrees) {
                continue;
            }
            auto* event = wmem_new0(pinfo->pool, sipdigest_tap::Event);
            event->disagreement = true;
            event->realm = packet_string(pinfo, answer.realm);
            event->username = packet_string(pinfo, answer.username);
            event->verdict = answer.verdict;
            tap_queue_packet(sipdigest_tap_id, pinfo, event);
        }
    }
}

int dissect_sipdigest(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    try {
        if (!pinfo->fd->visited) {
            collect(pinfo, tree);
        }
        const std::optional<digest::FrameResult> result = state().exchange.frame(pinfo->num);
        if (!result) {
            return 0;
        }
        append_verdicts_to_info(*result, pinfo);
        queue_tap_events(*result, pinfo);
        if (!items_wanted(tree)) {
            return static_cast<int>(tvb_captured_length(tvb));
        }
        draw(*result, tvb, pinfo, tree);
        return static_cast<int>(tvb_captured_length(tvb));
    } catch (const std::exception&) {
        // Out of memory in our own containers: drop this frame's check, never Wireshark.
        return 0;
    }
}

void proto_register_sipdigest() {
    proto_sipdigest = proto_register_protocol("SIP Digest Check", "SIPDIGEST", "sipdigest");
    register_tree(proto_sipdigest);
    register_settings(proto_sipdigest);
    register_init_routine(init_file);
    register_cleanup_routine(cleanup_file);
    sipdigest_tap_id = register_tap(sipdigest_tap::kTapName);
    register_sipdigest_stats();
    sipdigest_handle = create_dissector_handle(dissect_sipdigest, proto_sipdigest);
}

void proto_reg_handoff_sipdigest() {
    register_postdissector(sipdigest_handle);
    hf_sip = proto_registrar_get_id_byname("sip");
    want_sip_items(true);
}

}  // namespace
}  // namespace sipdigest_plugin

void plugin_register(void) {
    static proto_plugin plugin;
    plugin.register_protoinfo = sipdigest_plugin::proto_register_sipdigest;
    plugin.register_handoff = sipdigest_plugin::proto_reg_handoff_sipdigest;
    proto_register_plugin(&plugin);
}
