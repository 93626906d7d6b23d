// Link: what happens around a connection, as pppd's options say — redial
// with `persist` after `holdoff` seconds until `maxfail` attempts in a row
// failed, hang up after `idle` seconds without data, or `maxconnect` seconds
// after IP came up.
#include <time.h>

#include <chrono>

#include "io/link_impl.hpp"

namespace ppp::io {
namespace {

std::string seconds(int n) { return std::to_string(n) + " s"; }

// Ends that no redial follows: the user asked, the configuration is broken,
// or the link was idle (no dial on demand wakes it again).
bool ends_for_good(ExitStatus status) {
    return status == ExitStatus::UserRequest || status == ExitStatus::OptionError || status == ExitStatus::IdleTimeout;
}

}  // namespace

std::uint64_t realtime_usec() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

bool Link::Impl::redial_after(LinkOutcome& o) {
    if (muted || redial_cancelled || !options.persist || ends_for_good(o.status)) return false;
    if (options.maxfail > 0 && status.failed_attempts >= options.maxfail) {
        const std::string gave_up = "gave up after " + std::to_string(status.failed_attempts) +
                                    " failed attempts (maxfail " + std::to_string(options.maxfail) + ")";
        log_line("Maximum connect attempts reached: " + gave_up);
        o.reason += "; " + gave_up;
        return false;
    }
    // `holdoff 0` redials at once, but an attempt that failed within a
    // second (no device, say) waits one: no busy loop with `maxfail 0`.
    int wait = options.holdoff;
    if (wait == 0 && EventLoop::now() - attempt_started < std::chrono::seconds(1)) wait = 1;
    const Time when = EventLoop::now() + std::chrono::seconds(wait);
    status.next_attempt_usec = realtime_usec() + static_cast<std::uint64_t>(wait) * 1'000'000u;
    std::string reason = o.reason + "; redialing in " + seconds(wait);
    if (options.maxfail > 0) {
        reason += " (attempt " + std::to_string(status.failed_attempts + 1) + " of " +
                  std::to_string(options.maxfail) + ")";
    }
    log_line("Holdoff: " + reason);
    // Even a holdoff of 0 redials from the loop, never from inside teardown.
    holdoff_timer.arm(when);
    set_state(LinkState::Holdoff, reason);
    return true;
}

void Link::Impl::on_holdoff_timer() {
    if (status.state != LinkState::Holdoff || teardown_pending) return;
    log_line("Redialing " + status.name);
    begin_attempt(false);
}

void Link::Impl::lifecycle_network_up() {
    // As pppd: a connection that brought IP up resets the maxfail count.
    status.failed_attempts = 0;
    const Time now = EventLoop::now();
    last_data = now;
    if (options.idle > 0) idle_timer.arm(now + std::chrono::seconds(options.idle));
    if (options.maxconnect > 0 && !connect_time_armed) {
        connect_time_armed = true;
        connect_timer.arm(now + std::chrono::seconds(options.maxconnect));
    }
}

void Link::Impl::lifecycle_network_down() {
    // No IP, no data to wait for; network_up arms it again.
    idle_timer.arm(std::nullopt);
}

void Link::Impl::on_idle_timer() {
    Entry e(*this);
    if (teardown_pending || !session || status.state != LinkState::Running) return;
    const Time due = last_data + std::chrono::seconds(options.idle);
    if (EventLoop::now() < due) {
        idle_timer.arm(due);
        return;
    }
    log_line("Terminating connection due to lack of activity.");
    end_connection(LinkOutcome{ExitStatus::IdleTimeout, FailureKind::None,
                               "No data for " + seconds(options.idle) + " (idle " + std::to_string(options.idle) +
                                   ")"});
}

void Link::Impl::on_connect_timer() {
    Entry e(*this);
    if (teardown_pending || !session) return;
    log_line("Connect time expired");
    end_connection(LinkOutcome{ExitStatus::ConnectTime, FailureKind::None,
                               "Connect time expired after " + seconds(options.maxconnect) + " (maxconnect " +
                                   std::to_string(options.maxconnect) + ")"});
}

void Link::Impl::end_connection(LinkOutcome o) {
    if (!outcome) outcome = o;
    set_state(LinkState::Disconnecting, o.reason);
    if (!session) {
        fail(*outcome);
        return;
    }
    // LCP Terminate; finished() follows (bounded by the session's timers)
    // and teardown keeps the outcome set here.
    with_session([&](Session& s) { s.close(EventLoop::now(), o.reason); });
}

}  // namespace ppp::io
