#include <gtest/gtest.h>

#include <cstdio>

#include "core/frame.hpp"
#include "core/hdlc.hpp"
#include "core/packet.hpp"
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
    int requests = 0;
    for (const auto& l : p.client_rec.logs) requests += l.rfind("sent [LCP ConfReq", 0) == 0;
    EXPECT_EQ(requests, 4) << "max-configure Configure-Requests, then give up";
    EXPECT_EQ(p.now - Time{}, 4 * cc.restart) << "one restart period after each";
    EXPECT_FALSE(p.client.next_deadline());
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
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::Ok);  // pppd: up, then terminated at the peer's request
    EXPECT_NE(p.server_rec.finished_reason.find("User request"), std::string::npos);
    EXPECT_EQ(p.client_rec.downs, 1);
    EXPECT_EQ(p.server_rec.downs, 1);
    EXPECT_EQ(p.client_rec.phases, (std::vector<Phase>{Phase::Establish, Phase::Network, Phase::Running,
                                                        Phase::Terminate, Phase::Dead}));
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

TEST(Session, NegotiationNeedsFewRoundTripsAndNoTimer) {
    auto cc = SessionPair::client_defaults();
    cc.request_dns = true;
    auto sc = SessionPair::server_defaults();
    sc.dns1 = Ipv4{0x0a400035};
    sc.dns2 = Ipv4{0x0a400036};
    SessionPair p(cc, sc);
    p.client.open(p.now);
    p.server.open(p.now);
    // One exchange = everything in flight delivered once in both directions:
    // LCP Req/Req, Ack/Ack, IPCP Req/Req, Nak(addr, dns)/Ack, Req/-, Ack.
    const int exchanges = p.pump();
    ASSERT_TRUE(both_running(p));
    EXPECT_LE(exchanges, 10) << "link-up to IPCP Opened within 5 round trips";
    EXPECT_EQ(exchanges, 6);
    EXPECT_EQ(p.now, Time{}) << "no restart timer was needed";
}

TEST(Session, PeerNaksOurTooSmallMru) {
    auto cc = SessionPair::client_defaults();
    cc.mru = 64;  // below the minimum the server accepts
    SessionPair p(cc, SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    EXPECT_EQ(p.client.network()->mru, 128);
    EXPECT_EQ(p.server.network()->mtu, 128);
    bool naked = false;
    for (const auto& l : p.server_rec.logs) naked |= l.find("sent [LCP ConfNak") == 0 && l.find("<mru 128>") != l.npos;
    EXPECT_TRUE(naked);
    // The server never sends the client more than it can take.
    p.server.send_ipv4(p.now, icmp_like_packet(128));
    p.server.send_ipv4(p.now, icmp_like_packet(129));
    p.pump();
    ASSERT_EQ(p.client_rec.delivered.size(), 1u);
    EXPECT_EQ(p.client_rec.delivered[0].size(), 128u);
}

TEST(Session, ServerNaksTheClientsAddress) {
    auto cc = SessionPair::client_defaults();
    cc.local_ip = Ipv4{0x0a4000ee};  // 10.64.0.238, not what the server assigns
    cc.accept_local = true;
    SessionPair p(cc, SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    EXPECT_EQ(p.client.network()->local.to_string(), "10.64.0.2");
    bool naked = false;
    for (const auto& l : p.server_rec.logs)
        naked |= l.find("sent [IPCP ConfNak") == 0 && l.find("<addr 10.64.0.2>") != l.npos;
    EXPECT_TRUE(naked);
}

TEST(Session, ServerCloseTerminatesTheClient) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    p.server.close(p.now, "Shutting down");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; }));
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::UserRequest);
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::Ok);
    EXPECT_NE(p.client_rec.finished_reason.find("Shutting down"), std::string::npos) << p.client_rec.finished_reason;
    EXPECT_EQ(p.client_rec.phases.back(), Phase::Dead);
    EXPECT_FALSE(p.client.network());
    EXPECT_FALSE(p.client.next_deadline());
    EXPECT_FALSE(p.server.next_deadline());
}

TEST(Session, CloseWhileEstablishingIsAUserRequest) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.drop = [](bool from_client, int) { return from_client; };
    p.client.open(p.now);
    p.client.close(p.now, "changed my mind");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::UserRequest);
    EXPECT_EQ(p.client_rec.finished_reason, "changed my mind");
}

TEST(Session, ASessionCanBeOpenedAgainAfterItFinished) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    for (int attempt = 0; attempt < 2; ++attempt) {
        p.client_rec.finished_status.reset();
        p.client_rec.up.reset();
        p.client.open(p.now);
        p.server.open(p.now);
        p.pump();
        ASSERT_TRUE(both_running(p)) << "attempt " << attempt;
        EXPECT_EQ(p.client_rec.up->local.to_string(), "10.64.0.2");
        p.client.lower_down(p.now);
        p.server.lower_down(p.now);
        ASSERT_TRUE(p.client_rec.finished_status);
        EXPECT_EQ(p.client.phase(), Phase::Dead);
        p.client_rec.sent.clear();
        p.server_rec.sent.clear();
    }
}

TEST(Session, RandomLossIsAlwaysRecovered) {
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
        std::uint32_t x = seed * 2654435761u;
        p.drop = [&x](bool, int) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            return x % 3 == 0;  // a third of all frames lost
        };
        p.client.open(p.now);
        p.server.open(p.now);
        const bool ok = p.run_until([&] { return both_running(p) || p.client_rec.finished_status.has_value(); });
        if (!ok || !both_running(p)) {
            // Losing max-configure requests in a row is a legitimate failure.
            ASSERT_TRUE(p.client_rec.finished_status) << "seed " << seed;
            EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed) << "seed " << seed;
            continue;
        }
        EXPECT_EQ(p.client.network()->local.to_string(), "10.64.0.2") << "seed " << seed;
    }
}

TEST(Session, ByteAtATimeInputWorks) {
    ppp::test::Recorder crec, srec;
    Session client(SessionPair::client_defaults(), crec);
    Session server(SessionPair::server_defaults(), srec);
    Time now{};
    client.open(now);
    server.open(now);
    for (int round = 0; round < 20; ++round) {
        auto c = std::move(crec.sent);
        auto s = std::move(srec.sent);
        crec.sent.clear();
        srec.sent.clear();
        for (auto& chunk : c)
            for (auto b : chunk) server.input(now, Bytes{&b, 1});
        for (auto& chunk : s)
            for (auto b : chunk) client.input(now, Bytes{&b, 1});
    }
    EXPECT_EQ(client.phase(), Phase::Running);
    EXPECT_EQ(server.phase(), Phase::Running);
}

TEST(Session, WellFramedGarbageInEveryPhaseNeverCrashesAndIsCounted) {
    // Frames with a good FCS and random content reach every parser.
    const std::uint16_t protocols[] = {proto::kLcp, proto::kIpcp, proto::kIpv4, proto::kChap, 0x8057, 0x1234};
    std::uint32_t x = 99;
    auto rnd = [&x] {
        x = x * 1664525u + 1013904223u;
        return x >> 8;
    };
    for (int phase_target = 0; phase_target < 2; ++phase_target) {
        SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
        p.client.open(p.now);
        p.server.open(p.now);
        if (phase_target == 1) {
            p.pump();
            ASSERT_TRUE(both_running(p));
        }
        for (int i = 0; i < 3000; ++i) {
            std::vector<std::uint8_t> info(rnd() % 40);
            for (auto& b : info) b = static_cast<std::uint8_t>(rnd());
            if (info.size() >= 4 && rnd() % 2) {
                info[0] = static_cast<std::uint8_t>(1 + rnd() % 12);  // a plausible code
                info[2] = 0;
                info[3] = static_cast<std::uint8_t>(info.size() - rnd() % 3);
            }
            std::vector<std::uint8_t> frame, line;
            build_frame(protocols[rnd() % 6], info, false, false, frame);
            hdlc::encode(frame, hdlc::kDefaultAccm, line);
            p.client.input(p.now, line);
            p.client_rec.sent.clear();
            if (i % 100 == 0) {
                p.now += std::chrono::seconds(1);
                p.client.tick(p.now);
            }
        }
        EXPECT_GT(p.client.stats().malformed, 0u);
    }
}

TEST(Session, LcpRenegotiationWhileRunningComesBackUp) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(both_running(p));
    // The peer starts LCP over (RFC 1661: a Configure-Request in Opened).
    std::vector<std::uint8_t> req, frame, line;
    const std::uint8_t magic[4] = {0x11, 0x22, 0x33, 0x44};
    std::vector<std::uint8_t> options;
    put_option(5, Bytes{magic, 4}, options);
    put_packet(code::kConfReq, 0x77, options, req);
    build_frame(proto::kLcp, req, false, false, frame);
    hdlc::encode(frame, hdlc::kDefaultAccm, line);
    p.client.input(p.now, line);
    EXPECT_EQ(p.client.phase(), Phase::Establish);
    EXPECT_EQ(p.client_rec.downs, 1);
    EXPECT_FALSE(p.client.network());
    ASSERT_TRUE(p.run_until([&] { return both_running(p); }));
    EXPECT_EQ(p.client.network()->local.to_string(), "10.64.0.2");
    EXPECT_FALSE(p.client_rec.finished_status);
}

TEST(Session, CorruptedNegotiationNeverHangsOrCrashes) {
    // Bytes of control packets are changed in flight (and the FCS made good
    // again), so both automata see nonsense from a peer that otherwise
    // behaves. Every run must end up Running or finished, in bounded time.
    int running = 0, failed = 0;
    for (std::uint32_t seed = 1; seed <= 150; ++seed) {
        auto cc = SessionPair::client_defaults();
        cc.request_dns = true;
        auto sc = SessionPair::server_defaults();
        sc.dns1 = Ipv4{0x0a400035};
        SessionPair p(cc, sc);
        std::uint32_t x = seed * 2246822519u;
        auto rnd = [&x] {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            return x;
        };
        hdlc::Decoder decoder(4096);
        p.mutate = [&](bool, std::vector<std::uint8_t>& chunk) {
            if (rnd() % 4 != 0) return;
            Bytes in{chunk};
            if (!decoder.next(in)) return;
            std::vector<std::uint8_t> frame(decoder.frame().begin(), decoder.frame().end());
            const int flips = 1 + static_cast<int>(rnd() % 3);
            for (int i = 0; i < flips && frame.size() > 4; ++i)
                frame[4 + rnd() % (frame.size() - 4)] = static_cast<std::uint8_t>(rnd());
            if (rnd() % 5 == 0 && frame.size() > 5) frame.resize(4 + rnd() % (frame.size() - 4));  // truncate
            chunk.clear();
            hdlc::encode(frame, hdlc::kDefaultAccm, chunk);
        };
        p.client.open(p.now);
        p.server.open(p.now);
        p.run_until([&] { return both_running(p) || p.client_rec.finished_status || p.server_rec.finished_status; },
                    std::chrono::minutes(10));
        const bool done = both_running(p) || p.client_rec.finished_status || p.server_rec.finished_status;
        EXPECT_TRUE(done) << "seed " << seed << ": client " << to_string(p.client.phase()) << ", server "
                          << to_string(p.server.phase());
        running += both_running(p);
        failed += !both_running(p);
    }
    EXPECT_GT(running, 0);
    std::printf("corrupted negotiations: %d running, %d finished\n", running, failed);
}
