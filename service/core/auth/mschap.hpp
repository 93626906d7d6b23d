// MS-CHAP computations: version 1 (RFC 2433) and version 2 (RFC 2759). The
// NT-Response the authenticatee sends, MS-CHAPv2's authenticator response
// that proves the authenticator knows the password too, and the failure
// packet's error codes in words (the same codes in both versions).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace ppp::auth::mschap {

constexpr std::size_t kChallengeSize = 16;
constexpr std::size_t kResponseSize = 49;  // Peer-Challenge, 8 reserved, NT-Response, Flags

// MS-CHAPv1: an 8-byte challenge; the response is LM-Response, NT-Response, Flags.
constexpr std::size_t kV1ChallengeSize = 8;
constexpr std::size_t kV1ResponseSize = 49;
constexpr std::size_t kV1NtOffset = 24, kV1FlagsOffset = 48;
constexpr std::uint8_t kV1UseNt = 0x01;  // Flags: the NT-Response is valid

using NtResponse = std::array<std::uint8_t, 24>;
using PasswordHash = std::array<std::uint8_t, 16>;

// RFC 2433 §A.2 / RFC 2759 §8.3: MD4 of the password as UTF-16LE.
PasswordHash nt_password_hash(std::string_view password);
// RFC 2433 §A.5 / RFC 2759 §8.5: the hash, zero-padded to 21 bytes, as three
// DES keys each encrypting the 8-byte challenge.
NtResponse challenge_response(const std::array<std::uint8_t, 8>& challenge, const PasswordHash& hash);

// RFC 2433 §A.5: NtChallengeResponse for an 8-byte authenticator challenge
// (a shorter one is zero-padded; only 8 bytes are used).
NtResponse v1_nt_response(Bytes challenge, std::string_view password);
// The 49-byte MS-CHAPv1 Response value: no LM-Response (zeros), the
// NT-Response, Flags with use-NT set (as pppd sends it).
std::array<std::uint8_t, kV1ResponseSize> v1_response_value(const NtResponse& nt);

// The user name that enters the hashes: without a "DOMAIN\" prefix (RFC 2759 §4).
std::string_view hash_user_name(std::string_view user);
// RFC 2759 §8.2-8.5: GenerateNTResponse.
NtResponse nt_response(Bytes authenticator_challenge, Bytes peer_challenge, std::string_view user,
                       std::string_view password);
// RFC 2759 §8.7: GenerateAuthenticatorResponse, as "S=" and 40 upper-case hex digits.
std::string authenticator_response(std::string_view password, Bytes nt_response, Bytes peer_challenge,
                                   Bytes authenticator_challenge, std::string_view user);
// The 49-byte Response value: Peer-Challenge, zeros, NT-Response, Flags 0.
std::array<std::uint8_t, kResponseSize> response_value(Bytes peer_challenge, const NtResponse& nt);

// A Failure packet's message (v2: "E=691 R=0 C=... V=3 M=Access denied",
// v1: "E=691 R=1 C=... V=0") in
// words: "Authentication failure (E=691): Access denied".
std::string describe_failure(std::string_view message);
// The "M=" text of a Success message ("S=... M=Access granted"), "" if none.
std::string success_text(std::string_view message);

}  // namespace ppp::auth::mschap
