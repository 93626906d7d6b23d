// Link: lifecycle, states and teardown. The connect script lives in
// link_dialer.cpp, the PPP session and data path in link_ppp.cpp.
#include "io/link.hpp"

#include <stdexcept>
#include <utility>

#include "io/files.hpp"
#include "io/link_impl.hpp"

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
    }
    return "?";
}

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
      session_timer(l, [this] { on_session_timer(); }),
      stats_timer(l, [this] { on_stats_timer(); }) {
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

void Link::Impl::log_line(const std::string& text) {
    if (!muted) observer.log_line(text);
}

void Link::Impl::connect() {
    if (status.state != LinkState::Disconnected || teardown_pending) {
        throw std::logic_error("link " + status.name + " is not disconnected");
    }
    Entry e(*this, true);
    // A fresh attempt: nothing of the last one shows any more.
    const std::string name = status.name;
    status = LinkStatus{};
    status.name = name;
    outcome.reset();
    pending_close.reset();
    data_dropped = 0;
    try {
        options = config::load_peer(paths.config_dir, status.name, read_file);
        if (options.device.empty()) {
            throw config::Error(paths.config_dir + "/peers/" + status.name, 0,
                                "no device given (add one such as /dev/ttyS0 to the peer file)");
        }
    } catch (const config::Error& err) {
        status.exit_status = ExitStatus::OptionError;
        status.failure = FailureKind::ConfigError;
        status.reason = err.what();
        if (!muted) observer.status_changed();
        throw;
    }
    status.device = options.device;
    set_state(LinkState::Connecting, "Opening " + options.device);
    if (!open_device()) return;
    start_connect_script();
}

void Link::Impl::disconnect(const std::string& reason) {
    Entry e(*this, true);
    switch (status.state) {
        case LinkState::Disconnected:
        case LinkState::Disconnecting: return;
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
    stats_timer.arm(std::nullopt);
    session_timer.arm(std::nullopt);
    if (session) {
        update_stats();
        const auto& st = session->stats();
        log_line("Sent " + std::to_string(st.tx_bytes) + " bytes, received " + std::to_string(st.rx_bytes) +
                 " bytes.");
    }
    run_ip_down();
    data_path.reset();
    session.reset();
    pending_close.reset();
    stop_connect_script();
    if (line) {
        line->flush_now();
        line->hang_up_and_close();
        line.reset();
    }
    device_lock.release();
    stage = Stage::Idle;
    const LinkOutcome o = outcome.value_or(LinkOutcome{ExitStatus::FatalError, FailureKind::None, "Disconnected"});
    outcome.reset();
    clear_network_status();
    status.exit_status = o.status;
    status.failure = o.failure;
    // Last: an observer may start the next connect() from this callback.
    set_state(LinkState::Disconnected, o.reason);
}

// ---------------------------------------------------------------- Link

Link::Link(EventLoop& loop, std::string name, LinkPaths paths, LinkObserver& observer)
    : impl_(std::make_unique<Impl>(loop, std::move(name), std::move(paths), observer)) {}

Link::~Link() = default;

const std::string& Link::name() const { return impl_->status.name; }

const LinkStatus& Link::status() const { return impl_->status; }

void Link::connect() { impl_->connect(); }

void Link::disconnect(const std::string& reason) { impl_->disconnect(reason); }

}  // namespace ppp::io
