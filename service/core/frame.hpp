// PPP frame header: address/control and protocol fields, with RFC 1661/1662
// compression (ACFC, PFC).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/types.hpp"

namespace ppp {

namespace proto {
constexpr std::uint16_t kIpv4 = 0x0021;
constexpr std::uint16_t kIpv6 = 0x0057;
constexpr std::uint16_t kLcp = 0xc021;
constexpr std::uint16_t kPap = 0xc023;
constexpr std::uint16_t kChap = 0xc223;
constexpr std::uint16_t kEap = 0xc227;
constexpr std::uint16_t kIpcp = 0x8021;
constexpr std::uint16_t kIpv6cp = 0x8057;
constexpr std::uint16_t kCcp = 0x80fd;
}  // namespace proto

struct Frame {
    std::uint16_t protocol = 0;
    Bytes info;  // points into the buffer given to parse_frame
};

// Splits a decoded frame (FCS already removed) into protocol and information.
// Accepts compressed and uncompressed address/control and protocol fields;
// returns nullopt for a malformed header (bad address/control, even protocol
// low byte, too short).
std::optional<Frame> parse_frame(Bytes frame);

// Appends address/control (unless `acfc` and the protocol is not LCP),
// the protocol (one byte when `pfc` and the protocol allows it, never for LCP)
// and `info` to `out`.
void build_frame(std::uint16_t protocol, Bytes info, bool acfc, bool pfc, std::vector<std::uint8_t>& out);

}  // namespace ppp
