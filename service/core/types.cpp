#include "core/types.hpp"

#include <charconv>

namespace ppp {

std::string Ipv4::to_string() const {
    std::string s;
    for (int shift = 24; shift >= 0; shift -= 8) {
        if (!s.empty()) s += '.';
        s += std::to_string((value >> shift) & 0xffu);
    }
    return s;
}

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
    std::uint32_t v = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            if (p == end || *p != '.') return std::nullopt;
            ++p;
        }
        unsigned octet = 0;
        auto [next, ec] = std::from_chars(p, end, octet);
        if (ec != std::errc{} || next == p || next - p > 3 || octet > 255) return std::nullopt;
        v = (v << 8) | octet;
        p = next;
    }
    if (p != end) return std::nullopt;
    return Ipv4{v};
}

}  // namespace ppp
