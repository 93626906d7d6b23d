// Wire formats of the authentication protocols: PAP (RFC 1334 §2.2), CHAP
// (RFC 1994 §4) and EAP (RFC 3748 §4, §5). Strict parsing: any field that
// runs past the packet makes it malformed (nullopt).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace ppp::auth {

namespace pap {
constexpr std::uint8_t kAuthReq = 1, kAuthAck = 2, kAuthNak = 3;
struct Request {
    std::uint8_t id = 0;
    std::string peer_id;
    std::string password;
};
struct Reply {  // Authenticate-Ack or -Nak
    std::uint8_t code = 0, id = 0;
    std::string message;
};
std::optional<Request> parse_request(Bytes info);  // code must be Authenticate-Request
std::optional<Reply> parse_reply(Bytes info);      // Ack or Nak
void put_request(std::uint8_t id, std::string_view peer_id, std::string_view password, std::vector<std::uint8_t>& out);
void put_reply(std::uint8_t code, std::uint8_t id, std::string_view message, std::vector<std::uint8_t>& out);
}  // namespace pap

namespace chap {
constexpr std::uint8_t kChallenge = 1, kResponse = 2, kSuccess = 3, kFailure = 4;
constexpr std::uint8_t kMd5 = 5, kMsChap = 0x80, kMsChapV2 = 0x81;  // the LCP option's Algorithm
struct Packet {
    std::uint8_t code = 0, id = 0;
    std::vector<std::uint8_t> value;  // Challenge/Response
    std::string name;                 // Challenge/Response
    std::string message;              // Success/Failure
};
std::optional<Packet> parse(Bytes info);
void put_value_name(std::uint8_t code, std::uint8_t id, Bytes value, std::string_view name, std::vector<std::uint8_t>& out);
void put_message(std::uint8_t code, std::uint8_t id, std::string_view message, std::vector<std::uint8_t>& out);
}  // namespace chap

namespace eap {
constexpr std::uint8_t kRequest = 1, kResponse = 2, kSuccess = 3, kFailure = 4;
constexpr std::uint8_t kIdentity = 1, kNotification = 2, kNak = 3, kMd5Challenge = 4;
struct Packet {
    std::uint8_t code = 0, id = 0;
    std::uint8_t type = 0;            // Request/Response
    std::vector<std::uint8_t> data;   // Type-Data
};
std::optional<Packet> parse(Bytes info);
// MD5-Challenge Type-Data: Value-Size, Value, Name.
struct Md5 {
    std::vector<std::uint8_t> value;
    std::string name;
};
std::optional<Md5> parse_md5(Bytes type_data);
void put(std::uint8_t code, std::uint8_t id, std::optional<std::uint8_t> type, Bytes data, std::vector<std::uint8_t>& out);
std::vector<std::uint8_t> md5_data(Bytes value, std::string_view name);
}  // namespace eap

// Printable form of a peer-supplied string for a log line: control and
// non-ASCII bytes escaped, cut at `max` bytes.
std::string printable(std::string_view s, std::size_t max = 64);

}  // namespace ppp::auth
