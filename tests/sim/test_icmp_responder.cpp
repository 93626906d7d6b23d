// ICMP echo replies built by pppkit-sim's ISP, checked against packets and
// checksums worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "icmp_responder.hpp"

namespace ppp::sim {
namespace {

using Packet = std::vector<std::uint8_t>;

const Ipv4 kIsp{0x0a400001};     // 10.64.0.1
const Ipv4 kClient{0x0a400002};  // 10.64.0.2

// A second, deliberately plain checksum: sum all 16-bit words in 64 bits,
// fold once at the end.
std::uint16_t reference_checksum(const Packet& p, std::size_t from, std::size_t len) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < len; i += 2) {
        const std::uint64_t hi = p[from + i];
        const std::uint64_t lo = i + 1 < len ? p[from + i + 1] : 0;
        sum += (hi << 8) | lo;
    }
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

// ping 10.64.0.1 from 10.64.0.2: id 0xbeef, sequence 1, payload "abcdefgh".
// Checksums by hand:
//   IP:   4500+0024+1234+4000+4001+0a40+0002+0a40+0001 = ebdc → ~ = 1423
//   ICMP: 0800+beef+0001+6162+6364+6566+6768 = 5886 (end-around carries) → ~ = a779
const Packet kRequest = {
    0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x14, 0x23, 0x0a, 0x40, 0x00, 0x02,
    0x0a, 0x40, 0x00, 0x01, 0x08, 0x00, 0xa7, 0x79, 0xbe, 0xef, 0x00, 0x01, 'a',  'b',  'c',  'd',
    'e',  'f',  'g',  'h',
};
// The reply: addresses swapped (same IP sum, TTL stays 64), type 0: the ICMP
// sum loses 0x0800 → 5086 → ~ = af79.
const Packet kReply = {
    0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x14, 0x23, 0x0a, 0x40, 0x00, 0x01,
    0x0a, 0x40, 0x00, 0x02, 0x00, 0x00, 0xaf, 0x79, 0xbe, 0xef, 0x00, 0x01, 'a',  'b',  'c',  'd',
    'e',  'f',  'g',  'h',
};

void set_ip_checksum(Packet& p) {
    const std::size_t ihl = std::size_t{p[0] & 0x0fu} * 4;
    p[10] = p[11] = 0;
    const auto ip = reference_checksum(p, 0, ihl);
    p[10] = static_cast<std::uint8_t>(ip >> 8);
    p[11] = static_cast<std::uint8_t>(ip);
}

// Recomputes both checksums of a packet whose total length field is right.
void fix_checksums(Packet& p) {
    set_ip_checksum(p);
    const std::size_t ihl = std::size_t{p[0] & 0x0fu} * 4;
    const std::size_t total = std::size_t{p[2]} << 8 | p[3];
    p[ihl + 2] = p[ihl + 3] = 0;
    const auto icmp = reference_checksum(p, ihl, total - ihl);
    p[ihl + 2] = static_cast<std::uint8_t>(icmp >> 8);
    p[ihl + 3] = static_cast<std::uint8_t>(icmp);
}

TEST(InternetChecksum, Rfc1071Example) {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
    const Packet data = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(internet_checksum(data), 0x220d);
    EXPECT_EQ(reference_checksum(data, 0, data.size()), 0x220d);
}

TEST(InternetChecksum, KnownIpHeader) {
    Packet header = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                     0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    EXPECT_EQ(internet_checksum(header), 0);  // a correct header sums to zero
    header[10] = header[11] = 0;
    EXPECT_EQ(internet_checksum(header), 0xb861);
}

TEST(InternetChecksum, OddLengthPadsWithZero) {
    const Packet odd = {0x12, 0x34, 0x56};
    EXPECT_EQ(internet_checksum(odd), static_cast<std::uint16_t>(~(0x1234 + 0x5600) & 0xffff));
    EXPECT_EQ(internet_checksum({}), 0xffff);
}

TEST(InternetChecksum, AgreesWithReferenceOnManyBuffers) {
    Packet p;
    std::uint32_t x = 12345;
    for (int len = 0; len < 300; ++len) {
        EXPECT_EQ(internet_checksum(p), reference_checksum(p, 0, p.size())) << "length " << len;
        x = x * 1103515245 + 12345;
        p.push_back(static_cast<std::uint8_t>(x >> 16));
    }
}

TEST(EchoReply, HandComputedPacket) {
    EXPECT_EQ(reference_checksum(kRequest, 0, 20), 0);
    EXPECT_EQ(reference_checksum(kRequest, 20, 16), 0);
    Packet reply;
    ASSERT_TRUE(build_echo_reply(kRequest, kIsp, reply));
    EXPECT_EQ(reply, kReply);
}

TEST(EchoReply, TtlIsResetAndChecksumsStayValid) {
    Packet req = kRequest;
    req[8] = 1;  // TTL 1
    fix_checksums(req);
    Packet reply;
    ASSERT_TRUE(build_echo_reply(req, kIsp, reply));
    EXPECT_EQ(reply[8], 64);
    EXPECT_EQ(reference_checksum(reply, 0, 20), 0);
    EXPECT_EQ(reference_checksum(reply, 20, reply.size() - 20), 0);
    EXPECT_EQ(reply, kReply);
}

TEST(EchoReply, OddPayloadAndTrailingPadding) {
    Packet req = kRequest;
    req.push_back('i');  // 9 bytes of payload
    req[3] = 0x25;
    fix_checksums(req);
    req.push_back(0xee);  // link padding after the IP total length
    Packet reply;
    ASSERT_TRUE(build_echo_reply(req, kIsp, reply));
    ASSERT_EQ(reply.size(), 0x25u);
    EXPECT_EQ(reply[20], 0);
    EXPECT_EQ(reply.back(), 'i');
    EXPECT_EQ(reference_checksum(reply, 0, 20), 0);
    EXPECT_EQ(reference_checksum(reply, 20, reply.size() - 20), 0);
}

TEST(EchoReply, IpOptionsAreKept) {
    Packet req(kRequest.begin(), kRequest.begin() + 20);
    req[0] = 0x46;  // IHL 6: one word of options (NOP NOP NOP EOL)
    req[3] = 0x28;
    for (int b : {0x01, 0x01, 0x01, 0x00}) req.push_back(static_cast<std::uint8_t>(b));
    req.insert(req.end(), kRequest.begin() + 20, kRequest.end());
    fix_checksums(req);
    Packet reply;
    ASSERT_TRUE(build_echo_reply(req, kIsp, reply));
    EXPECT_EQ(reply[24], 0);  // the ICMP type, after the options
    EXPECT_EQ(reference_checksum(reply, 0, 24), 0);
    EXPECT_EQ(reference_checksum(reply, 24, reply.size() - 24), 0);
    EXPECT_EQ(Packet(reply.begin() + 12, reply.begin() + 16), Packet({0x0a, 0x40, 0x00, 0x01}));
}

TEST(EchoReply, RefusesWhatIsNotAnEchoRequestToUs) {
    Packet reply = {0x99};
    auto refused = [&](Packet p, Ipv4 local = kIsp) {
        const bool built = build_echo_reply(p, local, reply);
        return !built && reply == Packet{0x99};
    };
    EXPECT_TRUE(refused(kRequest, kClient)) << "not addressed to us";
    EXPECT_TRUE(refused(kReply, kClient)) << "an echo reply is not answered";
    Packet p = kRequest;
    p[11] ^= 1;
    EXPECT_TRUE(refused(p)) << "bad IP checksum";
    p = kRequest;
    p[35] ^= 1;
    EXPECT_TRUE(refused(p)) << "bad ICMP checksum";
    p = kRequest;
    p[6] = 0x20;  // more fragments
    fix_checksums(p);
    EXPECT_TRUE(refused(p)) << "fragment";
    p = kRequest;
    p[7] = 0x08;  // fragment offset
    fix_checksums(p);
    EXPECT_TRUE(refused(p)) << "fragment offset";
    p = kRequest;
    p[9] = 17;
    fix_checksums(p);
    EXPECT_TRUE(refused(p)) << "UDP";
    p = kRequest;
    p[21] = 1;
    fix_checksums(p);
    EXPECT_TRUE(refused(p)) << "code 1";
    p = kRequest;
    p[0] = 0x65;
    EXPECT_TRUE(refused(p)) << "IPv6 version nibble";
    p = kRequest;
    p[0] = 0x44;
    EXPECT_TRUE(refused(p)) << "IHL below 5";
    EXPECT_TRUE(build_echo_reply(kRequest, kIsp, reply)) << "and the original is answered";
}

TEST(EchoReply, EveryTruncationIsRefused) {
    Packet reply;
    for (std::size_t len = 0; len < kRequest.size(); ++len) {
        const Packet cut(kRequest.begin(), kRequest.begin() + static_cast<std::ptrdiff_t>(len));
        EXPECT_FALSE(build_echo_reply(cut, kIsp, reply)) << "length " << len;
    }
    // Total length claiming more than there is, and less than the headers.
    for (int total : {0x25, 0xff, 0x13, 0x1b}) {
        Packet p = kRequest;
        p[3] = static_cast<std::uint8_t>(total);
        set_ip_checksum(p);
        EXPECT_FALSE(build_echo_reply(p, kIsp, reply)) << "total length " << total;
    }
}

}  // namespace
namespace {

// ping -6 fe80::2%ppp0 from fe80::1: id 0x1234, sequence 7, payload "pppkit".
Packet ipv6_echo_request(std::uint64_t to_id, std::uint8_t type = 128) {
    Packet p = {0x60, 0, 0, 0, 0x00, 14, 58, 64};
    for (std::uint64_t id : {std::uint64_t{1}, to_id}) {
        p.insert(p.end(), {0xfe, 0x80, 0, 0, 0, 0, 0, 0});
        for (int i = 7; i >= 0; --i) p.push_back(static_cast<std::uint8_t>(id >> (8 * i)));
    }
    p.insert(p.end(), {type, 0, 0, 0, 0x12, 0x34, 0x00, 0x07, 'p', 'p', 'p', 'k', 'i', 't'});
    return p;
}

// The pseudo-header sum done the plain way: source, destination, length, next header, message.
std::uint16_t reference_icmpv6_checksum(const Packet& p) {
    Packet pseudo(p.begin() + 8, p.begin() + 40);
    const std::size_t len = p.size() - 40;
    pseudo.insert(pseudo.end(), {0, 0, static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len), 0, 0, 0, 58});
    pseudo.insert(pseudo.end(), p.begin() + 40, p.end());
    return reference_checksum(pseudo, 0, pseudo.size());
}

void set_icmpv6_checksum(Packet& p) {
    p[42] = p[43] = 0;
    const auto c = reference_icmpv6_checksum(p);
    p[42] = static_cast<std::uint8_t>(c >> 8);
    p[43] = static_cast<std::uint8_t>(c);
}

}  // namespace

TEST(IcmpResponder6, AnswersAnEchoRequestToItsLinkLocalAddress) {
    Packet request = ipv6_echo_request(2);
    set_icmpv6_checksum(request);
    Packet reply;
    ASSERT_TRUE(build_echo_reply6(request, 2, reply));
    ASSERT_EQ(reply.size(), request.size());
    EXPECT_EQ(reply[40], 129);
    EXPECT_EQ(reply[7], 64);
    EXPECT_TRUE(std::equal(reply.begin() + 8, reply.begin() + 24, request.begin() + 24)) << "source = old destination";
    EXPECT_TRUE(std::equal(reply.begin() + 24, reply.begin() + 40, request.begin() + 8)) << "destination = old source";
    EXPECT_TRUE(std::equal(reply.begin() + 44, reply.end(), request.begin() + 44)) << "id, sequence and data kept";
    EXPECT_EQ(reference_icmpv6_checksum(reply), 0) << "the reply's checksum verifies";
}

TEST(IcmpResponder6, IgnoresOtherAddressesTypesAndBadChecksums) {
    Packet reply;
    Packet other = ipv6_echo_request(3);
    set_icmpv6_checksum(other);
    EXPECT_FALSE(build_echo_reply6(other, 2, reply)) << "not our address";
    Packet solicitation = ipv6_echo_request(2, 133);
    set_icmpv6_checksum(solicitation);
    EXPECT_FALSE(build_echo_reply6(solicitation, 2, reply)) << "router solicitation";
    Packet bad = ipv6_echo_request(2);
    set_icmpv6_checksum(bad);
    bad[43] ^= 1;
    EXPECT_FALSE(build_echo_reply6(bad, 2, reply)) << "bad checksum";
    Packet truncated = ipv6_echo_request(2);
    set_icmpv6_checksum(truncated);
    truncated.pop_back();
    EXPECT_FALSE(build_echo_reply6(truncated, 2, reply)) << "payload length beyond the packet";
    EXPECT_TRUE(reply.empty());
}

}  // namespace ppp::sim
