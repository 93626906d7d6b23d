// IPCP (RFC 1332) with the DNS options of RFC 1877, in both roles.
#pragma once

#include <cstdint>
#include <optional>

#include "core/fsm.hpp"
#include "core/session.hpp"

namespace ppp {

class IpcpEvents {
public:
    virtual ~IpcpEvents() = default;
    virtual void ipcp_up(const NetworkInfo& info) = 0;
    virtual void ipcp_down() = 0;
    virtual void ipcp_finished() = 0;
    // IPCP opened without a usable local address: the session closes the link.
    virtual void ipcp_failed(std::string_view reason) = 0;
};

class Ipcp final : public FsmProtocol {
public:
    Ipcp(const SessionConfig& config, FsmOutput& output, IpcpEvents& events);

    Fsm& fsm() { return fsm_; }

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
    const SessionConfig& config_;
    IpcpEvents& events_;
    Fsm fsm_;

    // Our request.
    bool want_addr_ = true;
    bool want_dns1_ = false, want_dns2_ = false;
    Ipv4 local_{};
    Ipv4 dns1_{}, dns2_{};
    // The peer's agreed address.
    std::optional<Ipv4> remote_;
};

}  // namespace ppp
