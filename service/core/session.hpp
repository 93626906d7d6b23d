// One PPP session: LCP, authentication, IPCP, IPv6CP and the phase machine,
// driven entirely from outside. Bytes in, bytes out, an injected clock.
//
//   Session s(config, observer);
//   s.open(now);                  // the line is up (after chat): start LCP
//   s.input(now, bytes_from_line); // any chunking
//   s.send_ipv4(now, packet);      // from the data path
//   s.tick(now);                   // at or after next_deadline()
//
// Everything the session wants done comes back through SessionObserver,
// synchronously, from inside these calls.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/auth.hpp"
#include "core/types.hpp"

namespace ppp {

// Client: asks the peer for an address (the dial-up side).
// Server: assigns the peer its address (the ISP side, pppkit-sim).
enum class Role { Client, Server };

enum class Phase { Dead, Establish, Authenticate, Network, Running, Terminate };
std::string_view to_string(Phase);

struct SessionConfig {
    Role role = Role::Client;

    // LCP (RFC 1661)
    std::uint16_t mru = 1500;             // the MRU we ask the peer to respect
    std::uint16_t mtu = 1500;             // upper bound on what we send
    std::uint32_t asyncmap = 0;           // receive ACCM we ask for
    // pfc/acfc/magic/accm false (nopcomp, noaccomp, nomagic, default-asyncmap) mean the option is
    // neither requested nor allowed to the peer, in both directions as pppd.
    bool pfc = true;                      // protocol field compression
    bool acfc = true;                     // address/control field compression
    bool magic = true;                    // magic number negotiation
    bool accm = true;                     // asyncmap negotiation (false: default-asyncmap, all escaped)
    // default-mru: MRU neither requested nor allowed to the peer; 1500 both ways.
    bool negotiate_mru = true;
    // escape: characters always escaped on transmit, on top of the ACCM
    // (never 0x20-0x3f or 0x5e; the option parser refuses those).
    std::vector<std::uint8_t> escape;
    std::uint32_t magic_seed = 1;         // randomness for magic numbers (caller supplies entropy)
    // LCP automaton (lcp-restart, lcp-max-configure/terminate/failure).
    Duration restart = std::chrono::seconds(3);
    int max_configure = 10;
    int max_terminate = 2;
    int max_failure = 5;
    bool passive = false;                 // passive: after max-configure, wait for the peer instead of failing
    bool silent = false;                  // silent: send no LCP until the peer's Configure-Request
    Duration echo_interval{0};            // lcp-echo-interval (0 = off)
    int echo_failure = 0;                 // lcp-echo-failure (0 = never give up)
    // lcp-echo-adaptive: an Echo-Request is due only when nothing but LCP
    // was received since the last one (any other frame shows the peer alive).
    bool echo_adaptive = false;

    // connect-delay (pppd's listen time): after open(), LCP starts (sends
    // its first Configure-Request) when the peer's first LCP packet arrives,
    // or once this much time passed. 0: at once.
    Duration listen_time{0};

    // IPCP (RFC 1332, RFC 1877)
    // IPCP automaton (ipcp-restart, ipcp-max-configure/terminate/failure).
    Duration ipcp_restart = std::chrono::seconds(3);
    int ipcp_max_configure = 10;
    int ipcp_max_terminate = 2;
    int ipcp_max_failure = 5;
    std::optional<Ipv4> local_ip;         // <local>: ours; Client without it asks with 0.0.0.0
    std::optional<Ipv4> remote_ip;        // :<remote>: what the peer must use / what we assign
    bool accept_local = false;            // ipcp-accept-local
    bool accept_remote = false;           // ipcp-accept-remote
    bool request_dns = false;             // usepeerdns: ask for primary/secondary DNS
    std::optional<Ipv4> dns1, dns2;       // Server: what we offer (ms-dns)
    // false: no IPCP at all (an IPv6-only session); the peer's IPCP is Protocol-Rejected.
    bool ipv4 = true;

    // IPv6CP (RFC 5072): only with `ipv6` (pppd's +ipv6); otherwise the
    // peer's IPv6CP is answered with an LCP Protocol-Reject.
    bool ipv6 = false;
    std::optional<std::uint64_t> ipv6_local;   // our interface identifier (ipv6 <local>,); none: random
    std::optional<std::uint64_t> ipv6_remote;  // the peer's (ipv6 ,<remote>); none: the peer's choice
    bool ipv6_accept_local = false;            // ipv6cp-accept-local: take the peer's Nak for our given id
    bool ipv6_use_ipaddr = false;              // ipv6cp-use-ipaddr: ids from the IPv4 addresses
    std::uint64_t ipv6_seed = 1;               // randomness for interface identifiers (caller supplies entropy)
    // IPv6CP automaton (ipv6cp-restart, ipv6cp-max-configure/terminate/failure).
    Duration ipv6cp_restart = std::chrono::seconds(3);
    int ipv6cp_max_configure = 10;
    int ipv6cp_max_terminate = 2;
    int ipv6cp_max_failure = 5;

    // Authentication (either role may authenticate the other: auth.require
    // makes the peer authenticate to us; the peer's LCP request decides
    // whether we authenticate to it).
    auth::Config auth;
};

struct NetworkInfo {
    Ipv4 local;
    Ipv4 remote;
    std::optional<Ipv4> dns1, dns2;
    std::uint16_t mtu = 1500;  // min(our mtu, peer's MRU)
    std::uint16_t mru = 1500;  // what the peer agreed to send us at most
};

// IPv6CP's result: the interface identifiers of both ends, which make the
// link-local addresses fe80::<id>.
struct Ipv6Info {
    std::uint64_t local_id = 0;
    std::uint64_t remote_id = 0;
    std::uint16_t mtu = 1500;
    std::uint16_t mru = 1500;  // what the peer agreed to send us at most
};

// "fe80::0123:4567:89ab:cdef", as pppd prints link-local addresses (and
// passes them to ipv6-up in LLLOCAL/LLREMOTE).
std::string link_local_address(std::uint64_t interface_id);

struct SessionStats {
    std::uint64_t rx_bytes = 0, tx_bytes = 0;       // IP payload bytes
    std::uint64_t rx_packets = 0, tx_packets = 0;   // IP packets
    std::uint64_t malformed = 0;                    // control packets discarded as malformed
    std::uint64_t bad_frames = 0;                   // FCS errors, runts, overlong frames
};

class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    // HDLC-framed bytes to write to the line, in order.
    virtual void send_line(Bytes bytes) = 0;
    // An IPv4 packet received from the peer, for the data path.
    virtual void deliver_ipv4(Bytes packet) = 0;
    virtual void phase_changed(Phase from, Phase to) = 0;
    // IPCP reached Opened / left Opened.
    virtual void network_up(const NetworkInfo& info) = 0;
    virtual void network_down() = 0;
    // An IPv6 packet received from the peer, for the data path.
    virtual void deliver_ipv6(Bytes /*packet*/) {}
    // IPv6CP reached Opened / left Opened.
    virtual void ipv6_up(const Ipv6Info& /*info*/) {}
    virtual void ipv6_down() {}
    // No IPv4 in this attempt: IPCP is off (`noip`) or ended without ever
    // opening (the peer Protocol-Rejected it) while IPv6CP carries on. An
    // IPv6-only link from here; called at most once per attempt.
    virtual void ipv4_unavailable() {}
    // The session went back to Dead after open(): why, as pppd would exit,
    // and a human sentence ("LCP: peer not responding", "Terminated by peer: ...").
    virtual void finished(ExitStatus status, std::string_view reason) = 0;
    // The session starts closing the link for a reason of its own (a dead
    // peer by LCP echo, a loop-back, IPCP failing): how it will end, before
    // the Terminate exchange that precedes finished(). Optional.
    virtual void closing(ExitStatus /*status*/, std::string_view /*reason*/) {}
    // Protocol log lines ("sent [LCP ConfReq id=0x1 <mru 1500> <magic 0x...>]").
    virtual void log(LogLevel level, std::string_view line) = 0;
    // Authentication in one direction succeeded: we authenticated ourselves
    // (Authenticatee) or the peer authenticated as `peer_name` (Authenticator).
    virtual void authenticated(auth::Role /*role*/, auth::Method /*method*/, std::string_view /*peer_name*/) {}
};

class Session {
public:
    Session(SessionConfig config, SessionObserver& observer);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The line is up: start LCP (Establish phase).
    void open(Time now);
    // Administrative close: terminate IPCP and LCP politely, then finished(UserRequest).
    void close(Time now, std::string_view reason);
    // The line went away (carrier lost): straight to Dead, finished(Hangup).
    void lower_down(Time now);

    // Raw bytes from the line, any chunking.
    void input(Time now, Bytes bytes);
    // An IPv4 packet from the data path; dropped unless Running.
    void send_ipv4(Time now, Bytes packet);
    // An IPv6 packet from the data path; dropped unless IPv6CP is Opened.
    void send_ipv6(Time now, Bytes packet);

    // Runs timers due at `now`.
    void tick(Time now);
    // When tick() next needs calling; nullopt when no timer is armed.
    std::optional<Time> next_deadline() const;

    Phase phase() const;
    // The authentication protocol of this link: the one we authenticate
    // ourselves with, else the one the peer authenticates with; None before
    // LCP agreed on one.
    auth::Method auth_method() const;
    const SessionStats& stats() const;
    // Valid while IPCP is Opened.
    const std::optional<NetworkInfo>& network() const;
    // Valid while IPv6CP is Opened.
    const std::optional<Ipv6Info>& ipv6() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ppp
