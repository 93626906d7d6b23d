// Two sessions back to back with the fake clock, for every authentication
// protocol × (success, wrong password, peer refuses the protocol, lost
// packets, silent authenticator, silent authenticatee), plus CHAP rechallenge.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/frame.hpp"
#include "core/hdlc.hpp"
#include "session_pair.hpp"

namespace ppp::test {
namespace {

using auth::Method;

constexpr const char* kSecret = "s3cret-Passw0rd";

// The protocol of one line chunk (each chunk the session sends is one frame).
std::uint16_t protocol_of_chunk(const std::vector<std::uint8_t>& chunk) {
    hdlc::Decoder d(4000);
    Bytes in{chunk};
    if (!d.next(in)) return 0;
    auto f = parse_frame(d.frame());
    return f ? f->protocol : 0;
}

bool is_auth(std::uint16_t p) { return p == proto::kPap || p == proto::kChap || p == proto::kEap; }

SessionConfig client_config(std::string secret) {
    SessionConfig c = SessionPair::client_defaults();
    c.auth.user = "bob";
    c.auth.secrets = [secret](Method, std::string_view client, std::string_view server) -> std::optional<auth::Secret> {
        if (client != "bob" || !(server.empty() || server == "isp")) return std::nullopt;
        return auth::Secret{secret, {}};
    };
    return c;
}

SessionConfig server_config(Method m) {
    SessionConfig c = SessionPair::server_defaults();
    c.auth.name = "isp";
    c.auth.require = {m};
    c.auth.secrets = [](Method, std::string_view client, std::string_view server) -> std::optional<auth::Secret> {
        if (client != "bob" || server != "isp") return std::nullopt;
        return auth::Secret{kSecret, {"10.64.0.9"}};
    };
    return c;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

void expect_no_secret_logged(const SessionPair& p) {
    for (const auto* rec : {&p.client_rec, &p.server_rec}) {
        for (const auto& l : rec->logs) EXPECT_FALSE(contains(l, "s3cret")) << l;
        EXPECT_FALSE(contains(rec->finished_reason, "s3cret")) << rec->finished_reason;
    }
}

class AuthMatrix : public ::testing::TestWithParam<Method> {};

std::string name_of(const ::testing::TestParamInfo<Method>& info) {
    switch (info.param) {
        case Method::Pap: return "Pap";
        case Method::ChapMd5: return "ChapMd5";
        case Method::MsChap: return "MsChapV1";
        case Method::MsChapV2: return "MsChapV2";
        case Method::EapMd5: return "EapMd5";
        case Method::None: break;
    }
    return "None";
}

TEST_P(AuthMatrix, Success) {
    const Method m = GetParam();
    SessionPair p(client_config(kSecret), server_config(m));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }));
    EXPECT_EQ(p.client.auth_method(), m);
    EXPECT_EQ(p.server.auth_method(), m);
    // Authenticate comes between Establish and Network on both sides.
    for (const auto* rec : {&p.client_rec, &p.server_rec}) {
        const auto a = std::find(rec->phases.begin(), rec->phases.end(), Phase::Authenticate);
        const auto n = std::find(rec->phases.begin(), rec->phases.end(), Phase::Network);
        ASSERT_NE(a, rec->phases.end());
        EXPECT_LT(a, n);
    }
    // The server assigned the address on the peer's secrets line.
    ASSERT_TRUE(p.client_rec.up);
    EXPECT_EQ(p.client_rec.up->local, Ipv4::parse("10.64.0.9"));
    const bool logged = std::any_of(p.client_rec.logs.begin(), p.client_rec.logs.end(), [&](const std::string& l) {
        return contains(l, std::string(auth::to_string(m)) + " authentication succeeded");
    });
    EXPECT_TRUE(logged);
    expect_no_secret_logged(p);
}

TEST_P(AuthMatrix, WrongPassword) {
    const Method m = GetParam();
    SessionPair p(client_config("not-the-secret"), server_config(m));
    p.client.open(p.now);
    p.server.open(p.now);
    const Time start = p.now;
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; }));
    EXPECT_LT(p.now - start, std::chrono::seconds(30));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::AuthTopeerFailed) << p.client_rec.finished_reason;
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::PeerAuthFailed) << p.server_rec.finished_reason;
    const std::string& why = p.client_rec.finished_reason;
    switch (m) {
        case Method::Pap: EXPECT_TRUE(contains(why, "Login incorrect")) << why; break;
        case Method::ChapMd5: EXPECT_TRUE(contains(why, "Access denied")) << why; break;
        case Method::MsChap:
        case Method::MsChapV2:
            EXPECT_TRUE(contains(why, "E=691")) << why;
            EXPECT_TRUE(contains(why, "wrong user name or password")) << why;
            break;
        case Method::EapMd5: EXPECT_TRUE(contains(why, "EAP authentication failed")) << why; break;
        case Method::None: break;
    }
    EXPECT_TRUE(contains(p.server_rec.finished_reason, "bob")) << p.server_rec.finished_reason;
    EXPECT_FALSE(p.client_rec.up);
    expect_no_secret_logged(p);
}

TEST_P(AuthMatrix, PeerRefusesTheProtocol) {
    const Method m = GetParam();
    SessionConfig c = client_config(kSecret);
    c.auth.refuse_pap = m == Method::Pap;
    c.auth.refuse_chap = m == Method::ChapMd5;
    c.auth.refuse_mschap = m == Method::MsChap;
    c.auth.refuse_mschap_v2 = m == Method::MsChapV2;
    c.auth.refuse_eap = m == Method::EapMd5;
    SessionPair p(c, server_config(m));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; }));
    const std::string name(auth::to_string(m));
    // The authenticator: we require X, the peer offers Y.
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::PeerAuthFailed);
    EXPECT_TRUE(contains(p.server_rec.finished_reason, "we require " + name)) << p.server_rec.finished_reason;
    EXPECT_TRUE(contains(p.server_rec.finished_reason, "the peer offers ")) << p.server_rec.finished_reason;
    // The authenticatee: the peer requires X (refused by refuse-...), we can do Y.
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::AuthTopeerFailed) << p.client_rec.finished_reason;
    EXPECT_TRUE(contains(p.client_rec.finished_reason, "the peer requires " + name)) << p.client_rec.finished_reason;
    EXPECT_TRUE(contains(p.client_rec.finished_reason, "we can do ")) << p.client_rec.finished_reason;
    EXPECT_TRUE(contains(p.client_rec.finished_reason, "refuse-")) << p.client_rec.finished_reason;
}

TEST_P(AuthMatrix, LostPackets) {
    const Method m = GetParam();
    SessionPair p(client_config(kSecret), server_config(m));
    int from_server = 0, from_client = 0;
    // Lose the first two authentication frames of the authenticator and the
    // first of the authenticatee: every retransmission path runs.
    p.drop_chunk = [&](bool client_side, const std::vector<std::uint8_t>& chunk) {
        if (!is_auth(protocol_of_chunk(chunk))) return false;
        return client_side ? from_client++ < 1 : from_server++ < 2;
    };
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }))
        << p.client_rec.finished_reason << " / " << p.server_rec.finished_reason;
    EXPECT_GE(from_server, 3);
    EXPECT_GE(from_client, 2);
}

TEST_P(AuthMatrix, SilentAuthenticator) {
    const Method m = GetParam();
    SessionConfig s = server_config(m);
    s.auth.chap_max_challenge = 100;  // the client gives up first
    s.auth.eap_max_sreq = 100;
    SessionPair p(client_config(kSecret), s);
    p.drop_chunk = [&](bool client_side, const std::vector<std::uint8_t>& chunk) {
        return !client_side && is_auth(protocol_of_chunk(chunk));
    };
    p.client.open(p.now);
    p.server.open(p.now);
    const Time start = p.now;
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::AuthTopeerFailed) << p.client_rec.finished_reason;
    EXPECT_LE(p.now - start, std::chrono::seconds(40));
    EXPECT_FALSE(p.client_rec.up);
}

TEST_P(AuthMatrix, SilentAuthenticatee) {
    const Method m = GetParam();
    SessionConfig c = client_config(kSecret);
    c.auth.pap_max_authreq = 100;  // the server gives up first
    c.auth.chap_max_challenge = 100;
    SessionConfig s = server_config(m);
    s.auth.pap_timeout = std::chrono::seconds(15);
    SessionPair p(c, s);
    p.drop_chunk = [&](bool client_side, const std::vector<std::uint8_t>& chunk) {
        return client_side && is_auth(protocol_of_chunk(chunk));
    };
    p.client.open(p.now);
    p.server.open(p.now);
    const Time start = p.now;
    ASSERT_TRUE(p.run_until([&] { return p.server_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::PeerAuthFailed) << p.server_rec.finished_reason;
    EXPECT_LE(p.now - start, std::chrono::seconds(40));
    EXPECT_FALSE(p.server_rec.up);
}

INSTANTIATE_TEST_SUITE_P(Methods, AuthMatrix,
                         ::testing::Values(Method::Pap, Method::ChapMd5, Method::MsChap, Method::MsChapV2,
                                           Method::EapMd5),
                         name_of);

// ---- beyond the matrix

TEST(Auth, NoAuthenticationWhenNobodyAsks) {
    SessionPair p(client_config(kSecret), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running; }));
    EXPECT_EQ(p.client.auth_method(), Method::None);
    EXPECT_EQ(std::count(p.client_rec.phases.begin(), p.client_rec.phases.end(), Phase::Authenticate), 0);
}

TEST(Auth, AuthenticatorFollowsTheNakToAnotherProtocolItAccepts) {
    // The client can only do PAP; the server asks for another protocol
    // first, also accepts PAP, and follows the client's Nak to it.
    for (Method m : {Method::ChapMd5, Method::MsChap, Method::MsChapV2, Method::EapMd5}) {
        SCOPED_TRACE(std::string(auth::to_string(m)));
        SessionConfig c = client_config(kSecret);
        c.auth.refuse_eap = c.auth.refuse_chap = c.auth.refuse_mschap = c.auth.refuse_mschap_v2 = true;
        SessionConfig s = server_config(m);
        s.auth.require = {m, Method::Pap};
        SessionPair p(c, s);
        p.client.open(p.now);
        p.server.open(p.now);
        ASSERT_TRUE(
            p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }));
        EXPECT_EQ(p.client.auth_method(), Method::Pap);
        EXPECT_EQ(p.server.auth_method(), Method::Pap);
    }
}

TEST(Auth, PeerRejectingTheOptionFailsWithExit11) {
    // A client with no secret at all rejects the Authentication-Protocol option.
    SessionConfig c = SessionPair::client_defaults();
    SessionPair p(c, server_config(Method::ChapMd5));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; }));
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::PeerAuthFailed);
    EXPECT_TRUE(contains(p.server_rec.finished_reason, "refused to authenticate")) << p.server_rec.finished_reason;
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::AuthTopeerFailed);
    EXPECT_TRUE(contains(p.client_rec.finished_reason, "CHAP-MD5")) << p.client_rec.finished_reason;
}

TEST(Auth, ChapRechallengeKeepsTheLinkUp) {
    SessionConfig s = server_config(Method::ChapMd5);
    s.auth.chap_interval = std::chrono::seconds(60);
    SessionPair p(client_config(kSecret), s);
    int challenges = 0;
    p.drop_chunk = [&](bool client_side, const std::vector<std::uint8_t>& chunk) {
        if (!client_side && protocol_of_chunk(chunk) == proto::kChap) ++challenges;
        return false;
    };
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }));
    const int first = challenges;
    const Time until = p.now + std::chrono::seconds(200);
    while (p.now < until && p.advance()) p.pump();
    EXPECT_GE(challenges, first + 6);  // three more challenges, each with its Success
    EXPECT_EQ(p.client.phase(), Phase::Running);
    EXPECT_EQ(p.server.phase(), Phase::Running);
}

TEST(Auth, ChapRechallengeWithAChangedSecretDropsTheLink) {
    SessionConfig s = server_config(Method::ChapMd5);
    s.auth.chap_interval = std::chrono::seconds(60);
    auto secret = std::make_shared<std::string>(kSecret);
    SessionConfig c = client_config(kSecret);
    c.auth.secrets = [secret](Method, std::string_view, std::string_view) -> std::optional<auth::Secret> {
        return auth::Secret{*secret, {}};
    };
    SessionPair p(c, s);
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }));
    *secret = "changed";
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; },
                            std::chrono::seconds(300)));
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::PeerAuthFailed);
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::AuthTopeerFailed);
}

TEST(Auth, BothDirections) {
    // Each side authenticates the other with CHAP, as pppd can.
    SessionConfig c = client_config(kSecret);
    c.auth.name = "bob";
    c.auth.require = {Method::ChapMd5};
    c.auth.secrets = [](Method, std::string_view, std::string_view) -> std::optional<auth::Secret> {
        return auth::Secret{kSecret, {}};
    };
    SessionConfig s = server_config(Method::ChapMd5);
    s.auth.user = "isp";
    s.auth.secrets = c.auth.secrets;
    SessionPair p(c, s);
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }));
}

TEST(Auth, ThePeersAddressMustBeAllowedByItsSecretsLine) {
    SessionConfig s = server_config(Method::ChapMd5);
    s.auth.secrets = [](Method, std::string_view, std::string_view) -> std::optional<auth::Secret> {
        auth::Secret secret{kSecret, {"10.99.0.0/16"}, {}, {}};
        secret.allows = [](Ipv4 a) { return (a.value >> 16) == 0x0a63; };
        return secret;
    };
    SessionPair p(client_config(kSecret), s);  // the server assigns 10.64.0.2
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.server_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.server_rec.finished_status, ExitStatus::PeerAuthFailed);
    EXPECT_TRUE(contains(p.server_rec.finished_reason, "not authorized to use remote address 10.64.0.2"))
        << p.server_rec.finished_reason;
    EXPECT_FALSE(p.server_rec.up);
}

TEST(Auth, TheSecretsLineSuggestsThePeersAddress) {
    SessionConfig s = server_config(Method::Pap);
    s.auth.secrets = [](Method, std::string_view, std::string_view) -> std::optional<auth::Secret> {
        auth::Secret secret{kSecret, {"10.99.0.7"}, {}, Ipv4::parse("10.99.0.7")};
        secret.allows = [](Ipv4 a) { return a == *Ipv4::parse("10.99.0.7"); };
        return secret;
    };
    SessionPair p(client_config(kSecret), s);
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running && p.server.phase() == Phase::Running; }));
    EXPECT_EQ(p.client_rec.up->local, Ipv4::parse("10.99.0.7"));
}

TEST(Auth, PasswordOptionBeatsTheSecrets) {
    SessionConfig c = client_config("wrong");
    c.auth.password = kSecret;
    SessionPair p(c, server_config(Method::Pap));
    p.client.open(p.now);
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running; }));
    expect_no_secret_logged(p);
}

}  // namespace
}  // namespace ppp::test
