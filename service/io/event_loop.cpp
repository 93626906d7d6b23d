#include "io/event_loop.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <systemd/sd-event.h>
#include <time.h>

#include <exception>
#include <memory>
#include <system_error>
#include <utility>

namespace ppp::io {
namespace {

// An exception thrown by a callback cannot unwind through sd-event's C
// frames: the trampoline keeps it here, stops the loop, and run() rethrows it.
// The loop is sd_event_default(), one per thread, so one slot per thread.
thread_local std::exception_ptr pending_exception;

template <class Call>
int guarded(sd_event_source* s, Call&& call) {
    try {
        call();
    } catch (...) {
        if (!pending_exception) pending_exception = std::current_exception();
        sd_event_exit(sd_event_source_get_event(s), -ECANCELED);
    }
    return 0;
}

// Each source owns its callback on the heap; sd-event deletes it through the
// destroy callback when the source is freed (which sd-event postpones while
// the source is dispatching, so a callback may drop its own Source).
template <class F>
void own(sd_event_source* s, F* cb) {
    sd_event_source_set_userdata(s, cb);
    sd_event_source_set_destroy_callback(s, [](void* p) { delete static_cast<F*>(p); });
}

void check(int r, const char* what) {
    if (r < 0) throw std::system_error(-r, std::generic_category(), what);
}

// sd-event's CLOCK_MONOTONIC microseconds; times before the clock's origin
// are "already due" (0), and the reserved USEC_INFINITY is never produced.
std::uint64_t to_usec(Time t) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    if (us <= 0) return 0;
    const auto u = static_cast<std::uint64_t>(us);
    return u == UINT64_MAX ? UINT64_MAX - 1 : u;
}

// sd-event's default accuracy (0) lets a timer fire up to 250 ms late to
// coalesce wake-ups; protocol timers want better than that.
constexpr std::uint64_t kTimerAccuracyUsec = 1000;

void block_signal(int signo) {
    sigset_t set;
    sigemptyset(&set);
    if (sigaddset(&set, signo) < 0) throw std::system_error(EINVAL, std::generic_category(), "bad signal number");
    check(-pthread_sigmask(SIG_BLOCK, &set, nullptr), "pthread_sigmask");
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
    // Children are reaped through the loop (sd_event_add_child needs SIGCHLD
    // blocked); blocking it here, before any thread or child exists, means
    // every later thread inherits the mask.
    block_signal(SIGCHLD);
    check(sd_event_default(&ev_), "sd_event_default");
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
    auto owned = std::make_unique<F>(std::move(cb));
    sd_event_source* s = nullptr;
    check(sd_event_add_io(
              ev_, &s, fd, events,
              [](sd_event_source* src, int, uint32_t revents, void* p) {
                  return guarded(src, [&] { (*static_cast<F*>(p))(revents); });
              },
              nullptr),
          "sd_event_add_io");
    own(s, owned.release());
    return Source(s);
}

Source EventLoop::add_timer(Time when, std::function<void()> cb) {
    using F = std::function<void()>;
    auto owned = std::make_unique<F>(std::move(cb));
    sd_event_source* s = nullptr;
    check(sd_event_add_time(
              ev_, &s, CLOCK_MONOTONIC, to_usec(when), kTimerAccuracyUsec,
              [](sd_event_source* src, uint64_t, void* p) {
                  return guarded(src, [&] { (*static_cast<F*>(p))(); });
              },
              nullptr),
          "sd_event_add_time");
    own(s, owned.release());
    return Source(s);
}

Source EventLoop::add_signal(int signo, std::function<void()> cb) {
    using F = std::function<void()>;
    auto owned = std::make_unique<F>(std::move(cb));
    block_signal(signo);
    sd_event_source* s = nullptr;
    check(sd_event_add_signal(
              ev_, &s, signo,
              [](sd_event_source* src, const signalfd_siginfo*, void* p) {
                  return guarded(src, [&] { (*static_cast<F*>(p))(); });
              },
              nullptr),
          "sd_event_add_signal");
    own(s, owned.release());
    return Source(s);
}

Source EventLoop::add_child(int pid, std::function<void(int, int)> cb) {
    using F = std::function<void(int, int)>;
    auto owned = std::make_unique<F>(std::move(cb));
    sd_event_source* s = nullptr;
    check(sd_event_add_child(
              ev_, &s, pid, WEXITED,
              [](sd_event_source* src, const siginfo_t* si, void* p) {
                  return guarded(src, [&] { (*static_cast<F*>(p))(si->si_code, si->si_status); });
              },
              nullptr),
          "sd_event_add_child");
    own(s, owned.release());
    return Source(s);
}

Source EventLoop::add_defer(std::function<void()> cb) {
    using F = std::function<void()>;
    auto owned = std::make_unique<F>(std::move(cb));
    sd_event_source* s = nullptr;
    check(sd_event_add_defer(
              ev_, &s,
              [](sd_event_source* src, void* p) {
                  return guarded(src, [&] { (*static_cast<F*>(p))(); });
              },
              nullptr),
          "sd_event_add_defer");
    own(s, owned.release());
    sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
    return Source(s);
}

int EventLoop::run() {
    const int r = sd_event_loop(ev_);
    if (pending_exception) std::rethrow_exception(std::exchange(pending_exception, nullptr));
    return r;
}

void EventLoop::exit(int code) { sd_event_exit(ev_, code); }

Deadline::Deadline(EventLoop& loop, std::function<void()> cb) : loop_(loop), cb_(std::move(cb)) {}

void Deadline::arm(std::optional<Time> when) {
    if (when == armed_) return;
    if (!when) {
        if (source_) sd_event_source_set_enabled(source_.get(), SD_EVENT_OFF);
        armed_.reset();
        return;
    }
    // One timer source, moved and re-enabled: no allocation per re-arm. The
    // callback may re-arm (or destroy) this Deadline; nothing here touches
    // `this` after cb_ returns.
    if (!source_ || sd_event_source_set_time(source_.get(), to_usec(*when)) < 0 ||
        sd_event_source_set_enabled(source_.get(), SD_EVENT_ONESHOT) < 0) {
        source_ = loop_.add_timer(*when, [this] {
            armed_.reset();
            cb_();
        });
    }
    armed_ = when;
}

}  // namespace ppp::io
