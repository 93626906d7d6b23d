// IPv6CP (RFC 5072): the Interface-Identifier option, in both roles, with
// pppd's defaults (a random identifier unless one is given).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/fsm.hpp"
#include "core/packet.hpp"
#include "core/session.hpp"

namespace ppp {

class Ipv6cpEvents {
public:
    virtual ~Ipv6cpEvents() = default;
    virtual void ipv6cp_up(const Ipv6Info& info) = 0;
    virtual void ipv6cp_down() = 0;
    virtual void ipv6cp_finished() = 0;
    // IPv6CP opened without two distinct non-zero identifiers: the session
    // closes IPv6CP (only).
    virtual void ipv6cp_failed(std::string_view reason) = 0;
};

class Ipv6cp final : public FsmProtocol {
public:
    Ipv6cp(const SessionConfig& config, FsmOutput& output, Ipv6cpEvents& events);

    Fsm& fsm() { return fsm_; }
    const Fsm& fsm() const { return fsm_; }

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
    void layer_started() override {}
    void layer_finished() override;
    std::string describe_option(const Option& option) const override;

private:
    // A fresh non-zero identifier different from `avoid`.
    std::uint64_t random_id(std::uint64_t avoid);
    std::optional<std::uint64_t> configured_local() const;
    std::optional<std::uint64_t> configured_remote() const;

    const SessionConfig& config_;
    Ipv6cpEvents& events_;
    Fsm fsm_;
    Random random_;

    // Our request.
    bool want_id_ = true;
    bool accept_local_ = true;   // a Nak may change our identifier
    std::uint64_t local_ = 0;
    // The last identifier we suggested to the peer in a Nak (0: none yet).
    std::uint64_t suggested_ = 0;
    // The peer's identifier from its acked request.
    std::optional<std::uint64_t> remote_;
};

}  // namespace ppp
