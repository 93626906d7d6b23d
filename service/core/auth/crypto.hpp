// The digests and the cipher authentication needs, from nettle.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "core/types.hpp"

namespace ppp::auth::crypto {

using Md5Digest = std::array<std::uint8_t, 16>;
using Md4Digest = std::array<std::uint8_t, 16>;
using Sha1Digest = std::array<std::uint8_t, 20>;

// The digest of the concatenation of `parts`.
Md5Digest md5(std::initializer_list<Bytes> parts);
Md4Digest md4(std::initializer_list<Bytes> parts);
Sha1Digest sha1(std::initializer_list<Bytes> parts);

// DES-encrypts one block (not named des_encrypt: nettle defines that as a macro) with a 56-bit key given as 7 bytes (the parity
// bits of the expanded key are irrelevant to nettle).
std::array<std::uint8_t, 8> des_block(const std::uint8_t key7[7], const std::uint8_t block[8]);

// Compares in time independent of where the first difference is.
bool equal(Bytes a, Bytes b);

}  // namespace ppp::auth::crypto
