#include "icmp_responder.hpp"

#include <algorithm>

namespace ppp::sim {
namespace {

constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIcmpEchoHeader = 8;
constexpr std::uint8_t kProtoIcmp = 1;
constexpr std::uint8_t kEchoRequest = 8;
constexpr std::uint8_t kEchoReply = 0;
constexpr std::uint8_t kReplyTtl = 64;

std::uint16_t be16(Bytes b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::uint32_t be32(Bytes b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
           std::uint32_t{b[at + 3]};
}

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::uint16_t internet_checksum(Bytes data) {
    std::uint32_t sum = 0;
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) {
        sum += be16(data, i);
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (i < data.size()) {
        sum += std::uint32_t{data[i]} << 8;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

bool build_echo_reply(Bytes packet, Ipv4 local, std::vector<std::uint8_t>& reply) {
    if (packet.size() < kIpv4MinHeader) return false;
    if ((packet[0] >> 4) != 4) return false;
    const std::size_t header_len = std::size_t{packet[0] & 0x0fu} * 4;
    const std::size_t total_len = be16(packet, 2);
    if (header_len < kIpv4MinHeader || total_len < header_len || total_len > packet.size()) return false;
    const Bytes header = packet.first(header_len);
    if (internet_checksum(header) != 0) return false;
    if ((be16(packet, 6) & 0x3fff) != 0) return false;  // more-fragments flag or an offset
    if (packet[9] != kProtoIcmp) return false;
    if (be32(packet, 16) != local.value) return false;
    const Bytes icmp = packet.subspan(header_len, total_len - header_len);
    if (icmp.size() < kIcmpEchoHeader || icmp[0] != kEchoRequest || icmp[1] != 0) return false;
    if (internet_checksum(icmp) != 0) return false;

    reply.assign(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(total_len));
    for (std::size_t i = 0; i < 4; ++i) {  // swap source and destination
        reply[12 + i] = packet[16 + i];
        reply[16 + i] = packet[12 + i];
    }
    reply[8] = kReplyTtl;
    put16(reply, 10, 0);
    put16(reply, 10, internet_checksum(Bytes(reply).first(header_len)));
    reply[header_len] = kEchoReply;
    put16(reply, header_len + 2, 0);
    put16(reply, header_len + 2, internet_checksum(Bytes(reply).subspan(header_len)));
    return true;
}

namespace {
constexpr std::size_t kIpv6Header = 40;
constexpr std::uint8_t kNextIcmpv6 = 58;
constexpr std::uint8_t kEchoRequest6 = 128;
constexpr std::uint8_t kEchoReply6 = 129;

// The ICMPv6 checksum (RFC 4443 §2.3) of `message` between `src` and `dst`.
std::uint16_t icmpv6_checksum(Bytes src, Bytes dst, Bytes message) {
    std::vector<std::uint8_t> pseudo;
    pseudo.reserve(40 + message.size());
    pseudo.insert(pseudo.end(), src.begin(), src.end());
    pseudo.insert(pseudo.end(), dst.begin(), dst.end());
    const auto len = static_cast<std::uint32_t>(message.size());
    for (int shift = 24; shift >= 0; shift -= 8) pseudo.push_back(static_cast<std::uint8_t>(len >> shift));
    pseudo.insert(pseudo.end(), {0, 0, 0, kNextIcmpv6});
    pseudo.insert(pseudo.end(), message.begin(), message.end());
    return internet_checksum(pseudo);
}
}  // namespace

bool build_echo_reply6(Bytes packet, std::uint64_t local_id, std::vector<std::uint8_t>& reply) {
    if (packet.size() < kIpv6Header + kIcmpEchoHeader || (packet[0] >> 4) != 6) return false;
    const std::size_t payload = be16(packet, 4);
    if (packet[6] != kNextIcmpv6 || payload < kIcmpEchoHeader || kIpv6Header + payload > packet.size()) return false;
    const Bytes src = packet.subspan(8, 16), dst = packet.subspan(24, 16);
    std::uint8_t ours[16] = {0xfe, 0x80};
    for (int i = 0; i < 8; ++i) ours[8 + i] = static_cast<std::uint8_t>(local_id >> (8 * (7 - i)));
    if (!std::equal(dst.begin(), dst.end(), ours)) return false;
    const Bytes message = packet.subspan(kIpv6Header, payload);
    if (message[0] != kEchoRequest6 || message[1] != 0 || icmpv6_checksum(src, dst, message) != 0) return false;
    std::vector<std::uint8_t> out(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(kIpv6Header + payload));
    std::copy(dst.begin(), dst.end(), out.begin() + 8);
    std::copy(src.begin(), src.end(), out.begin() + 24);
    out[7] = kReplyTtl;
    out[kIpv6Header] = kEchoReply6;
    put16(out, kIpv6Header + 2, 0);
    const Bytes o{out};
    put16(out, kIpv6Header + 2, icmpv6_checksum(o.subspan(8, 16), o.subspan(24, 16), o.subspan(kIpv6Header)));
    reply = std::move(out);
    return true;
}

}  // namespace ppp::sim
