// PAP (RFC 1334 §2): the authenticatee sends its name and password until the
// authenticator Acks or Naks; the authenticator checks them against pap-secrets.
#pragma once

#include "core/auth/base.hpp"

namespace ppp::auth {

class PapClient final : public Base {
public:
    PapClient(const Config& config, Events& events) : Base(config, events, 0x9a9) {}
    void lower_up(Time now) override;
    void lower_down() override;
    void input(Time now, Bytes info) override;
    void tick(Time now) override;
    Method method() const override { return Method::Pap; }
    Role role() const override { return Role::Authenticatee; }

private:
    void send_request(Time now);
    enum class State { Idle, Requesting, Done } state_ = State::Idle;
    std::string secret_;
    std::uint8_t id_ = 0;
    int sent_ = 0;
};

class PapServer final : public Base {
public:
    PapServer(const Config& config, Events& events) : Base(config, events, 0x9a5) {}
    void lower_up(Time now) override;
    void lower_down() override;
    void input(Time now, Bytes info) override;
    void tick(Time now) override;
    Method method() const override { return Method::Pap; }
    Role role() const override { return Role::Authenticator; }

private:
    enum class State { Idle, Waiting, Accepted, Refused } state_ = State::Idle;
};

}  // namespace ppp::auth
