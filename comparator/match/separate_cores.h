// Keeps two busy threads on two different cores. On a 2-core virtual machine the scheduler often
// woke the capture's reading thread on the core of the thread that woke it, where the two then
// took turns while the other core sat idle: in spells of a few seconds, a third of the
// 50,000-message benchmark runs took 50-60 ms instead of 35 (34% of 1,452 runs; pinned, 6%).
#pragma once

#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

namespace sipdiff::match {

// The cores this process may run on (its CPU affinity: taskset, a container's cpuset), which
// can be fewer than the machine has; the machine's count where that cannot be told.
unsigned usable_cores();

class SeparateCores {
  public:
    // Pins the calling thread to the core it runs on and `other` to another core this process
    // may use, when there is one; otherwise, or when the system refuses, leaves both as they are.
    explicit SeparateCores(std::thread& other);
    // Gives both threads back the cores the calling thread could use before (`other` must not
    // have been joined yet).
    ~SeparateCores();
    SeparateCores(const SeparateCores&) = delete;
    SeparateCores& operator=(const SeparateCores&) = delete;

    bool pinned() const { return pinned_; }

  private:
    std::thread& other_;
    bool pinned_ = false;
#if defined(__linux__)
    cpu_set_t allowed_;
#endif
};

}  // namespace sipdiff::match
