#include <gtest/gtest.h>

#include "core/frame.hpp"
#include "core/hdlc.hpp"
#include "session_pair.hpp"

using namespace ppp;
using ppp::test::SessionPair;

namespace {

bool both_running(SessionPair& p) {
    return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running;
}

std::vector<std::uint8_t> icmp_like_packet(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    v[0] = 0x45;
    for (std::size_t i = 1; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 7);
    return v;
}

}  // namespace

TEST(Session, BackToBackReachesRunningAndClientLearnsItsAddress) {
    auto cc = SessionPair::client_defaults();
    cc.request_dns = true;
    auto sc = SessionPair::server_defaults();
    sc.dns1 = Ipv4{0x0a400035};
    sc.dns2 = Ipv4{0x08080808};
    SessionPair p(cc, sc);
    p.client.open(p.now);
    p.server.open(p.now);
    const int rounds = p.pump();
    ASSERT_TRUE(both_running(p)) << "client phase " << to_string(p.client.phase());
    // Link-up to IPCP Opened in at most 5 round trips (10 one-way deliveries), no timers needed.
    EXPECT_LE(rounds, 10);
    ASSERT_TRUE(p.client_rec.up);
    EXPECT_EQ(p.client_rec.up->local.to_string(), "10.64.0.2");
    EXPECT_EQ(p.client_rec.up->remote.to_string(), "10.64.0.1");
    ASSERT_TRUE(p.client_rec.up->dns1);
    EXPECT_EQ(p.client_rec.up->dns1->to_string(), "10.64.0.53");
    ASSERT_TRUE(p.client_rec.up->dns2);
    EXPECT_EQ(p.client_rec.up->dns2->to_string(), "8.8.8.8");
    ASSERT_TRUE(p.server_rec.up);
    EXPECT_EQ(p.server_rec.up->local.to_string(), "10.64.0.1");
    EXPECT_EQ(p.server_rec.up->remote.to_string(), "10.64.0.2");
    EXPECT_EQ(p.client_rec.phases, (std::vector<Phase>{Phase::Establish, Phase::Network, Phase::Running}));
}

TEST(Session, Ipv4PacketsPassBothWaysAndAreCounted) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    const auto pkt = icmp_like_packet(84);
    p.client.send_ipv4(p.now, pkt);
    p.client.send_ipv4(p.now, pkt);
    p.server.send_ipv4(p.now, icmp_like_packet(1500));
    p.pump();
    ASSERT_EQ(p.server_rec.delivered.size(), 2u);
    EXPECT_EQ(p.server_rec.delivered[0], pkt);
    ASSERT_EQ(p.client_rec.delivered.size(), 1u);
    EXPECT_EQ(p.client_rec.delivered[0].size(), 1500u);
    EXPECT_EQ(p.client.stats().tx_packets, 2u);
    EXPECT_EQ(p.client.stats().tx_bytes, 168u);
    EXPECT_EQ(p.server.stats().rx_packets, 2u);
    EXPECT_EQ(p.client.stats().rx_bytes, 1500u);
}

TEST(Session, IpPacketsBeforeRunningAreDropped) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.client.send_ipv4(p.now, icmp_like_packet(40));
    EXPECT_EQ(p.client.stats().tx_packets, 0u);
}

TEST(Session, LostFramesAreRecoveredByTheRestartTimer) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    // Lose the first two frames in each direction.
    p.drop = [](bool, int index) { return index < 2; };
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_running(p); }));
    EXPECT_GE(p.now - Time{}, std::chrono::seconds(3)) << "recovery needs at least one restart timeout";
    EXPECT_EQ(p.client_rec.up->local.to_string(), "10.64.0.2");
}

TEST(Session, SilentPeerFailsAfterMaxConfigure) {
    auto cc = SessionPair::client_defaults();
    cc.max_configure = 4;
    SessionPair p(cc, SessionPair::server_defaults());
    p.drop = [](bool from_client, int) { return from_client; };  // the server never hears us
    p.client.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed);
    EXPECT_EQ(p.client.phase(), Phase::Dead);
    EXPECT_NE(p.client_rec.finished_reason.find("timeout"), std::string::npos);
}

TEST(Session, CloseTerminatesBothSides) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    p.client.close(p.now, "User request");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::UserRequest);
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::Hangup);
    EXPECT_NE(p.server_rec.finished_reason.find("User request"), std::string::npos);
    EXPECT_EQ(p.client_rec.downs, 1);
    EXPECT_EQ(p.server_rec.downs, 1);
    EXPECT_EQ(p.client.phase(), Phase::Dead);
    EXPECT_EQ(p.server.phase(), Phase::Dead);
}

TEST(Session, LowerDownIsAHangup) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    p.client.lower_down(p.now);
    ASSERT_TRUE(p.client_rec.finished_status);
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::Hangup);
    EXPECT_EQ(p.client.phase(), Phase::Dead);
    EXPECT_FALSE(p.client.next_deadline()) << "a dead session arms no timer";
}

TEST(Session, EchoFailureDetectsADeadPeer) {
    auto cc = SessionPair::client_defaults();
    cc.echo_interval = std::chrono::seconds(5);
    cc.echo_failure = 3;
    SessionPair p(cc, SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    bool dead = false;
    p.drop = [&](bool from_client, int) { return dead && !from_client; };
    dead = true;  // from now on the server's frames are lost
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::PeerDead);
}

TEST(Session, EchoesKeepALiveLinkUp) {
    auto cc = SessionPair::client_defaults();
    cc.echo_interval = std::chrono::seconds(5);
    cc.echo_failure = 2;
    SessionPair p(cc, SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    const Time end = p.now + std::chrono::seconds(60);
    while (p.now < end) {
        ASSERT_TRUE(p.advance());
        p.pump();
    }
    EXPECT_FALSE(p.client_rec.finished_status);
    EXPECT_EQ(p.client.phase(), Phase::Running);
}

TEST(Session, LoopedBackLineIsDetected) {
    ppp::test::Recorder rec;
    auto cc = SessionPair::client_defaults();
    Session s(cc, rec);
    Time now{};
    s.open(now);
    for (int i = 0; i < 20 && !rec.finished_status; ++i) {
        auto sent = std::move(rec.sent);
        rec.sent.clear();
        for (auto& chunk : sent) s.input(now, chunk);  // everything we send comes back
        if (sent.empty()) {
            now += std::chrono::seconds(3);
            s.tick(now);
        }
    }
    ASSERT_TRUE(rec.finished_status);
    EXPECT_EQ(*rec.finished_status, ExitStatus::Loopback);
}

TEST(Session, GarbageNeverCrashesAndIsCounted) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    std::uint32_t x = 12345;
    std::vector<std::uint8_t> junk(4096);
    for (int round = 0; round < 200; ++round) {
        for (auto& b : junk) {
            x = x * 1103515245u + 12345u;
            b = static_cast<std::uint8_t>(x >> 16);
        }
        p.client.input(p.now, junk);
    }
    EXPECT_GT(p.client.stats().bad_frames, 0u);
}

TEST(Session, MalformedControlPacketsAreDiscardedAndCounted) {
    ppp::test::Recorder rec;
    Session s(SessionPair::client_defaults(), rec);
    Time now{};
    s.open(now);
    const std::vector<std::vector<std::uint8_t>> bad_lcp = {
        {0x01, 0x01, 0x00, 0x08, 0x01, 0x00, 0x05, 0xdc},  // option length 0
        {0x01, 0x02, 0x00, 0x07, 0x05, 0x01, 0x00},        // option length 1
        {0x01, 0x03, 0x00, 0x08, 0x05, 0x09, 0x00, 0x00},  // option runs past the packet
        {0x01, 0x04, 0x00, 0x40, 0x01, 0x04},              // Length beyond the frame
        {0x01, 0x05, 0x00, 0x02},                          // Length below 4
        {0x01},                                            // truncated header
    };
    for (const auto& info : bad_lcp) {
        std::vector<std::uint8_t> frame, line;
        build_frame(proto::kLcp, info, false, false, frame);
        hdlc::encode(frame, hdlc::kDefaultAccm, line);
        rec.sent.clear();
        s.input(now, line);
        EXPECT_TRUE(rec.sent.empty()) << "no reply to a malformed packet";
    }
    EXPECT_EQ(s.stats().malformed, bad_lcp.size());
}
