#include "match/separate_cores.h"

#if defined(__linux__)
#include <pthread.h>
#endif

namespace sipdiff::match {

#if defined(__linux__)

namespace {

cpu_set_t only(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return set;
}

}  // namespace

unsigned usable_cores() {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 0) {
        return static_cast<unsigned>(CPU_COUNT(&allowed));
    }
    return std::thread::hardware_concurrency();
}

SeparateCores::SeparateCores(std::thread& other) : other_(other) {
    CPU_ZERO(&allowed_);
    if (pthread_getaffinity_np(pthread_self(), sizeof allowed_, &allowed_) != 0) {
        return;
    }
    const int here = sched_getcpu();
    if (here < 0 || here >= CPU_SETSIZE || !CPU_ISSET(here, &allowed_)) {
        return;
    }
    int there = -1;
    for (int cpu = 0; cpu < CPU_SETSIZE && there < 0; ++cpu) {
        if (cpu != here && CPU_ISSET(cpu, &allowed_)) {
            there = cpu;
        }
    }
    if (there < 0) {
        return;  // one core only
    }
    const cpu_set_t other_core = only(there);
    const cpu_set_t this_core = only(here);
    if (pthread_setaffinity_np(other.native_handle(), sizeof other_core, &other_core) != 0) {
        return;
    }
    if (pthread_setaffinity_np(pthread_self(), sizeof this_core, &this_core) != 0) {
        pthread_setaffinity_np(other.native_handle(), sizeof allowed_, &allowed_);
        return;
    }
    pinned_ = true;
}

SeparateCores::~SeparateCores() {
    if (pinned_) {
        pthread_setaffinity_np(pthread_self(), sizeof allowed_, &allowed_);
        pthread_setaffinity_np(other_.native_handle(), sizeof allowed_, &allowed_);
    }
}

#else

unsigned usable_cores() {
    return std::thread::hardware_concurrency();
}

SeparateCores::SeparateCores(std::thread& other) : other_(other) {}
SeparateCores::~SeparateCores() = default;

#endif

}  // namespace sipdiff::match
