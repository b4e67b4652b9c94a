// The fixed strings of the text trace formats sipdiff reads, in one place (TRACE_FORMATS.md).
#pragma once

#include <cstddef>
#include <string_view>

namespace sipdiff::logs {

// kamailio sipdump text (.data), module sipdump, sipdump_write.c.
namespace sipdump {
constexpr std::string_view kRecordStart = "====================";  // 20 '=' then LF
constexpr std::string_view kBodyStart = "~~~~~~~~~~~~~~~~~~~~";    // 20 '~' then LF
constexpr std::string_view kRecordEnd =
    "||||||||||||||||||||\n";  // 20 '|' then LF, may follow body bytes
// The start of the next record, used to notice a record that lost its end marker.
constexpr std::string_view kNextRecord = "\n====================\ntag: ";
constexpr std::string_view kTagReceived = "rcv";
constexpr std::string_view kTagSent = "snd";
// Records are formatted into a 65536-byte buffer, so no message can be longer.
constexpr std::size_t kMaxRecordBytes = 65536;
}  // namespace sipdump

// sipp -trace_msg (src/socket.cpp): a line of 47 '-', a space and the local time, then
// "<TRANSPORT> [control ]message sent (N bytes):" or "... received [N] bytes :", or the newer
// "... sent [N] bytes:", an empty line, N bytes and one LF.
namespace sipp {
constexpr std::string_view kSeparator = "----------------------------------------------- ";
constexpr std::size_t kMaxMessageBytes = 1 << 20;
// A partial write: "Truncation sending TCP message (347 of 361 sent):" then the whole message;
// sipp buffers the rest ("Added first buffered message ...") and writes it later.
constexpr std::string_view kPartialWrite = "Truncation sending ";
// Debug lines sipp writes between records; those announcing a buffered write mean one message
// went to the socket later without being logged.
constexpr std::string_view kUnloggedWrites[] = {"Added first buffered message to socket",
                                                "Appended buffered message to socket"};
constexpr std::string_view kDebugLines[] = {
    "Problem EAGAIN on socket", "Problem EWOULDBLOCK on socket", "Wrote ",
    "Attempted socket flush returned", "Exit problem event on socket"};
}  // namespace sipp

}  // namespace sipdiff::logs
