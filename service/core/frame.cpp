#include "core/frame.hpp"

namespace ppp {

std::optional<Frame> parse_frame(Bytes frame) {
    std::size_t i = 0;
    if (frame.size() >= 2 && frame[0] == 0xff) {
        if (frame[1] != 0x03) return std::nullopt;
        i = 2;
    }
    if (i >= frame.size()) return std::nullopt;
    std::uint16_t protocol = frame[i];
    if ((protocol & 1u) != 0) {
        i += 1;  // compressed protocol field
    } else {
        if (i + 1 >= frame.size()) return std::nullopt;
        protocol = static_cast<std::uint16_t>((protocol << 8) | frame[i + 1]);
        if ((protocol & 1u) == 0) return std::nullopt;
        i += 2;
    }
    return Frame{protocol, frame.subspan(i)};
}

void build_frame(std::uint16_t protocol, Bytes info, bool acfc, bool pfc, std::vector<std::uint8_t>& out) {
    const bool control = protocol >= 0xc000 || protocol == proto::kLcp;
    if (!acfc || control) {
        out.push_back(0xff);
        out.push_back(0x03);
    }
    if (pfc && !control && protocol < 0x100) {
        out.push_back(static_cast<std::uint8_t>(protocol));
    } else {
        out.push_back(static_cast<std::uint8_t>(protocol >> 8));
        out.push_back(static_cast<std::uint8_t>(protocol & 0xffu));
    }
    out.insert(out.end(), info.begin(), info.end());
}

}  // namespace ppp
