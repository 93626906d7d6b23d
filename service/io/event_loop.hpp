// The daemon's event loop: a thin RAII layer over sd-event. Everything that
// waits (fds, timers, signals, child processes, the D-Bus connection) is a
// source on this loop; nothing polls.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "core/types.hpp"

struct sd_event;
struct sd_event_source;

namespace ppp::io {

// Owns one sd_event_source; destroying it disables and unrefs the source.
class Source {
public:
    Source() = default;
    explicit Source(sd_event_source* s) : s_(s) {}
    Source(Source&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
    Source& operator=(Source&& o) noexcept;
    ~Source();
    explicit operator bool() const { return s_ != nullptr; }
    sd_event_source* get() const { return s_; }
    void reset();

private:
    sd_event_source* s_ = nullptr;
};

class EventLoop {
public:
    EventLoop();   // sd_event_default()
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    sd_event* get() const { return ev_; }
    static Time now();  // CLOCK_MONOTONIC as ppp::Time

    // `events` is a mask of EPOLLIN/EPOLLOUT/...; the callback gets revents.
    Source add_io(int fd, std::uint32_t events, std::function<void(std::uint32_t revents)> cb);
    // One-shot timer at an absolute monotonic time.
    Source add_timer(Time when, std::function<void()> cb);
    // Blocks the signal and dispatches it through the loop.
    Source add_signal(int signo, std::function<void()> cb);
    // Called when the child exits (pid must be a child of ours); status as waitid's si_status/si_code.
    Source add_child(int pid, std::function<void(int code, int status)> cb);
    // Runs `cb` on the next iteration (deferred call).
    Source add_defer(std::function<void()> cb);

    int run();              // until exit()
    void exit(int code);

private:
    sd_event* ev_ = nullptr;
};

// A restartable one-shot timer that follows a "next deadline" (Session,
// chat Engine): call arm() after every call into them.
class Deadline {
public:
    Deadline(EventLoop& loop, std::function<void()> cb);
    // The timer's callback refers to this object: it stays where it was made.
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;
    void arm(std::optional<Time> when);

private:
    EventLoop& loop_;
    std::function<void()> cb_;
    Source source_;
    std::optional<Time> armed_;
};

}  // namespace ppp::io
