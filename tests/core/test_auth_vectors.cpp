// Known-answer tests: RFC 2759 §9.2 (MS-CHAPv2), RFC 2433 Appendix B
// (MS-CHAP), CHAP-MD5 (RFC 1994 §4.1) from a known challenge, the MS-CHAP
// failure text, the packet codecs.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/auth/crypto.hpp"
#include "core/auth/mschap.hpp"
#include "core/auth/packets.hpp"
#include "core/packet.hpp"

namespace ppp::auth {
namespace {

std::vector<std::uint8_t> unhex(std::string_view s) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < s.size();) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
        i += 2;
    }
    return out;
}

std::string hexs(Bytes b) { return hex(b, 1000); }

// RFC 2759 §9.2.
const auto kAuthChallenge = unhex("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");
const auto kPeerChallenge = unhex("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");

TEST(MsChapV2, Rfc2759NtResponse) {
    const auto nt = mschap::nt_response(kAuthChallenge, kPeerChallenge, "User", "clientPass");
    EXPECT_EQ(hexs(nt), hexs(unhex("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF")));
}

TEST(MsChapV2, Rfc2759AuthenticatorResponse) {
    const auto nt = mschap::nt_response(kAuthChallenge, kPeerChallenge, "User", "clientPass");
    EXPECT_EQ(mschap::authenticator_response("clientPass", nt, kPeerChallenge, kAuthChallenge, "User"),
              "S=407A5589115FD0D6209F510FE9C04566932CDA56");
}

TEST(MsChapV2, DomainIsNotHashed) {
    EXPECT_EQ(mschap::hash_user_name("CORP\\User"), "User");
    EXPECT_EQ(mschap::hash_user_name("User"), "User");
    EXPECT_EQ(mschap::nt_response(kAuthChallenge, kPeerChallenge, "CORP\\User", "clientPass"),
              mschap::nt_response(kAuthChallenge, kPeerChallenge, "User", "clientPass"));
}

TEST(MsChapV2, ResponseValueLayout) {
    const auto nt = mschap::nt_response(kAuthChallenge, kPeerChallenge, "User", "clientPass");
    const auto v = mschap::response_value(kPeerChallenge, nt);
    ASSERT_EQ(v.size(), 49u);
    EXPECT_TRUE(std::equal(kPeerChallenge.begin(), kPeerChallenge.end(), v.begin()));
    for (int i = 16; i < 24; ++i) EXPECT_EQ(v[i], 0);
    EXPECT_TRUE(std::equal(nt.begin(), nt.end(), v.begin() + 24));
    EXPECT_EQ(v[48], 0);
}

TEST(MsChapV2, FailureInWords) {
    EXPECT_EQ(mschap::describe_failure("E=691 R=1 C=0123456789ABCDEF0123456789ABCDEF V=3 M=Access denied"),
              "Authentication failure (wrong user name or password) (E=691): Access denied");
    EXPECT_EQ(mschap::describe_failure("E=648 R=0 V=3"), "Password expired (E=648)");
    EXPECT_EQ(mschap::describe_failure("E=649"), "No dial-in permission (E=649)");
    EXPECT_EQ(mschap::describe_failure("E=999 M=odd"), "Error (E=999): odd");
    EXPECT_EQ(mschap::describe_failure("garbage"), "Authentication failed");
    EXPECT_EQ(mschap::success_text("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome home"), "Welcome home");
}

// RFC 2433 Appendix B.2: password "MyPw", challenge 10 2D B5 DF 08 5D 30 41.
const auto kV1Challenge = unhex("10 2D B5 DF 08 5D 30 41");

TEST(MsChapV1, Rfc2433NtPasswordHash) {
    EXPECT_EQ(hexs(mschap::nt_password_hash("MyPw")), hexs(unhex("FC 15 6A F7 ED CD 6C 0E DD E3 33 7D 42 7F 4E AC")));
}

TEST(MsChapV1, Rfc2433NtChallengeResponse) {
    const auto want = unhex("4E 9D 3C 8F 9C FD 38 5D 5B F4 D3 24 67 91 95 6C A4 C3 51 AB 40 9A 3D 61");
    EXPECT_EQ(hexs(mschap::v1_nt_response(kV1Challenge, "MyPw")), hexs(want));
    // The same DES step MS-CHAPv2 uses, fed the hash directly.
    std::array<std::uint8_t, 8> c{};
    std::copy(kV1Challenge.begin(), kV1Challenge.end(), c.begin());
    EXPECT_EQ(hexs(mschap::challenge_response(c, mschap::nt_password_hash("MyPw"))), hexs(want));
}

TEST(MsChapV1, ResponseValueLayout) {
    const auto nt = mschap::v1_nt_response(kV1Challenge, "MyPw");
    const auto v = mschap::v1_response_value(nt);
    ASSERT_EQ(v.size(), 49u);
    for (int i = 0; i < 24; ++i) EXPECT_EQ(v[i], 0) << i;  // no LAN Manager response
    EXPECT_TRUE(std::equal(nt.begin(), nt.end(), v.begin() + 24));
    EXPECT_EQ(v[48], 1);  // use the NT-Response
}

TEST(MsChapV1, FailureInWords) {
    EXPECT_EQ(mschap::describe_failure("E=691 R=1 C=102db5df085d3041 V=0"),
              "Authentication failure (wrong user name or password) (E=691)");
    EXPECT_EQ(mschap::describe_failure("E=646 R=0"), "Restricted logon hours (E=646)");
}

TEST(ChapMd5, ResponseFromAKnownChallenge) {
    // MD5(Identifier || secret || Challenge), RFC 1994 §4.1.
    std::vector<std::uint8_t> challenge(16);
    for (int i = 0; i < 16; ++i) challenge[i] = static_cast<std::uint8_t>(i);
    const std::uint8_t id[1] = {0x2a};
    const std::string secret = "isp-secret";
    const auto d = crypto::md5({Bytes{id, 1}, Bytes{reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()},
                                challenge});
    EXPECT_EQ(hexs(d), hexs(unhex("aefb92cee954b615ba18b64d534cdefd")));
}

TEST(Packets, PapRoundTrip) {
    std::vector<std::uint8_t> p;
    pap::put_request(7, "bob", "pw", p);
    EXPECT_EQ(hexs(p), hexs(unhex("01 07 00 0b 03 62 6f 62 02 70 77")));
    auto r = pap::parse_request(p);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->peer_id, "bob");
    EXPECT_EQ(r->password, "pw");
    p[8] = 5;  // password length past the end
    EXPECT_FALSE(pap::parse_request(p));
    std::vector<std::uint8_t> a;
    pap::put_reply(pap::kAuthNak, 7, "Login incorrect", a);
    auto rep = pap::parse_reply(a);
    ASSERT_TRUE(rep);
    EXPECT_EQ(rep->code, pap::kAuthNak);
    EXPECT_EQ(rep->message, "Login incorrect");
    EXPECT_TRUE(pap::parse_reply(unhex("02 01 00 04")));  // Ack without a message
}

TEST(Packets, ChapAndEapMalformed) {
    EXPECT_FALSE(chap::parse(unhex("01 01 00 05 00")));           // zero Value-Size
    EXPECT_FALSE(chap::parse(unhex("01 01 00 06 05 aa")));        // value past the end
    EXPECT_FALSE(chap::parse(unhex("09 01 00 04")));              // unknown code
    EXPECT_TRUE(chap::parse(unhex("03 01 00 04")));               // Success, no message
    EXPECT_FALSE(eap::parse(unhex("01 01 00 04")));               // Request without a type
    EXPECT_FALSE(eap::parse_md5(unhex("10 aa")));
    auto e = eap::parse(unhex("01 02 00 05 01"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->type, eap::kIdentity);
}

TEST(Packets, PrintableEscapes) {
    EXPECT_EQ(printable("ab\n\"c"), "ab\\x0a\\x22c");
    EXPECT_EQ(printable(std::string(70, 'x'), 4), "xxxx...");
}

}  // namespace
}  // namespace ppp::auth
