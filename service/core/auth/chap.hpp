// CHAP (RFC 1994) with the MD5 digest, and MS-CHAP (RFC 2433) and MS-CHAPv2
// (RFC 2759) which use CHAP's packets with their own values and messages.
//
// Identifiers: the authenticatee answers every Challenge with a Response of
// the same identifier, and takes only the Success/Failure of its latest
// Response. The authenticator takes only Responses to its current Challenge,
// answers a repeated Response with the same verdict (its Success was lost),
// retransmits the Challenge every chap-restart up to chap-max-challenge, and
// rechallenges every chap-interval once the peer is authenticated.
#pragma once

#include "core/auth/base.hpp"

namespace ppp::auth {

class ChapClient final : public Base {
public:
    ChapClient(Method method, const Config& config, Events& events)
        : Base(config, events, 0xc4a9), method_(method) {}
    void lower_up(Time now) override;
    void lower_down() override;
    void input(Time now, Bytes info) override;
    void tick(Time now) override;
    Method method() const override { return method_; }
    Role role() const override { return Role::Authenticatee; }

private:
    void send_response(Time now);
    Method method_;
    enum class State { Idle, WaitChallenge, Responded, Done } state_ = State::Idle;
    std::uint8_t id_ = 0;
    std::vector<std::uint8_t> challenge_;  // the value of the Challenge we answered
    std::vector<std::uint8_t> response_;  // the last Response packet, for retransmission
    std::string expected_;                // MS-CHAPv2: the authenticator response we expect
    int sent_ = 0;
    bool authenticated_once_ = false;
};

class ChapServer final : public Base {
public:
    ChapServer(Method method, const Config& config, Events& events)
        : Base(config, events, 0xc4a5), method_(method) {}
    void lower_up(Time now) override;
    void lower_down() override;
    void input(Time now, Bytes info) override;
    void tick(Time now) override;
    Method method() const override { return method_; }
    Role role() const override { return Role::Authenticator; }

private:
    void challenge(Time now);
    void send_challenge(Time now);
    Method method_;
    enum class State { Idle, Challenging, Open, Failed } state_ = State::Idle;
    std::uint8_t id_ = 0;
    std::vector<std::uint8_t> value_;    // the current challenge
    std::vector<std::uint8_t> packet_;   // the current Challenge packet
    std::vector<std::uint8_t> verdict_;  // the Success/Failure sent for it
    int sent_ = 0;
};

}  // namespace ppp::auth
