// IPv6CP (RFC 5072): two sessions back to back, and a scripted peer for the
// answers a well-behaved session never provokes.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/options.hpp"
#include "core/session_options.hpp"
#include "wire.hpp"

using namespace ppp;
using ppp::test::find;
using ppp::test::ScriptedPeer;
using ppp::test::SentPacket;
using ppp::test::SessionPair;

namespace {

constexpr std::uint8_t kIfaceId = 1, kCompression = 2;

std::vector<std::uint8_t> id_opt(std::uint64_t id) {
    std::vector<std::uint8_t> out = {kIfaceId, 10};
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(id >> (8 * i)));
    return out;
}

std::uint64_t id_of(Bytes option) {
    EXPECT_EQ(option.size(), 10u);
    if (option.size() != 10) return 0;
    std::uint64_t v = 0;
    for (std::size_t i = 2; i < 10; ++i) v = (v << 8) | option[i];
    return v;
}

std::vector<std::uint8_t> data_of(const std::optional<SentPacket>& p) {
    EXPECT_TRUE(p);
    if (!p) return {};
    return {p->data().begin(), p->data().end()};
}

SessionConfig with_ipv6(SessionConfig c, std::uint64_t seed) {
    c.ipv6 = true;
    c.ipv6_seed = seed;
    return c;
}

bool logged(const std::vector<std::string>& logs, const std::string& prefix) {
    return std::any_of(logs.begin(), logs.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
}

bool both_up6(SessionPair& p) { return p.client_rec.up6 && p.server_rec.up6; }

// A session whose LCP is Opened; the test plays the peer's IPv6CP.
struct Ipv6cpUnderTest : ScriptedPeer {
    explicit Ipv6cpUnderTest(SessionConfig c) : ScriptedPeer(c) {
        auto sent = open_lcp();
        own_request = find(sent, proto::kIpv6cp, code::kConfReq);
    }
    std::uint64_t own_id() const { return own_request ? id_of(own_request->data()) : 0; }
    std::optional<SentPacket> own_request;
};

}  // namespace

TEST(Ipv6cp, LinkLocalAddressIsWrittenAsPppdDoes) {
    EXPECT_EQ(link_local_address(1), "fe80::0000:0000:0000:0001");
    EXPECT_EQ(link_local_address(0x0123456789abcdefull), "fe80::0123:4567:89ab:cdef");
}

TEST(Ipv6cp, BothSidesAgreeOnRandomIdentifiersAndIpv4StillComesUp) {
    SessionPair p(with_ipv6(SessionPair::client_defaults(), 11), with_ipv6(SessionPair::server_defaults(), 22));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_up6(p) && p.client_rec.up && p.server_rec.up; }));
    const auto& c = *p.client_rec.up6;
    const auto& s = *p.server_rec.up6;
    EXPECT_NE(c.local_id, 0u);
    EXPECT_NE(c.remote_id, 0u);
    EXPECT_NE(c.local_id, c.remote_id);
    EXPECT_EQ(c.local_id, s.remote_id);
    EXPECT_EQ(c.remote_id, s.local_id);
    EXPECT_EQ(p.client.phase(), Phase::Running);
    EXPECT_TRUE(p.client.ipv6());
    EXPECT_TRUE(logged(p.client_rec.logs, "local  LL address " + link_local_address(c.local_id)));
    EXPECT_TRUE(logged(p.client_rec.logs, "remote LL address " + link_local_address(c.remote_id)));
    EXPECT_TRUE(logged(p.client_rec.logs, "sent [IPV6CP ConfReq id=0x1 <addr fe80::"));
}

TEST(Ipv6cp, GivenIdentifiersAreUsedAndTheRemoteOneIsNakedToThePeer) {
    auto client = with_ipv6(SessionPair::client_defaults(), 3);
    client.ipv6_local = 1;
    client.ipv6_remote = 2;
    SessionPair p(client, with_ipv6(SessionPair::server_defaults(), 4));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_up6(p); }));
    EXPECT_EQ(p.client_rec.up6->local_id, 1u);
    EXPECT_EQ(p.client_rec.up6->remote_id, 2u);
    EXPECT_EQ(p.server_rec.up6->local_id, 2u);
    EXPECT_EQ(p.server_rec.up6->remote_id, 1u);
    EXPECT_TRUE(logged(p.client_rec.logs, "sent [IPV6CP ConfReq id=0x1 <addr fe80::0000:0000:0000:0001>]"));
    EXPECT_TRUE(logged(p.client_rec.logs, "sent [IPV6CP ConfNak"));
}

TEST(Ipv6cp, TheSameIdentifierAsOursIsNakedWithANewOne) {
    Ipv6cpUnderTest s(with_ipv6(SessionPair::server_defaults(), 5));
    ASSERT_TRUE(s.own_request);
    const std::uint64_t mine = s.own_id();
    ASSERT_NE(mine, 0u);
    s.send_control(proto::kIpv6cp, code::kConfReq, 7, id_opt(mine));
    const auto nak = data_of(find(s.take(), proto::kIpv6cp, code::kConfNak));
    ASSERT_EQ(nak.size(), 10u);
    const std::uint64_t suggested = id_of(nak);
    EXPECT_NE(suggested, 0u);
    EXPECT_NE(suggested, mine);
    // The peer takes the suggestion: acked.
    s.send_control(proto::kIpv6cp, code::kConfReq, 8, id_opt(suggested));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpv6cp, code::kConfAck)), id_opt(suggested));
}

TEST(Ipv6cp, AZeroIdentifierIsNakedWithANonZeroOne) {
    Ipv6cpUnderTest s(with_ipv6(SessionPair::client_defaults(), 6));
    s.send_control(proto::kIpv6cp, code::kConfReq, 1, id_opt(0));
    const auto nak = data_of(find(s.take(), proto::kIpv6cp, code::kConfNak));
    ASSERT_EQ(nak.size(), 10u);
    EXPECT_NE(id_of(nak), 0u);
    EXPECT_NE(id_of(nak), s.own_id());
}

TEST(Ipv6cp, BothIdentifiersZeroIsRejected) {
    auto c = with_ipv6(SessionPair::client_defaults(), 7);
    c.ipv6_local = 0;
    Ipv6cpUnderTest s(c);
    EXPECT_EQ(s.own_id(), 0u);
    s.send_control(proto::kIpv6cp, code::kConfReq, 1, id_opt(0));
    EXPECT_EQ(data_of(find(s.take(), proto::kIpv6cp, code::kConfRej)), id_opt(0));
}

TEST(Ipv6cp, CompressionProtocolIsRejected) {
    Ipv6cpUnderTest s(with_ipv6(SessionPair::client_defaults(), 8));
    const std::vector<std::uint8_t> compression = {kCompression, 4, 0x00, 0x4f};  // IPHC
    auto request = id_opt(0x1122334455667788ull);
    request.insert(request.end(), compression.begin(), compression.end());
    s.send_control(proto::kIpv6cp, code::kConfReq, 1, request);
    EXPECT_EQ(data_of(find(s.take(), proto::kIpv6cp, code::kConfRej)), compression);
}

TEST(Ipv6cp, ANakChangesARandomIdentifierButNotAGivenOne) {
    Ipv6cpUnderTest random(with_ipv6(SessionPair::client_defaults(), 9));
    ASSERT_TRUE(random.own_request);
    random.send_control(proto::kIpv6cp, code::kConfNak, random.own_request->id(), id_opt(0xabcdef));
    EXPECT_EQ(data_of(find(random.take(), proto::kIpv6cp, code::kConfReq)), id_opt(0xabcdef));

    auto c = with_ipv6(SessionPair::client_defaults(), 9);
    c.ipv6_local = 0x42;
    Ipv6cpUnderTest given(c);
    ASSERT_TRUE(given.own_request);
    given.send_control(proto::kIpv6cp, code::kConfNak, given.own_request->id(), id_opt(0xabcdef));
    EXPECT_EQ(data_of(find(given.take(), proto::kIpv6cp, code::kConfReq)), id_opt(0x42));

    c.ipv6_accept_local = true;
    Ipv6cpUnderTest accepting(c);
    ASSERT_TRUE(accepting.own_request);
    accepting.send_control(proto::kIpv6cp, code::kConfNak, accepting.own_request->id(), id_opt(0xabcdef));
    EXPECT_EQ(data_of(find(accepting.take(), proto::kIpv6cp, code::kConfReq)), id_opt(0xabcdef));
}

TEST(Ipv6cp, UseIpaddrTakesTheIpv4Addresses) {
    auto server = with_ipv6(SessionPair::server_defaults(), 10);
    server.ipv6_use_ipaddr = true;
    Ipv6cpUnderTest s(server);
    EXPECT_EQ(s.own_id(), 0x0a400001u);
}

TEST(Ipv6cp, WithoutIpv6TheSessionProtocolRejectsIpv6cp) {
    Ipv6cpUnderTest s(SessionPair::client_defaults());
    EXPECT_FALSE(s.own_request);
    s.send_control(proto::kIpv6cp, code::kConfReq, 1, id_opt(5));
    const auto rej = find(s.take(), proto::kLcp, code::kProtoRej);
    ASSERT_TRUE(rej);
    EXPECT_EQ(get_u16(rej->data()), proto::kIpv6cp);
}

TEST(Ipv6cp, PeerWithoutIpv6cpRejectsItAndIpv4StillComesUp) {
    SessionPair p(with_ipv6(SessionPair::client_defaults(), 12), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.up && p.server_rec.up; }));
    p.run_until([] { return false; }, std::chrono::seconds(30));
    EXPECT_FALSE(p.client_rec.up6);
    EXPECT_FALSE(p.client_rec.finished_status);
    EXPECT_EQ(p.client.phase(), Phase::Running);
    EXPECT_TRUE(logged(p.client_rec.logs, "peer rejected protocol 0x8057"));
}

TEST(Ipv6cp, Ipv6OnlyLinkRunsAndCarriesIpv6Packets) {
    // The server does no IPv4: it Protocol-Rejects the client's IPCP.
    auto server = with_ipv6(SessionPair::server_defaults(), 13);
    server.ipv4 = false;
    SessionPair p(with_ipv6(SessionPair::client_defaults(), 14), server);
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_up6(p); }));
    p.run_until([] { return false; }, std::chrono::seconds(30));
    EXPECT_FALSE(p.client_rec.up);
    EXPECT_FALSE(p.client_rec.finished_status) << p.client_rec.finished_reason;
    EXPECT_EQ(p.client.phase(), Phase::Running);
    EXPECT_EQ(p.server.phase(), Phase::Running);
    // Both learn there is no IPv4, once: the server from its config (noip),
    // the client from the Protocol-Reject of its IPCP.
    EXPECT_EQ(p.server_rec.ipv4_unavailable_calls, 1);
    EXPECT_EQ(p.client_rec.ipv4_unavailable_calls, 1);
    EXPECT_EQ(p.client_rec.up6->mru, 1500);

    std::vector<std::uint8_t> packet(40, 0);
    packet[0] = 0x60;
    p.client.send_ipv6(p.now, packet);
    p.client.send_ipv4(p.now, packet);  // no IPCP: dropped
    p.pump();
    ASSERT_EQ(p.server_rec.delivered6.size(), 1u);
    EXPECT_EQ(p.server_rec.delivered6[0], packet);
    EXPECT_TRUE(p.server_rec.delivered.empty());

    // Closing takes IPv6 down with the link.
    p.client.close(p.now, "done");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(p.client_rec.downs6, 1);
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::UserRequest);
}

TEST(Ipv6cp, TheLinkEndsWhenTheLastNetworkProtocolFinishes) {
    // IPv6CP only on the client, the server rejects IPCP and IPv6CP: nothing left.
    auto server = SessionPair::server_defaults();
    server.ipv4 = false;
    SessionPair p(with_ipv6(SessionPair::client_defaults(), 15), server);
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed);
}

TEST(Ipv6cp, ADualStackLinkNeverReportsIpv4Unavailable) {
    SessionPair p(with_ipv6(SessionPair::client_defaults(), 16), with_ipv6(SessionPair::server_defaults(), 17));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return both_up6(p) && p.client_rec.up && p.server_rec.up; }));
    EXPECT_EQ(p.client_rec.ipv4_unavailable_calls, 0);
    EXPECT_EQ(p.server_rec.ipv4_unavailable_calls, 0);
}

TEST(Ipv6cp, NoipTurnsIpcpOff) {
    config::PeerOptions o;
    SessionConfig c;
    apply_link_options(o, c);
    EXPECT_TRUE(c.ipv4);
    o.noip = true;
    o.ipv6 = true;
    apply_link_options(o, c);
    EXPECT_FALSE(c.ipv4);
    EXPECT_TRUE(c.ipv6);
}

TEST(Ipv6cp, OptionsMapIntoTheSessionConfig) {
    config::PeerOptions o;
    o.ipv6 = true;
    o.ipv6_local = 1;
    o.ipv6_remote = 2;
    o.ipv6cp_accept_local = true;
    o.ipv6cp_restart = 7;
    o.ipv6cp_max_configure = 4;
    SessionConfig c;
    apply_link_options(o, c);
    EXPECT_TRUE(c.ipv6);
    EXPECT_EQ(c.ipv6_local, std::optional<std::uint64_t>(1));
    EXPECT_EQ(c.ipv6_remote, std::optional<std::uint64_t>(2));
    EXPECT_TRUE(c.ipv6_accept_local);
    EXPECT_EQ(c.ipv6cp_restart, std::chrono::seconds(7));
    EXPECT_EQ(c.ipv6cp_max_configure, 4);
}
