#include "core/session.hpp"

#include "core/auth/packets.hpp"
#include "core/frame.hpp"
#include "core/hdlc.hpp"
#include "core/ipcp.hpp"
#include "core/ipv6cp.hpp"
#include "core/lcp.hpp"

namespace ppp {

std::string_view to_string(Phase p) {
    switch (p) {
        case Phase::Dead: return "Dead";
        case Phase::Establish: return "Establish";
        case Phase::Authenticate: return "Authenticate";
        case Phase::Network: return "Network";
        case Phase::Running: return "Running";
        case Phase::Terminate: return "Terminate";
    }
    return "?";
}

struct Session::Impl final : FsmOutput, LcpEvents, IpcpEvents, Ipv6cpEvents, auth::Events {
    Impl(SessionConfig c, SessionObserver& o)
        : config(std::move(c)), observer(o), decoder(std::max<std::size_t>(config.mru, 1500) + 64),
          escape(config.escape), lcp(config, *this, *this), ipcp(config, *this, *this), ipv6cp(config, *this, *this) {
        lcp.on_protocol_reject = [this](Time t, std::uint16_t protocol) {
            observer.log(LogLevel::Warning, "peer rejected protocol 0x" + hex16(protocol));
            if (protocol == proto::kIpcp) ipcp.fsm().protocol_rejected(t);
            if (protocol == proto::kIpv6cp) ipv6cp.fsm().protocol_rejected(t);
        };
    }

    static std::string hex16(std::uint16_t v) {
        const std::uint8_t b[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
        return hex(Bytes{b, 2});
    }

    void set_phase(Phase p) {
        if (p == phase) return;
        const Phase old = phase;
        phase = p;
        observer.phase_changed(old, p);
    }

    void enter(Time t) { now = t; }

    // Decides how the session ends, unless something already did.
    void set_finish(ExitStatus status, std::string_view reason) {
        if (finish_status) return;
        finish_status = status;
        finish_reason = std::string(reason);
    }

    // Closing the link is requested from inside protocol callbacks (a
    // looped-back magic number seen while judging a request, an IPCP without
    // an address); it runs once the packet or timer at hand is fully handled.
    void request_close(std::string_view reason) {
        if (!pending_close) pending_close = std::string(reason);
    }
    void run_pending() {
        if (pending_ipv6_close) {
            const std::string reason = std::move(*pending_ipv6_close);
            pending_ipv6_close.reset();
            if (phase != Phase::Dead) ipv6cp.fsm().close(now, reason);
        }
        if (!pending_close) return;
        const std::string reason = std::move(*pending_close);
        pending_close.reset();
        if (phase == Phase::Dead) return;
        close_ncps(reason);
        lcp.fsm().close(now, reason);
    }
    void close_ncps(std::string_view reason) {
        if (ipcp.fsm().state() == FsmState::Opened) ipcp.fsm().close(now, reason);
        if (ipv6cp.fsm().state() == FsmState::Opened) ipv6cp.fsm().close(now, reason);
    }
    // A network protocol that was opened and has not finished yet.
    static bool ncp_alive(const Fsm& f) {
        switch (f.state()) {
            case FsmState::Initial:
            case FsmState::Starting:
            case FsmState::Closed:
            case FsmState::Stopped: return false;
            default: return true;
        }
    }

    // FsmOutput
    void send_packet(std::uint16_t protocol, Bytes packet) override {
        frame_buf.clear();
        const bool lcp_packet = protocol == proto::kLcp;
        const bool opened = lcp.fsm().state() == FsmState::Opened;
        build_frame(protocol, packet, !lcp_packet && opened && lcp.theirs().acfc,
                    !lcp_packet && opened && lcp.theirs().pfc, frame_buf);
        write_frame(lcp_packet || !opened ? hdlc::kDefaultAccm : send_accm());
    }
    void log(LogLevel level, std::string_view line) override { observer.log(level, line); }

    std::uint32_t send_accm() const { return lcp.theirs().accm; }

    void write_frame(std::uint32_t accm) {
        line_buf.clear();
        hdlc::encode(frame_buf, accm, escape, line_buf);
        observer.send_line(line_buf);
    }

    // LcpEvents
    void lcp_up() override {
        ipcp.fsm().set_peer_mru(lcp.theirs().mru);
        ipv6cp.fsm().set_peer_mru(lcp.theirs().mru);
        lcp.fsm().set_peer_mru(lcp.theirs().mru);
        our_method = lcp.theirs().auth;
        peer_method = lcp.ours().auth;
        const std::string refused = lcp.auth_peer_refused();
        if (!refused.empty()) {
            // pppd: "peer refused to authenticate: terminating link".
            set_finish(ExitStatus::PeerAuthFailed, refused);
            observer.log(LogLevel::Error, refused);
            request_close("Authentication required");
            return;
        }
        if (our_method == auth::Method::None && peer_method == auth::Method::None) {
            start_network();
            return;
        }
        set_phase(Phase::Authenticate);
        stop_auth();
        if (our_method != auth::Method::None)
            authee = auth::make_protocol(auth::Role::Authenticatee, our_method, config.auth, *this);
        if (peer_method != auth::Method::None)
            author = auth::make_protocol(auth::Role::Authenticator, peer_method, config.auth, *this);
        authee_ok = !authee;
        author_ok = !author;
        // Either may finish at once (no secret): auth_done copes.
        if (authee) authee->lower_up(now);
        if (author) author->lower_up(now);
    }

    void start_network() {
        set_phase(Phase::Network);
        if (config.ipv4) {
            ipcp.fsm().open(now);
            ipcp.fsm().up(now);
        } else if (config.ipv6) {
            announce_no_ipv4();
        }
        if (config.ipv6) {
            ipv6cp.fsm().open(now);
            ipv6cp.fsm().up(now);
        }
    }

    void announce_no_ipv4() {
        if (ipv4_unavailable_sent) return;
        ipv4_unavailable_sent = true;
        observer.ipv4_unavailable();
    }

    void stop_auth() {
        for (auto* p : {&authee, &author}) {
            if (!*p) continue;
            auth_malformed += (*p)->malformed();
            (*p)->lower_down();
            p->reset();
        }
    }

    // auth::Events
    void auth_send(std::uint16_t protocol, Bytes packet) override { send_packet(protocol, packet); }
    void auth_log(LogLevel level, std::string_view line) override { observer.log(level, line); }
    void auth_done(auth::Role role, const auth::Outcome& outcome) override {
        const bool ours = role == auth::Role::Authenticatee;
        const std::string method(auth::to_string(ours ? our_method : peer_method));
        if (!outcome.ok) {
            set_finish(ours ? ExitStatus::AuthTopeerFailed : ExitStatus::PeerAuthFailed, outcome.message);
            observer.log(LogLevel::Error, outcome.message);
            request_close(ours ? "Failed to authenticate ourselves to peer" : "Authentication failed");
            return;
        }
        if (ours) {
            observer.log(LogLevel::Notice, method + " authentication succeeded" +
                                               (outcome.message.empty() ? "" : ": " + outcome.message));
            authee_ok = true;
        } else {
            observer.log(LogLevel::Notice, outcome.message);
            if (config.role == Role::Server) assign_from_secret(outcome);
            peer_allows = outcome.allows;
            peer_name = outcome.peer_name;
            author_ok = true;
        }
        observer.authenticated(role, ours ? our_method : peer_method, outcome.peer_name);
        if (authee_ok && author_ok && phase == Phase::Authenticate) start_network();
    }

    // The server gives the peer the address on its secrets line when the
    // line names exactly one (pppd: "the first address ... is used").
    void assign_from_secret(const auth::Outcome& outcome) {
        if (outcome.suggested) {
            config.remote_ip = *outcome.suggested;
            return;
        }
        for (const auto& a : outcome.addresses) {
            if (a.empty() || a[0] == '!' || a == "*" || a == "-" || a.find('/') != std::string::npos) continue;
            if (auto ip = Ipv4::parse(a)) {
                config.remote_ip = *ip;
                return;
            }
        }
    }
    void lcp_down() override {
        // Renegotiation (This-Layer-Down with the automaton still Opened,
        // about to send a new request) goes back to Establish; anything else
        // is the link going away.
        if (phase != Phase::Dead) {
            switch (lcp.fsm().state()) {
                case FsmState::Opened:
                case FsmState::ReqSent:
                case FsmState::AckRcvd:
                case FsmState::AckSent: set_phase(Phase::Establish); break;
                default: set_phase(Phase::Terminate); break;
            }
        }
        stop_auth();
        ipcp.fsm().down(now);
        ipv6cp.fsm().down(now);
        // A peer that terminates after we could not do its protocol: say so
        // now, before its hang-up (which often follows at once) decides.
        if (lcp.fsm().terminated_by_peer()) note_auth_mismatch();
    }
    void lcp_starting() override {}
    void note_auth_mismatch() {
        const std::string cannot = lcp.auth_we_cannot();
        if (finish_status || cannot.empty()) return;
        finish_status = ExitStatus::AuthTopeerFailed;
        finish_reason = cannot;
        if (!lcp.fsm().peer_terminate_reason().empty())
            finish_reason += " (peer said: " + lcp.fsm().peer_terminate_reason() + ")";
    }
    void lcp_finished() override {
        if (lcp.fsm().terminated_by_peer() || lcp.fsm().not_converging()) note_auth_mismatch();
        if (!finish_status) {
            if (lcp.fsm().terminated_by_peer()) {
                // pppd: once a network protocol has come up the attempt
                // succeeded (exit 0, "terminated at the peer's request");
                // before that, negotiation failed.
                finish_status = network_came_up ? ExitStatus::Ok : ExitStatus::NegotiationFailed;
                finish_reason = "Connection terminated by peer";
                if (!lcp.fsm().peer_terminate_reason().empty())
                    finish_reason += " (" + lcp.fsm().peer_terminate_reason() + ")";
            } else if (lcp.fsm().timed_out()) {
                finish_status = ExitStatus::NegotiationFailed;
                finish_reason = "LCP: timeout sending Config-Requests (peer not responding)";
            } else if (lcp.fsm().not_converging()) {
                finish_status = ExitStatus::NegotiationFailed;
                finish_reason = "LCP: peer keeps requesting options we refuse";
            } else {
                finish_status = ExitStatus::NegotiationFailed;
                finish_reason = "LCP negotiation failed";
            }
        }
        finish();
    }
    void lcp_fatal(ExitStatus status, std::string_view reason) override {
        set_finish(status, reason);
        observer.log(LogLevel::Error, reason);
        observer.closing(status, reason);
        request_close(reason);
    }

    // IpcpEvents
    void ipcp_up(const NetworkInfo& in) override {
        if (peer_allows && !peer_allows(in.remote)) {
            // pppd: "Peer %q is not authorized to use remote address %I".
            const std::string why = "Peer \"" + auth::printable(peer_name) + "\" is not authorized to use remote address " +
                                    in.remote.to_string() + " (see the addresses on its secrets line)";
            set_finish(ExitStatus::PeerAuthFailed, why);
            observer.log(LogLevel::Error, why);
            request_close("Unauthorized remote IP address");
            return;
        }
        NetworkInfo info = in;
        info.mru = lcp.ours().mru;
        info.mtu = std::min<std::uint16_t>(config.mtu, lcp.theirs().mru);
        network = info;
        network_came_up = true;
        ipcp_came_up = true;
        observer.log(LogLevel::Notice, "local  IP address " + info.local.to_string());
        observer.log(LogLevel::Notice, "remote IP address " + info.remote.to_string());
        if (info.dns1) observer.log(LogLevel::Notice, "primary   DNS address " + info.dns1->to_string());
        if (info.dns2) observer.log(LogLevel::Notice, "secondary DNS address " + info.dns2->to_string());
        set_phase(Phase::Running);
        observer.network_up(info);
    }
    void ipcp_down() override {
        if (network) {
            network.reset();
            observer.network_down();
        }
        if (phase == Phase::Running && !ipv6) set_phase(Phase::Network);
    }
    void ipcp_failed(std::string_view reason) override {
        set_finish(ExitStatus::NegotiationFailed, reason);
        observer.log(LogLevel::Error, reason);
        observer.closing(ExitStatus::NegotiationFailed, reason);
        request_close(reason);
    }
    void ipcp_finished() override {
        // No network protocol left: close the link, as pppd does.
        if (ncp_alive(ipv6cp.fsm())) {
            // Rejected (or ended) before it ever opened: IPv6 carries the link alone.
            if (!ipcp_came_up) announce_no_ipv4();
            return;
        }
        if (lcp.fsm().state() == FsmState::Opened) {
            if (!finish_status) {
                finish_status = network_came_up ? ExitStatus::Ok : ExitStatus::NegotiationFailed;
                finish_reason = ipcp.fsm().terminated_by_peer() ? "IPCP terminated by peer"
                                                                : "IPCP negotiation failed: no network protocols running";
            }
            request_close("No network protocols running");
        }
    }

    // Ipv6cpEvents
    void ipv6cp_up(const Ipv6Info& in) override {
        Ipv6Info info = in;
        info.mtu = std::min<std::uint16_t>(config.mtu, lcp.theirs().mru);
        info.mru = lcp.ours().mru;
        ipv6 = info;
        network_came_up = true;
        observer.log(LogLevel::Notice, "local  LL address " + link_local_address(info.local_id));
        observer.log(LogLevel::Notice, "remote LL address " + link_local_address(info.remote_id));
        set_phase(Phase::Running);
        observer.ipv6_up(info);
    }
    void ipv6cp_down() override {
        if (ipv6) {
            ipv6.reset();
            observer.ipv6_down();
        }
        if (phase == Phase::Running && !network) set_phase(Phase::Network);
    }
    void ipv6cp_failed(std::string_view reason) override {
        // As pppd: only IPv6CP closes; the link stays while IPCP runs.
        observer.log(LogLevel::Error, reason);
        if (!pending_ipv6_close) pending_ipv6_close = std::string(reason);
    }
    void ipv6cp_finished() override {
        if (ncp_alive(ipcp.fsm())) return;
        if (lcp.fsm().state() == FsmState::Opened) {
            if (!finish_status) {
                finish_status = network_came_up ? ExitStatus::Ok : ExitStatus::NegotiationFailed;
                finish_reason = ipv6cp.fsm().terminated_by_peer() ? "IPV6CP terminated by peer"
                                                                  : "IPV6CP negotiation failed: no network protocols running";
            }
            request_close("No network protocols running");
        }
    }

    void finish() {
        if (phase == Phase::Dead) return;
        // Leave both automata ready for the next open().
        pending_close.reset();
        pending_ipv6_close.reset();
        delayed_up.reset();
        stop_auth();
        ipcp.fsm().reset();
        ipv6cp.fsm().reset();
        lcp.fsm().reset();
        network.reset();
        ipv6.reset();
        network_came_up = false;
        ipcp_came_up = false;
        ipv4_unavailable_sent = false;
        set_phase(Phase::Dead);
        const ExitStatus status = finish_status.value_or(ExitStatus::FatalError);
        const std::string reason = finish_reason;
        finish_status.reset();
        finish_reason.clear();
        observer.finished(status, reason);
    }

    void lower_up_if_delayed() {
        if (!delayed_up) return;
        delayed_up.reset();
        lcp.fsm().up(now);
    }

    void dispatch(Bytes raw) {
        auto f = parse_frame(raw);
        if (!f) {
            ++stats.bad_frames;
            return;
        }
        const bool lcp_open = lcp.fsm().state() == FsmState::Opened;
        if (f->protocol != proto::kLcp) lcp.note_traffic();
        switch (f->protocol) {
            case proto::kLcp:
                lower_up_if_delayed();  // connect-delay: the peer spoke first
                lcp.fsm().input(now, f->info);
                break;
            case proto::kIpcp:
                if (!config.ipv4) {
                    reject_protocol(lcp_open, *f);
                    break;
                }
                // pppd discards network protocols until the Network phase.
                if (lcp_open && (phase == Phase::Network || phase == Phase::Running)) ipcp.fsm().input(now, f->info);
                break;
            case proto::kIpv6cp:
                // Without +ipv6 the peer learns by a Protocol-Reject, as from pppd.
                if (!config.ipv6) {
                    reject_protocol(lcp_open, *f);
                    break;
                }
                if (lcp_open && (phase == Phase::Network || phase == Phase::Running)) ipv6cp.fsm().input(now, f->info);
                break;
            case proto::kIpv6:
                if (ipv6) {
                    ++stats.rx_packets;
                    stats.rx_bytes += f->info.size();
                    observer.deliver_ipv6(f->info);
                }
                break;
            case proto::kPap:
            case proto::kChap:
            case proto::kEap: {
                if (!lcp_open) break;
                bool taken = false;
                // Both directions may run the same protocol (CHAP both ways):
                // each side takes only the codes of its role.
                for (auto* p : {authee.get(), author.get()}) {
                    if (p && p->protocol() == f->protocol) {
                        p->input(now, f->info);
                        taken = true;
                    }
                }
                if (!taken) observer.log(LogLevel::Debug, "discarding unexpected protocol 0x" + hex16(f->protocol));
                break;
            }
            case proto::kIpv4:
                if (phase == Phase::Running) {
                    ++stats.rx_packets;
                    stats.rx_bytes += f->info.size();
                    observer.deliver_ipv4(f->info);
                }
                break;
            default: reject_protocol(lcp_open, *f); break;
        }
    }

    void reject_protocol(bool lcp_open, const Frame& f) {
        if (!lcp_open) return;
        observer.log(LogLevel::Debug, "rejecting unsupported protocol 0x" + hex16(f.protocol));
        lcp.reject_protocol(f.protocol, f.info);
    }

    SessionConfig config;
    SessionObserver& observer;
    hdlc::Decoder decoder;
    hdlc::EscapeMap escape;  // `escape` characters, on every frame we send
    Lcp lcp;
    Ipcp ipcp;
    Ipv6cp ipv6cp;
    Phase phase = Phase::Dead;
    Time now{};
    SessionStats stats;
    std::optional<NetworkInfo> network;
    std::optional<Ipv6Info> ipv6;
    bool ipcp_came_up = false;          // IPCP reached Opened in this attempt
    bool ipv4_unavailable_sent = false;  // observer.ipv4_unavailable() called in this attempt
    bool network_came_up = false;  // IPCP reached Opened in this attempt (pppd's np_up: exit 0 from then on)
    std::optional<ExitStatus> finish_status;
    std::string finish_reason;
    std::optional<std::string> pending_close;
    std::optional<std::string> pending_ipv6_close;  // IPv6CP alone closes (no usable identifiers)
    std::optional<Time> delayed_up;  // connect-delay: when LCP starts unless the peer speaks first
    std::vector<std::uint8_t> frame_buf, line_buf;
    auth::Method our_method = auth::Method::None, peer_method = auth::Method::None;
    std::unique_ptr<auth::Protocol> authee, author;  // we authenticate to the peer / the peer to us
    bool authee_ok = false, author_ok = false;
    std::function<bool(Ipv4)> peer_allows;  // from the peer's secrets line, once it authenticated
    std::string peer_name;
    std::uint64_t auth_malformed = 0;
};

Session::Session(SessionConfig config, SessionObserver& observer)
    : impl_(std::make_unique<Impl>(std::move(config), observer)) {}

Session::~Session() = default;

void Session::open(Time now) {
    auto& s = *impl_;
    s.enter(now);
    if (s.phase != Phase::Dead) return;
    s.decoder.reset();
    s.finish_status.reset();
    s.our_method = s.peer_method = auth::Method::None;
    s.peer_allows = nullptr;
    s.peer_name.clear();
    s.set_phase(Phase::Establish);
    s.lcp.fsm().open(now);
    if (s.config.listen_time > Duration::zero()) {
        s.delayed_up = now + s.config.listen_time;
    } else {
        s.lcp.fsm().up(now);
    }
}

void Session::close(Time now, std::string_view reason) {
    auto& s = *impl_;
    s.enter(now);
    if (s.phase == Phase::Dead) return;
    s.set_finish(ExitStatus::UserRequest, reason);
    s.set_phase(Phase::Terminate);
    s.close_ncps(reason);
    s.lcp.fsm().close(now, reason);
    // LCP may have had nothing to terminate (still starting): then we are done.
    const auto st = s.lcp.fsm().state();
    if (st == FsmState::Initial || st == FsmState::Closed || st == FsmState::Starting) s.finish();
}

void Session::lower_down(Time now) {
    auto& s = *impl_;
    s.enter(now);
    if (s.phase == Phase::Dead) return;
    s.set_finish(ExitStatus::Hangup, "Modem hangup");
    if (!s.delayed_up) s.lcp.fsm().down(now);
    s.lcp.fsm().close(now, "lower layer down");
    s.finish();
}

void Session::input(Time now, Bytes bytes) {
    auto& s = *impl_;
    s.enter(now);
    if (s.phase == Phase::Dead) return;
    const auto before = s.decoder.stats();
    while (s.decoder.next(bytes)) {
        s.dispatch(s.decoder.frame());
        s.run_pending();
        if (s.phase == Phase::Dead) break;
    }
    const auto& after = s.decoder.stats();
    s.stats.bad_frames += (after.fcs_errors - before.fcs_errors) + (after.runts - before.runts) +
                          (after.too_long - before.too_long) + (after.aborts - before.aborts);
}

void Session::send_ipv4(Time now, Bytes packet) {
    auto& s = *impl_;
    s.enter(now);
    if (s.phase != Phase::Running || !s.network || packet.empty() || packet.size() > s.network->mtu) return;
    s.frame_buf.clear();
    build_frame(proto::kIpv4, packet, s.lcp.theirs().acfc, s.lcp.theirs().pfc, s.frame_buf);
    s.write_frame(s.send_accm());
    ++s.stats.tx_packets;
    s.stats.tx_bytes += packet.size();
}

void Session::send_ipv6(Time now, Bytes packet) {
    auto& s = *impl_;
    s.enter(now);
    if (!s.ipv6 || packet.empty() || packet.size() > s.ipv6->mtu) return;
    s.frame_buf.clear();
    build_frame(proto::kIpv6, packet, s.lcp.theirs().acfc, s.lcp.theirs().pfc, s.frame_buf);
    s.write_frame(s.send_accm());
    ++s.stats.tx_packets;
    s.stats.tx_bytes += packet.size();
}

void Session::tick(Time now) {
    auto& s = *impl_;
    s.enter(now);
    if (s.delayed_up && now >= *s.delayed_up) s.lower_up_if_delayed();
    s.run_pending();
    s.lcp.tick(now);
    s.run_pending();
    if (s.authee) s.authee->tick(now);
    s.run_pending();
    if (s.author) s.author->tick(now);
    s.run_pending();
    s.ipcp.fsm().tick(now);
    s.run_pending();
    s.ipv6cp.fsm().tick(now);
    s.run_pending();
}

std::optional<Time> Session::next_deadline() const {
    auto& s = *impl_;
    std::optional<Time> d;
    auto consider = [&](std::optional<Time> t) {
        if (t && (!d || *t < *d)) d = t;
    };
    consider(s.delayed_up);
    consider(s.lcp.next_deadline());
    consider(s.ipcp.fsm().next_deadline());
    consider(s.ipv6cp.fsm().next_deadline());
    if (s.authee) consider(s.authee->next_deadline());
    if (s.author) consider(s.author->next_deadline());
    return d;
}

auth::Method Session::auth_method() const {
    auto& s = *impl_;
    return s.our_method != auth::Method::None ? s.our_method : s.peer_method;
}

Phase Session::phase() const { return impl_->phase; }

const SessionStats& Session::stats() const {
    auto& s = *impl_;
    s.stats.malformed = s.lcp.fsm().malformed() + s.ipcp.fsm().malformed() + s.ipv6cp.fsm().malformed() + s.auth_malformed;
    for (auto* p : {s.authee.get(), s.author.get()})
        if (p) s.stats.malformed += p->malformed();
    return s.stats;
}

const std::optional<NetworkInfo>& Session::network() const { return impl_->network; }

const std::optional<Ipv6Info>& Session::ipv6() const { return impl_->ipv6; }

}  // namespace ppp
