// Argument forms of pppd options: numbers as pppd reads them (strtoul base
// 0), hex maps, escape lists, IPv6 interface identifiers, address pairs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace ppp::config {

enum class NumberError { None, NotANumber, OutOfRange };

// Decimal, 0x/0X hex or leading-zero octal, with an optional leading '-',
// like pppd's number options (strtoul with base 0). The magnitude is
// bounded by 2^62 so range checks by the caller cannot overflow.
NumberError parse_number(std::string_view text, long long& out);

// Hex digits with an optional 0x prefix (pppd reads asyncmap in base 16).
std::optional<std::uint32_t> parse_hex32(std::string_view text);

// "11,13,ff": hex characters, comma-separated; pppd refuses 0x20..0x3f and 0x5e.
// Returns the sorted unique characters, or an error message in `error`.
std::optional<std::vector<std::uint8_t>> parse_escape_list(std::string_view text, std::string& error);

// An IPv6 interface identifier: the low 64 bits of an IPv6 address literal
// ("::1", "::dead:beef", "fe80::211:22ff:fe33:4455"), as pppd's `ipv6` option takes.
std::optional<std::uint64_t> parse_interface_id(std::string_view text);

// Formats an interface identifier as pppd prints it ("::dead:beef").
std::string format_interface_id(std::uint64_t id);

// "<local>:<remote>" with either side optional; false when malformed.
bool parse_address_pair(std::string_view word, std::optional<Ipv4>& local, std::optional<Ipv4>& remote);

// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

// "0x1a" style lower-case hex.
std::string hex(std::uint64_t value);

}  // namespace ppp::config
