// Running an EventLoop in a test: until the test's callbacks call exit(), or
// a safety timer gives up (then the test fails instead of hanging).
#pragma once

#include <systemd/sd-event.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "io/event_loop.hpp"

namespace ppp::io::testing {

constexpr std::chrono::seconds kSafetyLimit{10};
constexpr int kTimedOut = -1000;

// Runs the loop; returns true when it was ended by the test, not the safety timer.
inline bool run_loop(EventLoop& loop, std::chrono::milliseconds limit = kSafetyLimit) {
    bool timed_out = false;
    Source safety = loop.add_timer(EventLoop::now() + limit, [&] {
        timed_out = true;
        loop.exit(kTimedOut);
    });
    loop.run();
    return !timed_out;
}

// Runs the loop one event at a time until `done` holds or `limit` passes;
// for tests that poll state instead of calling exit() from a callback.
inline bool run_until(EventLoop& loop, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = kSafetyLimit) {
    const Time end = EventLoop::now() + limit;
    while (!done()) {
        const Time now = EventLoop::now();
        if (now >= end) return false;
        const auto wait = std::chrono::duration_cast<std::chrono::microseconds>(end - now).count();
        if (sd_event_run(loop.get(), static_cast<std::uint64_t>(wait)) < 0) return false;
    }
    return true;
}

}  // namespace ppp::io::testing

// Output of a shell command (iproute2's view, as a cross-check of netlink).
inline std::string shell(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buf[512];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}
