// LCP (RFC 1661): link options, echo, loop-back detection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/auth.hpp"
#include "core/fsm.hpp"
#include "core/session.hpp"

namespace ppp {

// What LCP agreed in each direction.
struct LcpValues {
    std::uint16_t mru = 1500;        // the MRU
    std::uint32_t accm = 0xffffffff; // ACCM
    std::uint32_t magic = 0;         // magic number (0 = none)
    bool pfc = false;
    bool acfc = false;
    auth::Method auth = auth::Method::None;  // the authentication protocol this side's receiver asked for
};

class LcpEvents {
public:
    virtual ~LcpEvents() = default;
    virtual void lcp_up() = 0;
    virtual void lcp_down() = 0;
    virtual void lcp_finished() = 0;
    virtual void lcp_starting() = 0;
    // Dead peer (echo failure) or loop-back: the session closes the link with this status.
    virtual void lcp_fatal(ExitStatus status, std::string_view reason) = 0;
};

class Lcp final : public FsmProtocol {
public:
    Lcp(const SessionConfig& config, FsmOutput& output, LcpEvents& events);

    Fsm& fsm() { return fsm_; }
    const LcpValues& ours() const { return ours_; }    // what the peer agreed we receive
    const LcpValues& theirs() const { return theirs_; } // what we agreed the peer receives

    void tick(Time now);
    std::optional<Time> next_deadline() const;

    // Authentication-Protocol (RFC 1661 §6.2). As authenticatee we Ack a
    // protocol we can do (not refused, a secret exists), Nak with the one we
    // prefer otherwise, and Reject the option when we can do none. As
    // authenticator we ask for config.auth.require in order and follow the
    // peer's Nak to another protocol we require.
    //
    // Why we could not authenticate ourselves to the peer: the protocols it
    // asked for that we could not do, and what we can do; "" if it asked for
    // nothing we refused.
    std::string auth_we_cannot() const;
    // Why the peer will not authenticate itself to us (it rejected the
    // option, or offered only protocols we do not require); "" if it agreed.
    std::string auth_peer_refused() const;

    // A frame other than LCP arrived from the peer (lcp-echo-adaptive).
    void note_traffic() { traffic_seen_ = true; }

    // Sends a Protocol-Reject for an unknown protocol.
    void reject_protocol(std::uint16_t protocol, Bytes info);

    // FsmProtocol
    void reset_options() override;
    void build_request(std::vector<std::uint8_t>& out) override;
    std::uint8_t judge_request(const std::vector<Option>& options, bool reject_only,
                               std::vector<std::uint8_t>& reply) override;
    bool handle_ack(const std::vector<Option>& options) override;
    bool handle_nak(const std::vector<Option>& options) override;
    bool handle_reject(const std::vector<Option>& options) override;
    void layer_up() override;
    void layer_down() override;
    void layer_started() override;
    void layer_finished() override;
    bool handle_extra_code(Time now, const Packet& packet) override;
    std::string describe_option(const Option& option) const override;

    // Set when the peer protocol-rejects something: (protocol) callback.
    std::function<void(Time, std::uint16_t)> on_protocol_reject;

private:
    void send_echo(Time now);
    void note_own_magic_seen();
    std::optional<auth::Method> preferred_auth() const;
    bool judge_auth(const Option& o, bool reject_only, LcpValues& peer, std::vector<std::uint8_t>& naks);
    void auth_nak(const Option& o);

    const SessionConfig& config_;
    LcpEvents& events_;
    Fsm fsm_;
    Random random_;

    // What we ask for: a flag per option, cleared when the peer rejects it.
    struct Wants {
        bool mru = false, accm = true, magic = true, pfc = true, acfc = true, auth = false;
    } want_;
    std::vector<auth::Method> auth_candidates_;          // authenticator: what we still may ask for
    LcpValues asking_;   // values of our current request
    LcpValues ours_;     // agreed for our receive side
    LcpValues theirs_;   // agreed for the peer's receive side (our send side)
    int magic_collisions_ = 0;
    // Authentication protocols (option values) the peer asked us to use that
    // we could not; and, as authenticator, what it offered instead of ours.
    std::vector<std::vector<std::uint8_t>> auth_peer_asked_;
    std::vector<std::vector<std::uint8_t>> auth_peer_offered_;
    bool auth_rejected_ = false;

    std::optional<Time> echo_deadline_;
    int echos_pending_ = 0;
    bool traffic_seen_ = false;  // a non-LCP frame since the last Echo-Request
};

}  // namespace ppp
