#include "match/separate_cores.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <thread>

namespace sipdiff::match {
namespace {

cpu_set_t cores_of(pthread_t thread) {
    cpu_set_t set;
    CPU_ZERO(&set);
    EXPECT_EQ(pthread_getaffinity_np(thread, sizeof set, &set), 0);
    return set;
}

// A thread that runs until told to stop.
class Idler {
  public:
    Idler()
        : thread_([this] {
              while (!stop_) {
                  std::this_thread::yield();
              }
          }) {}
    ~Idler() {
        stop_ = true;
        thread_.join();
    }
    std::thread& thread() { return thread_; }

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST(SeparateCores, PutsTheTwoThreadsOnTwoCoresAndGivesBackWhatTheyHad) {
    const cpu_set_t before = cores_of(pthread_self());
    Idler other;
    {
        SeparateCores apart(other.thread());
        const cpu_set_t mine = cores_of(pthread_self());
        const cpu_set_t theirs = cores_of(other.thread().native_handle());
        if (CPU_COUNT(&before) < 2) {
            // A machine (or a taskset) with one core: nothing to separate.
            EXPECT_FALSE(apart.pinned());
            EXPECT_TRUE(CPU_EQUAL(&mine, &before));
        } else {
            EXPECT_TRUE(apart.pinned());
            EXPECT_EQ(CPU_COUNT(&mine), 1);
            EXPECT_EQ(CPU_COUNT(&theirs), 1);
            EXPECT_FALSE(CPU_EQUAL(&mine, &theirs));
            EXPECT_TRUE(CPU_ISSET(sched_getcpu(), &mine));
        }
    }
    const cpu_set_t mine_after = cores_of(pthread_self());
    const cpu_set_t theirs_after = cores_of(other.thread().native_handle());
    EXPECT_TRUE(CPU_EQUAL(&mine_after, &before));
    EXPECT_TRUE(CPU_EQUAL(&theirs_after, &before));
}

TEST(SeparateCores, LeavesThreadsAloneWhenTheProcessHasOneCore) {
    const cpu_set_t before = cores_of(pthread_self());
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof one, &one), 0);
    {
        Idler other;  // starts with the one core too
        {
            SeparateCores apart(other.thread());
            EXPECT_FALSE(apart.pinned());
            const cpu_set_t mine = cores_of(pthread_self());
            const cpu_set_t theirs = cores_of(other.thread().native_handle());
            EXPECT_TRUE(CPU_EQUAL(&mine, &one));
            EXPECT_TRUE(CPU_EQUAL(&theirs, &one));
        }
        const cpu_set_t mine_after = cores_of(pthread_self());
        EXPECT_TRUE(CPU_EQUAL(&mine_after, &one));
    }
    ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof before, &before), 0);
}

// A process limited to some of the machine's cores (taskset, a container's cpuset) counts those.
TEST(UsableCores, AreTheCoresTheProcessMayRunOn) {
    const cpu_set_t before = cores_of(pthread_self());
    EXPECT_EQ(usable_cores(), static_cast<unsigned>(CPU_COUNT(&before)));
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof one, &one), 0);
    EXPECT_EQ(usable_cores(), 1u);
    ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof before, &before), 0);
}

}  // namespace
}  // namespace sipdiff::match
