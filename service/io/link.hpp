// One configured peer and the connection to it: opens the device, runs the
// connect script, drives the PPP session, creates the data path, sets
// addresses and routes, writes pidfiles. What the D-Bus Link object wraps.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "core/types.hpp"
#include "io/event_loop.hpp"

namespace ppp::io {

// The states the D-Bus `State` property shows, in order of a connection.
// Holdoff: the connection ended and `persist` redials it at next_attempt_usec.
enum class LinkState { Disconnected, Connecting, Establish, Authenticate, Network, Running, Disconnecting, Holdoff };
std::string_view to_string(LinkState);

// Typed failure kinds; the D-Bus layer maps them to org.freedesktop.ppp1.Error.*.
enum class FailureKind {
    None, Busy, NoCarrier, NoDialtone, NoAnswer, ChatFailed, ChatTimeout, AuthFailed, PeerRejected,
    DeviceLocked, DeviceError, ConfigError, Timeout, NegotiationFailed, Hangup,
    PeerAuthFailed,  // the peer failed to authenticate itself to us (AuthFailed is us failing to the peer)
};
std::string_view to_string(FailureKind);

class Resolved;

// Where a Link works: pppd's directories, and the services it tells.
struct LinkPaths {
    std::string config_dir = "/etc/ppp";  // options, peers/, chat scripts; resolv.conf (usepeerdns) is written here
    std::string run_dir = "/run";
    std::string lock_dir = "/var/lock";  // UUCP lock files (`lock` option)
    // Service mode: pap-secrets/chap-secrets (and @/path secret files) must
    // be root-owned with no group/other access, or they are refused.
    bool private_secrets = true;
    // systemd-resolved, told the peer's DNS servers (usepeerdns); none: only resolv.conf.
    std::shared_ptr<Resolved> resolved;
    // How long the `disconnect` script may run before it is killed (pppd
    // waits without a limit; a daemon serving other links does not).
    std::chrono::milliseconds disconnect_limit{std::chrono::seconds(30)};
};

// Everything the D-Bus Link object shows, as one snapshot.
struct LinkStatus {
    std::string name;
    LinkState state = LinkState::Disconnected;
    std::string reason;               // human sentence for the last transition
    std::string device;               // /dev/ttyS1
    std::uint32_t speed = 0;          // line speed in bits/s once open
    std::string interface;            // ppp0 while up
    std::string data_path;            // "tun" / "kernel" while up
    std::string auth_protocol;        // "PAP", "CHAP-MD5", "MS-CHAP", "MS-CHAPv2", "EAP-MD5" once authenticated; "" otherwise
    std::optional<Ipv4> local, remote;
    std::vector<Ipv4> dns;            // the peer's DNS servers (DNS1, DNS2) while up
    // IPv6CP's interface identifiers while IPv6 is up on the interface
    // (the link-local addresses fe80::<id>).
    std::optional<std::uint64_t> local_id6, remote_id6;
    std::uint16_t mtu = 0, mru = 0;
    std::uint64_t connected_since_usec = 0;  // CLOCK_REALTIME usec, 0 when not Running
    std::uint64_t next_attempt_usec = 0;     // CLOCK_REALTIME usec of the redial while Holdoff, else 0
    int failed_attempts = 0;                 // attempts in a row that did not bring IP up (maxfail)
    std::uint64_t rx_bytes = 0, tx_bytes = 0, rx_packets = 0, tx_packets = 0;
    ExitStatus exit_status = ExitStatus::Ok;
    FailureKind failure = FailureKind::None;
};

class LinkObserver {
public:
    virtual ~LinkObserver() = default;
    virtual void state_changed(LinkState from, LinkState to, const std::string& reason) = 0;
    // Some status field changed (addresses, interface, counters...).
    virtual void status_changed() = 0;
    // A transcript/negotiation log line, secrets already masked.
    virtual void log_line(const std::string& line) = 0;
};

// Who asked for a connection: pppd's real user, the one who ran pppd. The
// scripts get it as ORIG_UID and PPPLOGNAME, auth-up/auth-down as user-name.
struct Requester {
    // The D-Bus caller's uid; nullopt: the daemon's own user (an in-process caller).
    std::optional<std::uint32_t> uid;
};

class Link {
public:
    Link(EventLoop& loop, std::string name, LinkPaths paths, LinkObserver& observer);
    ~Link();

    const std::string& name() const;
    const LinkStatus& status() const;

    // Reloads the peer's options (config errors are thrown as config::Error
    // and the link stays Disconnected), then starts connecting. From
    // Disconnected, or from Holdoff (redials now instead of at the end of the
    // wait); otherwise std::logic_error. Failures found at once (the device cannot
    // be opened, the chat script is unreadable) end the attempt before
    // connect() returns: the observer sees Connecting then Disconnected from
    // inside the call, and status() has the failure and exit status.
    // `by` is remembered for the scripts of this connection and of the
    // redials `persist` makes for it.
    void connect(Requester by = {});
    // Hangs up (LCP Terminate, the `disconnect` script, then close the
    // device). No-op when Disconnected or already Disconnecting. While
    // Connecting (connect script running) the link is torn down before
    // disconnect() returns, without the disconnect script (pppd runs it only
    // after a connect script succeeded). Once PPP runs it goes Disconnecting
    // now and Disconnected when the peer acknowledged (or the session's
    // timers gave up) and then the `disconnect` script, if any, has finished
    // on the line; the loop keeps running meanwhile, and a script still
    // running after LinkPaths::disconnect_limit is killed. The script is skipped
    // when the line has hung up. Either way exit_status becomes UserRequest.
    // Every other end of a connection that got past its connect script (the
    // peer's Terminate, a dead peer, idle, maxconnect) runs the disconnect
    // script in the same way, in state Disconnecting, before Disconnected or
    // Holdoff.
    // A user's disconnect is never followed by a redial (`persist`); in
    // Holdoff it cancels the redial and the link is Disconnected at once.
    //
    // With `persist`, any other end of a connection (carrier lost, dead peer,
    // maxconnect, a failed dial) goes to Holdoff for `holdoff` seconds and
    // then redials, until `maxfail` attempts in a row failed to bring IP up.
    // An `idle` timeout ends the link without a redial (there is no dial on
    // demand to wake it up again).
    void disconnect(const std::string& reason);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp::io
