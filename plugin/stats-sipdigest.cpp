// The stats tree "SIP Digest/Credentials": per realm and per user, how many credentials headers
// were checked (attempts) and their verdicts, server disagreements and weak passwords.
//
//   Credentials headers                 <- all attempts
//     invalid / server disagreements / unverifiable / valid / weak
//     realm "pbx.lab.test"              <- attempts in that realm
//       invalid / ... / weak
//       user "100"                      <- attempts of that user in that realm
//         invalid / ... / weak
//
// A node's count is its number of attempts; its counters' Percent column is their share of those
// attempts. Server disagreements are counted on the realm and user of the credentials the server
// contradicted, without counting an attempt. "weak" counts attempts whose event says the
// weak-password audit reproduced the response.

#include "stats-sipdigest.h"

#include <wireshark.h>

#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/stats_tree_priv.h>
#include <wsutil/report_message.h>

#include <cstring>
#include <string>

#include "sipdigest_tap.h"

namespace {

// Wireshark's stats tree code gives a tree the -z argument "<abbr>,tree" (tshark: "-z
// sipdigest,tree[,filter]"); "sipdigest,stat" is an alias for it.
constexpr const char* kAbbr = "sipdigest";
constexpr const char* kTreeArg = "sipdigest,tree";
constexpr const char* kStatArg = "sipdigest,stat";

constexpr const char* kTop = "Credentials headers";
constexpr const char* kValid = "valid";
constexpr const char* kInvalid = "invalid";
constexpr const char* kUnverifiable = "unverifiable";
constexpr const char* kDisagreements = "server disagreements";
constexpr const char* kWeak = "weak";
constexpr const char* kCounters[] = {kValid, kInvalid, kUnverifiable, kDisagreements, kWeak};

// Creates (at 0) the counters of a node that are still missing, kept above its child nodes.
void ensure_counters(stats_tree* st, int node) {
    for (const char* counter : kCounters) {
        increase_stat_node(st, counter, node, FALSE, 0);
        stat_node_set_flags(st, counter, node, FALSE, ST_FLG_SORT_TOP);
    }
}

// The node of a realm or user below parent, counted as one more attempt or not; -1 on failure.
int child_node(stats_tree* st, const std::string& name, int parent, bool attempt) {
    const int node = increase_stat_node(st, name.c_str(), parent, TRUE, attempt ? 1 : 0);
    if (node >= 0) {
        ensure_counters(st, node);
    }
    return node;
}

const char* verdict_counter(digest::Verdict verdict) {
    switch (verdict) {
        case digest::Verdict::Valid:
            return kValid;
        case digest::Verdict::Invalid:
            return kInvalid;
        case digest::Verdict::Unverifiable:
            return kUnverifiable;
    }
    return kUnverifiable;
}

std::string quoted(const char* prefix, const char* text) {
    std::string name(prefix);
    name.append(" \"").append(text ? text : "").push_back('"');
    return name;
}

void stats_init(stats_tree* st) {
    const int top = stats_tree_create_node(st, kTop, 0, STAT_DT_INT, TRUE);
    ensure_counters(st, top);
}

tap_packet_status stats_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* data,
                               tap_flags_t) {
    const auto* event = static_cast<const sipdigest_tap::Event*>(data);
    if (event == nullptr) {
        return TAP_PACKET_DONT_REDRAW;
    }
    const bool attempt = !event->disagreement;
    const int top = stats_tree_parent_id_by_name(st, kTop);
    const int realm = child_node(st, quoted("realm", event->realm), top, attempt);
    const int user =
        realm >= 0 ? child_node(st, quoted("user", event->username), realm, attempt) : -1;
    if (user < 0) {
        return TAP_PACKET_FAILED;
    }
    if (attempt) {
        tick_stat_node(st, kTop, 0, TRUE);
    }
    for (const int node : {top, realm, user}) {
        if (!attempt) {
            tick_stat_node(st, kDisagreements, node, FALSE);
            continue;
        }
        tick_stat_node(st, verdict_counter(event->verdict), node, FALSE);
        if (event->weak) {
            tick_stat_node(st, kWeak, node, FALSE);
        }
    }
    return TAP_PACKET_REDRAW;
}

// "-z sipdigest,stat[,filter]": queues "sipdigest,tree[,filter]", which start_requested_stats()
// (tshark and the GUI alike) runs right after this callback returns.
void start_stat_alias(const char* argument, void*) {
    const char* rest = argument + std::strlen(kStatArg);
    if (*rest != '\0' && *rest != ',') {
        report_failure("sipdigest: invalid -z argument %s (expected %s or %s,<display filter>)",
                       argument, kStatArg, kStatArg);
        return;
    }
    const std::string tree_argument = std::string(kTreeArg) + rest;
    if (!process_stat_cmd_arg(tree_argument.c_str())) {
        report_failure("sipdigest: the statistics %s are not available", kTreeArg);
    }
}

}  // namespace

void register_sipdigest_stats() {
    stats_tree_register_plugin(sipdigest_tap::kTapName, kAbbr, "SIP Digest/Credentials",
                               TL_REQUIRES_NOTHING, stats_packet, stats_init, nullptr);
    // Realms and users in name order by default (the counters stay on top), not by count.
    if (stats_tree_cfg* cfg = stats_tree_get_cfg_by_abbr(kAbbr)) {
        cfg->st_flags = static_cast<guint>(ST_SORT_COL_NAME) << ST_FLG_SRTCOL_SHIFT;
    }
    static stat_tap_ui alias = {
        REGISTER_STAT_GROUP_GENERIC, nullptr, kStatArg, start_stat_alias, 0, nullptr};
    register_stat_tap_ui(&alias, nullptr);
}
