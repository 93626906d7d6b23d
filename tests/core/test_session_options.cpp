// pppd options reaching the session: each parsed from option text, applied
// with apply_link_options, and observed on the wire between two sessions.
#include <gtest/gtest.h>

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
