// A hand-driven peer for one Session: the test plays the other end of the
// line packet by packet (to send what a well-behaved Session never would),
// and reads back what the session sent, decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/frame.hpp"
#include "core/hdlc.hpp"
#include "core/packet.hpp"
#include "session_pair.hpp"

namespace ppp::test {

struct SentPacket {
    std::uint16_t protocol = 0;
    std::vector<std::uint8_t> info;
    std::uint8_t code() const { return info.empty() ? 0 : info[0]; }
    std::uint8_t id() const { return info.size() < 2 ? 0 : info[1]; }
    Bytes data() const { return info.size() < 4 ? Bytes{} : Bytes{info}.subspan(4); }
};

inline std::vector<std::uint8_t> control_packet(std::uint8_t c, std::uint8_t id, const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> p;
    put_packet(c, id, data, p);
    return p;
}

// One frame as it appears on the line (uncompressed header, full ACCM).
inline std::vector<std::uint8_t> on_the_line(std::uint16_t protocol, const std::vector<std::uint8_t>& info) {
    std::vector<std::uint8_t> frame, line;
    build_frame(protocol, info, false, false, frame);
    hdlc::encode(frame, hdlc::kDefaultAccm, line);
    return line;
}

class ScriptedPeer {
public:
    explicit ScriptedPeer(SessionConfig config) : session(config, rec) {}

    void send(std::uint16_t protocol, const std::vector<std::uint8_t>& info) {
        session.input(now, on_the_line(protocol, info));
    }
    void send_control(std::uint16_t protocol, std::uint8_t c, std::uint8_t id, const std::vector<std::uint8_t>& data) {
        send(protocol, control_packet(c, id, data));
    }

    // Everything the session wrote since the last call, decoded into packets.
    std::vector<SentPacket> take() {
        std::vector<SentPacket> out;
        for (const auto& chunk : rec.sent) {
            raw_frames.push_back(chunk);
            Bytes in{chunk};
            while (decoder.next(in)) {
                auto f = parse_frame(decoder.frame());
                if (f) out.push_back({f->protocol, {f->info.begin(), f->info.end()}});
                else out.push_back({0, {}});
            }
        }
        rec.sent.clear();
        return out;
    }

    // Brings LCP to Opened with the peer asking only for `peer_options`
    // (acking whatever the session asks for). Returns what the session sent.
    std::vector<SentPacket> open_lcp(const std::vector<std::uint8_t>& peer_options = {}) {
        session.open(now);
        auto sent = take();
        std::vector<SentPacket> all = sent;
        send_control(proto::kLcp, code::kConfReq, 0x51, peer_options);
        for (const auto& p : sent) {
            if (p.protocol == proto::kLcp && p.code() == code::kConfReq) {
                std::vector<std::uint8_t> d(p.data().begin(), p.data().end());
                send_control(proto::kLcp, code::kConfAck, p.id(), d);
            }
        }
        auto more = take();
        all.insert(all.end(), more.begin(), more.end());
        return all;
    }

    Recorder rec;
    Session session;
    Time now{};
    hdlc::Decoder decoder{70000};
    std::vector<std::vector<std::uint8_t>> raw_frames;  // line chunks as sent
};

// The first packet of that protocol and code (a copy: `v` is often a temporary).
inline std::optional<SentPacket> find(const std::vector<SentPacket>& v, std::uint16_t protocol, std::uint8_t c) {
    for (const auto& p : v)
        if (p.protocol == protocol && p.code() == c) return p;
    return std::nullopt;
}

}  // namespace ppp::test
