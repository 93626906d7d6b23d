// Link: the PPP session on the line, and the data path it brings up.
#include <sys/random.h>
#include <time.h>

#include <cerrno>
#include <chrono>
#include <exception>
#include <string_view>
#include <system_error>

#include "core/session_options.hpp"
#include "io/link_impl.hpp"
#include "io/serial.hpp"

namespace ppp::io {
namespace {

std::uint32_t random_seed() {
    std::uint32_t seed = 0;
    if (::getrandom(&seed, sizeof seed, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof seed)) {
        // No entropy yet (early boot): the clock still differs between peers.
        timespec ts{};
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = static_cast<std::uint32_t>(ts.tv_nsec) ^ static_cast<std::uint32_t>(ts.tv_sec);
    }
    return seed == 0 ? 1 : seed;
}

FailureKind failure_of(ExitStatus status) {
    switch (status) {
        case ExitStatus::Ok:
        case ExitStatus::UserRequest: return FailureKind::None;
        case ExitStatus::Hangup: return FailureKind::Hangup;
        case ExitStatus::PeerDead: return FailureKind::Timeout;
        case ExitStatus::PeerAuthFailed: return FailureKind::PeerAuthFailed;
        case ExitStatus::AuthTopeerFailed: return FailureKind::AuthFailed;
        default: return FailureKind::NegotiationFailed;
    }
}

// No TUN driver is this daemon's "kernel lacks PPP support" (pppd's exit 4);
// anything else setting up the interface is a fatal error (1).
ExitStatus data_path_exit_status(const std::exception& e) {
    const auto* sys = dynamic_cast<const std::system_error*>(&e);
    if (!sys || std::string_view(sys->what()).find("/dev/net/tun") == std::string_view::npos) return ExitStatus::FatalError;
    const int err = sys->code().value();
    return err == ENOENT || err == ENODEV || err == ENXIO ? ExitStatus::NoKernelSupport : ExitStatus::FatalError;
}

}  // namespace

SessionConfig Link::Impl::session_config() const {
    SessionConfig c;
    c.role = Role::Client;
    apply_link_options(options, c);
    // As pppd: connect-delay only after a connect script (the peer may still
    // be setting its end up); a direct line starts at once.
    if (!options.connect.empty() && options.connect_delay > 0)
        c.listen_time = std::chrono::milliseconds(options.connect_delay);
    c.magic_seed = random_seed();
    c.ipv6_seed = (std::uint64_t{random_seed()} << 32) | random_seed();
    c.auth = auth_config();
    return c;
}

void Link::Impl::start_ppp(Bytes already_received) {
    stage = Stage::Ppp;
    ipv6_only = false;
    ipv6_only_up = false;
    if (!options.local && !options.connect.empty()) {
        // Carrier is up now: losing it from here on hangs the line up
        // ("Modem hangup", exit 16).
        try {
            set_local_mode(line->fd(), false);
        } catch (const std::system_error& e) {
            log_line(std::string("Cannot watch the modem's carrier: ") + e.what());
        }
    }
    session = std::make_unique<Session>(session_config(), *this);
    line->resume();
    with_session([&](Session& s) {
        const Time now = EventLoop::now();
        s.open(now);
        if (!already_received.empty()) s.input(now, already_received);
    });
}

void Link::Impl::on_line_data(Bytes bytes) {
    Entry e(*this);
    if (teardown_pending) return;
    if (stage == Stage::Script) {
        run_chat([&](chat::Engine& e2) { e2.input(EventLoop::now(), bytes); });
    } else if (stage == Stage::Ppp) {
        with_session([&](Session& s) { s.input(EventLoop::now(), bytes); });
    }
}

void Link::Impl::on_line_hangup() {
    Entry e(*this);
    if (teardown_pending) return;
    if (stage == Stage::Script) {
        if (engine && engine->hangup_ignored()) {
            // HANGUP OFF (callback setups): the script decides, by its
            // expects and timeouts. A hung-up file stays dead, so the device
            // is opened again (from the loop: the line is on the stack now).
            log_line("chat: modem hangup ignored (HANGUP OFF)");
            reopen_timer.arm(EventLoop::now());
            return;
        }
        if (line_script == LineScript::Disconnect) {
            line_script_failed(ExitStatus::ConnectFailed, FailureKind::Hangup,
                               "Modem hung up during the disconnect script");
            return;
        }
        fail(LinkOutcome{ExitStatus::ConnectFailed, FailureKind::Hangup, "Modem hung up during the connect script"});
    } else if (stage == Stage::Ppp) {
        log_line("Modem hangup");
        with_session([](Session& s) { s.lower_down(EventLoop::now()); });
        // Not yet negotiating (or already finished): nothing reports it.
        if (!teardown_pending) fail(LinkOutcome{ExitStatus::Hangup, FailureKind::Hangup, "Modem hangup"});
    }
    // During an external connect command the command sees the hangup and fails.
}

void Link::Impl::on_line_drained() {
    if (data_path) data_path->set_reading(true);
}

void Link::Impl::on_tun_packet(Bytes packet) {
    Entry e(*this);
    if (teardown_pending || !session) return;
    // IPv6 goes only while IPv6CP is up; without it the kernel's IPv6
    // chatter (router solicitations, MLD) stays home.
    if (packet.empty()) return;
    const int version = packet[0] >> 4;
    if (version != 4 && !(version == 6 && session->ipv6())) return;
    note_data();
    sending_data = true;
    with_session([&](Session& s) {
        if (version == 4) s.send_ipv4(EventLoop::now(), packet);
        else s.send_ipv6(EventLoop::now(), packet);
    });
    sending_data = false;
    // The line cannot keep up: let the kernel queue (and drop) for a while.
    if (line && line->queued() > kLineSoftLimit && data_path) data_path->set_reading(false);
}

void Link::Impl::on_session_timer() {
    Entry e(*this);
    if (teardown_pending) return;
    with_session([](Session& s) { s.tick(EventLoop::now()); });
}

void Link::Impl::on_stats_timer() {
    Entry e(*this);
    update_stats();
    if (status.state == LinkState::Running) stats_timer.arm(EventLoop::now() + kStatsInterval);
}

void Link::Impl::update_stats() {
    if (!session) return;
    const auto& st = session->stats();
    if (st.rx_bytes == status.rx_bytes && st.tx_bytes == status.tx_bytes && st.rx_packets == status.rx_packets &&
        st.tx_packets == status.tx_packets) {
        return;
    }
    status.rx_bytes = st.rx_bytes;
    status.tx_bytes = st.tx_bytes;
    status.rx_packets = st.rx_packets;
    status.tx_packets = st.tx_packets;
    if (!muted) observer.status_changed();
}

void Link::Impl::apply_peer_dns() {
    peer_dns.reset();
    if (!options.usepeerdns || status.dns.empty() || !data_path) return;
    const std::string path = paths.config_dir + "/resolv.conf";
    try {
        peer_dns = std::make_unique<PeerDns>(
            PeerDnsConfig{path, data_path->ifindex(), status.interface, data_path->has_default_route(), paths.resolved},
            status.dns);
    } catch (const std::system_error& e) {
        // The link works without it; names just do not resolve through it.
        log_line(std::string("Cannot write the peer's DNS servers: ") + e.what());
        return;
    }
    std::string servers;
    for (const Ipv4& s : status.dns) servers += " " + s.to_string();
    log_line("DNS servers" + servers + " written to " + path + (paths.resolved ? " and given to systemd-resolved" : ""));
}

void Link::Impl::clear_network_status() {
    status.interface.clear();
    status.data_path.clear();
    status.local.reset();
    status.remote.reset();
    status.local_id6.reset();
    status.remote_id6.reset();
    status.dns.clear();
    status.mtu = 0;
    status.mru = 0;
    status.connected_since_usec = 0;
}

// ---------------------------------------------------------------- SessionObserver

void Link::Impl::send_line(Bytes bytes) {
    if (!line) return;
    // Data frames wait for the line (back-pressure) rather than pile up;
    // control frames always go, up to the line's hard limit.
    if (sending_data && line->queued() > kLineSoftLimit) {
        ++data_dropped;
        return;
    }
    if (!line->write(bytes)) ++data_dropped;
}

void Link::Impl::deliver_ipv4(Bytes packet) {
    note_data();
    if (data_path) data_path->write_packet(packet);
}

void Link::Impl::phase_changed(Phase, Phase to) {
    if (status.state == LinkState::Disconnecting || teardown_pending) return;
    switch (to) {
        case Phase::Establish: set_state(LinkState::Establish, "Negotiating the link (LCP)"); break;
        case Phase::Authenticate: set_state(LinkState::Authenticate, "Authenticating"); break;
        case Phase::Network:
            // Also when IPCP goes down again under a Running link.
            set_state(LinkState::Network, "Negotiating IP (IPCP)");
            // As pppd's network phase: auth-up once the peer authenticated.
            run_auth_up();
            break;
        case Phase::Running: break;  // Running once the data path is up (network_up)
        case Phase::Terminate: set_state(LinkState::Disconnecting, "Terminating the link"); break;
        case Phase::Dead: break;     // finished() follows
    }
}

bool Link::Impl::create_data_path(const NetworkInfo& info, bool ipv4) {
    data_path.reset();  // one left over from inside a TUN callback
    try {
        DataPathConfig config;
        config.link_name = options.linkname;  // pppd writes ppp-NAME.pid only with `linkname`
        config.run_dir = paths.run_dir;
        config.defaultroute = options.defaultroute;
        // ip-pre-up belongs to IPCP, as in pppd: not run for an IPv6-only link.
        if (ipv4) config.before_up = [&](const std::string& ifname) { run_ip_pre_up(info, ifname); };
        // As pppd: ifname wins over unit; unit N alone names the interface pppN.
        config.ifname = !options.ifname.empty() ? options.ifname
                        : options.unit          ? "ppp" + std::to_string(*options.unit)
                                                : std::string();
        config.replace_default_route = options.replacedefaultroute;
        config.proxyarp = options.proxyarp;
        config.kdebug = options.kdebug;
        if (options.defaultroute_metric) config.route_metric = static_cast<std::uint32_t>(*options.defaultroute_metric);
        config.ipv6 = options.ipv6;
        config.ipv4 = ipv4;
        data_path = std::make_unique<DataPath>(
            loop, info, config,
            [this](Bytes p) { on_tun_packet(p); },
            [this](LogLevel level, const std::string& l) { log_line(l, level); });
    } catch (const std::exception& e) {
        const std::string message = std::string("Cannot set up the data path: ") + e.what();
        log_line(message);
        if (!outcome) outcome = LinkOutcome{data_path_exit_status(e), FailureKind::DeviceError, message};
        set_state(LinkState::Disconnecting, message);
        if (!pending_close) pending_close = message;  // we are inside a session call
        return false;
    }
    return true;
}

void Link::Impl::network_up(const NetworkInfo& info) {
    if (status.state == LinkState::Disconnecting || teardown_pending) return;
    if (!create_data_path(info, true)) return;
    status.interface = data_path->interface();
    if (auth_up_info) auth_up_info->ifname = status.interface;  // auth-down names the real one
    status.data_path = "tun";
    status.local = info.local;
    status.remote = info.remote;
    status.dns.clear();
    if (info.dns1) status.dns.push_back(*info.dns1);
    if (info.dns2) status.dns.push_back(*info.dns2);
    status.mtu = info.mtu;
    status.mru = info.mru;
    status.connected_since_usec = realtime_usec();
    if (first_up_usec == 0) first_up_usec = status.connected_since_usec;
    log_line("Connect: " + status.interface + " <--> " + options.device);
    // resolv.conf first: ip-up (Debian's ip-up.d/0000usepeerdns) reads it.
    apply_peer_dns();
    lifecycle_network_up();
    run_ip_up(info);
    apply_ipv6();  // IPv6CP may have come up first
    if (!muted) observer.status_changed();
    stats_timer.arm(EventLoop::now() + kStatsInterval);
    set_state(LinkState::Running,
              "Connected: local " + info.local.to_string() + ", remote " + info.remote.to_string());
}

void Link::Impl::network_down() {
    stats_timer.arm(std::nullopt);
    lifecycle_network_down();
    update_stats();
    remove_ipv6();  // the interface goes with IPv4
    run_ip_down();
    // From inside a TUN callback the DataPath is on the stack: it goes with
    // the teardown or the next network_up instead (its packets are ignored).
    peer_dns.reset();
    if (!sending_data) data_path.reset();
    clear_network_status();
    if (!muted) observer.status_changed();
}

void Link::Impl::closing(ExitStatus st, std::string_view reason) {
    // Shown now, not after the Terminate exchange (which a dead peer never
    // answers: the session's restart timer bounds it).
    if (status.state == LinkState::Disconnecting || teardown_pending) return;
    if (!outcome) outcome = LinkOutcome{st, failure_of(st), std::string(reason)};
    set_state(LinkState::Disconnecting, std::string(reason));
}

void Link::Impl::finished(ExitStatus st, std::string_view reason) {
    fail(LinkOutcome{st, failure_of(st), std::string(reason)});
}

void Link::Impl::authenticated(auth::Role role, auth::Method method, std::string_view peer_name) {
    // PEERNAME for the scripts from now on, as pppd.
    if (role == auth::Role::Authenticator) peer_authname = std::string(peer_name);
    const std::string name(auth::to_string(method));
    if (status.auth_protocol == name) return;
    // Both directions authenticated: AuthProtocol shows the one we used.
    if (role == auth::Role::Authenticator && !status.auth_protocol.empty()) return;
    status.auth_protocol = name;
    if (!muted) observer.status_changed();
}

void Link::Impl::log(LogLevel level, std::string_view text) {
    if (level == LogLevel::Debug && !options.debug) return;
    log_line(std::string(text), level);
}

}  // namespace ppp::io
