#include "core/packet.hpp"

#include <cstdio>
#include <utility>

namespace ppp {

std::string code_name(std::uint8_t c) {
    static const char* const kNames[] = {"Code0",   "ConfReq", "ConfAck", "ConfNak",  "ConfRej",  "TermReq",
                                         "TermAck", "CodeRej", "ProtRej", "EchoReq",  "EchoRep",  "DiscReq"};
    if (c < sizeof kNames / sizeof kNames[0]) return kNames[c];
    return "code=" + std::to_string(c);
}

std::optional<Packet> parse_packet(Bytes info) {
    if (info.size() < 4) return std::nullopt;
    const std::size_t len = get_u16(info, 2);
    if (len < 4 || len > info.size()) return std::nullopt;
    return Packet{info[0], info[1], info.subspan(4, len - 4)};
}

std::optional<std::vector<Option>> parse_option_list(Bytes data) {
    std::vector<Option> out;
    std::size_t i = 0;
    while (i < data.size()) {
        if (data.size() - i < 2) return std::nullopt;
        const std::size_t len = data[i + 1];
        if (len < 2 || len > data.size() - i) return std::nullopt;
        out.push_back(Option{data[i], data.subspan(i + 2, len - 2)});
        i += len;
    }
    return out;
}

void put_packet(std::uint8_t c, std::uint8_t id, Bytes data, std::vector<std::uint8_t>& out) {
    const std::size_t len = data.size() + 4;
    out.push_back(c);
    out.push_back(id);
    out.push_back(static_cast<std::uint8_t>(len >> 8));
    out.push_back(static_cast<std::uint8_t>(len & 0xffu));
    out.insert(out.end(), data.begin(), data.end());
}

void put_option(std::uint8_t type, Bytes value, std::vector<std::uint8_t>& out) {
    out.push_back(type);
    out.push_back(static_cast<std::uint8_t>(value.size() + 2));
    out.insert(out.end(), value.begin(), value.end());
}

void put_option_u16(std::uint8_t type, std::uint16_t v, std::vector<std::uint8_t>& out) {
    const std::uint8_t b[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    put_option(type, Bytes{b, 2}, out);
}

void put_option_u32(std::uint8_t type, std::uint32_t v, std::vector<std::uint8_t>& out) {
    const std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                               static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    put_option(type, Bytes{b, 4}, out);
}

std::uint8_t configure_verdict(std::vector<std::uint8_t>& naks, std::vector<std::uint8_t>& rejects,
                               std::vector<std::uint8_t>& reply) {
    if (!rejects.empty()) {
        reply = std::move(rejects);
        return code::kConfRej;
    }
    if (!naks.empty()) {
        reply = std::move(naks);
        return code::kConfNak;
    }
    return code::kConfAck;
}

std::uint16_t get_u16(Bytes b, std::size_t at) { return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]); }

std::uint32_t get_u32(Bytes b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
           std::uint32_t{b[at + 3]};
}

std::uint32_t Random::next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 17;
    s_ ^= s_ << 5;
    return s_;
}

std::string hex(Bytes b, std::size_t max) {
    std::string s;
    char tmp[4];
    for (std::size_t i = 0; i < b.size() && i < max; ++i) {
        std::snprintf(tmp, sizeof tmp, "%02x", b[i]);
        s += tmp;
    }
    if (b.size() > max) s += "..";
    return s;
}

}  // namespace ppp
