#include "core/auth/chap.hpp"

#include "core/auth/crypto.hpp"
#include "core/auth/mschap.hpp"
#include "core/auth/packets.hpp"

namespace ppp::auth {
namespace {

Bytes bytes_of(std::string_view s) { return Bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// RFC 1994 §4.1: MD5 over Identifier, secret, Challenge Value.
crypto::Md5Digest md5_response(std::uint8_t id, std::string_view secret, Bytes challenge) {
    const std::uint8_t i[1] = {id};
    return crypto::md5({Bytes{i, 1}, bytes_of(secret), challenge});
}

const char* code_text(std::uint8_t code) {
    switch (code) {
        case chap::kChallenge: return "Challenge";
        case chap::kResponse: return "Response";
        case chap::kSuccess: return "Success";
        case chap::kFailure: return "Failure";
    }
    return "?";
}

std::string describe(const chap::Packet& p) {
    std::string s = std::string("[CHAP ") + code_text(p.code) + " " + id_text(p.id);
    if (p.code == chap::kChallenge || p.code == chap::kResponse) {
        s += " <" + hex(p.value, 64) + ">, name = \"" + printable(p.name) + "\"";
    } else if (!p.message.empty()) {
        s += " \"" + printable(p.message, 128) + "\"";
    }
    return s + "]";
}

Duration wait_time(const Config& c) { return c.chap_restart * std::max(c.chap_max_challenge, 1); }

}  // namespace

// ---------------------------------------------------------------- authenticatee

void ChapClient::lower_up(Time now) {
    state_ = State::WaitChallenge;
    sent_ = 0;
    authenticated_once_ = false;
    deadline_ = now + wait_time(config_);
}

void ChapClient::lower_down() {
    state_ = State::Idle;
    deadline_.reset();
    response_.clear();
    expected_.clear();
}

void ChapClient::input(Time now, Bytes info) {
    auto p = chap::parse(info);
    if (!p) {
        ++malformed_;
        return;
    }
    if (p->code == chap::kResponse || state_ == State::Idle) return;  // the authenticator's business
    log(LogLevel::Debug, "rcvd " + describe(*p));
    if (p->code == chap::kChallenge) {
        if (state_ == State::Responded && p->id == id_ && p->value == challenge_) {
            // A retransmitted Challenge: the same Response (an MS-CHAPv2
            // response made afresh would expect another authenticator response).
            send_response(now);
            return;
        }
        const std::size_t challenge_size = method_ == Method::MsChapV2 ? mschap::kChallengeSize
                                           : method_ == Method::MsChap ? mschap::kV1ChallengeSize
                                                                       : 0;
        if (challenge_size != 0 && p->value.size() != challenge_size) {
            ++malformed_;  // not a challenge this method can answer
            return;
        }
        const std::string server = config_.remote_name.empty() ? p->name : config_.remote_name;
        auto secret = our_secret(config_, method_, server);
        if (!secret) {
            state_ = State::Done;
            deadline_.reset();
            fail("No CHAP secret found for authenticating as \"" + printable(config_.user) + "\" to \"" +
                 printable(server) + "\" (add a line \"" + printable(config_.user) + " " + printable(server) +
                 " SECRET\" to chap-secrets)");
            return;
        }
        id_ = p->id;
        challenge_ = p->value;
        response_.clear();
        if (method_ == Method::MsChapV2) {
            const auto peer_challenge = random_bytes(mschap::kChallengeSize);
            const auto nt = mschap::nt_response(p->value, peer_challenge, config_.user, *secret);
            expected_ = mschap::authenticator_response(*secret, nt, peer_challenge, p->value, config_.user);
            const auto value = mschap::response_value(peer_challenge, nt);
            chap::put_value_name(chap::kResponse, id_, value, config_.user, response_);
        } else if (method_ == Method::MsChap) {
            const auto value = mschap::v1_response_value(mschap::v1_nt_response(p->value, *secret));
            chap::put_value_name(chap::kResponse, id_, value, config_.user, response_);
        } else {
            const auto digest = md5_response(id_, *secret, p->value);
            chap::put_value_name(chap::kResponse, id_, digest, config_.user, response_);
        }
        std::fill(secret->begin(), secret->end(), '\0');
        state_ = State::Responded;
        sent_ = 0;
        send_response(now);
        return;
    }
    // Success or Failure: only for our latest Response.
    if (state_ != State::Responded || p->id != id_) return;
    state_ = State::Done;
    deadline_.reset();
    Outcome o;
    if (p->code == chap::kSuccess) {
        o.ok = true;
        o.message = p->message;
        if (method_ == Method::MsChapV2) {
            // The authenticator proves it knows our password too (RFC 2759 §5).
            const std::string s = p->message.substr(0, 42);
            if (!crypto::equal(bytes_of(s), bytes_of(expected_))) {
                o.ok = false;
                o.message = "MS-CHAPv2: the peer's authenticator response is wrong (it does not know our secret)";
            } else {
                o.message = mschap::success_text(p->message);
            }
        }
        if (o.ok) authenticated_once_ = true;
    } else {
        if (method_ == Method::MsChap || method_ == Method::MsChapV2)
            o.message = std::string(to_string(method_)) + ": " + mschap::describe_failure(p->message);
        else
            o.message = p->message.empty() ? "CHAP authentication failed" : "CHAP authentication failed: " + p->message;
    }
    finish(o);
}

void ChapClient::send_response(Time now) {
    ++sent_;
    if (auto p = chap::parse(response_)) log(LogLevel::Debug, "sent " + describe(*p));
    send(response_);
    deadline_ = now + config_.chap_restart;
}

void ChapClient::tick(Time now) {
    if (!due(now)) return;
    if (state_ == State::WaitChallenge) {
        state_ = State::Done;
        deadline_.reset();
        fail("The peer sent no CHAP challenge within " + seconds(wait_time(config_)));
    } else if (state_ == State::Responded) {
        // Our Response or its verdict was lost: the authenticator answers a
        // repeated Response with its verdict again.
        if (sent_ >= config_.chap_max_challenge) {
            state_ = State::Done;
            deadline_.reset();
            fail("No CHAP Success or Failure after " + std::to_string(sent_) + " responses");
            return;
        }
        send_response(now);
    } else {
        deadline_.reset();
    }
}

// ---------------------------------------------------------------- authenticator

void ChapServer::lower_up(Time now) {
    id_ = random_bytes(1)[0];
    challenge(now);
}

void ChapServer::lower_down() {
    state_ = State::Idle;
    deadline_.reset();
}

void ChapServer::challenge(Time now) {
    ++id_;
    value_ = random_bytes(method_ == Method::MsChap ? mschap::kV1ChallengeSize : 16);
    packet_.clear();
    chap::put_value_name(chap::kChallenge, id_, value_, config_.name, packet_);
    verdict_.clear();
    state_ = State::Challenging;
    sent_ = 0;
    send_challenge(now);
}

void ChapServer::send_challenge(Time now) {
    ++sent_;
    if (auto p = chap::parse(packet_)) log(LogLevel::Debug, "sent " + describe(*p));
    send(packet_);
    deadline_ = now + config_.chap_restart;
}

void ChapServer::input(Time now, Bytes info) {
    auto p = chap::parse(info);
    if (!p) {
        ++malformed_;
        return;
    }
    if (p->code != chap::kResponse || state_ == State::Idle) return;
    log(LogLevel::Debug, "rcvd " + describe(*p));
    if (p->id != id_) return;  // not for the current challenge
    if (state_ == State::Open || state_ == State::Failed) {
        if (!verdict_.empty()) send(verdict_);  // the peer missed our verdict
        return;
    }
    std::optional<Secret> secret;
    if (config_.secrets) secret = config_.secrets(method_, p->name, config_.name);
    bool ok = false;
    std::string success = "Access granted";
    std::string why = secret ? "wrong secret" : "no secret for it in chap-secrets";
    if (secret) {
        if (method_ == Method::MsChapV2) {
            if (p->value.size() != mschap::kResponseSize) {
                ++malformed_;
                return;
            }
            const Bytes v = p->value;
            const Bytes peer_challenge = v.subspan(0, 16);
            const Bytes nt = v.subspan(24, 24);
            const auto expected = mschap::nt_response(value_, peer_challenge, p->name, secret->secret);
            ok = crypto::equal(nt, expected);
            if (ok)
                success = mschap::authenticator_response(secret->secret, nt, peer_challenge, value_, p->name) +
                          " M=Access granted";
        } else if (method_ == Method::MsChap) {
            if (p->value.size() != mschap::kV1ResponseSize) {
                ++malformed_;
                return;
            }
            if (p->value[mschap::kV1FlagsOffset] & mschap::kV1UseNt) {
                const auto expected = mschap::v1_nt_response(value_, secret->secret);
                ok = crypto::equal(Bytes{p->value}.subspan(mschap::kV1NtOffset, expected.size()), expected);
            } else {
                why = "it sent only a LAN Manager response, which is not supported";
            }
        } else {
            const auto expected = md5_response(id_, secret->secret, value_);
            ok = crypto::equal(p->value, expected);
        }
    }
    verdict_.clear();
    if (ok) {
        chap::put_message(chap::kSuccess, id_, success, verdict_);
    } else if (method_ == Method::MsChapV2) {
        chap::put_message(chap::kFailure, id_, "E=691 R=0 C=" + hex(value_, 16) + " V=3 M=Access denied", verdict_);
    } else if (method_ == Method::MsChap) {
        // RFC 2433 §5.2: the error, retry allowed, the next challenge, version.
        chap::put_message(chap::kFailure, id_, "E=691 R=1 C=" + hex(value_, mschap::kV1ChallengeSize) + " V=0",
                          verdict_);
    } else {
        chap::put_message(chap::kFailure, id_, "Access denied", verdict_);
    }
    if (auto v = chap::parse(verdict_)) log(LogLevel::Debug, "sent " + describe(*v));
    send(verdict_);
    state_ = ok ? State::Open : State::Failed;
    deadline_.reset();
    if (ok && config_.chap_interval.count() > 0) deadline_ = now + config_.chap_interval;
    Outcome o;
    o.ok = ok;
    o.peer_name = p->name;
    if (ok) {
        o.addresses = secret->addresses;
        o.allows = secret->allows;
        o.suggested = secret->suggested;
        o.message = "peer \"" + printable(p->name) + "\" authenticated with " + std::string(to_string(method_));
    } else {
        o.message = std::string(to_string(method_)) + " authentication of peer \"" + printable(p->name) +
                    "\" failed: " + why;
    }
    finish(o);
}

void ChapServer::tick(Time now) {
    if (!due(now)) return;
    if (state_ == State::Challenging) {
        if (sent_ >= config_.chap_max_challenge) {
            state_ = State::Failed;
            deadline_.reset();
            fail("The peer did not respond to " + std::to_string(sent_) + " CHAP challenges");
            return;
        }
        send_challenge(now);
    } else if (state_ == State::Open) {
        challenge(now);  // chap-interval: rechallenge
    } else {
        deadline_.reset();
    }
}

}  // namespace ppp::auth
