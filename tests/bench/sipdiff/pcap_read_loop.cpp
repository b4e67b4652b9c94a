// The floor for reading a capture: a bare libpcap loop that touches every frame and does
// nothing else. Prints frames and bytes read.
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pcap_read_loop CAPTURE\n");
        return 2;
    }
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(argv[1], err);
    if (p == nullptr) {
        std::fprintf(stderr, "%s\n", err);
        return 2;
    }
    std::uint64_t frames = 0, bytes = 0;
    pcap_pkthdr* h = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &h, &data) == 1) {
        ++frames;
        bytes += h->caplen + data[h->caplen - 1];
    }
    pcap_close(p);
    std::printf("%llu frames %llu\n", static_cast<unsigned long long>(frames),
                static_cast<unsigned long long>(bytes));
    return 0;
}
