// EAP (RFC 3748) with the MD5-Challenge method (§5.4). The authenticator
// asks for the Identity, then sends an MD5-Challenge; the authenticatee
// answers Identity and Notification requests, Naks any other method to
// MD5-Challenge, and answers MD5-Challenges like CHAP-MD5.
#pragma once

#include "core/auth/base.hpp"

namespace ppp::auth {

class EapClient final : public Base {
public:
    EapClient(const Config& config, Events& events) : Base(config, events, 0xea9) {}
    void lower_up(Time now) override;
    void lower_down() override;
    void input(Time now, Bytes info) override;
    void tick(Time now) override;
    Method method() const override { return Method::EapMd5; }
    Role role() const override { return Role::Authenticatee; }

private:
    enum class State { Idle, Waiting, Done } state_ = State::Idle;
    int requests_ = 0;
    std::optional<std::uint8_t> last_response_id_;
    std::vector<std::uint8_t> last_response_;
    std::optional<std::uint8_t> last_request_id_;
    std::string notification_;
};

class EapServer final : public Base {
public:
    EapServer(const Config& config, Events& events) : Base(config, events, 0xea5) {}
    void lower_up(Time now) override;
    void lower_down() override;
    void input(Time now, Bytes info) override;
    void tick(Time now) override;
    Method method() const override { return Method::EapMd5; }
    Role role() const override { return Role::Authenticator; }

private:
    void request(Time now, std::uint8_t type, std::vector<std::uint8_t> data);
    void send_request(Time now);
    enum class State { Idle, Identity, Challenge, Open, Failed } state_ = State::Idle;
    std::uint8_t id_ = 0;
    std::vector<std::uint8_t> packet_, value_, verdict_;
    std::string peer_;
    int sent_ = 0;
};

}  // namespace ppp::auth
