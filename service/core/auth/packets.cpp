#include "core/auth/packets.hpp"

#include <cstdio>

#include "core/packet.hpp"

namespace ppp::auth {
namespace {

std::string text(Bytes b) { return std::string(b.begin(), b.end()); }
Bytes bytes_of(std::string_view s) { return Bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// Builds a control packet with Code, Identifier, Length around `data`.
void put_with_header(std::uint8_t code, std::uint8_t id, const std::vector<std::uint8_t>& data,
                     std::vector<std::uint8_t>& out) {
    put_packet(code, id, data, out);
}

}  // namespace

namespace pap {

std::optional<Request> parse_request(Bytes info) {
    auto p = parse_packet(info);
    if (!p || p->code != kAuthReq) return std::nullopt;
    Bytes d = p->data;
    if (d.empty()) return std::nullopt;
    const std::size_t id_len = d[0];
    if (d.size() < 1 + id_len + 1) return std::nullopt;
    const std::size_t pw_len = d[1 + id_len];
    if (d.size() < 2 + id_len + pw_len) return std::nullopt;
    Request r;
    r.id = p->id;
    r.peer_id = text(d.subspan(1, id_len));
    r.password = text(d.subspan(2 + id_len, pw_len));
    return r;
}

std::optional<Reply> parse_reply(Bytes info) {
    auto p = parse_packet(info);
    if (!p || (p->code != kAuthAck && p->code != kAuthNak)) return std::nullopt;
    Reply r;
    r.code = p->code;
    r.id = p->id;
    // Some implementations send no Msg-Length at all: an empty message.
    if (!p->data.empty()) {
        const std::size_t len = p->data[0];
        if (p->data.size() < 1 + len) return std::nullopt;
        r.message = text(p->data.subspan(1, len));
    }
    return r;
}

void put_request(std::uint8_t id, std::string_view peer_id, std::string_view password, std::vector<std::uint8_t>& out) {
    std::vector<std::uint8_t> d;
    const std::size_t il = std::min<std::size_t>(peer_id.size(), 255), pl = std::min<std::size_t>(password.size(), 255);
    d.push_back(static_cast<std::uint8_t>(il));
    d.insert(d.end(), peer_id.begin(), peer_id.begin() + static_cast<std::ptrdiff_t>(il));
    d.push_back(static_cast<std::uint8_t>(pl));
    d.insert(d.end(), password.begin(), password.begin() + static_cast<std::ptrdiff_t>(pl));
    put_with_header(kAuthReq, id, d, out);
}

void put_reply(std::uint8_t code, std::uint8_t id, std::string_view message, std::vector<std::uint8_t>& out) {
    std::vector<std::uint8_t> d;
    const std::size_t ml = std::min<std::size_t>(message.size(), 255);
    d.push_back(static_cast<std::uint8_t>(ml));
    d.insert(d.end(), message.begin(), message.begin() + static_cast<std::ptrdiff_t>(ml));
    put_with_header(code, id, d, out);
}

}  // namespace pap

namespace chap {

std::optional<Packet> parse(Bytes info) {
    auto p = parse_packet(info);
    if (!p) return std::nullopt;
    Packet r;
    r.code = p->code;
    r.id = p->id;
    switch (p->code) {
        case kChallenge:
        case kResponse: {
            if (p->data.empty()) return std::nullopt;
            const std::size_t vl = p->data[0];
            if (vl == 0 || p->data.size() < 1 + vl) return std::nullopt;
            r.value.assign(p->data.begin() + 1, p->data.begin() + 1 + static_cast<std::ptrdiff_t>(vl));
            r.name = text(p->data.subspan(1 + vl));
            return r;
        }
        case kSuccess:
        case kFailure: r.message = text(p->data); return r;
        default: return std::nullopt;
    }
}

void put_value_name(std::uint8_t code, std::uint8_t id, Bytes value, std::string_view name, std::vector<std::uint8_t>& out) {
    std::vector<std::uint8_t> d;
    d.push_back(static_cast<std::uint8_t>(value.size()));
    d.insert(d.end(), value.begin(), value.end());
    d.insert(d.end(), name.begin(), name.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(name.size(), 255)));
    put_with_header(code, id, d, out);
}

void put_message(std::uint8_t code, std::uint8_t id, std::string_view message, std::vector<std::uint8_t>& out) {
    const Bytes m = bytes_of(message.substr(0, 1000));
    put_with_header(code, id, std::vector<std::uint8_t>(m.begin(), m.end()), out);
}

}  // namespace chap

namespace eap {

std::optional<Packet> parse(Bytes info) {
    auto p = parse_packet(info);
    if (!p) return std::nullopt;
    Packet r;
    r.code = p->code;
    r.id = p->id;
    switch (p->code) {
        case kRequest:
        case kResponse:
            if (p->data.empty()) return std::nullopt;
            r.type = p->data[0];
            r.data.assign(p->data.begin() + 1, p->data.end());
            return r;
        case kSuccess:
        case kFailure: return r;
        default: return std::nullopt;
    }
}

std::optional<Md5> parse_md5(Bytes d) {
    if (d.empty()) return std::nullopt;
    const std::size_t vl = d[0];
    if (vl == 0 || d.size() < 1 + vl) return std::nullopt;
    Md5 m;
    m.value.assign(d.begin() + 1, d.begin() + 1 + static_cast<std::ptrdiff_t>(vl));
    m.name = text(d.subspan(1 + vl));
    return m;
}

void put(std::uint8_t code, std::uint8_t id, std::optional<std::uint8_t> type, Bytes data, std::vector<std::uint8_t>& out) {
    std::vector<std::uint8_t> d;
    if (type) d.push_back(*type);
    d.insert(d.end(), data.begin(), data.end());
    put_with_header(code, id, d, out);
}

std::vector<std::uint8_t> md5_data(Bytes value, std::string_view name) {
    std::vector<std::uint8_t> d;
    d.push_back(static_cast<std::uint8_t>(value.size()));
    d.insert(d.end(), value.begin(), value.end());
    d.insert(d.end(), name.begin(), name.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(name.size(), 255)));
    return d;
}

}  // namespace eap

std::string printable(std::string_view s, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            out += b;
        }
    }
    if (s.size() > max) out += "...";
    return out;
}

}  // namespace ppp::auth
