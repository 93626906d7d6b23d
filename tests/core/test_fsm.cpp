// The RFC 1661 §4.1 state transition table, checked on the automaton alone
// with a scripted protocol: every (state, event) cell the RFC defines.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/fsm.hpp"
#include "core/packet.hpp"

using namespace ppp;

namespace {

constexpr std::uint16_t kProto = 0x8021;

// A protocol with one fixed option in its request and a scripted verdict on
// the peer's requests. Records This-Layer-* actions.
struct ScriptedProtocol : FsmProtocol {
    std::vector<std::string>* actions = nullptr;
    std::uint8_t verdict = code::kConfAck;
    void reset_options() override {}
    void build_request(std::vector<std::uint8_t>& out) override {
        const std::uint8_t v[1] = {0x42};
        put_option(1, Bytes{v, 1}, out);
    }
    std::uint8_t judge_request(const std::vector<Option>& options, bool, std::vector<std::uint8_t>& reply) override {
        for (const auto& o : options) put_option(o.type, o.value, reply);
        return verdict;
    }
    bool handle_ack(const std::vector<Option>&) override { return true; }
    bool handle_nak(const std::vector<Option>&) override { return true; }
    bool handle_reject(const std::vector<Option>&) override { return true; }
    void layer_up() override { actions->push_back("tlu"); }
    void layer_down() override { actions->push_back("tld"); }
    void layer_started() override { actions->push_back("tls"); }
    void layer_finished() override { actions->push_back("tlf"); }
    bool handle_extra_code(Time, const Packet& p) override {
        if (p.code != code::kEchoReq) return false;
        actions->push_back("rxr");
        return true;
    }
    std::string describe_option(const Option& o) const override { return "<" + std::to_string(o.type) + ">"; }
};

struct RecordingOutput : FsmOutput {
    std::vector<std::string>* actions = nullptr;
    std::vector<std::vector<std::uint8_t>> packets;
    void send_packet(std::uint16_t, Bytes packet) override {
        packets.emplace_back(packet.begin(), packet.end());
        static const char* const kAction[] = {"?", "scr", "sca", "scn", "scj", "str", "sta", "scj"};
        actions->push_back(packet[0] < 8 ? kAction[packet[0]] : "send" + std::to_string(packet[0]));
    }
    void log(LogLevel, std::string_view) override {}
};

enum class Ev { Up, Down, Open, Close, ToPlus, ToMinus, RcrPlus, RcrMinus, Rca, Rcn, Rtr, Rta, Ruc, RxjPlus, RxjMinus, Rxr };

const char* name(Ev e) {
    static const char* const kNames[] = {"Up",  "Down", "Open", "Close", "TO+", "TO-",  "RCR+", "RCR-",
                                         "RCA", "RCN",  "RTR",  "RTA",   "RUC", "RXJ+", "RXJ-", "RXR"};
    return kNames[static_cast<int>(e)];
}

class Harness {
public:
    explicit Harness(FsmConfig config) : fsm_(kProto, "IPCP", config, protocol_, output_) {
        protocol_.actions = &actions_;
        output_.actions = &actions_;
    }

    // Drives a fresh automaton into `target` through legal events only.
    void reach(FsmState target) {
        switch (target) {
            case FsmState::Initial: break;
            case FsmState::Starting: fsm_.open(now_); break;
            case FsmState::Closed: fsm_.up(now_); break;
            case FsmState::ReqSent:
                fsm_.up(now_);
                fsm_.open(now_);
                break;
            case FsmState::Stopped:
                reach(FsmState::ReqSent);
                fsm_.protocol_rejected(now_);
                break;
            case FsmState::Closing:
                reach(FsmState::ReqSent);
                fsm_.close(now_, "bye");
                break;
            case FsmState::Stopping:
                reach(FsmState::Closing);
                fsm_.open(now_);
                break;
            case FsmState::AckRcvd:
                reach(FsmState::ReqSent);
                apply(Ev::Rca);
                break;
            case FsmState::AckSent:
                reach(FsmState::ReqSent);
                apply(Ev::RcrPlus);
                break;
            case FsmState::Opened:
                reach(FsmState::AckRcvd);
                apply(Ev::RcrPlus);
                break;
        }
        EXPECT_EQ(fsm_.state(), target) << "could not reach " << to_string(target);
        actions_.clear();
    }

    void apply(Ev e) {
        switch (e) {
            case Ev::Up: fsm_.up(now_); break;
            case Ev::Down: fsm_.down(now_); break;
            case Ev::Open: fsm_.open(now_); break;
            case Ev::Close: fsm_.close(now_, "bye"); break;
            case Ev::ToPlus:
            case Ev::ToMinus:
                ASSERT_TRUE(fsm_.next_deadline()) << "no restart timer armed";
                now_ = *fsm_.next_deadline();
                fsm_.tick(now_);
                break;
            case Ev::RcrPlus:
                protocol_.verdict = code::kConfAck;
                receive(code::kConfReq, 0x80, {0x03, 0x06, 10, 0, 0, 1});
                break;
            case Ev::RcrMinus:
                protocol_.verdict = code::kConfNak;
                receive(code::kConfReq, 0x81, {0x03, 0x06, 0, 0, 0, 0});
                break;
            case Ev::Rca: receive(code::kConfAck, last_request_id(), last_request_options()); break;
            case Ev::Rcn: receive(code::kConfNak, last_request_id(), last_request_options()); break;
            case Ev::Rtr: receive(code::kTermReq, 0x90, {'b', 'y', 'e'}); break;
            case Ev::Rta: receive(code::kTermAck, 0x91, {}); break;
            case Ev::Ruc: receive(42, 0x92, {1, 2, 3}); break;
            // Code-Reject of an extension code: the peer can live without it.
            case Ev::RxjPlus: receive(code::kCodeRej, 0x93, {code::kEchoReq, 1, 0, 4}); break;
            // Code-Reject of Configure-Request: this protocol cannot work.
            case Ev::RxjMinus: receive(code::kCodeRej, 0x94, {code::kConfReq, 1, 0, 4}); break;
            case Ev::Rxr: receive(code::kEchoReq, 0x95, {0, 0, 0, 0}); break;
        }
    }

    std::string actions() const {
        std::string s;
        for (const auto& a : actions_) s += (s.empty() ? "" : ",") + a;
        return s;
    }
    Fsm& fsm() { return fsm_; }
    RecordingOutput& output() { return output_; }
    void set_verdict(std::uint8_t v) { protocol_.verdict = v; }
    void inject(std::uint8_t c, std::uint8_t id, std::vector<std::uint8_t> data) { receive(c, id, std::move(data)); }

private:
    void receive(std::uint8_t c, std::uint8_t id, std::vector<std::uint8_t> data) {
        std::vector<std::uint8_t> pkt;
        put_packet(c, id, data, pkt);
        fsm_.input(now_, pkt);
    }
    const std::vector<std::uint8_t>* last_request() const {
        for (auto it = output_.packets.rbegin(); it != output_.packets.rend(); ++it)
            if ((*it)[0] == code::kConfReq) return &*it;
        return nullptr;
    }
    std::uint8_t last_request_id() const { return last_request() ? (*last_request())[1] : 0x77; }
    std::vector<std::uint8_t> last_request_options() const {
        if (!last_request()) return {0x01, 0x03, 0x42};
        return {last_request()->begin() + 4, last_request()->end()};
    }

    std::vector<std::string> actions_;
    ScriptedProtocol protocol_;
    RecordingOutput output_;
    Fsm fsm_;
    Time now_{};
};

struct Cell {
    FsmState from;
    Ev event;
    FsmState to;
    const char* actions;  // in order; irc/zrc are checked separately by timer tests
};

using S = FsmState;

// RFC 1661 §4.1, column by column. "-" cells (events that cannot happen in a
// state) are checked to change nothing.
const Cell kTable[] = {
    // Initial
    {S::Initial, Ev::Up, S::Closed, ""},
    {S::Initial, Ev::Open, S::Starting, "tls"},
    {S::Initial, Ev::Close, S::Initial, ""},
    {S::Initial, Ev::Down, S::Initial, ""},
    // Starting
    {S::Starting, Ev::Up, S::ReqSent, "scr"},
    {S::Starting, Ev::Open, S::Starting, ""},
    {S::Starting, Ev::Close, S::Initial, "tlf"},
    // Closed
    {S::Closed, Ev::Down, S::Initial, ""},
    {S::Closed, Ev::Open, S::ReqSent, "scr"},
    {S::Closed, Ev::Close, S::Closed, ""},
    {S::Closed, Ev::RcrPlus, S::Closed, "sta"},
    {S::Closed, Ev::RcrMinus, S::Closed, "sta"},
    {S::Closed, Ev::Rca, S::Closed, "sta"},
    {S::Closed, Ev::Rcn, S::Closed, "sta"},
    {S::Closed, Ev::Rtr, S::Closed, "sta"},
    {S::Closed, Ev::Rta, S::Closed, ""},
    {S::Closed, Ev::Ruc, S::Closed, "scj"},
    {S::Closed, Ev::RxjPlus, S::Closed, ""},
    {S::Closed, Ev::RxjMinus, S::Closed, "tlf"},
    {S::Closed, Ev::Rxr, S::Closed, "rxr"},
    // Stopped
    {S::Stopped, Ev::Down, S::Starting, "tls"},
    {S::Stopped, Ev::Open, S::Stopped, ""},
    {S::Stopped, Ev::Close, S::Closed, ""},
    {S::Stopped, Ev::RcrPlus, S::AckSent, "scr,sca"},
    {S::Stopped, Ev::RcrMinus, S::ReqSent, "scr,scn"},
    {S::Stopped, Ev::Rca, S::Stopped, "sta"},
    {S::Stopped, Ev::Rcn, S::Stopped, "sta"},
    {S::Stopped, Ev::Rtr, S::Stopped, "sta"},
    {S::Stopped, Ev::Rta, S::Stopped, ""},
    {S::Stopped, Ev::Ruc, S::Stopped, "scj"},
    {S::Stopped, Ev::RxjPlus, S::Stopped, ""},
    {S::Stopped, Ev::RxjMinus, S::Stopped, "tlf"},
    // Closing
    {S::Closing, Ev::Down, S::Initial, ""},
    {S::Closing, Ev::Open, S::Stopping, ""},
    {S::Closing, Ev::Close, S::Closing, ""},
    {S::Closing, Ev::ToPlus, S::Closing, "str"},
    {S::Closing, Ev::RcrPlus, S::Closing, ""},
    {S::Closing, Ev::RcrMinus, S::Closing, ""},
    {S::Closing, Ev::Rca, S::Closing, ""},
    {S::Closing, Ev::Rcn, S::Closing, ""},
    {S::Closing, Ev::Rtr, S::Closing, "sta"},
    {S::Closing, Ev::Rta, S::Closed, "tlf"},
    {S::Closing, Ev::Ruc, S::Closing, "scj"},
    {S::Closing, Ev::RxjPlus, S::Closing, ""},
    {S::Closing, Ev::RxjMinus, S::Closed, "tlf"},
    // Stopping
    {S::Stopping, Ev::Down, S::Starting, ""},
    {S::Stopping, Ev::Open, S::Stopping, ""},
    {S::Stopping, Ev::Close, S::Closing, ""},
    {S::Stopping, Ev::ToPlus, S::Stopping, "str"},
    {S::Stopping, Ev::RcrPlus, S::Stopping, ""},
    {S::Stopping, Ev::RcrMinus, S::Stopping, ""},
    {S::Stopping, Ev::Rca, S::Stopping, ""},
    {S::Stopping, Ev::Rcn, S::Stopping, ""},
    {S::Stopping, Ev::Rtr, S::Stopping, "sta"},
    {S::Stopping, Ev::Rta, S::Stopped, "tlf"},
    {S::Stopping, Ev::Ruc, S::Stopping, "scj"},
    {S::Stopping, Ev::RxjPlus, S::Stopping, ""},
    {S::Stopping, Ev::RxjMinus, S::Stopped, "tlf"},
    // Req-Sent
    {S::ReqSent, Ev::Down, S::Starting, ""},
    {S::ReqSent, Ev::Open, S::ReqSent, ""},
    {S::ReqSent, Ev::Close, S::Closing, "str"},
    {S::ReqSent, Ev::ToPlus, S::ReqSent, "scr"},
    {S::ReqSent, Ev::RcrPlus, S::AckSent, "sca"},
    {S::ReqSent, Ev::RcrMinus, S::ReqSent, "scn"},
    {S::ReqSent, Ev::Rca, S::AckRcvd, ""},
    {S::ReqSent, Ev::Rcn, S::ReqSent, "scr"},
    {S::ReqSent, Ev::Rtr, S::ReqSent, "sta"},
    {S::ReqSent, Ev::Rta, S::ReqSent, ""},
    {S::ReqSent, Ev::Ruc, S::ReqSent, "scj"},
    {S::ReqSent, Ev::RxjPlus, S::ReqSent, ""},
    {S::ReqSent, Ev::RxjMinus, S::Stopped, "tlf"},
    {S::ReqSent, Ev::Rxr, S::ReqSent, "rxr"},
    // Ack-Rcvd
    {S::AckRcvd, Ev::Down, S::Starting, ""},
    {S::AckRcvd, Ev::Open, S::AckRcvd, ""},
    {S::AckRcvd, Ev::Close, S::Closing, "str"},
    {S::AckRcvd, Ev::ToPlus, S::ReqSent, "scr"},
    {S::AckRcvd, Ev::RcrPlus, S::Opened, "sca,tlu"},
    {S::AckRcvd, Ev::RcrMinus, S::AckRcvd, "scn"},
    {S::AckRcvd, Ev::Rca, S::ReqSent, "scr"},
    {S::AckRcvd, Ev::Rcn, S::ReqSent, "scr"},
    {S::AckRcvd, Ev::Rtr, S::ReqSent, "sta"},
    {S::AckRcvd, Ev::Rta, S::ReqSent, ""},
    {S::AckRcvd, Ev::Ruc, S::AckRcvd, "scj"},
    {S::AckRcvd, Ev::RxjPlus, S::ReqSent, ""},
    {S::AckRcvd, Ev::RxjMinus, S::Stopped, "tlf"},
    // Ack-Sent
    {S::AckSent, Ev::Down, S::Starting, ""},
    {S::AckSent, Ev::Open, S::AckSent, ""},
    {S::AckSent, Ev::Close, S::Closing, "str"},
    {S::AckSent, Ev::ToPlus, S::AckSent, "scr"},
    {S::AckSent, Ev::RcrPlus, S::AckSent, "sca"},
    {S::AckSent, Ev::RcrMinus, S::ReqSent, "scn"},
    {S::AckSent, Ev::Rca, S::Opened, "tlu"},
    {S::AckSent, Ev::Rcn, S::AckSent, "scr"},
    {S::AckSent, Ev::Rtr, S::ReqSent, "sta"},
    {S::AckSent, Ev::Rta, S::AckSent, ""},
    {S::AckSent, Ev::Ruc, S::AckSent, "scj"},
    {S::AckSent, Ev::RxjPlus, S::AckSent, ""},
    {S::AckSent, Ev::RxjMinus, S::Stopped, "tlf"},
    // Opened
    {S::Opened, Ev::Down, S::Starting, "tld"},
    {S::Opened, Ev::Open, S::Opened, ""},
    {S::Opened, Ev::Close, S::Closing, "tld,str"},
    {S::Opened, Ev::RcrPlus, S::AckSent, "tld,scr,sca"},
    {S::Opened, Ev::RcrMinus, S::ReqSent, "tld,scr,scn"},
    {S::Opened, Ev::Rca, S::ReqSent, "tld,scr"},
    {S::Opened, Ev::Rcn, S::ReqSent, "tld,scr"},
    {S::Opened, Ev::Rtr, S::Stopping, "tld,sta"},
    {S::Opened, Ev::Rta, S::ReqSent, "tld,scr"},
    {S::Opened, Ev::Ruc, S::Opened, "scj"},
    {S::Opened, Ev::RxjPlus, S::Opened, ""},
    {S::Opened, Ev::RxjMinus, S::Stopping, "tld,str"},
    {S::Opened, Ev::Rxr, S::Opened, "rxr"},
    // Illegal events ("-") change nothing.
    {S::Closed, Ev::Up, S::Closed, ""},
    {S::ReqSent, Ev::Up, S::ReqSent, ""},
    {S::Opened, Ev::Up, S::Opened, ""},
    {S::Initial, Ev::RcrPlus, S::Initial, ""},
    {S::Starting, Ev::Rtr, S::Starting, ""},
};

// TO- cells: with no retransmissions left.
const Cell kTimeoutTable[] = {
    {S::Closing, Ev::ToMinus, S::Closed, "tlf"},
    {S::Stopping, Ev::ToMinus, S::Stopped, "tlf"},
    {S::ReqSent, Ev::ToMinus, S::Stopped, "tlf"},
    {S::AckRcvd, Ev::ToMinus, S::Stopped, "tlf"},
    {S::AckSent, Ev::ToMinus, S::Stopped, "tlf"},
};

std::string cell_name(const Cell& c) {
    std::ostringstream s;
    s << to_string(c.from) << " + " << name(c.event);
    return s.str();
}

void check(const Cell& c, FsmConfig config) {
    SCOPED_TRACE(cell_name(c));
    Harness h(config);
    h.reach(c.from);
    h.apply(c.event);
    EXPECT_EQ(h.fsm().state(), c.to);
    EXPECT_EQ(h.actions(), c.actions);
}

}  // namespace

TEST(FsmStateTable, EveryRfc1661CellBehaves) {
    FsmConfig config;  // 10 configures, 2 terminates: TO+ in every timed state
    for (const auto& c : kTable) check(c, config);
}

TEST(FsmStateTable, TimeoutWithNoRetriesLeft) {
    FsmConfig config;
    config.max_configure = 0;
    config.max_terminate = 0;
    for (const auto& c : kTimeoutTable) check(c, config);
}

TEST(FsmTimer, ArmedExactlyInTheStatesThatWaitForAnAnswer) {
    for (auto s : {S::Initial, S::Starting, S::Closed, S::Stopped, S::Closing, S::Stopping, S::ReqSent, S::AckRcvd,
                   S::AckSent, S::Opened}) {
        Harness h(FsmConfig{});
        h.reach(s);
        const bool waits = s == S::Closing || s == S::Stopping || s == S::ReqSent || s == S::AckRcvd ||
                           s == S::AckSent;
        EXPECT_EQ(h.fsm().next_deadline().has_value(), waits) << to_string(s);
    }
}

TEST(FsmTimer, MaxConfigureRequestsThenGivesUp) {
    FsmConfig config;
    config.max_configure = 4;
    Harness h(config);
    h.reach(S::ReqSent);  // the first request
    int timeouts = 0;
    while (h.fsm().next_deadline()) {
        h.apply(Ev::ToPlus);
        ASSERT_LT(++timeouts, 100);
    }
    int sent = 0;
    for (const auto& p : h.output().packets) sent += p[0] == code::kConfReq;
    EXPECT_EQ(sent, 4) << "max-configure requests in all";
    EXPECT_EQ(timeouts, 4);
    EXPECT_EQ(h.actions(), "scr,scr,scr,tlf");
    EXPECT_EQ(h.fsm().state(), S::Stopped);
    EXPECT_TRUE(h.fsm().timed_out());
}

TEST(FsmPassive, AfterMaxConfigureStaysStoppedWithoutFinishing) {
    FsmConfig config;
    config.max_configure = 3;
    config.passive = true;
    Harness h(config);
    h.reach(S::ReqSent);
    int timeouts = 0;
    while (h.fsm().next_deadline()) {
        h.apply(Ev::ToPlus);
        ASSERT_LT(++timeouts, 100);
    }
    EXPECT_EQ(h.actions(), "scr,scr") << "no This-Layer-Finished: the automaton waits";
    EXPECT_EQ(h.fsm().state(), S::Stopped);
    // The peer's request starts a fresh negotiation with fresh counters.
    h.apply(Ev::RcrPlus);
    EXPECT_EQ(h.fsm().state(), S::AckSent);
    EXPECT_FALSE(h.fsm().timed_out());
    h.apply(Ev::Rca);
    EXPECT_EQ(h.fsm().state(), S::Opened);
    EXPECT_EQ(h.actions(), "scr,scr,scr,sca,tlu");
}

TEST(FsmSilent, UpAndOpenGoToStoppedWithoutSending) {
    FsmConfig config;
    config.silent = true;
    {
        Harness h(config);  // Open, then Up (Starting -> Stopped)
        h.fsm().open(Time{});
        h.fsm().up(Time{});
        EXPECT_EQ(h.fsm().state(), S::Stopped);
        EXPECT_TRUE(h.output().packets.empty());
        EXPECT_FALSE(h.fsm().next_deadline());
        h.apply(Ev::RcrPlus);
        EXPECT_EQ(h.fsm().state(), S::AckSent);
        EXPECT_EQ(h.actions(), "tls,scr,sca");
    }
    {
        Harness h(config);  // Up, then Open (Closed -> Stopped)
        h.fsm().up(Time{});
        h.fsm().open(Time{});
        EXPECT_EQ(h.fsm().state(), S::Stopped);
        EXPECT_TRUE(h.output().packets.empty());
    }
}

TEST(FsmTimer, MaxTerminateRequestsThenClosed) {
    FsmConfig config;
    config.max_terminate = 3;
    Harness h(config);
    h.reach(S::Opened);
    h.fsm().close(Time{}, "bye");
    int timeouts = 0;
    while (h.fsm().next_deadline()) {
        h.apply(Ev::ToPlus);
        ASSERT_LT(++timeouts, 100);
    }
    int sent = 0;
    for (const auto& p : h.output().packets) sent += p[0] == code::kTermReq;
    EXPECT_EQ(sent, 3);
    EXPECT_EQ(h.fsm().state(), S::Closed);
}

TEST(FsmTimer, PeerTerminateWaitsOneRestartPeriod) {
    Harness h(FsmConfig{});
    h.reach(S::Opened);
    h.apply(Ev::Rtr);
    EXPECT_EQ(h.fsm().state(), S::Stopping);
    ASSERT_TRUE(h.fsm().next_deadline());  // zrc: one restart period, no Terminate-Request
    h.apply(Ev::ToMinus);
    EXPECT_EQ(h.fsm().state(), S::Stopped);
    EXPECT_EQ(h.actions(), "tld,sta,tlf");
    EXPECT_TRUE(h.fsm().terminated_by_peer());
    EXPECT_EQ(h.fsm().peer_terminate_reason(), "bye");
}

TEST(FsmFailure, NaksTurnIntoRejectsAfterMaxFailure) {
    struct Judge : FsmProtocol {
        std::vector<bool> reject_only_seen;
        void reset_options() override {}
        void build_request(std::vector<std::uint8_t>&) override {}
        std::uint8_t judge_request(const std::vector<Option>& options, bool reject_only,
                                   std::vector<std::uint8_t>& reply) override {
            reject_only_seen.push_back(reject_only);
            for (const auto& o : options) put_option(o.type, o.value, reply);
            return reject_only ? code::kConfRej : code::kConfNak;
        }
        bool handle_ack(const std::vector<Option>&) override { return true; }
        bool handle_nak(const std::vector<Option>&) override { return true; }
        bool handle_reject(const std::vector<Option>&) override { return true; }
        void layer_up() override {}
        void layer_down() override {}
        void layer_started() override {}
        void layer_finished() override { ++finished; }
        std::string describe_option(const Option&) const override { return ""; }
        int finished = 0;
    } judge;
    std::vector<std::string> actions;
    RecordingOutput out;
    out.actions = &actions;
    FsmConfig config;
    config.max_failure = 3;
    config.max_configure = 10;
    Fsm fsm(kProto, "IPCP", config, judge, out);
    fsm.open(Time{});
    fsm.up(Time{});
    const std::vector<std::uint8_t> req = {code::kConfReq, 1, 0, 8, 3, 4, 0, 0};
    for (int i = 0; i < 30 && fsm.state() != S::Stopped; ++i) fsm.input(Time{}, req);
    // 3 Naks, then Rejects; a peer that still insists is given up on after
    // max-configure + max-failure refusals in a row.
    ASSERT_GE(judge.reject_only_seen.size(), 4u);
    EXPECT_FALSE(judge.reject_only_seen[2]);
    EXPECT_TRUE(judge.reject_only_seen[3]);
    EXPECT_EQ(fsm.state(), S::Stopped);
    EXPECT_TRUE(fsm.not_converging());
    EXPECT_EQ(judge.finished, 1);
    EXPECT_EQ(judge.reject_only_seen.size(), 14u);
}

TEST(FsmInput, AnswersMustMatchTheLastRequest) {
    Harness h(FsmConfig{});
    h.reach(S::ReqSent);
    const auto& req = h.output().packets.back();
    // Wrong identifier: discarded.
    std::vector<std::uint8_t> ack(req);
    ack[0] = code::kConfAck;
    ack[1] = static_cast<std::uint8_t>(req[1] + 1);
    h.fsm().input(Time{}, ack);
    EXPECT_EQ(h.fsm().state(), S::ReqSent);
    // Right identifier, different options: discarded.
    ack[1] = req[1];
    ack.back() ^= 0xff;
    h.fsm().input(Time{}, ack);
    EXPECT_EQ(h.fsm().state(), S::ReqSent);
    // The exact echo: accepted.
    ack.back() ^= 0xff;
    h.fsm().input(Time{}, ack);
    EXPECT_EQ(h.fsm().state(), S::AckRcvd);
}

TEST(FsmInput, MalformedPacketsAreCountedAndChangeNothing) {
    Harness h(FsmConfig{});
    h.reach(S::Opened);
    const std::vector<std::vector<std::uint8_t>> bad = {
        {},
        {1, 2, 0},
        {1, 2, 0, 3},                    // Length below the header
        {1, 2, 0, 9, 1, 3, 0},           // Length beyond the data
        {1, 2, 0, 6, 3, 0},              // option length 0
        {1, 2, 0, 7, 3, 1, 0},           // option length 1
        {1, 2, 0, 8, 3, 6, 0, 0},        // option runs past the packet
        {4, 9, 0, 7, 3, 1, 0},           // Reject with option length 1
        {3, 9, 0, 6, 1, 9},              // Nak with an overlong option
    };
    for (const auto& p : bad) h.fsm().input(Time{}, p);
    EXPECT_EQ(h.fsm().malformed(), bad.size());
    EXPECT_EQ(h.fsm().state(), S::Opened);
    EXPECT_EQ(h.actions(), "");
}

TEST(FsmInput, NakAndRejectAreCutToThePeerMruAtAnOptionBoundary) {
    for (std::uint8_t verdict : {code::kConfNak, code::kConfRej}) {
        Harness h(FsmConfig{});
        h.reach(S::ReqSent);
        h.fsm().set_peer_mru(64);
        h.set_verdict(verdict);
        // 40 five-byte options: 200 bytes of options.
        std::vector<std::uint8_t> data;
        for (int i = 0; i < 40; ++i) {
            const std::uint8_t v[3] = {1, 2, 3};
            put_option(static_cast<std::uint8_t>(i + 10), Bytes{v, 3}, data);
        }
        h.inject(code::kConfReq, 7, data);
        const auto& reply = h.output().packets.back();
        ASSERT_EQ(reply[0], verdict);
        EXPECT_LE(reply.size(), 64u);
        EXPECT_EQ(reply.size(), 4u + 12u * 5u) << "whole options only";
        EXPECT_EQ(get_u16(reply, 2), reply.size());
        EXPECT_TRUE(parse_option_list(Bytes{reply}.subspan(4)));
    }
}

TEST(FsmInput, AckIsNeverCut) {
    Harness h(FsmConfig{});
    h.reach(S::ReqSent);
    h.fsm().set_peer_mru(64);
    std::vector<std::uint8_t> data;
    for (int i = 0; i < 40; ++i) put_option(static_cast<std::uint8_t>(i + 10), Bytes{}, data);
    h.inject(code::kConfReq, 7, data);
    const auto& reply = h.output().packets.back();
    ASSERT_EQ(reply[0], code::kConfAck);
    EXPECT_EQ(reply.size(), 4u + data.size());
}

TEST(FsmInput, CodeRejectIsTruncatedToThePeerMru) {
    Harness h(FsmConfig{});
    h.reach(S::Opened);
    h.fsm().set_peer_mru(100);
    h.inject(42, 1, std::vector<std::uint8_t>(500, 0xab));
    const auto& reply = h.output().packets.back();
    ASSERT_EQ(reply[0], code::kCodeRej);
    EXPECT_EQ(reply.size(), 100u);
    EXPECT_EQ(reply[4], 42) << "the rejected packet starts with its code";
}
