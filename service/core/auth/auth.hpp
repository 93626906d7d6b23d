// Authentication (the Authenticate phase, RFC 1661 §3.5): the methods, what
// the session tells them, and the protocol-object shape every method has in
// both roles. Sans-I/O like LCP and IPCP: packets in and out, timers from
// the caller's clock, secrets through a lookup the caller implements.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace ppp::auth {

enum class Method : std::uint8_t { None, Pap, ChapMd5, MsChap, MsChapV2, EapMd5 };
// "", "PAP", "CHAP-MD5", "MS-CHAP", "MS-CHAPv2", "EAP-MD5" (the D-Bus AuthProtocol values).
std::string_view to_string(Method);
// The PPP protocol number a method runs on.
std::uint16_t protocol_of(Method);
// The LCP Authentication-Protocol option value (protocol and data) asking for it.
std::vector<std::uint8_t> option_value(Method);
// The method an option value asks for; nullopt for one we do not implement
// (SHA-1 CHAP, SPAP...).
std::optional<Method> method_of_option(Bytes value);
// A human name for any option value: "CHAP-MD5", "CHAP-SHA1", "protocol 0xc281".
std::string describe_option_value(Bytes value);

// A secret as the secrets files give it, with the addresses the client may use
// (as written: "10.0.0.1", "10.0.0.0/24", "*", "-", "!x"; empty = any).
struct Secret {
    std::string secret;
    std::vector<std::string> addresses{};
    // Authenticator: whether the client may use an address (pppd's rules for
    // the address words; unset = any), and the one address the line gives it.
    std::function<bool(Ipv4)> allows{};
    std::optional<Ipv4> suggested{};
};

// Looks up the secret shared by `client` (the side that authenticates) and
// `server` (the authenticator) for a method: pap-secrets for PAP, chap-secrets
// for the others. An empty `server` means "any authenticator" (its name is
// not known yet). nullopt: no such secret.
using SecretLookup = std::function<std::optional<Secret>(Method, std::string_view client, std::string_view server)>;

// Fills a buffer with unpredictable bytes (challenges); the caller owns the entropy.
using RandomSource = std::function<void(std::span<std::uint8_t>)>;

struct Config {
    // ---- We authenticate ourselves to the peer (authenticatee).
    std::string user;         // our name: `user`, else `name`
    std::string remote_name;  // `remotename`: the authenticator's name for the lookup ("" = take it from the challenge)
    std::string password;     // `password` option: used instead of the secrets when not empty
    bool refuse_pap = false, refuse_chap = false, refuse_mschap = false, refuse_mschap_v2 = false, refuse_eap = false;

    // ---- We authenticate the peer (authenticator).
    std::string name;             // our name in challenges and the secrets' server column
    std::vector<Method> require;  // what we ask for, in order of preference; empty: the peer need not authenticate

    // ---- Timers and counters (pppd's options of the same names).
    Duration pap_restart = std::chrono::seconds(3);
    int pap_max_authreq = 10;
    Duration pap_timeout{0};  // authenticator: wait for the peer's request (0 = no limit)
    Duration chap_restart = std::chrono::seconds(3);
    int chap_max_challenge = 10;
    Duration chap_interval{0};  // authenticator: rechallenge every interval (0 = never)
    Duration eap_restart = std::chrono::seconds(3);
    int eap_max_sreq = 10;
    Duration eap_timeout = std::chrono::seconds(20);  // authenticatee: wait for a request
    int eap_max_rreq = 20;
    Duration eap_interval{0};

    SecretLookup secrets;
    RandomSource random;  // unset: a deterministic source (tests only)

    bool refuses(Method m) const;
};

enum class Role { Authenticatee, Authenticator };

struct Outcome {
    bool ok = false;
    std::string message;                 // the peer's message, or why it failed
    std::string peer_name;               // authenticator: the name the peer authenticated as
    std::vector<std::string> addresses;  // authenticator: the address words of its secret
    std::function<bool(Ipv4)> allows;    // authenticator: from its secret (unset = any address)
    std::optional<Ipv4> suggested;       // authenticator: the address its secret gives it
};

// What a protocol object asks of its session.
class Events {
public:
    virtual ~Events() = default;
    virtual void auth_send(std::uint16_t protocol, Bytes packet) = 0;
    virtual void auth_log(LogLevel level, std::string_view line) = 0;
    // Authentication in one direction finished (also again after a rechallenge).
    virtual void auth_done(Role role, const Outcome& outcome) = 0;
};

// One direction of one method. lower_up() when LCP is Opened (the
// authenticator sends its first request), lower_down() when it leaves
// Opened; input() for every packet of protocol(); tick() at next_deadline().
class Protocol {
public:
    virtual ~Protocol() = default;
    virtual void lower_up(Time now) = 0;
    virtual void lower_down() = 0;
    virtual void input(Time now, Bytes info) = 0;
    virtual void tick(Time now) = 0;
    virtual std::optional<Time> next_deadline() const = 0;
    virtual Method method() const = 0;
    virtual Role role() const = 0;
    std::uint16_t protocol() const { return protocol_of(method()); }
    std::uint64_t malformed() const { return malformed_; }

protected:
    std::uint64_t malformed_ = 0;
};

std::unique_ptr<Protocol> make_protocol(Role role, Method method, const Config& config, Events& events);

// Whether we could authenticate ourselves with `method` to an authenticator
// called `server` ("" = any): not refused, and a password or secret exists.
bool can_authenticate(const Config& config, Method method, std::string_view server = {});
// Our secret for authenticating to `server`: the password option, else the lookup.
std::optional<std::string> our_secret(const Config& config, Method method, std::string_view server);

}  // namespace ppp::auth
