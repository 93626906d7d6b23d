#include "core/auth/pap.hpp"

#include "core/auth/crypto.hpp"
#include "core/auth/packets.hpp"

namespace ppp::auth {
namespace {
Bytes bytes_of(std::string_view s) { return Bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
}  // namespace

// ---------------------------------------------------------------- authenticatee

void PapClient::lower_up(Time now) {
    auto secret = our_secret(config_, Method::Pap, config_.remote_name);
    if (!secret) {
        state_ = State::Done;
        fail("No PAP secret found for authenticating as \"" + printable(config_.user) + "\"" +
             (config_.remote_name.empty() ? std::string() : " to \"" + printable(config_.remote_name) + "\"") +
             " (add it to pap-secrets or use the password option)");
        return;
    }
    secret_ = std::move(*secret);
    state_ = State::Requesting;
    sent_ = 0;
    send_request(now);
}

void PapClient::send_request(Time now) {
    ++id_;  // RFC 1334: a new identifier for every Authenticate-Request
    ++sent_;
    std::vector<std::uint8_t> p;
    pap::put_request(id_, config_.user, secret_, p);
    log(LogLevel::Debug, "sent [PAP AuthReq " + id_text(id_) + " user=\"" + printable(config_.user) +
                             "\" password=<hidden>]");
    send(p);
    deadline_ = now + config_.pap_restart;
}

void PapClient::lower_down() {
    state_ = State::Idle;
    deadline_.reset();
    std::fill(secret_.begin(), secret_.end(), '\0');
    secret_.clear();
}

void PapClient::input(Time, Bytes info) {
    auto r = pap::parse_reply(info);
    if (!r) {
        // Authenticate-Requests are the authenticator's business, not malformed.
        if (!pap::parse_request(info)) ++malformed_;
        return;
    }
    const bool ack = r->code == pap::kAuthAck;
    log(LogLevel::Debug, std::string("rcvd [PAP ") + (ack ? "AuthAck " : "AuthNak ") + id_text(r->id) + " \"" +
                             printable(r->message) + "\"]");
    if (state_ != State::Requesting || r->id != id_) return;  // stale or unexpected: ignore
    state_ = State::Done;
    deadline_.reset();
    Outcome o;
    o.ok = ack;
    o.message = r->message;
    if (!ack) o.message = r->message.empty() ? "PAP authentication failed" : "PAP authentication failed: " + r->message;
    finish(o);
}

void PapClient::tick(Time now) {
    if (!due(now) || state_ != State::Requesting) return;
    if (sent_ >= config_.pap_max_authreq) {
        state_ = State::Done;
        deadline_.reset();
        fail("No response to " + std::to_string(sent_) + " PAP authenticate-requests");
        return;
    }
    send_request(now);
}

// ---------------------------------------------------------------- authenticator

void PapServer::lower_up(Time now) {
    state_ = State::Waiting;
    if (config_.pap_timeout.count() > 0) deadline_ = now + config_.pap_timeout;
}

void PapServer::lower_down() {
    state_ = State::Idle;
    deadline_.reset();
}

void PapServer::input(Time, Bytes info) {
    auto r = pap::parse_request(info);
    if (!r) {
        if (!pap::parse_reply(info)) ++malformed_;
        return;
    }
    log(LogLevel::Debug, "rcvd [PAP AuthReq " + id_text(r->id) + " user=\"" + printable(r->peer_id) +
                             "\" password=<hidden>]");
    std::vector<std::uint8_t> p;
    auto reply = [&](bool ok) {
        const char* message = ok ? "Login ok" : "Login incorrect";
        pap::put_reply(ok ? pap::kAuthAck : pap::kAuthNak, r->id, message, p);
        log(LogLevel::Debug, std::string("sent [PAP ") + (ok ? "AuthAck " : "AuthNak ") + id_text(r->id) + " \"" +
                                 message + "\"]");
        send(p);
    };
    switch (state_) {
        case State::Idle: return;
        case State::Accepted: reply(true); return;    // our Ack was lost: the peer asks again
        case State::Refused: reply(false); return;
        case State::Waiting: break;
    }
    deadline_.reset();
    std::optional<Secret> secret;
    if (config_.secrets) secret = config_.secrets(Method::Pap, r->peer_id, config_.name);
    const bool ok = secret && crypto::equal(bytes_of(secret->secret), bytes_of(r->password));
    state_ = ok ? State::Accepted : State::Refused;
    reply(ok);
    Outcome o;
    o.ok = ok;
    o.peer_name = r->peer_id;
    if (ok) {
        o.addresses = secret->addresses;
        o.allows = secret->allows;
        o.suggested = secret->suggested;
        o.message = "peer \"" + printable(r->peer_id) + "\" authenticated with PAP";
    } else {
        o.message = "PAP authentication of peer \"" + printable(r->peer_id) + "\" failed: " +
                    (secret ? "wrong password" : "no secret for it in pap-secrets");
    }
    finish(o);
}

void PapServer::tick(Time now) {
    if (!due(now) || state_ != State::Waiting) return;
    deadline_.reset();
    state_ = State::Refused;
    fail("The peer sent no PAP authenticate-request within " + seconds(config_.pap_timeout));
}

}  // namespace ppp::auth
