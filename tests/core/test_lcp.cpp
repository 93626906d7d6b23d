// LCP against a scripted peer: options, Nak/Reject paths, echo, Code- and
// Protocol-Reject, authentication refusal, framing of what we send.
#include <gtest/gtest.h>

#include "wire.hpp"

using namespace ppp;
using ppp::test::find;
using ppp::test::ScriptedPeer;
using ppp::test::SentPacket;
using ppp::test::SessionPair;

namespace {

std::vector<Option> options_of(const SentPacket& p) {
    auto o = parse_option_list(p.data());
    EXPECT_TRUE(o) << "our own packet must parse";
    return o ? *o : std::vector<Option>{};
}

const Option* option(const std::vector<Option>& v, std::uint8_t type) {
    for (const auto& o : v)
        if (o.type == type) return &o;
    return nullptr;
}

std::vector<std::uint8_t> u16(std::uint16_t v) {
    return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::vector<std::uint8_t> opt(std::uint8_t type, std::vector<std::uint8_t> value) {
    std::vector<std::uint8_t> out;
    put_option(type, value, out);
    return out;
}

std::vector<std::uint8_t> cat(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

constexpr std::uint8_t kMru = 1, kAccm = 2, kAuth = 3, kMagic = 5, kPfc = 7, kAcfc = 8;

}  // namespace

TEST(Lcp, RequestCarriesTheConfiguredOptions) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    auto sent = peer.take();
    const auto req = find(sent, proto::kLcp, code::kConfReq);
    ASSERT_TRUE(req);
    auto o = options_of(*req);
    EXPECT_FALSE(option(o, kMru)) << "the default MRU is not asked for";
    ASSERT_TRUE(option(o, kAccm));
    EXPECT_EQ(get_u32(option(o, kAccm)->value), 0u);
    ASSERT_TRUE(option(o, kMagic));
    EXPECT_NE(get_u32(option(o, kMagic)->value), 0u);
    EXPECT_TRUE(option(o, kPfc));
    EXPECT_TRUE(option(o, kAcfc));

    auto c = SessionPair::client_defaults();
    c.mru = 1000;
    c.pfc = false;
    ScriptedPeer peer2(c);
    peer2.session.open(peer2.now);
    const auto req2 = find(peer2.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(req2);
    auto o2 = options_of(*req2);
    ASSERT_TRUE(option(o2, kMru));
    EXPECT_EQ(get_u16(option(o2, kMru)->value), 1000);
    EXPECT_FALSE(option(o2, kPfc));
}

TEST(Lcp, LogLinesLookLikePppd) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    ASSERT_FALSE(peer.rec.logs.empty());
    const auto& line = peer.rec.logs.front();
    EXPECT_EQ(line.rfind("sent [LCP ConfReq id=0x1 <asyncmap 0x0> <magic 0x", 0), 0u) << line;
    EXPECT_NE(line.find("<pcomp> <accomp>]"), std::string::npos) << line;
    peer.send_control(proto::kLcp, code::kConfReq, 0x22, cat({opt(kMru, u16(1500))}));
    bool rcvd = false;
    for (const auto& l : peer.rec.logs) rcvd |= l == "rcvd [LCP ConfReq id=0x22 <mru 1500>]";
    EXPECT_TRUE(rcvd);
}

TEST(Lcp, UnknownOptionIsRejectedAlone) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    peer.take();
    peer.send_control(proto::kLcp, code::kConfReq, 7,
                      cat({opt(kMru, u16(1500)), opt(0x63, {1, 2, 3, 4}), opt(kAcfc, {})}));
    auto sent = peer.take();
    const auto rej = find(sent, proto::kLcp, code::kConfRej);
    ASSERT_TRUE(rej);
    EXPECT_EQ(rej->id(), 7);
    EXPECT_EQ(std::vector<std::uint8_t>(rej->data().begin(), rej->data().end()), opt(0x63, {1, 2, 3, 4}));
    EXPECT_FALSE(find(sent, proto::kLcp, code::kConfAck));
}

TEST(Lcp, AuthenticationProtocolIsRejected) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    peer.take();
    const auto chap = opt(kAuth, {0xc2, 0x23, 0x05});
    peer.send_control(proto::kLcp, code::kConfReq, 8, cat({chap, opt(kPfc, {})}));
    const auto rej = find(peer.take(), proto::kLcp, code::kConfRej);
    ASSERT_TRUE(rej);
    EXPECT_EQ(std::vector<std::uint8_t>(rej->data().begin(), rej->data().end()), chap);
}

TEST(Lcp, ServerInsistingOnAuthenticationFailsWithAClearReason) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    peer.take();
    const auto chap = opt(kAuth, {0xc2, 0x23, 0x05});
    for (int i = 0; i < 40 && !peer.rec.finished_status; ++i) {
        peer.send_control(proto::kLcp, code::kConfReq, static_cast<std::uint8_t>(i), chap);
        for (const auto& p : peer.take()) {
            if (p.protocol == proto::kLcp && p.code() == code::kTermReq)
                peer.send_control(proto::kLcp, code::kTermAck, p.id(), {});
        }
        peer.take();
    }
    ASSERT_TRUE(peer.rec.finished_status);
    EXPECT_EQ(*peer.rec.finished_status, ExitStatus::AuthTopeerFailed);
    EXPECT_NE(peer.rec.finished_reason.find("CHAP"), std::string::npos) << peer.rec.finished_reason;
    EXPECT_NE(peer.rec.finished_reason.find("authentication"), std::string::npos) << peer.rec.finished_reason;
}

TEST(Lcp, ServerTerminatingAfterRefusedAuthenticationIsReported) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    auto sent = peer.take();
    const auto req = find(sent, proto::kLcp, code::kConfReq);
    ASSERT_TRUE(req);
    // The server asks for PAP, gets a Reject, gives in, and the link opens...
    peer.send_control(proto::kLcp, code::kConfReq, 1, opt(kAuth, {0xc0, 0x23}));
    ASSERT_TRUE(find(peer.take(), proto::kLcp, code::kConfRej));
    peer.send_control(proto::kLcp, code::kConfReq, 2, {});
    peer.send_control(proto::kLcp, code::kConfAck, req->id(), {req->data().begin(), req->data().end()});
    ASSERT_EQ(peer.session.phase(), Phase::Network);
    // ... then it hangs up, as pppd does when the peer refuses to authenticate.
    const std::string why = "peer refused to authenticate";
    peer.send_control(proto::kLcp, code::kTermReq, 3, {why.begin(), why.end()});
    ASSERT_TRUE(find(peer.take(), proto::kLcp, code::kTermAck));
    ASSERT_TRUE(peer.session.next_deadline());
    peer.now = *peer.session.next_deadline();
    peer.session.tick(peer.now);
    ASSERT_TRUE(peer.rec.finished_status);
    EXPECT_EQ(*peer.rec.finished_status, ExitStatus::AuthTopeerFailed);
    EXPECT_NE(peer.rec.finished_reason.find("PAP"), std::string::npos) << peer.rec.finished_reason;
    EXPECT_NE(peer.rec.finished_reason.find(why), std::string::npos) << peer.rec.finished_reason;
}

TEST(Lcp, TooSmallMruIsNakedUpToTheMinimum) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    peer.take();
    peer.send_control(proto::kLcp, code::kConfReq, 9, opt(kMru, u16(64)));
    const auto nak = find(peer.take(), proto::kLcp, code::kConfNak);
    ASSERT_TRUE(nak);
    EXPECT_EQ(std::vector<std::uint8_t>(nak->data().begin(), nak->data().end()), opt(kMru, u16(128)));
}

TEST(Lcp, PeerNakOfOurMruIsFollowed) {
    auto c = SessionPair::client_defaults();
    c.mru = 1000;
    ScriptedPeer peer(c);
    peer.session.open(peer.now);
    const auto first = *find(peer.take(), proto::kLcp, code::kConfReq);
    peer.send_control(proto::kLcp, code::kConfNak, first.id(), opt(kMru, u16(600)));
    const auto second = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(second);
    EXPECT_NE(second->id(), first.id());
    auto o = options_of(*second);
    ASSERT_TRUE(option(o, kMru));
    EXPECT_EQ(get_u16(option(o, kMru)->value), 600);
    // A Nak for an identifier we did not send is ignored.
    peer.send_control(proto::kLcp, code::kConfNak, first.id(), opt(kMru, u16(300)));
    EXPECT_TRUE(peer.take().empty());
}

TEST(Lcp, WithoutMruNegotiationThePeersMruIsRejected) {
    auto c = SessionPair::client_defaults();
    c.negotiate_mru = false;
    c.mru = 1200;
    ScriptedPeer peer(c);
    peer.session.open(peer.now);
    const auto req = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(req);
    EXPECT_FALSE(option(options_of(*req), kMru)) << "mru 1200 is not asked for without MRU negotiation";
    peer.send_control(proto::kLcp, code::kConfReq, 9, cat({opt(kMru, u16(600)), opt(kPfc, {})}));
    const auto rej = find(peer.take(), proto::kLcp, code::kConfRej);
    ASSERT_TRUE(rej);
    EXPECT_EQ(std::vector<std::uint8_t>(rej->data().begin(), rej->data().end()), opt(kMru, u16(600)));
}

TEST(Lcp, WithoutMruNegotiationANakForMoreIsIgnoredAndOneForLessFollowed) {
    auto c = SessionPair::client_defaults();
    c.negotiate_mru = false;
    ScriptedPeer peer(c);
    peer.session.open(peer.now);
    const auto first = *find(peer.take(), proto::kLcp, code::kConfReq);
    // A peer suggesting 1500 or more: nothing to ask for.
    peer.send_control(proto::kLcp, code::kConfNak, first.id(), opt(kMru, u16(1600)));
    const auto second = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(second);
    EXPECT_FALSE(option(options_of(*second), kMru));
    peer.send_control(proto::kLcp, code::kConfNak, second->id(), opt(kMru, u16(1500)));
    const auto third = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(third);
    EXPECT_FALSE(option(options_of(*third), kMru));
    // A peer that cannot send 1500: as pppd, we ask for what it can.
    peer.send_control(proto::kLcp, code::kConfNak, third->id(), opt(kMru, u16(1000)));
    const auto fourth = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(fourth);
    ASSERT_TRUE(option(options_of(*fourth), kMru));
    EXPECT_EQ(get_u16(option(options_of(*fourth), kMru)->value), 1000);
}

TEST(Lcp, RejectedOptionsAreNotAskedForAgain) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    const auto first = *find(peer.take(), proto::kLcp, code::kConfReq);
    peer.send_control(proto::kLcp, code::kConfRej, first.id(), cat({opt(kPfc, {}), opt(kAcfc, {})}));
    const auto second = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(second);
    auto o = options_of(*second);
    EXPECT_FALSE(option(o, kPfc));
    EXPECT_FALSE(option(o, kAcfc));
    EXPECT_TRUE(option(o, kMagic));
    // A Reject of an option we never asked for is invalid and counted.
    const auto before = peer.session.stats().malformed;
    peer.send_control(proto::kLcp, code::kConfRej, second->id(), opt(kMru, u16(1500)));
    EXPECT_EQ(peer.session.stats().malformed, before + 1);
}

TEST(Lcp, PeerUsingOurMagicNumberIsNaked) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    const auto req = *find(peer.take(), proto::kLcp, code::kConfReq);
    const auto req_options = options_of(req);
    const auto* magic = option(req_options, kMagic);
    ASSERT_TRUE(magic);
    const std::vector<std::uint8_t> ours(magic->value.begin(), magic->value.end());
    peer.send_control(proto::kLcp, code::kConfReq, 3, opt(kMagic, ours));
    const auto nak = find(peer.take(), proto::kLcp, code::kConfNak);
    ASSERT_TRUE(nak);
    auto o = options_of(*nak);
    ASSERT_TRUE(option(o, kMagic));
    EXPECT_NE(get_u32(option(o, kMagic)->value), get_u32(ours));
}

TEST(Lcp, EchoRequestIsAnsweredWithOurMagic) {
    ScriptedPeer peer(SessionPair::client_defaults());
    const auto opened = peer.open_lcp(opt(kMagic, {0xca, 0xfe, 0xba, 0xbe}));
    ASSERT_EQ(peer.session.phase(), Phase::Network);
    const auto req = find(opened, proto::kLcp, code::kConfReq);
    ASSERT_TRUE(req);
    const auto req_options = options_of(*req);
    ASSERT_TRUE(option(req_options, kMagic));
    const std::uint32_t our_magic = get_u32(option(req_options, kMagic)->value);
    peer.send_control(proto::kLcp, code::kEchoReq, 0x33, {0xca, 0xfe, 0xba, 0xbe, 'h', 'i'});
    const auto rep = find(peer.take(), proto::kLcp, code::kEchoRep);
    ASSERT_TRUE(rep);
    EXPECT_EQ(rep->id(), 0x33);
    ASSERT_EQ(rep->data().size(), 6u);
    EXPECT_EQ(get_u32(rep->data()), our_magic);
    EXPECT_EQ(rep->data()[4], 'h');
    // A short Echo-Request is malformed: counted, not answered.
    const auto before = peer.session.stats().malformed;
    peer.send_control(proto::kLcp, code::kEchoReq, 0x34, {1, 2});
    EXPECT_TRUE(peer.take().empty());
    EXPECT_EQ(peer.session.stats().malformed, before + 1);
}

TEST(Lcp, DiscardRequestIsDiscarded) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.open_lcp();
    peer.send_control(proto::kLcp, code::kDiscardReq, 5, {0, 0, 0, 0, 1, 2, 3});
    EXPECT_TRUE(peer.take().empty());
    EXPECT_EQ(peer.session.phase(), Phase::Network);
}

TEST(Lcp, UnknownCodeIsCodeRejected) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.open_lcp();
    const auto bad = ppp::test::control_packet(0x30, 0x44, {9, 9, 9});
    peer.send(proto::kLcp, bad);
    const auto rej = find(peer.take(), proto::kLcp, code::kCodeRej);
    ASSERT_TRUE(rej);
    EXPECT_EQ(std::vector<std::uint8_t>(rej->data().begin(), rej->data().end()), bad);
    EXPECT_EQ(peer.session.phase(), Phase::Network);
}

TEST(Lcp, UnknownProtocolIsProtocolRejectedOnlyWhenOpened) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    peer.take();
    const std::vector<std::uint8_t> ipv6cp = {1, 1, 0, 4};
    peer.send(proto::kIpv6cp, ipv6cp);
    EXPECT_TRUE(peer.take().empty()) << "before LCP is Opened unknown protocols are silently dropped";

    peer.take();
    ScriptedPeer open(SessionPair::client_defaults());
    open.open_lcp();
    open.send(proto::kIpv6cp, ipv6cp);
    const auto rej = find(open.take(), proto::kLcp, code::kProtoRej);
    ASSERT_TRUE(rej);
    ASSERT_EQ(rej->data().size(), 6u);
    EXPECT_EQ(get_u16(rej->data()), proto::kIpv6cp);
    EXPECT_EQ(rej->data()[2], 1);
}

TEST(Lcp, PeerProtocolRejectOfIpcpClosesTheLink) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.open_lcp();
    peer.send_control(proto::kLcp, code::kProtoRej, 0x61, {0x80, 0x21, 1, 1, 0, 4});
    // IPCP is our only network protocol: LCP is terminated.
    const auto sent = peer.take();
    ASSERT_TRUE(find(sent, proto::kLcp, code::kTermReq));
    peer.send_control(proto::kLcp, code::kTermAck, find(sent, proto::kLcp, code::kTermReq)->id(), {});
    ASSERT_TRUE(peer.rec.finished_status);
    EXPECT_EQ(*peer.rec.finished_status, ExitStatus::NegotiationFailed);
}

TEST(Lcp, RejectDuringNegotiationRespectsTheMruThePeerAsksFor) {
    ScriptedPeer peer(SessionPair::client_defaults());
    peer.session.open(peer.now);
    peer.take();
    std::vector<std::uint8_t> options = opt(kMru, u16(128));
    for (int i = 0; i < 60; ++i) {
        auto o = opt(static_cast<std::uint8_t>(0x40 + i), {1, 2, 3, 4});
        options.insert(options.end(), o.begin(), o.end());
    }
    peer.send_control(proto::kLcp, code::kConfReq, 0x70, options);
    const auto rej = find(peer.take(), proto::kLcp, code::kConfRej);
    ASSERT_TRUE(rej);
    EXPECT_LE(rej->info.size(), 128u);
    EXPECT_EQ(get_u16(rej->info, 2), rej->info.size());
    auto o = parse_option_list(rej->data());
    ASSERT_TRUE(o);
    EXPECT_EQ(o->size(), 20u) << "as many whole options as fit";
    EXPECT_EQ((*o)[0].type, 0x40);
}

TEST(Lcp, LcpFramesUseFullAccmAndNoCompressionWhileIpUsesTheNegotiatedOnes) {
    auto cc = SessionPair::client_defaults();
    cc.echo_interval = std::chrono::seconds(1);
    SessionPair p(cc, SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_EQ(p.client.phase(), Phase::Running);
    p.client_rec.sent.clear();
    const std::vector<std::uint8_t> ip = {0x45, 0x00, 0x00, 0x05, 0x01};
    p.client.send_ipv4(p.now, ip);
    ASSERT_EQ(p.client_rec.sent.size(), 1u);
    // ACFC and PFC: the frame starts with the one-byte protocol; asyncmap 0:
    // the control character 0x01 goes unescaped.
    const auto& f = p.client_rec.sent[0];
    ASSERT_GE(f.size(), 8u);
    EXPECT_EQ(f[0], 0x7e);
    EXPECT_EQ(f[1], 0x21);
    EXPECT_EQ(std::vector<std::uint8_t>(f.begin() + 2, f.begin() + 7), ip);
    // An echo request: address/control present, control characters escaped.
    p.client_rec.sent.clear();
    p.now += std::chrono::seconds(1);
    p.client.tick(p.now);
    ASSERT_EQ(p.client_rec.sent.size(), 1u);
    const auto& e = p.client_rec.sent[0];
    EXPECT_EQ(std::vector<std::uint8_t>(e.begin(), e.begin() + 5),
              (std::vector<std::uint8_t>{0x7e, 0xff, 0x7d, 0x23, 0xc0}));
}
