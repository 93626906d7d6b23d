// IPCP (RFC 1332 + RFC 1877 DNS) in both roles against a scripted peer.
#include <gtest/gtest.h>

#include "wire.hpp"

using namespace ppp;
using ppp::test::find;
using ppp::test::ScriptedPeer;
using ppp::test::SentPacket;
using ppp::test::SessionPair;

namespace {

constexpr std::uint8_t kVj = 2, kAddr = 3, kDns1 = 129, kDns2 = 131;

std::vector<std::uint8_t> addr_opt(std::uint8_t type, const char* dotted) {
    const auto a = Ipv4::parse(dotted);
    EXPECT_TRUE(a) << dotted;
    std::vector<std::uint8_t> out;
    put_option_u32(type, a ? a->value : 0, out);
    return out;
}

std::vector<std::uint8_t> cat(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::vector<std::uint8_t> data_of(const std::optional<SentPacket>& p) {
    EXPECT_TRUE(p);
    if (!p) return {};
    return {p->data().begin(), p->data().end()};
}

// A server session whose LCP is Opened; the test plays the client's IPCP.
struct ServerUnderTest : ScriptedPeer {
    explicit ServerUnderTest(SessionConfig c = SessionPair::server_defaults()) : ScriptedPeer(c) {
        auto sent = open_lcp();
        own_request = *find(sent, proto::kIpcp, code::kConfReq);
    }
    SentPacket own_request;
};

struct ClientUnderTest : ScriptedPeer {
    explicit ClientUnderTest(SessionConfig c = SessionPair::client_defaults()) : ScriptedPeer(c) {
        auto sent = open_lcp();
        own_request = *find(sent, proto::kIpcp, code::kConfReq);
    }
    SentPacket own_request;
};

}  // namespace

TEST(IpcpServer, RequestsItsOwnAddress) {
    ServerUnderTest s;
    EXPECT_EQ(data_of(s.own_request), addr_opt(kAddr, "10.64.0.1"));
}

TEST(IpcpServer, NaksAZeroAddressWithTheAssignedOne) {
    ServerUnderTest s;
    s.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "0.0.0.0"));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfNak)), addr_opt(kAddr, "10.64.0.2"));
}

TEST(IpcpServer, NaksAWrongAddressUnlessAcceptRemote) {
    ServerUnderTest s;
    s.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "192.168.1.7"));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfNak)), addr_opt(kAddr, "10.64.0.2"));

    auto c = SessionPair::server_defaults();
    c.accept_remote = true;
    ServerUnderTest lenient(c);
    lenient.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "192.168.1.7"));
    EXPECT_EQ(data_of(find(lenient.take(), proto::kIpcp, code::kConfAck)), addr_opt(kAddr, "192.168.1.7"));
}

TEST(IpcpServer, NaksDnsRequestsWithItsServers) {
    auto c = SessionPair::server_defaults();
    c.dns1 = Ipv4::parse("10.64.0.53");
    c.dns2 = Ipv4::parse("10.64.0.54");
    ServerUnderTest s(c);
    s.send_control(proto::kIpcp, code::kConfReq, 1,
                   cat({addr_opt(kAddr, "10.64.0.2"), addr_opt(kDns1, "0.0.0.0"), addr_opt(kDns2, "0.0.0.0")}));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfNak)),
              cat({addr_opt(kDns1, "10.64.0.53"), addr_opt(kDns2, "10.64.0.54")}));
    // Asked again with the right values: Ack.
    s.send_control(proto::kIpcp, code::kConfReq, 2,
                   cat({addr_opt(kAddr, "10.64.0.2"), addr_opt(kDns1, "10.64.0.53"), addr_opt(kDns2, "10.64.0.54")}));
    EXPECT_TRUE(find(s.take(), proto::kIpcp, code::kConfAck));
}

TEST(IpcpServer, RejectsDnsRequestsWhenItHasNone) {
    ServerUnderTest s;
    s.send_control(proto::kIpcp, code::kConfReq, 1,
                   cat({addr_opt(kAddr, "0.0.0.0"), addr_opt(kDns1, "0.0.0.0"), addr_opt(kDns2, "0.0.0.0")}));
    // Rejects come first: the Nak of the address waits for the next request.
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfRej)),
              cat({addr_opt(kDns1, "0.0.0.0"), addr_opt(kDns2, "0.0.0.0")}));
}

TEST(IpcpServer, RejectsVanJacobsonCompressionAndUnknownOptions) {
    ServerUnderTest s;
    const std::vector<std::uint8_t> vj = {kVj, 6, 0x00, 0x2d, 0x0f, 0x01};
    const std::vector<std::uint8_t> unknown = {0x99, 3, 0x01};
    s.send_control(proto::kIpcp, code::kConfReq, 1, cat({vj, addr_opt(kAddr, "10.64.0.2"), unknown}));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfRej)), cat({vj, unknown}));
}

TEST(IpcpServer, WrongSizedAddressIsRejected) {
    ServerUnderTest s;
    const std::vector<std::uint8_t> odd = {kAddr, 5, 10, 64, 0};
    s.send_control(proto::kIpcp, code::kConfReq, 1, odd);
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfRej)), odd);
}

TEST(IpcpServer, UnknownCodeIsCodeRejected) {
    ServerUnderTest s;
    const auto echo = ppp::test::control_packet(code::kEchoReq, 1, {0, 0, 0, 0});  // not an IPCP code
    s.send(proto::kIpcp, echo);
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kCodeRej)), echo);
}

TEST(IpcpClient, AsksForZeroAndDnsAndLearnsFromTheNak) {
    auto c = SessionPair::client_defaults();
    c.request_dns = true;
    ClientUnderTest s(c);
    EXPECT_EQ(data_of(s.own_request),
              cat({addr_opt(kAddr, "0.0.0.0"), addr_opt(kDns1, "0.0.0.0"), addr_opt(kDns2, "0.0.0.0")}));
    s.send_control(proto::kIpcp, code::kConfNak, s.own_request.id(),
                   cat({addr_opt(kAddr, "10.64.0.2"), addr_opt(kDns1, "1.1.1.1"), addr_opt(kDns2, "9.9.9.9")}));
    const auto sent = s.take();
    const auto again = find(sent, proto::kIpcp, code::kConfReq);
    const auto expected = cat({addr_opt(kAddr, "10.64.0.2"), addr_opt(kDns1, "1.1.1.1"), addr_opt(kDns2, "9.9.9.9")});
    ASSERT_EQ(data_of(again), expected);
    s.send_control(proto::kIpcp, code::kConfAck, again->id(), expected);
    s.send_control(proto::kIpcp, code::kConfReq, 0x10, addr_opt(kAddr, "10.64.0.1"));
    EXPECT_TRUE(find(s.take(), proto::kIpcp, code::kConfAck));
    ASSERT_EQ(s.session.phase(), Phase::Running);
    ASSERT_TRUE(s.rec.up);
    EXPECT_EQ(s.rec.up->local.to_string(), "10.64.0.2");
    EXPECT_EQ(s.rec.up->remote.to_string(), "10.64.0.1");
    EXPECT_EQ(s.rec.up->dns1->to_string(), "1.1.1.1");
    EXPECT_EQ(s.rec.up->dns2->to_string(), "9.9.9.9");
}

TEST(IpcpClient, DoesNotAskForDnsUnlessTold) {
    ClientUnderTest s;
    EXPECT_EQ(data_of(s.own_request), addr_opt(kAddr, "0.0.0.0"));
}

TEST(IpcpClient, AsksForItsConfiguredAddress) {
    auto c = SessionPair::client_defaults();
    c.local_ip = Ipv4::parse("10.64.0.7");
    ClientUnderTest s(c);
    EXPECT_EQ(data_of(s.own_request), addr_opt(kAddr, "10.64.0.7"));
}

TEST(IpcpClient, AcceptsThePeersAddress) {
    ClientUnderTest s;
    s.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "172.16.5.5"));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfAck)), addr_opt(kAddr, "172.16.5.5"));
}

TEST(IpcpClient, InsistsOnAConfiguredRemoteAddressUnlessAcceptRemote) {
    auto c = SessionPair::client_defaults();
    c.remote_ip = Ipv4::parse("10.64.0.9");
    ClientUnderTest s(c);
    s.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "10.64.0.1"));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpcp, code::kConfNak)), addr_opt(kAddr, "10.64.0.9"));

    c.accept_remote = true;
    ClientUnderTest lenient(c);
    lenient.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "10.64.0.1"));
    EXPECT_TRUE(find(lenient.take(), proto::kIpcp, code::kConfAck));
}

TEST(IpcpClient, WithoutAnyAddressTheLinkIsClosed) {
    ClientUnderTest s;
    // The peer refuses to give us an address: after the Reject we have none.
    s.send_control(proto::kIpcp, code::kConfRej, s.own_request.id(), addr_opt(kAddr, "0.0.0.0"));
    const auto again = find(s.take(), proto::kIpcp, code::kConfReq);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->data().empty());
    s.send_control(proto::kIpcp, code::kConfAck, again->id(), {});
    s.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "10.64.0.1"));
    const auto sent = s.take();
    ASSERT_TRUE(find(sent, proto::kLcp, code::kTermReq));
    s.send_control(proto::kLcp, code::kTermAck, find(sent, proto::kLcp, code::kTermReq)->id(), {});
    ASSERT_TRUE(s.rec.finished_status);
    EXPECT_EQ(*s.rec.finished_status, ExitStatus::NegotiationFailed);
    EXPECT_NE(s.rec.finished_reason.find("local IP address"), std::string::npos) << s.rec.finished_reason;
    EXPECT_FALSE(s.rec.up) << "the network never came up";
}

TEST(IpcpClient, NakWithAWrongSizedAddressIsMalformed) {
    ClientUnderTest s;
    const auto before = s.session.stats().malformed;
    s.send_control(proto::kIpcp, code::kConfNak, s.own_request.id(), {kAddr, 5, 10, 64, 0});
    EXPECT_TRUE(s.take().empty());
    EXPECT_EQ(s.session.stats().malformed, before + 1);
}

TEST(Ipcp, PacketsBeforeLcpIsOpenedAreIgnored) {
    ScriptedPeer s(SessionPair::server_defaults());
    s.session.open(s.now);
    s.take();
    s.send_control(proto::kIpcp, code::kConfReq, 1, addr_opt(kAddr, "0.0.0.0"));
    EXPECT_TRUE(s.take().empty());
}

TEST(Ipcp, RejectNeverExceedsThePeersMru) {
    // The peer asks for an MRU of 128; its IPCP request has 300 bytes of
    // unknown options. Our Reject must fit in 128 bytes.
    ScriptedPeer s(SessionPair::server_defaults());
    const std::vector<std::uint8_t> mru128 = {1, 4, 0, 128};
    s.open_lcp(mru128);
    ASSERT_EQ(s.session.phase(), Phase::Network);
    std::vector<std::uint8_t> options;
    for (int i = 0; i < 50; ++i) {
        const std::vector<std::uint8_t> o = {static_cast<std::uint8_t>(0x40 + i), 6, 1, 2, 3, 4};
        options.insert(options.end(), o.begin(), o.end());
    }
    s.send_control(proto::kIpcp, code::kConfReq, 9, options);
    const auto rej = find(s.take(), proto::kIpcp, code::kConfRej);
    ASSERT_TRUE(rej);
    EXPECT_LE(rej->info.size(), 128u);
    EXPECT_EQ(get_u16(rej->info, 2), rej->info.size());
    auto o = parse_option_list(rej->data());
    ASSERT_TRUE(o);
    EXPECT_EQ(o->size(), 20u);
}
