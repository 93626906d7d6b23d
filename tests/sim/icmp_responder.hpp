// The simulated ISP answers ICMP (and ICMPv6) echo requests to its own address itself, so
// a client's ping needs no second network namespace behind the simulator.
// Pure functions on packets: no I/O.
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace ppp::sim {

// RFC 1071 Internet checksum of `data`: the ones' complement of the ones'
// complement sum of its 16-bit big-endian words (an odd last byte is padded
// with zero). Over a header that carries a correct checksum, the result is 0.
std::uint16_t internet_checksum(Bytes data);

// When `packet` is a well-formed IPv4 ICMP echo request (type 8, code 0, not a
// fragment, correct IP and ICMP checksums) addressed to `local`, replaces
// `reply` with the echo reply (addresses swapped, TTL 64, type 0, both
// checksums recomputed; identifier, sequence number and data kept) and
// returns true. Anything else returns false and leaves `reply` untouched.
// Never reads past `packet`; bytes after the IP total length are ignored.
bool build_echo_reply(Bytes packet, Ipv4 local, std::vector<std::uint8_t>& reply);

// The same for IPv6: an ICMPv6 echo request (type 128, code 0, directly
// after the fixed header, correct checksum over the pseudo-header) to the
// link-local address fe80::<local_id> gets its echo reply (type 129, hop
// limit 64, addresses swapped).
bool build_echo_reply6(Bytes packet, std::uint64_t local_id, std::vector<std::uint8_t>& reply);

}  // namespace ppp::sim
