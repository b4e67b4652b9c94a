// The tree the plugin draws: fields (sipdigest.*), subtrees and expert infos.
#pragma once

#include <wireshark.h>

#include <epan/packet.h>

#include <string>

#include "digest/results.h"

namespace sipdigest_plugin {

// Registers the fields, subtrees and expert infos of protocol `proto`.
void register_tree(int proto);

// Whether anybody looks at the items: a shown tree, a filter or -e field naming one of them,
// or an expert-info view. When nobody does, building them is skipped.
bool items_wanted(proto_tree* tree);

// Draws one frame's stored results.
void draw(const digest::FrameResult& result, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);

// Adds " [digest <verdict>]" to the Info column for every checked header.
void append_verdicts_to_info(const digest::FrameResult& result, packet_info* pinfo);

// Packet text may be any bytes; Wireshark's strings must be valid UTF-8. Returns `text` itself
// when it is, else a repaired copy in packet scope.
const char* utf8(packet_info* pinfo, const digest::KeptText& text);

}  // namespace sipdigest_plugin
