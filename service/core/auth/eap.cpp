#include "core/auth/eap.hpp"

#include "core/auth/crypto.hpp"
#include "core/auth/packets.hpp"

namespace ppp::auth {
namespace {

Bytes bytes_of(std::string_view s) { return Bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

crypto::Md5Digest md5_response(std::uint8_t id, std::string_view secret, Bytes challenge) {
    const std::uint8_t i[1] = {id};
    return crypto::md5({Bytes{i, 1}, bytes_of(secret), challenge});
}

std::string type_text(std::uint8_t type) {
    switch (type) {
        case eap::kIdentity: return "Identity";
        case eap::kNotification: return "Notification";
        case eap::kNak: return "Nak";
        case eap::kMd5Challenge: return "MD5-Challenge";
    }
    return "type " + std::to_string(type);
}

std::string describe(const eap::Packet& p) {
    static const char* const kCodes[] = {"?", "Request", "Response", "Success", "Failure"};
    std::string s = std::string("[EAP ") + kCodes[p.code <= 4 ? p.code : 0] + " " + id_text(p.id);
    if (p.code == eap::kRequest || p.code == eap::kResponse) {
        s += " " + type_text(p.type);
        if (p.type == eap::kIdentity || p.type == eap::kNotification)
            s += " \"" + printable(std::string_view(reinterpret_cast<const char*>(p.data.data()), p.data.size())) + "\"";
        else if (p.type == eap::kMd5Challenge)
            if (auto m = eap::parse_md5(p.data)) s += " <" + hex(m->value, 32) + ">, name = \"" + printable(m->name) + "\"";
    }
    return s + "]";
}

}  // namespace

// ---------------------------------------------------------------- authenticatee

void EapClient::lower_up(Time now) {
    state_ = State::Waiting;
    requests_ = 0;
    last_response_id_.reset();
    last_request_id_.reset();
    notification_.clear();
    deadline_ = now + config_.eap_timeout;
}

void EapClient::lower_down() {
    state_ = State::Idle;
    deadline_.reset();
}

void EapClient::input(Time now, Bytes info) {
    auto p = eap::parse(info);
    if (!p) {
        ++malformed_;
        return;
    }
    if (p->code == eap::kResponse || state_ == State::Idle) return;
    log(LogLevel::Debug, "rcvd " + describe(*p));
    if (p->code == eap::kSuccess || p->code == eap::kFailure) {
        if (state_ != State::Waiting || !last_response_id_) return;
        state_ = State::Done;
        deadline_.reset();
        Outcome o;
        o.ok = p->code == eap::kSuccess;
        if (!o.ok) o.message = "EAP authentication failed" + (notification_.empty() ? "" : ": " + notification_);
        finish(o);
        return;
    }
    // A Request. A retransmission of the one we answered gets the same answer.
    if (last_request_id_ && *last_request_id_ == p->id && !last_response_.empty()) {
        send(last_response_);
        deadline_ = now + config_.eap_timeout;
        return;
    }
    if (state_ == State::Done) state_ = State::Waiting;  // re-authentication (eap-interval)
    if (++requests_ > config_.eap_max_rreq) {
        state_ = State::Done;
        deadline_.reset();
        fail("EAP: " + std::to_string(config_.eap_max_rreq) + " requests without Success or Failure");
        return;
    }
    std::vector<std::uint8_t> data;
    std::uint8_t type = p->type;
    switch (p->type) {
        case eap::kIdentity: data.assign(config_.user.begin(), config_.user.end()); break;
        case eap::kNotification:
            notification_ = printable(std::string_view(reinterpret_cast<const char*>(p->data.data()), p->data.size()), 200);
            log(LogLevel::Notice, "EAP notification from the peer: " + notification_);
            break;
        case eap::kMd5Challenge: {
            auto m = eap::parse_md5(p->data);
            if (!m) {
                ++malformed_;
                return;
            }
            const std::string server = config_.remote_name.empty() ? m->name : config_.remote_name;
            auto secret = our_secret(config_, Method::EapMd5, server);
            if (!secret) {
                state_ = State::Done;
                deadline_.reset();
                fail("No EAP-MD5 secret found for authenticating as \"" + printable(config_.user) + "\" to \"" +
                     printable(server) + "\" (add it to chap-secrets)");
                return;
            }
            const auto digest = md5_response(p->id, *secret, m->value);
            std::fill(secret->begin(), secret->end(), '\0');
            data = eap::md5_data(digest, config_.user);
            break;
        }
        default:
            // RFC 3748 §5.3.1: a legacy Nak names the method we would rather use.
            type = eap::kNak;
            data = {eap::kMd5Challenge};
            break;
    }
    last_response_.clear();
    eap::put(eap::kResponse, p->id, type, data, last_response_);
    last_request_id_ = p->id;
    last_response_id_ = p->id;
    if (auto r = eap::parse(last_response_)) log(LogLevel::Debug, "sent " + describe(*r));
    send(last_response_);
    deadline_ = now + config_.eap_timeout;
}

void EapClient::tick(Time now) {
    if (!due(now)) return;
    deadline_.reset();
    if (state_ != State::Waiting) return;
    state_ = State::Done;
    fail(last_response_id_ ? "EAP: no Success or Failure from the peer within " + seconds(config_.eap_timeout)
                           : "The peer sent no EAP request within " + seconds(config_.eap_timeout));
}

// ---------------------------------------------------------------- authenticator

void EapServer::lower_up(Time now) {
    id_ = random_bytes(1)[0];
    peer_.clear();
    state_ = State::Identity;
    request(now, eap::kIdentity, {});
}

void EapServer::lower_down() {
    state_ = State::Idle;
    deadline_.reset();
}

void EapServer::request(Time now, std::uint8_t type, std::vector<std::uint8_t> data) {
    ++id_;
    packet_.clear();
    eap::put(eap::kRequest, id_, type, data, packet_);
    verdict_.clear();
    sent_ = 0;
    send_request(now);
}

void EapServer::send_request(Time now) {
    ++sent_;
    if (auto r = eap::parse(packet_)) log(LogLevel::Debug, "sent " + describe(*r));
    send(packet_);
    deadline_ = now + config_.eap_restart;
}

void EapServer::input(Time now, Bytes info) {
    auto p = eap::parse(info);
    if (!p) {
        ++malformed_;
        return;
    }
    if (p->code != eap::kResponse || state_ == State::Idle) return;
    log(LogLevel::Debug, "rcvd " + describe(*p));
    if (p->id != id_) return;
    if (state_ == State::Open || state_ == State::Failed) {
        if (!verdict_.empty()) send(verdict_);
        return;
    }
    auto verdict = [&](bool ok, std::string message, const std::optional<Secret>& secret) {
        verdict_.clear();
        eap::put(ok ? eap::kSuccess : eap::kFailure, id_, std::nullopt, {}, verdict_);
        if (auto r = eap::parse(verdict_)) log(LogLevel::Debug, "sent " + describe(*r));
        send(verdict_);
        state_ = ok ? State::Open : State::Failed;
        deadline_.reset();
        if (ok && config_.eap_interval.count() > 0) deadline_ = now + config_.eap_interval;
        Outcome o;
        o.ok = ok;
        o.peer_name = peer_;
        o.message = std::move(message);
        if (ok && secret) {
            o.addresses = secret->addresses;
            o.allows = secret->allows;
            o.suggested = secret->suggested;
        }
        finish(o);
    };
    if (state_ == State::Identity) {
        if (p->type != eap::kIdentity) return;
        peer_.assign(p->data.begin(), p->data.end());
        value_ = random_bytes(16);
        state_ = State::Challenge;
        request(now, eap::kMd5Challenge, eap::md5_data(value_, config_.name));
        return;
    }
    // State::Challenge
    if (p->type == eap::kNak) {
        std::string wanted;
        for (auto t : p->data) wanted += (wanted.empty() ? "" : ", ") + type_text(t);
        verdict(false,
                "The peer refuses EAP-MD5" + (wanted.empty() ? std::string() : " (it asks for " + wanted + ")") +
                    "; pppkit offers only EAP-MD5",
                std::nullopt);
        return;
    }
    if (p->type != eap::kMd5Challenge) return;
    auto m = eap::parse_md5(p->data);
    if (!m) {
        ++malformed_;
        return;
    }
    std::optional<Secret> secret;
    if (config_.secrets) secret = config_.secrets(Method::EapMd5, peer_, config_.name);
    const bool ok = secret && crypto::equal(m->value, md5_response(id_, secret->secret, value_));
    verdict(ok,
            ok ? "peer \"" + printable(peer_) + "\" authenticated with EAP-MD5"
               : "EAP-MD5 authentication of peer \"" + printable(peer_) + "\" failed: " +
                     (secret ? "wrong secret" : "no secret for it in chap-secrets"),
            secret);
}

void EapServer::tick(Time now) {
    if (!due(now)) return;
    if (state_ == State::Identity || state_ == State::Challenge) {
        if (sent_ >= config_.eap_max_sreq) {
            state_ = State::Failed;
            deadline_.reset();
            fail("The peer did not answer " + std::to_string(sent_) + " EAP requests");
            return;
        }
        send_request(now);
    } else if (state_ == State::Open) {
        value_ = random_bytes(16);
        state_ = State::Challenge;
        request(now, eap::kMd5Challenge, eap::md5_data(value_, config_.name));
    } else {
        deadline_.reset();
    }
}

}  // namespace ppp::auth
