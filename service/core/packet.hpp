// PPP control packets (RFC 1661 §5): Code, Identifier, Length, Data; and the
// Type-Length-Value options inside Configure-* packets. Strict parsing: a
// packet that lies about its length or holds an option shorter than 2 bytes
// or running past the end is malformed as a whole.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace ppp {

namespace code {
constexpr std::uint8_t kConfReq = 1;
constexpr std::uint8_t kConfAck = 2;
constexpr std::uint8_t kConfNak = 3;
constexpr std::uint8_t kConfRej = 4;
constexpr std::uint8_t kTermReq = 5;
constexpr std::uint8_t kTermAck = 6;
constexpr std::uint8_t kCodeRej = 7;
constexpr std::uint8_t kProtoRej = 8;
constexpr std::uint8_t kEchoReq = 9;
constexpr std::uint8_t kEchoRep = 10;
constexpr std::uint8_t kDiscardReq = 11;
}  // namespace code

std::string code_name(std::uint8_t code);

struct Packet {
    std::uint8_t code = 0;
    std::uint8_t id = 0;
    Bytes data;  // after the 4-byte header, trimmed to Length (padding dropped)
};

// nullopt when shorter than 4 bytes or Length is < 4 or > the bytes present.
std::optional<Packet> parse_packet(Bytes info);

struct Option {
    std::uint8_t type = 0;
    Bytes value;  // without type and length bytes
};

// nullopt when any option has length < 2 or runs past the end.
std::optional<std::vector<Option>> parse_option_list(Bytes data);

// Appends a whole packet (header with the right Length, then data).
void put_packet(std::uint8_t code, std::uint8_t id, Bytes data, std::vector<std::uint8_t>& out);

// Appends one option; `value` must be at most 253 bytes.
void put_option(std::uint8_t type, Bytes value, std::vector<std::uint8_t>& out);
void put_option_u16(std::uint8_t type, std::uint16_t value, std::vector<std::uint8_t>& out);
void put_option_u32(std::uint8_t type, std::uint32_t value, std::vector<std::uint8_t>& out);

// The answer to a Configure-Request once every option is judged: Reject when
// anything was rejected, else Nak when anything was Nak'd, else Ack. Moves
// the chosen option list into `reply` (left untouched for an Ack).
std::uint8_t configure_verdict(std::vector<std::uint8_t>& naks, std::vector<std::uint8_t>& rejects,
                               std::vector<std::uint8_t>& reply);

std::uint16_t get_u16(Bytes b, std::size_t at = 0);
std::uint32_t get_u32(Bytes b, std::size_t at = 0);

// A deterministic pseudo-random source (xorshift) seeded by the caller: the
// core takes its entropy from outside.
class Random {
public:
    explicit Random(std::uint32_t seed) : s_(seed ? seed : 0x9e3779b9u) {}
    std::uint32_t next();

private:
    std::uint32_t s_;
};

std::string hex(Bytes b, std::size_t max = 16);

}  // namespace ppp
