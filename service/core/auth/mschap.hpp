// MS-CHAPv2 (RFC 2759) computations: the NT-Response the authenticatee sends,
// the authenticator response that proves the authenticator knows the
// password too, and the failure packet's error codes in words.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace ppp::auth::mschap {

constexpr std::size_t kChallengeSize = 16;
constexpr std::size_t kResponseSize = 49;  // Peer-Challenge, 8 reserved, NT-Response, Flags

using NtResponse = std::array<std::uint8_t, 24>;

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

// A Failure packet's message ("E=691 R=0 C=... V=3 M=Access denied") in
// words: "Authentication failure (E=691): Access denied".
std::string describe_failure(std::string_view message);
// The "M=" text of a Success message ("S=... M=Access granted"), "" if none.
std::string success_text(std::string_view message);

}  // namespace ppp::auth::mschap
