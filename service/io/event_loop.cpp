#include "io/event_loop.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <systemd/sd-event.h>
#include <time.h>

#include <stdexcept>
#include <system_error>

namespace ppp::io {
namespace {

// Each source owns its callback on the heap; sd-event frees it through the
// destroy callback when the source goes away.
template <class F>
F* own(sd_event_source* s, F* cb) {
    sd_event_source_set_userdata(s, cb);
    sd_event_source_set_destroy_callback(s, [](void* p) { delete static_cast<F*>(p); });
    return cb;
}

void check(int r, const char* what) {
    if (r < 0) throw std::system_error(-r, std::generic_category(), what);
}

std::uint64_t to_usec(Time t) {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

}  // namespace

Source& Source::operator=(Source&& o) noexcept {
    if (this != &o) {
        reset();
        s_ = o.s_;
        o.s_ = nullptr;
    }
    return *this;
}

Source::~Source() { reset(); }

void Source::reset() {
    if (s_) {
        sd_event_source_disable_unref(s_);
        s_ = nullptr;
    }
}

EventLoop::EventLoop() {
    check(sd_event_default(&ev_), "sd_event_default");
    // Children are reaped through the loop: SIGCHLD must be blocked.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, nullptr);
}

EventLoop::~EventLoop() { sd_event_unref(ev_); }

Time EventLoop::now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return Time(std::chrono::duration_cast<Duration>(std::chrono::seconds(ts.tv_sec) +
                                                     std::chrono::nanoseconds(ts.tv_nsec)));
}

Source EventLoop::add_io(int fd, std::uint32_t events, std::function<void(std::uint32_t)> cb) {
    using F = std::function<void(std::uint32_t)>;
    sd_event_source* s = nullptr;
    check(sd_event_add_io(
              ev_, &s, fd, events,
              [](sd_event_source*, int, uint32_t revents, void* p) {
                  (*static_cast<F*>(p))(revents);
                  return 0;
              },
              nullptr),
          "sd_event_add_io");
    own(s, new F(std::move(cb)));
    return Source(s);
}

Source EventLoop::add_timer(Time when, std::function<void()> cb) {
    using F = std::function<void()>;
    sd_event_source* s = nullptr;
    check(sd_event_add_time(
              ev_, &s, CLOCK_MONOTONIC, to_usec(when), 0,
              [](sd_event_source*, uint64_t, void* p) {
                  (*static_cast<F*>(p))();
                  return 0;
              },
              nullptr),
          "sd_event_add_time");
    own(s, new F(std::move(cb)));
    return Source(s);
}

Source EventLoop::add_signal(int signo, std::function<void()> cb) {
    using F = std::function<void()>;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    sd_event_source* s = nullptr;
    check(sd_event_add_signal(
              ev_, &s, signo,
              [](sd_event_source*, const signalfd_siginfo*, void* p) {
                  (*static_cast<F*>(p))();
                  return 0;
              },
              nullptr),
          "sd_event_add_signal");
    own(s, new F(std::move(cb)));
    return Source(s);
}

Source EventLoop::add_child(int pid, std::function<void(int, int)> cb) {
    using F = std::function<void(int, int)>;
    sd_event_source* s = nullptr;
    check(sd_event_add_child(
              ev_, &s, pid, WEXITED,
              [](sd_event_source*, const siginfo_t* si, void* p) {
                  (*static_cast<F*>(p))(si->si_code, si->si_status);
                  return 0;
              },
              nullptr),
          "sd_event_add_child");
    own(s, new F(std::move(cb)));
    return Source(s);
}

Source EventLoop::add_defer(std::function<void()> cb) {
    using F = std::function<void()>;
    sd_event_source* s = nullptr;
    check(sd_event_add_defer(
              ev_, &s,
              [](sd_event_source*, void* p) {
                  (*static_cast<F*>(p))();
                  return 0;
              },
              nullptr),
          "sd_event_add_defer");
    sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
    own(s, new F(std::move(cb)));
    return Source(s);
}

int EventLoop::run() { return sd_event_loop(ev_); }

void EventLoop::exit(int code) { sd_event_exit(ev_, code); }

Deadline::Deadline(EventLoop& loop, std::function<void()> cb) : loop_(loop), cb_(std::move(cb)) {}

void Deadline::arm(std::optional<Time> when) {
    if (when == armed_ && (source_ || !when)) return;
    armed_ = when;
    source_.reset();
    if (when) {
        source_ = loop_.add_timer(*when, [this] {
            armed_.reset();
            // The callback may re-arm; release our source only after it has run.
            Source fired = std::move(source_);
            cb_();
        });
    }
}

}  // namespace ppp::io
