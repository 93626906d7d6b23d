#include "core/auth/mschap.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "core/auth/crypto.hpp"

namespace ppp::auth::mschap {
namespace {

Bytes bytes_of(std::string_view s) { return Bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// The password as UTF-16LE (the "Unicode" of RFC 2759); bytes that are not
// valid UTF-8 are taken as Latin-1 characters.
std::vector<std::uint8_t> utf16le(std::string_view s) {
    std::vector<std::uint8_t> out;
    auto put = [&](std::uint32_t u) {
        out.push_back(static_cast<std::uint8_t>(u));
        out.push_back(static_cast<std::uint8_t>(u >> 8));
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t u = c;
        if (c >= 0xc2 && c <= 0xdf) n = 1, u = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef) n = 2, u = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4) n = 3, u = c & 0x07;
        bool ok = true;
        for (std::size_t k = 1; ok && k <= n; ++k) {
            if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) ok = false;
            else u = (u << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
        }
        if (!ok) {
            n = 0;
            u = c;
        }
        if (u >= 0x10000) {
            u -= 0x10000;
            put(0xd800 + (u >> 10));
            put(0xdc00 + (u & 0x3ff));
        } else {
            put(u);
        }
        i += n + 1;
    }
    return out;
}

std::array<std::uint8_t, 8> challenge_hash(Bytes peer_challenge, Bytes authenticator_challenge, std::string_view user) {
    const auto d = crypto::sha1({peer_challenge, authenticator_challenge, bytes_of(hash_user_name(user))});
    std::array<std::uint8_t, 8> out{};
    std::copy(d.begin(), d.begin() + 8, out.begin());
    return out;
}

}  // namespace

std::string_view hash_user_name(std::string_view user) {
    const auto slash = user.rfind('\\');
    return slash == std::string_view::npos ? user : user.substr(slash + 1);
}

PasswordHash nt_password_hash(std::string_view password) {
    const auto u = utf16le(password);
    return crypto::md4({u});
}

NtResponse challenge_response(const std::array<std::uint8_t, 8>& challenge, const PasswordHash& hash) {
    std::uint8_t z[21] = {};
    std::copy(hash.begin(), hash.end(), z);
    NtResponse out{};
    for (int k = 0; k < 3; ++k) {
        const auto block = crypto::des_block(z + 7 * k, challenge.data());
        std::copy(block.begin(), block.end(), out.begin() + 8 * k);
    }
    return out;
}

NtResponse nt_response(Bytes authenticator_challenge, Bytes peer_challenge, std::string_view user,
                       std::string_view password) {
    return challenge_response(challenge_hash(peer_challenge, authenticator_challenge, user), nt_password_hash(password));
}

NtResponse v1_nt_response(Bytes challenge, std::string_view password) {
    std::array<std::uint8_t, 8> c{};
    std::copy(challenge.begin(), challenge.begin() + std::min<std::size_t>(c.size(), challenge.size()), c.begin());
    return challenge_response(c, nt_password_hash(password));
}

std::array<std::uint8_t, kV1ResponseSize> v1_response_value(const NtResponse& nt) {
    std::array<std::uint8_t, kV1ResponseSize> v{};
    std::copy(nt.begin(), nt.end(), v.begin() + kV1NtOffset);
    v[kV1FlagsOffset] = kV1UseNt;
    return v;
}

std::string authenticator_response(std::string_view password, Bytes nt, Bytes peer_challenge,
                                   Bytes authenticator_challenge, std::string_view user) {
    static constexpr std::string_view kMagic1 = "Magic server to client signing constant";
    static constexpr std::string_view kMagic2 = "Pad to make it do more than one iteration";
    const auto hash = nt_password_hash(password);
    const auto hash_hash = crypto::md4({hash});
    const auto digest = crypto::sha1({hash_hash, nt, bytes_of(kMagic1)});
    const auto challenge = challenge_hash(peer_challenge, authenticator_challenge, user);
    const auto final_digest = crypto::sha1({digest, challenge, bytes_of(kMagic2)});
    std::string out = "S=";
    char b[4];
    for (auto v : final_digest) {
        std::snprintf(b, sizeof b, "%02X", v);
        out += b;
    }
    return out;
}

std::array<std::uint8_t, kResponseSize> response_value(Bytes peer_challenge, const NtResponse& nt) {
    std::array<std::uint8_t, kResponseSize> v{};
    std::copy(peer_challenge.begin(), peer_challenge.begin() + std::min<std::size_t>(16, peer_challenge.size()),
              v.begin());
    std::copy(nt.begin(), nt.end(), v.begin() + 24);
    return v;
}

namespace {
// The value of "K=" in a message of space-separated fields; M= runs to the end.
std::optional<std::string> field(std::string_view message, char key) {
    const std::string k = std::string(1, key) + "=";
    std::size_t at = 0;
    while (at < message.size()) {
        if (message.compare(at, 2, k) == 0) {
            if (key == 'M') return std::string(message.substr(at + 2));
            const auto end = message.find(' ', at);
            return std::string(message.substr(at + 2, end == std::string_view::npos ? end : end - at - 2));
        }
        const auto space = message.find(' ', at);
        if (space == std::string_view::npos) break;
        at = space + 1;
    }
    return std::nullopt;
}
}  // namespace

std::string describe_failure(std::string_view message) {
    const auto e = field(message, 'E');
    const auto m = field(message, 'M');
    std::string words;
    if (e) {
        if (*e == "646") words = "Restricted logon hours";
        else if (*e == "647") words = "Account disabled";
        else if (*e == "648") words = "Password expired";
        else if (*e == "649") words = "No dial-in permission";
        else if (*e == "691") words = "Authentication failure (wrong user name or password)";
        else if (*e == "709") words = "Error changing password";
        else words = "Error";
        words += " (E=" + *e + ")";
    } else {
        words = "Authentication failed";
    }
    if (m && !m->empty()) words += ": " + *m;
    return words;
}

std::string success_text(std::string_view message) { return field(message, 'M').value_or(""); }

}  // namespace ppp::auth::mschap
