#include "core/frame.hpp"

namespace ppp {

std::optional<Frame> parse_frame(Bytes frame) {
    std::size_t i = 0;
    // 0xff can never start a protocol field (its first byte is even), so a
    // leading 0xff is the address field and must be followed by control 0x03.
    if (!frame.empty() && frame[0] == 0xff) {
        if (frame.size() < 2 || frame[1] != 0x03) return std::nullopt;
        i = 2;
    }
    if (i >= frame.size()) return std::nullopt;
    std::uint16_t protocol = frame[i];
    if ((protocol & 1u) != 0) {
        i += 1;  // compressed (one-byte) protocol field
    } else {
        if (i + 1 >= frame.size()) return std::nullopt;
        protocol = static_cast<std::uint16_t>((protocol << 8) | frame[i + 1]);
        if ((protocol & 1u) == 0) return std::nullopt;  // the last protocol byte is always odd
        i += 2;
    }
    return Frame{protocol, frame.subspan(i)};
}

void build_frame(std::uint16_t protocol, Bytes info, bool acfc, bool pfc, std::vector<std::uint8_t>& out) {
    // RFC 1661 6.5/6.6: LCP packets always carry address/control and a
    // two-byte protocol, so a link can renegotiate without knowing what
    // was agreed.
    const bool lcp = protocol == proto::kLcp;
    out.reserve(out.size() + 4 + info.size());
    if (!acfc || lcp) {
        out.push_back(0xff);
        out.push_back(0x03);
    }
    if (pfc && !lcp && protocol < 0x100) {
        out.push_back(static_cast<std::uint8_t>(protocol));
    } else {
        out.push_back(static_cast<std::uint8_t>(protocol >> 8));
        out.push_back(static_cast<std::uint8_t>(protocol & 0xffu));
    }
    out.insert(out.end(), info.begin(), info.end());
}

}  // namespace ppp
