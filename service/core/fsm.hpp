// The RFC 1661 §4 option negotiation automaton, shared by LCP and IPCP.
// The automaton knows states, events, counters and the restart timer; the
// protocol behind it (FsmProtocol) knows its options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/packet.hpp"
#include "core/types.hpp"

namespace ppp {

enum class FsmState { Initial, Starting, Closed, Stopped, Closing, Stopping, ReqSent, AckRcvd, AckSent, Opened };
std::string_view to_string(FsmState);

struct FsmConfig {
    Duration restart = std::chrono::seconds(3);
    int max_configure = 10;
    int max_terminate = 2;
    int max_failure = 5;
    // RFC 1661 §4.1 "Passive": after max_configure unanswered requests the
    // automaton stays in Stopped, waiting for the peer, instead of finishing
    // (pppd's `passive`).
    bool passive = false;
    // Silent start: the Up/Open that would send the first Configure-Request
    // goes to Stopped instead, so nothing is sent until the peer's first
    // Configure-Request arrives (pppd's `silent`).
    bool silent = false;
};

// What a protocol plugs into the automaton.
class FsmProtocol {
public:
    virtual ~FsmProtocol() = default;
    // Resets what we will ask for (at the start of each negotiation).
    virtual void reset_options() = 0;
    // Appends our Configure-Request options.
    virtual void build_request(std::vector<std::uint8_t>& out) = 0;
    // Judges the peer's Configure-Request; appends the reply options and
    // returns kConfAck, kConfNak or kConfRej. With `reject_only` (max-failure
    // reached) options that would be Nak'd are rejected instead.
    virtual std::uint8_t judge_request(const std::vector<Option>& options, bool reject_only,
                                       std::vector<std::uint8_t>& reply) = 0;
    // Peer's answers to our request; return false if the packet is invalid (ignored).
    virtual bool handle_ack(const std::vector<Option>& options) = 0;
    virtual bool handle_nak(const std::vector<Option>& options) = 0;
    virtual bool handle_reject(const std::vector<Option>& options) = 0;
    // This-Layer-Up/Down/Started/Finished.
    virtual void layer_up() = 0;
    virtual void layer_down() = 0;
    virtual void layer_started() = 0;
    virtual void layer_finished() = 0;
    // Codes beyond 1..7 (LCP: echo, discard); false = unknown code (Code-Reject).
    virtual bool handle_extra_code(Time /*now*/, const Packet& /*packet*/) { return false; }
    // For log lines: "<mru 1500>".
    virtual std::string describe_option(const Option& option) const = 0;
};

// Where the automaton's packets go.
class FsmOutput {
public:
    virtual ~FsmOutput() = default;
    virtual void send_packet(std::uint16_t protocol, Bytes packet) = 0;
    virtual void log(LogLevel level, std::string_view line) = 0;
};

class Fsm {
public:
    Fsm(std::uint16_t protocol, std::string name, FsmConfig config, FsmProtocol& handler, FsmOutput& output);

    void up(Time now);
    void down(Time now);
    void open(Time now);
    void close(Time now, std::string_view reason);

    // One packet of this protocol (the frame's information field).
    void input(Time now, Bytes info);
    // The peer rejected this protocol (Protocol-Reject): RXJ-.
    void protocol_rejected(Time now);

    void tick(Time now);
    std::optional<Time> next_deadline() const { return deadline_; }
    // The time of the event being processed: protocols arm their own timers
    // from inside callbacks with it.
    Time now() const { return now_; }
    // Back to Initial with no timer and fresh counters, as after a new
    // lower layer: used when the session is finished and may be reopened.
    void reset();

    FsmState state() const { return state_; }
    const std::string& name() const { return name_; }
    std::uint16_t protocol() const { return protocol_; }
    // Replies we build are capped to this (peer's MRU).
    void set_peer_mru(std::uint16_t mru) { peer_mru_ = mru; }
    // Why the last Terminate-Request we got was sent, and whether one came.
    const std::string& peer_terminate_reason() const { return peer_reason_; }
    bool terminated_by_peer() const { return terminated_by_peer_; }
    bool timed_out() const { return timed_out_; }
    // The peer kept sending requests we could not Ack (max-configure +
    // max-failure Naks/Rejects in a row): negotiation gave up.
    bool not_converging() const { return not_converging_; }
    // Sends a packet of an extension code (LCP echo) with a fresh identifier.
    void send_extra(std::uint8_t code, Bytes data);
    void send_code_reject(Bytes rejected_packet);
    // Sends a reply packet with the identifier of the packet it answers.
    void send_reply(std::uint8_t code, std::uint8_t id, Bytes data) { send(code, id, data); }
    std::uint64_t malformed() const { return malformed_; }
    // For packets the protocol itself finds malformed (a short Echo-Request).
    void count_malformed() { ++malformed_; }
    std::string describe(std::uint8_t code, std::uint8_t id, Bytes data) const;

private:
    void set_state(FsmState s);
    void send(std::uint8_t code, std::uint8_t id, Bytes data);
    void send_conf_req();
    // Up in Starting / Open in Closed: the first request (or, silent, Stopped).
    void start_negotiation(Time now);
    void send_term_req(std::string_view reason);
    void init_restart_count(int count);
    void enter(Time now) { now_ = now; }
    void arm(Time now) { deadline_ = now + config_.restart; }
    void stop_timer() { deadline_.reset(); }

    void rcv_conf_req(Time now, const Packet& p);
    void rcv_conf_ack(Time now, const Packet& p);
    void rcv_conf_nak_rej(Time now, const Packet& p);
    bool answer_without_negotiation(const Packet& p);
    // The options of an Ack/Nak/Reject, or nullopt when it is malformed
    // (counted) or was answered without negotiating (Closed, Stopped, ...).
    std::optional<std::vector<Option>> answer_options(const Packet& p);
    bool rejects_subset_of_request(const std::vector<Option>& rejected) const;
    void rcv_term_req(Time now, const Packet& p);
    void rcv_term_ack(Time now);
    void rcv_code_reject(Time now, const Packet& p);
    void this_layer_down();

    std::uint16_t protocol_;
    std::string name_;
    FsmConfig config_;
    FsmProtocol& handler_;
    FsmOutput& out_;
    FsmState state_ = FsmState::Initial;
    int restart_count_ = 0;
    int nak_count_ = 0;           // Configure-Naks sent since the last Ack sent
    int refusal_count_ = 0;       // Configure-Naks and -Rejects sent since the last Ack sent
    std::uint8_t next_id_ = 1;
    std::optional<std::uint8_t> req_id_;  // identifier of our last Configure-Request
    std::vector<std::uint8_t> last_request_;
    std::optional<Time> deadline_;
    std::uint16_t peer_mru_ = 1500;
    std::string peer_reason_;
    std::string term_reason_;
    bool terminated_by_peer_ = false;
    bool timed_out_ = false;
    bool not_converging_ = false;
    Time now_{};
    std::uint64_t malformed_ = 0;
    std::vector<std::uint8_t> scratch_;
};

}  // namespace ppp
