#include "core/auth/crypto.hpp"

#include <nettle/des.h>
#include <nettle/md4.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>

namespace ppp::auth::crypto {

Md5Digest md5(std::initializer_list<Bytes> parts) {
    md5_ctx ctx;
    md5_init(&ctx);
    for (Bytes p : parts) md5_update(&ctx, p.size(), p.data());
    Md5Digest out{};
    md5_digest(&ctx, out.size(), out.data());
    return out;
}

Md4Digest md4(std::initializer_list<Bytes> parts) {
    md4_ctx ctx;
    md4_init(&ctx);
    for (Bytes p : parts) md4_update(&ctx, p.size(), p.data());
    Md4Digest out{};
    md4_digest(&ctx, out.size(), out.data());
    return out;
}

Sha1Digest sha1(std::initializer_list<Bytes> parts) {
    sha1_ctx ctx;
    sha1_init(&ctx);
    for (Bytes p : parts) sha1_update(&ctx, p.size(), p.data());
    Sha1Digest out{};
    sha1_digest(&ctx, out.size(), out.data());
    return out;
}

std::array<std::uint8_t, 8> des_block(const std::uint8_t k[7], const std::uint8_t block[8]) {
    // 56 key bits spread over 8 bytes, 7 bits each in the high bits.
    const std::uint8_t key[8] = {
        static_cast<std::uint8_t>(k[0] & 0xfe),
        static_cast<std::uint8_t>(((k[0] << 7) | (k[1] >> 1)) & 0xfe),
        static_cast<std::uint8_t>(((k[1] << 6) | (k[2] >> 2)) & 0xfe),
        static_cast<std::uint8_t>(((k[2] << 5) | (k[3] >> 3)) & 0xfe),
        static_cast<std::uint8_t>(((k[3] << 4) | (k[4] >> 4)) & 0xfe),
        static_cast<std::uint8_t>(((k[4] << 3) | (k[5] >> 5)) & 0xfe),
        static_cast<std::uint8_t>(((k[5] << 2) | (k[6] >> 6)) & 0xfe),
        static_cast<std::uint8_t>((k[6] << 1) & 0xfe),
    };
    des_ctx ctx;
    // A weak key (possible for some password hashes) still encrypts; MS-CHAP
    // uses whatever the hash gives, so the weak-key verdict is ignored.
    (void)des_set_key(&ctx, key);
    std::array<std::uint8_t, 8> out{};
    des_encrypt(&ctx, 8, out.data(), block);
    return out;
}

bool equal(Bytes a, Bytes b) {
    if (a.size() != b.size()) return false;
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<std::uint8_t>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace ppp::auth::crypto
