#include "core/fsm.hpp"

#include <algorithm>
#include <cstdio>

namespace ppp {

std::string_view to_string(FsmState s) {
    switch (s) {
        case FsmState::Initial: return "Initial";
        case FsmState::Starting: return "Starting";
        case FsmState::Closed: return "Closed";
        case FsmState::Stopped: return "Stopped";
        case FsmState::Closing: return "Closing";
        case FsmState::Stopping: return "Stopping";
        case FsmState::ReqSent: return "Req-Sent";
        case FsmState::AckRcvd: return "Ack-Rcvd";
        case FsmState::AckSent: return "Ack-Sent";
        case FsmState::Opened: return "Opened";
    }
    return "?";
}

Fsm::Fsm(std::uint16_t protocol, std::string name, FsmConfig config, FsmProtocol& handler, FsmOutput& output)
    : protocol_(protocol), name_(std::move(name)), config_(config), handler_(handler), out_(output) {}

void Fsm::set_state(FsmState s) {
    state_ = s;
    if (s != FsmState::Closing && s != FsmState::Stopping && s != FsmState::ReqSent && s != FsmState::AckRcvd &&
        s != FsmState::AckSent) {
        stop_timer();
    }
}

void Fsm::init_restart_count(int count) { restart_count_ = count; }

std::string Fsm::describe(std::uint8_t c, std::uint8_t id, Bytes data) const {
    char idbuf[8];
    std::snprintf(idbuf, sizeof idbuf, "0x%x", id);
    std::string s = "[" + name_ + " " + code_name(c) + " id=" + idbuf;
    if (c >= code::kConfReq && c <= code::kConfRej) {
        if (auto opts = parse_option_list(data)) {
            for (const auto& o : *opts) s += " " + handler_.describe_option(o);
        } else {
            s += " <malformed " + hex(data) + ">";
        }
    } else if ((c == code::kTermReq || c == code::kTermAck) && !data.empty()) {
        std::string text;
        for (auto b : data.first(std::min<std::size_t>(data.size(), 64)))
            text += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
        s += " \"" + text + "\"";
    } else if (!data.empty()) {
        s += " " + hex(data);
    }
    return s + "]";
}

void Fsm::send(std::uint8_t c, std::uint8_t id, Bytes data) {
    // Replies we build never exceed the peer's MRU: a Nak or Reject is cut
    // after the last whole option that fits (the peer asks again and gets
    // the rest), anything else (Code-Reject, Echo-Reply, ...) is truncated.
    // Our own Configure-Request and an Ack (which must echo the request) are
    // never cut.
    const std::size_t room = peer_mru_ > 4 ? peer_mru_ - 4u : 0u;
    if (data.size() > room && c != code::kConfReq && c != code::kConfAck) {
        std::size_t cut = 0;
        if (c == code::kConfNak || c == code::kConfRej) {
            while (cut + 2 <= data.size() && data[cut + 1] >= 2 && cut + data[cut + 1] <= room) cut += data[cut + 1];
        } else {
            cut = room;
        }
        data = data.first(cut);
    }
    std::vector<std::uint8_t> pkt;
    pkt.reserve(data.size() + 4);
    put_packet(c, id, data, pkt);
    out_.log(LogLevel::Debug, "sent " + describe(c, id, data));
    out_.send_packet(protocol_, pkt);
}

void Fsm::send_conf_req() {
    if (state_ != FsmState::ReqSent && state_ != FsmState::AckRcvd && state_ != FsmState::AckSent) {
        // A fresh negotiation.
        handler_.reset_options();
        nak_count_ = 0;
        refusal_count_ = 0;
        timed_out_ = false;
        not_converging_ = false;
        terminated_by_peer_ = false;
        peer_reason_.clear();
    }
    last_request_.clear();
    handler_.build_request(last_request_);
    req_id_ = next_id_++;  // answers must carry it (RFC 1661 §5.2-5.4)
    --restart_count_;
    send(code::kConfReq, *req_id_, last_request_);
}

void Fsm::send_term_req(std::string_view reason) {
    --restart_count_;
    send(code::kTermReq, next_id_++,
         Bytes{reinterpret_cast<const std::uint8_t*>(reason.data()), reason.size()});
}

void Fsm::send_extra(std::uint8_t c, Bytes data) { send(c, next_id_++, data); }

void Fsm::send_code_reject(Bytes rejected) { send(code::kCodeRej, next_id_++, rejected); }

void Fsm::this_layer_down() { handler_.layer_down(); }

void Fsm::reset() {
    state_ = FsmState::Initial;
    stop_timer();
    restart_count_ = 0;
    nak_count_ = 0;
    refusal_count_ = 0;
    req_id_.reset();
    last_request_.clear();
    peer_mru_ = 1500;
    peer_reason_.clear();
    term_reason_.clear();
    terminated_by_peer_ = false;
    timed_out_ = false;
    not_converging_ = false;
}

void Fsm::up(Time now) {
    enter(now);
    switch (state_) {
        case FsmState::Initial: set_state(FsmState::Closed); break;
        case FsmState::Starting: start_negotiation(now); break;
        default: break;  // illegal event: ignore
    }
}

void Fsm::start_negotiation(Time now) {
    if (config_.silent) {
        // Stopped waits for the peer: its Configure-Request starts us.
        out_.log(LogLevel::Debug, name_ + ": silent, waiting for the peer's Configure-Request");
        set_state(FsmState::Stopped);
        return;
    }
    init_restart_count(config_.max_configure);
    send_conf_req();
    arm(now);
    set_state(FsmState::ReqSent);
}

void Fsm::down(Time now) {
    enter(now);
    switch (state_) {
        case FsmState::Closed: set_state(FsmState::Initial); break;
        case FsmState::Stopped:
            set_state(FsmState::Starting);
            handler_.layer_started();
            break;
        case FsmState::Closing: set_state(FsmState::Initial); break;
        case FsmState::Stopping:
        case FsmState::ReqSent:
        case FsmState::AckRcvd:
        case FsmState::AckSent: set_state(FsmState::Starting); break;
        case FsmState::Opened:
            set_state(FsmState::Starting);
            this_layer_down();
            break;
        default: break;
    }
}

void Fsm::open(Time now) {
    enter(now);
    switch (state_) {
        case FsmState::Initial:
            set_state(FsmState::Starting);
            handler_.layer_started();
            break;
        case FsmState::Closed: start_negotiation(now); break;
        case FsmState::Closing: set_state(FsmState::Stopping); break;
        default: break;
    }
}

void Fsm::close(Time now, std::string_view reason) {
    enter(now);
    term_reason_ = std::string(reason);
    switch (state_) {
        case FsmState::Starting:
            set_state(FsmState::Initial);
            handler_.layer_finished();
            break;
        case FsmState::Stopped: set_state(FsmState::Closed); break;
        case FsmState::Stopping: set_state(FsmState::Closing); break;
        case FsmState::Opened:
            set_state(FsmState::Closing);
            this_layer_down();
            [[fallthrough]];
        case FsmState::ReqSent:
        case FsmState::AckRcvd:
        case FsmState::AckSent:
            init_restart_count(config_.max_terminate);
            send_term_req(reason);
            arm(now);
            set_state(FsmState::Closing);
            break;
        default: break;
    }
}

void Fsm::tick(Time now) {
    enter(now);
    if (!deadline_ || now < *deadline_) return;
    deadline_.reset();
    if (restart_count_ > 0) {  // TO+
        switch (state_) {
            case FsmState::Closing:
            case FsmState::Stopping:
                send_term_req(term_reason_);
                arm(now);
                break;
            case FsmState::ReqSent:
            case FsmState::AckRcvd:
                send_conf_req();
                arm(now);
                set_state(FsmState::ReqSent);
                break;
            case FsmState::AckSent:
                send_conf_req();
                arm(now);
                break;
            default: break;
        }
        return;
    }
    // TO-
    switch (state_) {
        case FsmState::Closing:
            set_state(FsmState::Closed);
            handler_.layer_finished();
            break;
        case FsmState::Stopping:
            set_state(FsmState::Stopped);
            handler_.layer_finished();
            break;
        case FsmState::ReqSent:
        case FsmState::AckRcvd:
        case FsmState::AckSent:
            timed_out_ = true;
            out_.log(LogLevel::Warning, name_ + ": timeout sending Config-Requests");
            set_state(FsmState::Stopped);
            // Passive: Stopped waits for the peer's Configure-Request.
            if (config_.passive) {
                out_.log(LogLevel::Info, name_ + ": passive, waiting for the peer");
            } else {
                handler_.layer_finished();
            }
            break;
        default: break;
    }
}

void Fsm::protocol_rejected(Time now) {
    enter(now);
    // RXJ-
    switch (state_) {
        case FsmState::Closed:
        case FsmState::Stopped: handler_.layer_finished(); break;
        case FsmState::Closing:
            set_state(FsmState::Closed);
            handler_.layer_finished();
            break;
        case FsmState::Stopping:
        case FsmState::ReqSent:
        case FsmState::AckRcvd:
        case FsmState::AckSent:
            set_state(FsmState::Stopped);
            handler_.layer_finished();
            break;
        case FsmState::Opened:
            set_state(FsmState::Stopping);
            this_layer_down();
            init_restart_count(config_.max_terminate);
            send_term_req("protocol rejected");
            arm(now);
            break;
        default: break;
    }
}

void Fsm::input(Time now, Bytes info) {
    enter(now);
    auto p = parse_packet(info);
    if (!p) {
        ++malformed_;
        out_.log(LogLevel::Debug, name_ + ": discarded malformed packet " + hex(info));
        return;
    }
    out_.log(LogLevel::Debug, "rcvd " + describe(p->code, p->id, p->data));
    if (state_ == FsmState::Initial || state_ == FsmState::Starting) {
        out_.log(LogLevel::Debug, name_ + ": packet in state " + std::string(to_string(state_)) + " ignored");
        return;
    }
    switch (p->code) {
        case code::kConfReq: rcv_conf_req(now, *p); break;
        case code::kConfAck: rcv_conf_ack(now, *p); break;
        case code::kConfNak:
        case code::kConfRej: rcv_conf_nak_rej(now, *p); break;
        case code::kTermReq: rcv_term_req(now, *p); break;
        case code::kTermAck: rcv_term_ack(now); break;
        case code::kCodeRej: rcv_code_reject(now, *p); break;
        default:
            if (!handler_.handle_extra_code(now, *p)) {
                send_code_reject(info.first(std::min<std::size_t>(info.size(), get_u16(info, 2))));
            }
            break;
    }
}

void Fsm::rcv_conf_req(Time now, const Packet& p) {
    auto options = parse_option_list(p.data);
    if (!options) {
        ++malformed_;
        out_.log(LogLevel::Debug, name_ + ": discarded Configure-Request with malformed options");
        return;
    }
    switch (state_) {
        case FsmState::Closed: {
            const std::uint8_t nothing[1] = {0};
            send(code::kTermAck, p.id, Bytes{nothing, 0});
            return;
        }
        case FsmState::Closing:
        case FsmState::Stopping: return;
        case FsmState::Opened:
            this_layer_down();
            init_restart_count(config_.max_configure);
            send_conf_req();
            arm(now);
            break;
        case FsmState::Stopped:
            init_restart_count(config_.max_configure);
            send_conf_req();
            arm(now);
            break;
        default: break;
    }
    scratch_.clear();
    const bool reject_only = nak_count_ >= config_.max_failure;
    std::uint8_t verdict = handler_.judge_request(*options, reject_only, scratch_);
    if (verdict == code::kConfAck) {
        scratch_.assign(p.data.begin(), p.data.end());
        nak_count_ = 0;
        refusal_count_ = 0;
    } else {
        if (verdict == code::kConfNak) ++nak_count_;
        // Naks turn into Rejects after max-failure; a peer that still will
        // not converge (it keeps asking for what we rejected) is given up on.
        if (++refusal_count_ > config_.max_configure + config_.max_failure) {
            not_converging_ = true;
            out_.log(LogLevel::Warning, name_ + ": peer keeps requesting options we refuse; giving up");
            set_state(FsmState::Stopped);
            handler_.layer_finished();
            return;
        }
    }
    send(verdict, p.id, scratch_);
    const bool acked = verdict == code::kConfAck;
    switch (state_) {
        case FsmState::Stopped:
        case FsmState::Opened:
        case FsmState::ReqSent: set_state(acked ? FsmState::AckSent : FsmState::ReqSent); break;
        case FsmState::AckRcvd:
            if (acked) {
                set_state(FsmState::Opened);
                handler_.layer_up();
            }
            break;
        case FsmState::AckSent:
            if (!acked) set_state(FsmState::ReqSent);
            break;
        default: break;
    }
}

void Fsm::rcv_conf_ack(Time now, const Packet& p) {
    auto options = answer_options(p);
    if (!options) return;
    if (req_id_ != p.id || !std::equal(p.data.begin(), p.data.end(), last_request_.begin(), last_request_.end())) {
        out_.log(LogLevel::Debug, name_ + ": Configure-Ack does not match our request, ignored");
        return;
    }
    if (!handler_.handle_ack(*options)) {
        ++malformed_;
        return;
    }
    switch (state_) {
        case FsmState::ReqSent:
            init_restart_count(config_.max_configure);
            set_state(FsmState::AckRcvd);
            break;
        case FsmState::AckRcvd:  // crossed connection
            send_conf_req();
            arm(now);
            set_state(FsmState::ReqSent);
            break;
        case FsmState::AckSent:
            init_restart_count(config_.max_configure);
            set_state(FsmState::Opened);
            handler_.layer_up();
            break;
        case FsmState::Opened:
            this_layer_down();
            send_conf_req();
            arm(now);
            set_state(FsmState::ReqSent);
            break;
        default: break;
    }
}

void Fsm::rcv_conf_nak_rej(Time now, const Packet& p) {
    auto options = answer_options(p);
    if (!options) return;
    if (req_id_ != p.id) {
        out_.log(LogLevel::Debug, name_ + ": " + code_name(p.code) + " for an old request, ignored");
        return;
    }
    // RFC 1661 §5.4: a Reject lists options of our last request, unchanged.
    const bool ok = p.code == code::kConfNak ? handler_.handle_nak(*options)
                                             : rejects_subset_of_request(*options) && handler_.handle_reject(*options);
    if (!ok) {
        ++malformed_;
        out_.log(LogLevel::Debug, name_ + ": invalid " + code_name(p.code) + ", ignored");
        return;
    }
    switch (state_) {
        case FsmState::ReqSent:
        case FsmState::AckSent:
            init_restart_count(config_.max_configure);
            send_conf_req();
            arm(now);
            break;
        case FsmState::AckRcvd:
            send_conf_req();
            arm(now);
            set_state(FsmState::ReqSent);
            break;
        case FsmState::Opened:
            this_layer_down();
            send_conf_req();
            arm(now);
            set_state(FsmState::ReqSent);
            break;
        default: break;
    }
}

bool Fsm::rejects_subset_of_request(const std::vector<Option>& rejected) const {
    const auto requested = parse_option_list(last_request_);
    if (!requested) return false;
    return std::all_of(rejected.begin(), rejected.end(), [&](const Option& r) {
        return std::any_of(requested->begin(), requested->end(), [&](const Option& q) {
            return q.type == r.type && std::equal(q.value.begin(), q.value.end(), r.value.begin(), r.value.end());
        });
    });
}

std::optional<std::vector<Option>> Fsm::answer_options(const Packet& p) {
    auto options = parse_option_list(p.data);
    if (!options) {
        ++malformed_;
        return std::nullopt;
    }
    if (answer_without_negotiation(p)) return std::nullopt;
    return options;
}

bool Fsm::answer_without_negotiation(const Packet& p) {
    switch (state_) {
        case FsmState::Closed:
        case FsmState::Stopped:
            // RCA/RCN while not negotiating: sta (RFC 1661 tells the peer we are down).
            send(code::kTermAck, p.id, Bytes{});
            return true;
        case FsmState::Closing:
        case FsmState::Stopping: return true;  // waiting for Terminate-Ack: ignored
        default: return false;
    }
}

void Fsm::rcv_term_req(Time now, const Packet& p) {
    std::string reason;
    for (auto b : p.data.first(std::min<std::size_t>(p.data.size(), 128)))
        reason += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '?';
    switch (state_) {
        case FsmState::AckRcvd:
        case FsmState::AckSent: set_state(FsmState::ReqSent); break;
        case FsmState::Opened:
            peer_reason_ = reason;
            terminated_by_peer_ = true;
            restart_count_ = 0;  // zrc: wait one restart period, then finish
            arm(now);
            set_state(FsmState::Stopping);
            this_layer_down();
            break;
        default: break;
    }
    send(code::kTermAck, p.id, Bytes{});
}

void Fsm::rcv_term_ack(Time now) {
    switch (state_) {
        case FsmState::Closing:
            set_state(FsmState::Closed);
            handler_.layer_finished();
            break;
        case FsmState::Stopping:
            set_state(FsmState::Stopped);
            handler_.layer_finished();
            break;
        case FsmState::AckRcvd: set_state(FsmState::ReqSent); break;
        case FsmState::Opened:
            this_layer_down();
            send_conf_req();
            arm(now);
            set_state(FsmState::ReqSent);
            break;
        default: break;
    }
}

void Fsm::rcv_code_reject(Time now, const Packet& p) {
    if (p.data.empty()) {
        ++malformed_;
        return;
    }
    const std::uint8_t rejected = p.data[0];
    out_.log(LogLevel::Warning, name_ + ": peer rejected code " + code_name(rejected));
    if (rejected >= code::kConfReq && rejected <= code::kCodeRej) {
        protocol_rejected(now);  // RXJ-: we cannot work without it
    } else if (state_ == FsmState::AckRcvd) {
        set_state(FsmState::ReqSent);  // RXJ+
    }
}

}  // namespace ppp
