// Each authentication protocol object alone, driven packet by packet:
// identifier matching, retransmission, the messages of failures, EAP's Nak
// and Notification, MS-CHAPv2's check of the authenticator, and LCP's
// Authentication-Protocol Nak.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/auth/auth.hpp"
#include "core/auth/mschap.hpp"
#include "core/auth/packets.hpp"
#include "core/packet.hpp"
#include "wire.hpp"

namespace ppp::auth {
namespace {

struct Recorder : Events {
    std::vector<std::vector<std::uint8_t>> sent;
    std::vector<std::string> logs;
    std::vector<Outcome> outcomes;
    void auth_send(std::uint16_t, Bytes p) override { sent.emplace_back(p.begin(), p.end()); }
    void auth_log(LogLevel, std::string_view l) override { logs.emplace_back(l); }
    void auth_done(Role, const Outcome& o) override { outcomes.push_back(o); }
};

Config config_with(std::string secret) {
    Config c;
    c.user = "bob";
    c.name = "isp";
    c.secrets = [secret](Method, std::string_view, std::string_view) -> std::optional<Secret> {
        return Secret{secret, {}};
    };
    return c;
}

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(ChapClient, AnswersWithRfc1994Md5AndTheChallengeIdentifier) {
    Config c = config_with("isp-secret");
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::ChapMd5, c, r);
    p->lower_up(Time{});
    std::vector<std::uint8_t> value(16), packet;
    for (int i = 0; i < 16; ++i) value[i] = static_cast<std::uint8_t>(i);
    chap::put_value_name(chap::kChallenge, 0x2a, value, "isp", packet);
    p->input(Time{}, packet);
    ASSERT_EQ(r.sent.size(), 1u);
    auto resp = chap::parse(r.sent[0]);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->code, chap::kResponse);
    EXPECT_EQ(resp->id, 0x2a);
    EXPECT_EQ(resp->name, "bob");
    // MD5(0x2a || "isp-secret" || 00..0f), computed independently.
    EXPECT_EQ(hex(resp->value, 64), hex(std::vector<std::uint8_t>{0xae, 0xfb, 0x92, 0xce, 0xe9, 0x54, 0xb6, 0x15, 0xba,
                                                                   0x18, 0xb6, 0x4d, 0x53, 0x4c, 0xde, 0xfd},
                                        64));
    // A Success for another identifier is not ours.
    std::vector<std::uint8_t> ok;
    chap::put_message(chap::kSuccess, 0x2b, "Welcome", ok);
    p->input(Time{}, ok);
    EXPECT_TRUE(r.outcomes.empty());
    ok.clear();
    chap::put_message(chap::kSuccess, 0x2a, "Welcome", ok);
    p->input(Time{}, ok);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_TRUE(r.outcomes[0].ok);
    for (const auto& l : r.logs) EXPECT_EQ(l.find("isp-secret"), std::string::npos) << l;
}

TEST(ChapServer, TakesOnlyResponsesToTheCurrentChallengeAndRepeatsItsVerdict) {
    Config c = config_with("pw");
    Recorder r;
    auto p = make_protocol(Role::Authenticator, Method::ChapMd5, c, r);
    p->lower_up(Time{});
    ASSERT_EQ(r.sent.size(), 1u);
    auto ch = chap::parse(r.sent[0]);
    ASSERT_TRUE(ch);
    EXPECT_EQ(ch->name, "isp");
    // Wrong identifier: ignored.
    std::vector<std::uint8_t> resp;
    chap::put_value_name(chap::kResponse, static_cast<std::uint8_t>(ch->id + 1), std::vector<std::uint8_t>(16, 1), "bob",
                         resp);
    p->input(Time{}, resp);
    EXPECT_EQ(r.sent.size(), 1u);
    EXPECT_TRUE(r.outcomes.empty());
    // The right one, with a wrong digest: Failure, once decided repeated.
    resp.clear();
    chap::put_value_name(chap::kResponse, ch->id, std::vector<std::uint8_t>(16, 1), "bob", resp);
    p->input(Time{}, resp);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_EQ(r.outcomes[0].peer_name, "bob");
    ASSERT_EQ(r.sent.size(), 2u);
    EXPECT_EQ(chap::parse(r.sent[1])->code, chap::kFailure);
    p->input(Time{}, resp);
    ASSERT_EQ(r.sent.size(), 3u);
    EXPECT_EQ(r.sent[2], r.sent[1]);
    EXPECT_EQ(r.outcomes.size(), 1u);
}

TEST(ChapServer, RetransmitsThenGivesUp) {
    Config c = config_with("pw");
    c.chap_max_challenge = 3;
    Recorder r;
    auto p = make_protocol(Role::Authenticator, Method::ChapMd5, c, r);
    Time now{};
    p->lower_up(now);
    while (r.outcomes.empty() && p->next_deadline()) {
        now = *p->next_deadline();
        p->tick(now);
    }
    EXPECT_EQ(r.sent.size(), 3u);
    for (const auto& s : r.sent) EXPECT_EQ(s, r.sent[0]);  // the same Challenge, same identifier
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_NE(r.outcomes[0].message.find("3 CHAP challenges"), std::string::npos) << r.outcomes[0].message;
    EXPECT_EQ(now, Time{} + std::chrono::seconds(9));
}

TEST(MsChapV2Client, RefusesAnAuthenticatorThatDoesNotKnowThePassword) {
    Config c = config_with("clientPass");
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::MsChapV2, c, r);
    p->lower_up(Time{});
    std::vector<std::uint8_t> packet;
    chap::put_value_name(chap::kChallenge, 9, std::vector<std::uint8_t>(16, 0x5b), "isp", packet);
    p->input(Time{}, packet);
    ASSERT_EQ(r.sent.size(), 1u);
    auto resp = chap::parse(r.sent[0]);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->value.size(), mschap::kResponseSize);
    std::vector<std::uint8_t> ok;
    chap::put_message(chap::kSuccess, 9, "S=0000000000000000000000000000000000000000 M=hi", ok);
    p->input(Time{}, ok);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_NE(r.outcomes[0].message.find("authenticator response is wrong"), std::string::npos);
}

TEST(MsChapV2, ClientAndServerAgree) {
    Config c = config_with("clientPass");
    Recorder client_rec, server_rec;
    auto client = make_protocol(Role::Authenticatee, Method::MsChapV2, c, client_rec);
    auto server = make_protocol(Role::Authenticator, Method::MsChapV2, c, server_rec);
    client->lower_up(Time{});
    server->lower_up(Time{});
    for (int round = 0; round < 4; ++round) {
        for (auto& s : server_rec.sent) client->input(Time{}, s);
        server_rec.sent.clear();
        for (auto& s : client_rec.sent) server->input(Time{}, s);
        client_rec.sent.clear();
    }
    ASSERT_EQ(client_rec.outcomes.size(), 1u);
    ASSERT_EQ(server_rec.outcomes.size(), 1u);
    EXPECT_TRUE(client_rec.outcomes[0].ok) << client_rec.outcomes[0].message;
    EXPECT_TRUE(server_rec.outcomes[0].ok);
    EXPECT_EQ(client_rec.outcomes[0].message, "Access granted");
}

std::vector<std::uint8_t> unhex(std::string_view s) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
    return out;
}

TEST(MsChapV1Client, AnswersAnEightByteChallengeWithTheNtResponse) {
    Config c = config_with("MyPw");
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::MsChap, c, r);
    p->lower_up(Time{});
    // A challenge of MS-CHAPv2's size is not an MS-CHAPv1 one: not answered.
    std::vector<std::uint8_t> packet;
    chap::put_value_name(chap::kChallenge, 3, std::vector<std::uint8_t>(16, 0x5b), "isp", packet);
    p->input(Time{}, packet);
    EXPECT_TRUE(r.sent.empty());
    EXPECT_EQ(p->malformed(), 1u);
    packet.clear();
    chap::put_value_name(chap::kChallenge, 4, unhex("102DB5DF085D3041"), "isp", packet);
    p->input(Time{}, packet);
    ASSERT_EQ(r.sent.size(), 1u);
    auto resp = chap::parse(r.sent[0]);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->id, 4);
    EXPECT_EQ(resp->name, "bob");
    // RFC 2433 Appendix B.2, after 24 bytes of (absent) LAN Manager response; Flags: use NT.
    EXPECT_EQ(hex(resp->value, 100), std::string(48, '0') + "4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61" + "01");
    std::vector<std::uint8_t> failure;
    chap::put_message(chap::kFailure, 4, "E=691 R=1 C=102db5df085d3041 V=0", failure);
    p->input(Time{}, failure);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_EQ(r.outcomes[0].message, "MS-CHAP: Authentication failure (wrong user name or password) (E=691)");
}

TEST(MsChapV1Server, ChecksTheNtResponseAndAnswersWithRfc2433Failures) {
    Config c = config_with("MyPw");
    Recorder r;
    auto p = make_protocol(Role::Authenticator, Method::MsChap, c, r);
    p->lower_up(Time{});
    ASSERT_EQ(r.sent.size(), 1u);
    const auto ch = chap::parse(r.sent[0]);
    ASSERT_TRUE(ch);
    ASSERT_EQ(ch->value.size(), mschap::kV1ChallengeSize);
    const auto good = mschap::v1_response_value(mschap::v1_nt_response(ch->value, "MyPw"));
    // A response of the wrong size is malformed and ignored.
    std::vector<std::uint8_t> resp;
    chap::put_value_name(chap::kResponse, ch->id, std::vector<std::uint8_t>(good.begin(), good.end() - 1), "bob",
                         resp);
    p->input(Time{}, resp);
    EXPECT_EQ(p->malformed(), 1u);
    EXPECT_TRUE(r.outcomes.empty());
    // The right NT-Response without the use-NT flag: a LAN Manager response, refused.
    auto lm_only = good;
    lm_only[mschap::kV1FlagsOffset] = 0;
    resp.clear();
    chap::put_value_name(chap::kResponse, ch->id, lm_only, "bob", resp);
    p->input(Time{}, resp);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_NE(r.outcomes[0].message.find("LAN Manager"), std::string::npos) << r.outcomes[0].message;
    ASSERT_EQ(r.sent.size(), 2u);
    const auto f = chap::parse(r.sent[1]);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->code, chap::kFailure);
    EXPECT_EQ(f->message, "E=691 R=1 C=" + hex(ch->value, 8) + " V=0");
}

TEST(MsChapV1Server, AWrongPasswordFailsAndTheRightOneSucceeds) {
    for (const char* password : {"NotMyPw", "MyPw"}) {
        Config c = config_with("MyPw");
        Recorder r;
        auto p = make_protocol(Role::Authenticator, Method::MsChap, c, r);
        p->lower_up(Time{});
        const auto ch = chap::parse(r.sent.at(0));
        ASSERT_TRUE(ch);
        std::vector<std::uint8_t> resp;
        chap::put_value_name(chap::kResponse, ch->id, mschap::v1_response_value(mschap::v1_nt_response(ch->value, password)),
                             "bob", resp);
        p->input(Time{}, resp);
        ASSERT_EQ(r.outcomes.size(), 1u);
        const bool right = std::string_view(password) == "MyPw";
        EXPECT_EQ(r.outcomes[0].ok, right) << password;
        const auto verdict = chap::parse(r.sent.at(1));
        ASSERT_TRUE(verdict);
        EXPECT_EQ(verdict->code, right ? chap::kSuccess : chap::kFailure);
        if (right) EXPECT_EQ(verdict->message, "Access granted");
        else EXPECT_NE(r.outcomes[0].message.find("wrong secret"), std::string::npos) << r.outcomes[0].message;
    }
}

TEST(MsChapV1, ClientAndServerAgree) {
    Config c = config_with("clientPass");
    Recorder client_rec, server_rec;
    auto client = make_protocol(Role::Authenticatee, Method::MsChap, c, client_rec);
    auto server = make_protocol(Role::Authenticator, Method::MsChap, c, server_rec);
    EXPECT_EQ(client->protocol(), proto::kChap);
    client->lower_up(Time{});
    server->lower_up(Time{});
    for (int round = 0; round < 4; ++round) {
        for (auto& s : server_rec.sent) client->input(Time{}, s);
        server_rec.sent.clear();
        for (auto& s : client_rec.sent) server->input(Time{}, s);
        client_rec.sent.clear();
    }
    ASSERT_EQ(client_rec.outcomes.size(), 1u);
    ASSERT_EQ(server_rec.outcomes.size(), 1u);
    EXPECT_TRUE(client_rec.outcomes[0].ok) << client_rec.outcomes[0].message;
    EXPECT_TRUE(server_rec.outcomes[0].ok);
    EXPECT_EQ(server_rec.outcomes[0].peer_name, "bob");
}

TEST(MsChapV1, OptionValueAndName) {
    EXPECT_EQ(option_value(Method::MsChap), (std::vector<std::uint8_t>{0xc2, 0x23, 0x80}));
    EXPECT_EQ(method_of_option(std::vector<std::uint8_t>{0xc2, 0x23, 0x80}), Method::MsChap);
    EXPECT_EQ(to_string(Method::MsChap), "MS-CHAP");
    EXPECT_EQ(describe_option_value(std::vector<std::uint8_t>{0xc2, 0x23, 0x80}), "MS-CHAP");
    Config c;
    c.refuse_mschap = true;
    EXPECT_TRUE(c.refuses(Method::MsChap));
    EXPECT_FALSE(c.refuses(Method::MsChapV2));
}

TEST(PapClient, NewIdentifierPerRequestAndAClearTimeout) {
    Config c = config_with("pw");
    c.pap_max_authreq = 4;
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::Pap, c, r);
    Time now{};
    p->lower_up(now);
    while (r.outcomes.empty() && p->next_deadline()) {
        now = *p->next_deadline();
        p->tick(now);
    }
    ASSERT_EQ(r.sent.size(), 4u);
    for (std::size_t i = 1; i < r.sent.size(); ++i) EXPECT_NE(r.sent[i][1], r.sent[i - 1][1]);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_EQ(r.outcomes[0].message, "No response to 4 PAP authenticate-requests");
    for (const auto& l : r.logs) {
        EXPECT_NE(l.find("password=<hidden>"), std::string::npos) << l;
        EXPECT_EQ(l.find("=\"pw\""), std::string::npos) << l;
    }
}

TEST(PapClient, NakCarriesThePeersMessage) {
    Config c = config_with("pw");
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::Pap, c, r);
    p->lower_up(Time{});
    const auto id = r.sent.at(0)[1];
    std::vector<std::uint8_t> nak;
    pap::put_reply(pap::kAuthNak, static_cast<std::uint8_t>(id + 1), "stale", nak);
    p->input(Time{}, nak);
    EXPECT_TRUE(r.outcomes.empty());
    nak.clear();
    pap::put_reply(pap::kAuthNak, id, "Account expired", nak);
    p->input(Time{}, nak);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_EQ(r.outcomes[0].message, "PAP authentication failed: Account expired");
}

TEST(PapClient, NoSecretSaysWhereToPutIt) {
    Config c;
    c.user = "bob";
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::Pap, c, r);
    p->lower_up(Time{});
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_NE(r.outcomes[0].message.find("pap-secrets"), std::string::npos);
    EXPECT_TRUE(r.sent.empty());
}

TEST(EapClient, IdentityNotificationNakAndMd5) {
    Config c = config_with("pw");
    Recorder r;
    auto p = make_protocol(Role::Authenticatee, Method::EapMd5, c, r);
    p->lower_up(Time{});
    auto request = [&](std::uint8_t id, std::uint8_t type, std::vector<std::uint8_t> data) {
        std::vector<std::uint8_t> pkt;
        eap::put(eap::kRequest, id, type, data, pkt);
        p->input(Time{}, pkt);
        return eap::parse(r.sent.back());
    };
    auto id = request(1, eap::kIdentity, {});
    ASSERT_TRUE(id);
    EXPECT_EQ(id->type, eap::kIdentity);
    EXPECT_EQ(id->data, bytes("bob"));
    auto note = request(2, eap::kNotification, bytes("Your account expires soon"));
    ASSERT_TRUE(note);
    EXPECT_EQ(note->type, eap::kNotification);
    auto nak = request(3, 13 /* EAP-TLS */, {});
    ASSERT_TRUE(nak);
    EXPECT_EQ(nak->type, eap::kNak);
    EXPECT_EQ(nak->data, std::vector<std::uint8_t>{eap::kMd5Challenge});
    auto md5 = request(4, eap::kMd5Challenge, eap::md5_data(std::vector<std::uint8_t>(16, 7), "isp"));
    ASSERT_TRUE(md5);
    EXPECT_EQ(md5->type, eap::kMd5Challenge);
    EXPECT_EQ(md5->id, 4);
    std::vector<std::uint8_t> failure;
    eap::put(eap::kFailure, 4, std::nullopt, {}, failure);
    p->input(Time{}, failure);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    // The Notification text explains the Failure.
    EXPECT_NE(r.outcomes[0].message.find("Your account expires soon"), std::string::npos) << r.outcomes[0].message;
}

TEST(EapServer, PeerNakingMd5FailsNamingWhatItWants) {
    Config c = config_with("pw");
    Recorder r;
    auto p = make_protocol(Role::Authenticator, Method::EapMd5, c, r);
    p->lower_up(Time{});
    auto req = eap::parse(r.sent.back());
    ASSERT_TRUE(req);
    EXPECT_EQ(req->type, eap::kIdentity);
    std::vector<std::uint8_t> pkt;
    eap::put(eap::kResponse, req->id, eap::kIdentity, bytes("bob"), pkt);
    p->input(Time{}, pkt);
    req = eap::parse(r.sent.back());
    ASSERT_TRUE(req);
    EXPECT_EQ(req->type, eap::kMd5Challenge);
    pkt.clear();
    eap::put(eap::kResponse, req->id, eap::kNak, std::vector<std::uint8_t>{13}, pkt);
    p->input(Time{}, pkt);
    ASSERT_EQ(r.outcomes.size(), 1u);
    EXPECT_FALSE(r.outcomes[0].ok);
    EXPECT_NE(r.outcomes[0].message.find("refuses EAP-MD5"), std::string::npos) << r.outcomes[0].message;
    EXPECT_EQ(eap::parse(r.sent.back())->code, eap::kFailure);
}

}  // namespace
}  // namespace ppp::auth

namespace ppp::test {
namespace {

std::vector<std::uint8_t> opt(std::uint8_t type, std::vector<std::uint8_t> value) {
    std::vector<std::uint8_t> out;
    put_option(type, value, out);
    return out;
}

SessionConfig with_secrets(SessionConfig c) {
    c.auth.user = "bob";
    c.auth.secrets = [](auth::Method, std::string_view, std::string_view) -> std::optional<auth::Secret> {
        return auth::Secret{"pw", {}};
    };
    return c;
}

TEST(LcpAuth, ARefusedProtocolIsNakedToOurPreference) {
    SessionConfig c = with_secrets(SessionPair::client_defaults());
    c.auth.refuse_pap = true;
    ScriptedPeer peer(c);
    peer.session.open(peer.now);
    peer.take();
    peer.send_control(proto::kLcp, code::kConfReq, 1, opt(3, {0xc0, 0x23}));
    const auto nak = find(peer.take(), proto::kLcp, code::kConfNak);
    ASSERT_TRUE(nak);
    EXPECT_EQ(std::vector<std::uint8_t>(nak->data().begin(), nak->data().end()), opt(3, {0xc2, 0x27}));  // EAP
}

TEST(LcpAuth, AnUnsupportedProtocolIsNakedToo) {
    SessionConfig c = with_secrets(SessionPair::client_defaults());
    c.auth.refuse_eap = true;
    ScriptedPeer peer(c);
    peer.session.open(peer.now);
    peer.take();
    peer.send_control(proto::kLcp, code::kConfReq, 1, opt(3, {0xc2, 0x23, 0x06}));  // CHAP-SHA1
    const auto nak = find(peer.take(), proto::kLcp, code::kConfNak);
    ASSERT_TRUE(nak);
    EXPECT_EQ(std::vector<std::uint8_t>(nak->data().begin(), nak->data().end()), opt(3, {0xc2, 0x23, 0x05}));
}

TEST(LcpAuth, MsChapIsAckedUnlessRefused) {
    {
        ScriptedPeer peer(with_secrets(SessionPair::client_defaults()));
        peer.session.open(peer.now);
        peer.take();
        peer.send_control(proto::kLcp, code::kConfReq, 1, opt(3, {0xc2, 0x23, 0x80}));
        EXPECT_TRUE(find(peer.take(), proto::kLcp, code::kConfAck));
    }
    {
        // refuse-mschap: Naked to the next one pppd would take (EAP refused too).
        SessionConfig c = with_secrets(SessionPair::client_defaults());
        c.auth.refuse_mschap = true;
        c.auth.refuse_eap = true;
        ScriptedPeer peer(c);
        peer.session.open(peer.now);
        peer.take();
        peer.send_control(proto::kLcp, code::kConfReq, 1, opt(3, {0xc2, 0x23, 0x80}));
        const auto nak = find(peer.take(), proto::kLcp, code::kConfNak);
        ASSERT_TRUE(nak);
        EXPECT_EQ(std::vector<std::uint8_t>(nak->data().begin(), nak->data().end()), opt(3, {0xc2, 0x23, 0x05}));
    }
}

TEST(LcpAuth, OurNakFollowsPppdsOrder) {
    // EAP, CHAP-MD5, MS-CHAPv2, MS-CHAP, PAP: refusing each in turn moves the Nak along.
    struct Step {
        bool eap, md5, v2, v1;
        std::vector<std::uint8_t> want;
    };
    const Step steps[] = {
        {false, false, false, false, {0xc2, 0x27}},
        {true, false, false, false, {0xc2, 0x23, 0x05}},
        {true, true, false, false, {0xc2, 0x23, 0x81}},
        {true, true, true, false, {0xc2, 0x23, 0x80}},
    };
    for (const auto& step : steps) {
        SessionConfig c = with_secrets(SessionPair::client_defaults());
        c.auth.refuse_pap = true;
        c.auth.refuse_eap = step.eap;
        c.auth.refuse_chap = step.md5;
        c.auth.refuse_mschap_v2 = step.v2;
        c.auth.refuse_mschap = step.v1;
        ScriptedPeer peer(c);
        peer.session.open(peer.now);
        peer.take();
        peer.send_control(proto::kLcp, code::kConfReq, 1, opt(3, {0xc0, 0x23}));  // PAP, refused
        const auto nak = find(peer.take(), proto::kLcp, code::kConfNak);
        ASSERT_TRUE(nak);
        EXPECT_EQ(std::vector<std::uint8_t>(nak->data().begin(), nak->data().end()), opt(3, step.want));
    }
}

TEST(LcpAuth, RequireMschapAsksForAlgorithm0x80AndTheSessionUsesIt) {
    SessionConfig s = SessionPair::server_defaults();
    s.auth.name = "isp";
    s.auth.require = {auth::Method::MsChap};
    s.auth.secrets = [](auth::Method m, std::string_view, std::string_view) -> std::optional<auth::Secret> {
        if (m != auth::Method::MsChap) return std::nullopt;
        return auth::Secret{"pw", {}};
    };
    {
        ScriptedPeer peer(s);
        peer.session.open(peer.now);
        const auto req = find(peer.take(), proto::kLcp, code::kConfReq);
        ASSERT_TRUE(req);
        const auto want = opt(3, {0xc2, 0x23, 0x80});
        const std::vector<std::uint8_t> data(req->data().begin(), req->data().end());
        EXPECT_NE(std::search(data.begin(), data.end(), want.begin(), want.end()), data.end());
    }
    // Against a client that can do every method: MS-CHAP is what runs.
    SessionPair p(with_secrets(SessionPair::client_defaults()), s);
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }))
        << p.client_rec.finished_reason << " / " << p.server_rec.finished_reason;
    EXPECT_EQ(p.client.auth_method(), auth::Method::MsChap);
    EXPECT_EQ(p.server.auth_method(), auth::Method::MsChap);
}

TEST(LcpAuth, AnAcceptableProtocolIsAcked) {
    ScriptedPeer peer(with_secrets(SessionPair::client_defaults()));
    peer.session.open(peer.now);
    peer.take();
    peer.send_control(proto::kLcp, code::kConfReq, 1, opt(3, {0xc2, 0x23, 0x05}));
    EXPECT_TRUE(find(peer.take(), proto::kLcp, code::kConfAck));
}

TEST(LcpAuth, TheAuthenticatorAsksForWhatItRequires) {
    SessionConfig c = SessionPair::server_defaults();
    c.auth.require = {auth::Method::MsChapV2};
    ScriptedPeer peer(c);
    peer.session.open(peer.now);
    const auto req = find(peer.take(), proto::kLcp, code::kConfReq);
    ASSERT_TRUE(req);
    const auto want = opt(3, {0xc2, 0x23, 0x81});
    const std::vector<std::uint8_t> data(req->data().begin(), req->data().end());
    EXPECT_NE(std::search(data.begin(), data.end(), want.begin(), want.end()), data.end());
}

}  // namespace
}  // namespace ppp::test
