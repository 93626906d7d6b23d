// pppd options reaching the session: each parsed from option text, applied
// with apply_link_options, and observed on the wire between two sessions.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/options.hpp"
#include "core/session_options.hpp"
#include "session_pair.hpp"

using namespace ppp;
using ppp::test::SessionPair;

namespace {

SessionConfig client_with(const std::string& text) {
    config::PeerOptions o;
    config::parse_options(text, "peers/test", o);
    auto c = SessionPair::client_defaults();
    apply_link_options(o, c);
    return c;
}

bool both_running(SessionPair& p) {
    return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running;
}

int count_prefix(const std::vector<std::string>& logs, const std::string& prefix) {
    int n = 0;
    for (const auto& l : logs) n += l.rfind(prefix, 0) == 0;
    return n;
}

bool any_line_with(const std::vector<std::string>& logs, const std::string& prefix, const std::string& part) {
    for (const auto& l : logs)
        if (l.rfind(prefix, 0) == 0 && l.find(part) != std::string::npos) return true;
    return false;
}

void run_to_running(SessionPair& p) {
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_running(p); }));
}

}  // namespace

TEST(SessionOptions, DefaultsRequestCompressionAndMagic) {
    SessionPair p(client_with(""), SessionPair::server_defaults());
    run_to_running(p);
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<pcomp>"));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<accomp>"));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<magic "));
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent [LCP ConfRej"), 0);
}

TEST(SessionOptions, NopcompNeitherRequestsNorAllowsPfc) {
    SessionPair p(client_with("nopcomp"), SessionPair::server_defaults());
    run_to_running(p);
    EXPECT_FALSE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<pcomp>"));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<accomp>"));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfRej", "<pcomp>"))
        << "the server's PFC request is rejected";
    EXPECT_FALSE(any_line_with(p.client_rec.logs, "sent [LCP ConfRej", "<accomp>"));
}

TEST(SessionOptions, NoaccompNeitherRequestsNorAllowsAcfc) {
    SessionPair p(client_with("-ac"), SessionPair::server_defaults());
    run_to_running(p);
    EXPECT_FALSE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<accomp>"));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<pcomp>"));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfRej", "<accomp>"));
}

TEST(SessionOptions, NomagicNeitherRequestsNorAllowsAMagicNumber) {
    SessionPair p(client_with("nomagic"), SessionPair::server_defaults());
    run_to_running(p);
    EXPECT_FALSE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<magic "));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfRej", "<magic "));
    // Still a working link: IP passes.
    std::vector<std::uint8_t> packet(40, 0);
    packet[0] = 0x45;
    p.client.send_ipv4(p.now, packet);
    p.pump();
    EXPECT_EQ(p.server_rec.delivered.size(), 1u);
}

TEST(SessionOptions, LcpMaxConfigureAndRestartBoundASilentPeer) {
    const auto cc = client_with("lcp-max-configure 3 lcp-restart 2");
    SessionPair p(cc, SessionPair::server_defaults());
    p.drop = [](bool from_client, int) { return from_client; };  // the server never hears us
    p.client.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed);
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent [LCP ConfReq"), 3);
    EXPECT_EQ(p.now - Time{}, std::chrono::seconds(6)) << "three restart periods of 2 s";
}

TEST(SessionOptions, LcpMaxTerminateBoundsTheTerminateRequests) {
    SessionPair p(client_with("lcp-max-terminate 4"), SessionPair::server_defaults());
    run_to_running(p);
    p.drop = [](bool from_client, int) { return from_client; };  // from now on the server hears nothing
    p.client.close(p.now, "User request");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent [LCP TermReq"), 4);
}

TEST(SessionOptions, MaxFailureAndMaxTerminateReachBothAutomata) {
    // The automaton's Nak-to-Reject switch itself is covered in test_fsm.
    const auto c = client_with("lcp-max-failure 2 ipcp-max-failure 7 ipcp-max-terminate 6");
    EXPECT_EQ(c.max_failure, 2);
    EXPECT_EQ(c.ipcp_max_failure, 7);
    EXPECT_EQ(c.ipcp_max_terminate, 6);
    EXPECT_EQ(c.max_terminate, 2) << "LCP keeps its default";
}

TEST(SessionOptions, IpcpHasItsOwnMaxConfigureAndRestart) {
    const auto cc = client_with("ipcp-max-configure 2 ipcp-restart 5 lcp-max-configure 10 lcp-restart 1");
    SessionPair p(cc, SessionPair::server_defaults());
    // LCP and authentication pass; the server never hears the client's IPCP.
    p.drop_chunk = [](bool from_client, const std::vector<std::uint8_t>& chunk) {
        if (!from_client) return false;
        const std::string s(chunk.begin(), chunk.end());
        // The IPCP protocol number: neither byte is ever HDLC-escaped.
        return s.find("\x80\x21") != std::string::npos;
    };
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent [IPCP ConfReq"), 2);
}

TEST(SessionOptions, MsDnsIsWhatAPeerAskingForDnsIsGiven) {
    auto sc = SessionPair::server_defaults();
    config::PeerOptions o;
    config::parse_options("ms-dns 10.9.0.1 ms-dns 10.9.0.2", "peers/server", o);
    o.local_ip = sc.local_ip;
    o.remote_ip = sc.remote_ip;
    apply_link_options(o, sc);
    SessionPair p(client_with("usepeerdns"), sc);
    run_to_running(p);
    ASSERT_TRUE(p.client_rec.up);
    ASSERT_TRUE(p.client_rec.up->dns1 && p.client_rec.up->dns2);
    EXPECT_EQ(p.client_rec.up->dns1->to_string(), "10.9.0.1");
    EXPECT_EQ(p.client_rec.up->dns2->to_string(), "10.9.0.2");
}

TEST(SessionOptions, WithoutMsDnsADnsRequestIsRejected) {
    SessionPair p(client_with("usepeerdns"), SessionPair::server_defaults());
    run_to_running(p);
    ASSERT_TRUE(p.client_rec.up);
    EXPECT_FALSE(p.client_rec.up->dns1);
    EXPECT_TRUE(any_line_with(p.server_rec.logs, "sent [IPCP ConfRej", "ms-dns1"));
}

TEST(SessionOptions, DefaultAsyncmapNeitherRequestsNorAllowsAnAccm) {
    SessionPair p(client_with("default-asyncmap"), SessionPair::server_defaults());
    run_to_running(p);
    EXPECT_FALSE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<asyncmap "));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfRej", "<asyncmap "));
    std::vector<std::uint8_t> packet(40, 0x01);
    packet[0] = 0x45;
    p.client.send_ipv4(p.now, packet);
    p.pump();
    ASSERT_EQ(p.server_rec.delivered.size(), 1u);
    EXPECT_EQ(p.server_rec.delivered[0], packet);
}

// ---- passive, silent

TEST(SessionOptions, PassiveWaitsPastMaxConfigureForAPeerThatStartsLate) {
    SessionPair p(client_with("passive lcp-max-configure 3 lcp-restart 2"), SessionPair::server_defaults());
    p.client.open(p.now);  // the server is not listening yet
    for (int i = 0; i < 10 && p.advance(); ++i) p.pump();
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent [LCP ConfReq"), 3);
    EXPECT_FALSE(p.client_rec.finished_status) << "passive: no giving up after lcp-max-configure";
    EXPECT_EQ(p.client.phase(), Phase::Establish);
    EXPECT_FALSE(p.client.next_deadline()) << "waiting, not retrying";

    p.now += std::chrono::minutes(5);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_running(p); }));
    EXPECT_FALSE(p.client_rec.finished_status);
}

TEST(SessionOptions, WithoutPassiveTheSameLinkGivesUp) {
    SessionPair p(client_with("lcp-max-configure 3 lcp-restart 2"), SessionPair::server_defaults());
    p.client.open(p.now);
    for (int i = 0; i < 10 && p.advance(); ++i) p.pump();
    ASSERT_TRUE(p.client_rec.finished_status);
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed);
}

TEST(SessionOptions, PassiveStillClosesOnRequestWhileWaiting) {
    SessionPair p(client_with("passive lcp-max-configure 2 lcp-restart 1"), SessionPair::server_defaults());
    p.client.open(p.now);
    for (int i = 0; i < 10 && p.advance(); ++i) p.pump();
    ASSERT_FALSE(p.client_rec.finished_status);
    p.client.close(p.now, "User request");
    ASSERT_TRUE(p.client_rec.finished_status);
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::UserRequest);
}

TEST(SessionOptions, SilentSendsNothingUntilThePeersConfigureRequest) {
    SessionPair p(client_with("silent"), SessionPair::server_defaults());
    p.client.open(p.now);
    EXPECT_TRUE(p.client_rec.sent.empty());
    EXPECT_FALSE(p.client.next_deadline()) << "no restart timer: nothing to retransmit";
    p.now += std::chrono::minutes(10);
    p.client.tick(p.now);
    EXPECT_TRUE(p.client_rec.sent.empty());
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent ["), 0);
    EXPECT_EQ(p.client.phase(), Phase::Establish);

    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_running(p); }));
    // What the silent side sent first answers the server's request.
    const auto first_sent = std::find_if(p.client_rec.logs.begin(), p.client_rec.logs.end(),
                                         [](const std::string& l) { return l.rfind("sent [", 0) == 0; });
    const auto first_rcvd = std::find_if(p.client_rec.logs.begin(), p.client_rec.logs.end(),
                                         [](const std::string& l) { return l.rfind("rcvd [LCP ConfReq", 0) == 0; });
    ASSERT_NE(first_rcvd, p.client_rec.logs.end());
    EXPECT_LT(first_rcvd - p.client_rec.logs.begin(), first_sent - p.client_rec.logs.begin());
}

TEST(SessionOptions, BothSidesSilentNeverStart) {
    SessionPair p(client_with("silent"), client_with("silent"));
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    EXPECT_FALSE(p.advance());
    EXPECT_EQ(p.client.phase(), Phase::Establish);
    EXPECT_EQ(p.server.phase(), Phase::Establish);
}

// ---- default-mru

TEST(SessionOptions, DefaultMruNeitherRequestsNorAllowsAnMru) {
    auto sc = SessionPair::server_defaults();
    sc.mru = 1000;  // the server asks us to send at most 1000
    SessionPair p(client_with("default-mru mru 1200"), sc);
    run_to_running(p);
    EXPECT_FALSE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<mru "));
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfRej", "<mru 1000>"));
    ASSERT_TRUE(p.client_rec.up && p.server_rec.up);
    EXPECT_EQ(p.client_rec.up->mru, 1500);
    EXPECT_EQ(p.client_rec.up->mtu, 1500) << "the server's MRU was refused: 1500 both ways";
    EXPECT_EQ(p.server_rec.up->mtu, 1500);
    // A 1500-byte packet crosses in both directions.
    std::vector<std::uint8_t> packet(1500, 0x55);
    packet[0] = 0x45;
    p.client.send_ipv4(p.now, packet);
    p.server.send_ipv4(p.now, packet);
    p.pump();
    EXPECT_EQ(p.server_rec.delivered.size(), 1u);
    EXPECT_EQ(p.client_rec.delivered.size(), 1u);
}

// ---- lcp-echo-adaptive

namespace {

// Runs `seconds` of fake time in steps of one second; with `traffic` the
// server sends the client an IPv4 packet every second.
void run_seconds(SessionPair& p, int seconds, bool traffic) {
    std::vector<std::uint8_t> packet(40, 0);
    packet[0] = 0x45;
    for (int i = 0; i < seconds; ++i) {
        p.now += std::chrono::seconds(1);
        if (traffic) p.server.send_ipv4(p.now, packet);
        p.pump();
        p.client.tick(p.now);
        p.server.tick(p.now);
        p.pump();
    }
}

}  // namespace

TEST(SessionOptions, AdaptiveEchoIsSentOnlyWhenNothingWasReceived) {
    SessionPair p(client_with("lcp-echo-interval 5 lcp-echo-failure 2 lcp-echo-adaptive"),
                  SessionPair::server_defaults());
    run_to_running(p);
    run_seconds(p, 30, true);
    EXPECT_EQ(count_prefix(p.client_rec.logs, "sent [LCP EchoReq"), 0) << "data from the peer shows it is alive";
    EXPECT_FALSE(p.client_rec.finished_status);
    run_seconds(p, 11, false);
    EXPECT_GE(count_prefix(p.client_rec.logs, "sent [LCP EchoReq"), 1) << "an idle link is probed";
    EXPECT_GE(count_prefix(p.client_rec.logs, "rcvd [LCP EchoRep"), 1);
    EXPECT_EQ(p.client.phase(), Phase::Running);
}

TEST(SessionOptions, WithoutAdaptiveEchoesAreSentWhileDataFlows) {
    SessionPair p(client_with("lcp-echo-interval 5 lcp-echo-failure 2"), SessionPair::server_defaults());
    run_to_running(p);
    run_seconds(p, 30, true);
    EXPECT_GE(count_prefix(p.client_rec.logs, "sent [LCP EchoReq"), 5);
}

TEST(SessionOptions, AdaptiveEchoStillFindsADeadPeer) {
    SessionPair p(client_with("lcp-echo-interval 5 lcp-echo-failure 2 lcp-echo-adaptive"),
                  SessionPair::server_defaults());
    run_to_running(p);
    run_seconds(p, 12, true);
    p.drop = [](bool from_client, int) { return !from_client; };  // the server falls silent
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }, std::chrono::seconds(60)));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::PeerDead);
}

// ---- escape, xonxoff

namespace {

// Whether `line` holds `part` as consecutive bytes.
bool has_bytes(const std::vector<std::uint8_t>& line, const std::vector<std::uint8_t>& part) {
    return std::search(line.begin(), line.end(), part.begin(), part.end()) != line.end();
}

}  // namespace

TEST(SessionOptions, EscapeCharactersAreEscapedOnEveryFrameWeSend) {
    SessionPair p(client_with("escape 41,ff"), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    // Our LCP frames too: the address byte 0xff goes out as 7d df (and the
    // control byte 0x03 as 7d 23, as on every LCP frame).
    ASSERT_FALSE(p.client_rec.sent.empty());
    EXPECT_TRUE(has_bytes(p.client_rec.sent[0], {0x7e, 0x7d, 0xdf, 0x7d, 0x23, 0xc0, 0x21}));
    ASSERT_TRUE(p.run_until([&] { return both_running(p); }));

    p.client_rec.sent.clear();
    const std::vector<std::uint8_t> packet = {0x45, 0x41, 0x42, 0xff, 0x41, 0x01};
    p.client.send_ipv4(p.now, packet);
    ASSERT_EQ(p.client_rec.sent.size(), 1u);
    const auto& line = p.client_rec.sent[0];
    EXPECT_TRUE(has_bytes(line, {0x45, 0x7d, 0x61, 0x42, 0x7d, 0xdf, 0x7d, 0x61, 0x01})) << "0x01: asyncmap 0";
    p.pump();
    ASSERT_EQ(p.server_rec.delivered.size(), 1u);
    EXPECT_EQ(p.server_rec.delivered[0], packet);
    // The other direction is the server's business: it escapes nothing extra.
    p.server_rec.sent.clear();
    p.server.send_ipv4(p.now, packet);
    ASSERT_EQ(p.server_rec.sent.size(), 1u);
    EXPECT_TRUE(has_bytes(p.server_rec.sent[0], {0x45, 0x41, 0x42, 0xff, 0x41, 0x01}));
}

TEST(SessionOptions, XonxoffAsksThePeerToEscapeXonAndXoff) {
    SessionPair p(client_with("xonxoff"), SessionPair::server_defaults());
    run_to_running(p);
    EXPECT_TRUE(any_line_with(p.client_rec.logs, "sent [LCP ConfReq", "<asyncmap 0xa0000>"));
    p.server_rec.sent.clear();
    const std::vector<std::uint8_t> packet = {0x45, 0x11, 0x13, 0x12, 0x01};
    p.server.send_ipv4(p.now, packet);
    ASSERT_EQ(p.server_rec.sent.size(), 1u);
    EXPECT_TRUE(has_bytes(p.server_rec.sent[0], {0x45, 0x7d, 0x31, 0x7d, 0x33, 0x12, 0x01}));
    p.pump();
    ASSERT_EQ(p.client_rec.delivered.size(), 1u);
    EXPECT_EQ(p.client_rec.delivered[0], packet);
}

TEST(SessionOptions, XonxoffAddsToTheAsyncmapAndFollowsTheFlowGroup) {
    EXPECT_EQ(client_with("asyncmap 1 xonxoff").asyncmap, 0x000a0001u);
    EXPECT_EQ(client_with("crtscts xonxoff").asyncmap, 0x000a0000u);
    EXPECT_EQ(client_with("xonxoff crtscts").asyncmap, 0u) << "crtscts given last: no software flow control";
    EXPECT_EQ(client_with("").asyncmap, 0u);
}
