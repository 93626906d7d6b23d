// Link: lifecycle, states and teardown. The connect script lives in
// link_dialer.cpp, the PPP session and data path in link_ppp.cpp.
#include "io/link.hpp"

#include <signal.h>
#include <time.h>

#include <stdexcept>
#include <system_error>
#include <utility>

#include "io/files.hpp"
#include "io/journal.hpp"
#include "io/link_impl.hpp"
#include "io/serial.hpp"

namespace ppp::io {

std::string_view to_string(LinkState s) {
    switch (s) {
        case LinkState::Disconnected: return "Disconnected";
        case LinkState::Connecting: return "Connecting";
        case LinkState::Establish: return "Establish";
        case LinkState::Authenticate: return "Authenticate";
        case LinkState::Network: return "Network";
        case LinkState::Running: return "Running";
        case LinkState::Disconnecting: return "Disconnecting";
        case LinkState::Holdoff: return "Holdoff";
    }
    return "?";
}

std::string_view to_string(FailureKind k) {
    switch (k) {
        case FailureKind::None: return "None";
        case FailureKind::Busy: return "Busy";
        case FailureKind::NoCarrier: return "NoCarrier";
        case FailureKind::NoDialtone: return "NoDialtone";
        case FailureKind::NoAnswer: return "NoAnswer";
        case FailureKind::ChatFailed: return "ChatFailed";
        case FailureKind::ChatTimeout: return "ChatTimeout";
        case FailureKind::AuthFailed: return "AuthFailed";
        case FailureKind::PeerRejected: return "PeerRejected";
        case FailureKind::DeviceLocked: return "DeviceLocked";
        case FailureKind::DeviceError: return "DeviceError";
        case FailureKind::ConfigError: return "ConfigError";
        case FailureKind::Timeout: return "Timeout";
        case FailureKind::NegotiationFailed: return "NegotiationFailed";
        case FailureKind::Hangup: return "Hangup";
        case FailureKind::PeerAuthFailed: return "PeerAuthFailed";
    }
    return "?";
}

namespace {

// pppd's "Connect time 12.3 minutes." (tenths of minutes, rounded).
std::string connect_time_line(std::uint64_t since_usec) {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    const std::uint64_t now = static_cast<std::uint64_t>(ts.tv_sec);
    const std::uint64_t since = since_usec / 1'000'000u;
    const std::uint64_t seconds = now > since ? now - since : 0;
    const std::uint64_t tenths = (seconds + 5) / 6;
    return "Connect time " + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " minutes.";
}

}  // namespace

// ---------------------------------------------------------------- Impl

Link::Impl::Impl(EventLoop& l, std::string name, LinkPaths p, LinkObserver& o)
    : loop(l),
      paths(std::move(p)),
      observer(o),
      scripts(l, paths.config_dir, [this](LogLevel level, const std::string& text) { log(level, text); }),
      chat_timer(l,
                 [this] {
                     Entry e(*this);
                     run_chat([](chat::Engine& engine_) { engine_.tick(EventLoop::now()); });
                 }),
      disconnect_timer(l, [this] { on_disconnect_timer(); }),
      reopen_timer(l, [this] { reopen_line(); }),
      session_timer(l, [this] { on_session_timer(); }),
      stats_timer(l, [this] { on_stats_timer(); }),
      holdoff_timer(l, [this] { on_holdoff_timer(); }),
      idle_timer(l, [this] { on_idle_timer(); }),
      connect_timer(l, [this] { on_connect_timer(); }) {
    status.name = std::move(name);
}

Link::Impl::~Impl() {
    // Torn down synchronously and silently: whoever destroys the Link is
    // tearing down its own side too. A polite LCP Terminate-Request goes out
    // if the line takes it right away; nobody waits for the answer.
    muted = true;
    if (status.state != LinkState::Disconnected || teardown_pending) {
        if (session && session->phase() != Phase::Dead) {
            if (!outcome) outcome = LinkOutcome{ExitStatus::UserRequest, FailureKind::None, "Link removed"};
            with_session([](Session& s) { s.close(EventLoop::now(), "Link removed"); });
        }
        if (line) line->flush_now();
        fail(LinkOutcome{ExitStatus::UserRequest, FailureKind::None, "Link removed"});
        teardown_now();
    }
    reap_children_blocking();
}

Link::Impl::Entry::~Entry() {
    if (--impl.depth == 0 && synchronous && impl.teardown_pending) impl.teardown_now();
}

void Link::Impl::set_state(LinkState to, const std::string& reason) {
    const LinkState from = status.state;
    status.state = to;
    status.reason = reason;
    if (muted) return;
    if (from != to) {
        observer.state_changed(from, to, reason);
    } else {
        observer.status_changed();
    }
}

void Link::Impl::log_line(const std::string& text, LogLevel level) {
    std::string phase(to_string(status.state));
    for (auto& c : phase) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    log_message(level, status.name, phase, text);
    // pppd writes debug lines to its logfile only with `debug`.
    if (log_file.is_open() && (level != LogLevel::Debug || options.debug)) {
        if (auto error = log_file.write(text)) log_line("Warning: " + *error, LogLevel::Warning);
    }
    if (!muted) observer.log_line(text);
}

void Link::Impl::connect(Requester by) {
    if ((status.state != LinkState::Disconnected && status.state != LinkState::Holdoff) || teardown_pending ||
        disconnecting_line) {
        throw std::logic_error("link " + status.name + " is not disconnected");
    }
    requester = by;
    // From Holdoff: the user does not want to wait for the redial.
    holdoff_timer.arm(std::nullopt);
    begin_attempt(true);
}

void Link::Impl::begin_attempt(bool fresh) {
    Entry e(*this, true);
    // A fresh attempt: nothing of the last one shows any more (the state
    // changes below, from Disconnected or Holdoff).
    LinkStatus next;
    next.name = status.name;
    next.state = status.state;
    next.failed_attempts = fresh ? 0 : status.failed_attempts;
    status = std::move(next);
    outcome.reset();
    pending_close.reset();
    data_dropped = 0;
    connect_time_armed = false;
    peer_authname.clear();
    redial_cancelled = false;
    try {
        options = config::load_peer(paths.config_dir, status.name, read_file);
        open_log_file();
        if (options.device.empty()) {
            throw config::Error(paths.config_dir + "/peers/" + status.name, 0,
                                "no device given (add one such as /dev/ttyS0 to the peer file)");
        }
        load_secrets();
        // Options pppkit reads but does not act on (yet) must not pass silently.
        for (const config::Diagnostic& w : options.warnings) log_line("Warning: " + w.text());
        if (options.dump) log_effective_options();
    } catch (const config::Error& err) {
        status.exit_status = ExitStatus::OptionError;
        status.failure = FailureKind::ConfigError;
        if (fresh) {
            status.reason = err.what();
            if (!muted) observer.status_changed();
            throw;
        }
        // A redial: the peer file broke in the meantime; nobody to throw to.
        log_line(err.what());
        set_state(LinkState::Disconnected, err.what());
        return;
    }
    // pppd's count for maxfail: every attempt, until one brings IP up.
    ++status.failed_attempts;
    attempt_started = EventLoop::now();
    status.device = options.device;
    set_state(LinkState::Connecting, "Opening " + options.device);
    if (!open_device()) return;
    start_line_record();
    start_connect_script();
}

void Link::Impl::disconnect(const std::string& reason) {
    Entry e(*this, true);
    switch (status.state) {
        case LinkState::Disconnected: return;
        case LinkState::Disconnecting:
            // Going down already, perhaps for another reason (the peer ended
            // the link and the disconnect script runs): the user's word still
            // means no redial follows.
            redial_cancelled = true;
            return;
        case LinkState::Holdoff:
            // Waiting to redial: nothing is open; the redial is cancelled.
            holdoff_timer.arm(std::nullopt);
            status.next_attempt_usec = 0;
            status.exit_status = ExitStatus::UserRequest;
            status.failure = FailureKind::None;
            set_state(LinkState::Disconnected, reason);
            return;
        case LinkState::Connecting:
            // Nothing negotiated yet: stop the script and hang up now.
            set_state(LinkState::Disconnecting, reason);
            fail(LinkOutcome{ExitStatus::UserRequest, FailureKind::None, reason});
            return;
        case LinkState::Establish:
        case LinkState::Authenticate:
        case LinkState::Network:
        case LinkState::Running: break;
    }
    if (!outcome) outcome = LinkOutcome{ExitStatus::UserRequest, FailureKind::None, reason};
    set_state(LinkState::Disconnecting, reason);
    if (!session) {
        fail(*outcome);
        return;
    }
    // LCP Terminate; finished() follows (bounded by the session's own timers).
    if (session_depth > 0) {
        if (!pending_close) pending_close = reason;
    } else {
        with_session([&](Session& s) { s.close(EventLoop::now(), reason); });
    }
}

void Link::Impl::fail(LinkOutcome o) {
    if (!outcome) outcome = std::move(o);
    if (teardown_pending) return;
    teardown_pending = true;
    if (depth == 0) {
        teardown_now();
    } else if (!teardown_defer) {
        // A frame of ours is on the stack (a line or TUN callback, a session
        // call): tear down from the loop, once all of them have returned.
        teardown_defer = loop.add_defer([this] { teardown_now(); });
    }
}

void Link::Impl::teardown_now() {
    if (!teardown_pending) return;
    teardown_pending = false;
    teardown_defer.reset();
    if (disconnecting_line) {
        // The disconnect script ended (or the attempt is cut short): close the device.
        finish_teardown();
        return;
    }
    stats_timer.arm(std::nullopt);
    session_timer.arm(std::nullopt);
    idle_timer.arm(std::nullopt);
    connect_timer.arm(std::nullopt);
    if (session) {
        update_stats();
        log_line("Connection terminated.", LogLevel::Notice);
        if (first_up_usec > 0) log_line(connect_time_line(first_up_usec));
        const auto& st = session->stats();
        log_line("Sent " + std::to_string(st.tx_bytes) + " bytes, received " + std::to_string(st.rx_bytes) +
                 " bytes.");
    }
    remove_ipv6();
    ipv6_info.reset();
    run_ip_down();
    run_auth_down();
    // After ip-down, as pppd: its scripts may still read resolv.conf.
    peer_dns.reset();
    data_path.reset();
    const bool connected = stage == Stage::Ppp;
    session.reset();
    pending_close.reset();
    stop_connect_script();
    if (connected && wants_disconnect_script()) {
        // As pppd: after PPP, on the line, before it is closed. The teardown
        // goes on once it finished (line_script_done/failed) or at its limit.
        disconnecting_line = true;
        if (status.state != LinkState::Disconnecting) set_state(LinkState::Disconnecting, "Running the disconnect script");
        disconnect_timer.arm(EventLoop::now() + paths.disconnect_limit);
        // As pppd: the modem may drop the carrier now; that must not end the script.
        try {
            set_local_mode(line->fd(), true);
        } catch (const std::system_error& e) {
            log_line(std::string("Cannot ignore the modem's carrier for the disconnect script: ") + e.what());
        }
        ++depth;  // a failure to start it comes back through fail(): finished below
        run_line_script(LineScript::Disconnect);
        --depth;
        if (disconnecting_line && teardown_pending) finish_teardown();
        return;
    }
    finish_teardown();
}

bool Link::Impl::wants_disconnect_script() const {
    // Not on a line that hung up (nothing to talk to), nor when the Link is destroyed.
    return !options.disconnect.empty() && line && !line->hung_up() && !muted;
}

void Link::Impl::on_disconnect_timer() {
    Entry e(*this);
    if (!disconnecting_line) return;
    // A script that ignores SIGTERM must not hold the device either.
    if (script_pid > 0) ::kill(-script_pid, SIGKILL);
    const auto ms = paths.disconnect_limit.count();
    log_line("Disconnect script did not finish within " +
                 (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") + ": killed",
             LogLevel::Warning);
    log_line("Disconnect script failed", LogLevel::Warning);
    fail(LinkOutcome{});
}

void Link::Impl::finish_teardown() {
    teardown_pending = false;
    teardown_defer.reset();
    disconnecting_line = false;
    disconnect_timer.arm(std::nullopt);
    reopen_timer.arm(std::nullopt);
    stop_connect_script();
    if (line) {
        line->flush_now();
        line->hang_up_and_close();
        line.reset();
    }
    device_lock.release();
    stage = Stage::Idle;
    first_up_usec = 0;
    LinkOutcome o = outcome.value_or(LinkOutcome{ExitStatus::FatalError, FailureKind::None, "Disconnected"});
    outcome.reset();
    clear_network_status();
    status.exit_status = o.status;
    status.failure = o.failure;
    if (redial_after(o)) return;
    log_line("Exit.", LogLevel::Info);
    // Last: an observer may start the next connect() from this callback.
    set_state(LinkState::Disconnected, o.reason);
}

// ---------------------------------------------------------------- Link

Link::Link(EventLoop& loop, std::string name, LinkPaths paths, LinkObserver& observer)
    : impl_(std::make_unique<Impl>(loop, std::move(name), std::move(paths), observer)) {}

Link::~Link() = default;

const std::string& Link::name() const { return impl_->status.name; }

const LinkStatus& Link::status() const { return impl_->status; }

void Link::connect(Requester by) { impl_->connect(by); }

void Link::disconnect(const std::string& reason) { impl_->disconnect(reason); }

}  // namespace ppp::io
