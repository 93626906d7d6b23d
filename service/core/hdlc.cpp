#include "core/hdlc.hpp"

#include <algorithm>
#include <array>

namespace ppp::hdlc {
namespace {

constexpr std::array<std::uint16_t, 256> make_fcs_table() {
    std::array<std::uint16_t, 256> table{};
    for (unsigned b = 0; b < 256; ++b) {
        unsigned v = b;
        for (int i = 0; i < 8; ++i) v = (v & 1u) ? (v >> 1) ^ 0x8408u : v >> 1;
        table[b] = static_cast<std::uint16_t>(v);
    }
    return table;
}
constexpr auto kFcsTable = make_fcs_table();

// Which byte values must be escaped for a given ACCM: flags, escapes, and the
// control characters whose bit is set.
struct EscapeSet {
    std::array<bool, 256> escape{};
    explicit EscapeSet(std::uint32_t accm) {
        for (unsigned c = 0; c < 32; ++c) escape[c] = ((accm >> c) & 1u) != 0;
        escape[kFlag] = true;
        escape[kEscape] = true;
    }
};

inline void put_escaped(std::uint8_t b, const EscapeSet& set, std::vector<std::uint8_t>& out) {
    if (set.escape[b]) {
        out.push_back(kEscape);
        out.push_back(static_cast<std::uint8_t>(b ^ 0x20));
    } else {
        out.push_back(b);
    }
}

}  // namespace

std::uint16_t fcs16(std::uint16_t fcs, Bytes data) {
    for (std::uint8_t b : data) fcs = static_cast<std::uint16_t>((fcs >> 8) ^ kFcsTable[(fcs ^ b) & 0xffu]);
    return fcs;
}

void encode(Bytes frame, std::uint32_t accm, std::vector<std::uint8_t>& out) {
    const EscapeSet set(accm);
    out.reserve(out.size() + frame.size() + frame.size() / 8 + 8);
    out.push_back(kFlag);
    const std::uint8_t* p = frame.data();
    const std::uint8_t* end = p + frame.size();
    while (p < end) {
        // Copy the run of bytes that need no escaping in one go.
        const std::uint8_t* run = std::find_if(p, end, [&](std::uint8_t b) { return set.escape[b]; });
        out.insert(out.end(), p, run);
        if (run == end) break;
        put_escaped(*run, set, out);
        p = run + 1;
    }
    const std::uint16_t fcs = static_cast<std::uint16_t>(~fcs16(kFcsInit, frame));
    put_escaped(static_cast<std::uint8_t>(fcs & 0xffu), set, out);
    put_escaped(static_cast<std::uint8_t>(fcs >> 8), set, out);
    out.push_back(kFlag);
}

Decoder::Decoder(std::size_t max_frame) : max_frame_(max_frame) { buf_.resize(max_frame + 2); }

void Decoder::reset() {
    len_ = 0;
    escaped_ = false;
    discarding_ = false;
    ready_ = false;
}

bool Decoder::next(Bytes& in) {
    if (ready_) {
        // The previous frame was handed out; start the next one.
        len_ = 0;
        ready_ = false;
    }
    const std::uint8_t* p = in.data();
    const std::uint8_t* end = p + in.size();
    const std::size_t cap = max_frame_ + 2;  // frame + FCS
    while (p < end) {
        const std::uint8_t b = *p++;
        if (b == kFlag) {
            if (escaped_) {
                ++stats_.aborts;
                escaped_ = false;
                len_ = 0;
                discarding_ = false;
                continue;
            }
            if (discarding_) {
                discarding_ = false;
                len_ = 0;
                continue;
            }
            if (len_ == 0) continue;  // back-to-back flags
            if (len_ < 4) {
                ++stats_.runts;
                len_ = 0;
                continue;
            }
            if (fcs16(kFcsInit, Bytes{buf_.data(), len_}) != kFcsGood) {
                ++stats_.fcs_errors;
                len_ = 0;
                continue;
            }
            len_ -= 2;
            ++stats_.frames;
            ready_ = true;
            in = Bytes{p, static_cast<std::size_t>(end - p)};
            return true;
        }
        if (discarding_) continue;
        std::uint8_t v = b;
        if (b == kEscape) {
            escaped_ = true;
            continue;
        }
        if (escaped_) {
            v = static_cast<std::uint8_t>(b ^ 0x20);
            escaped_ = false;
        }
        if (len_ >= cap) {
            ++stats_.too_long;
            discarding_ = true;
            len_ = 0;
            continue;
        }
        buf_[len_++] = v;
    }
    in = Bytes{end, 0};
    return false;
}

}  // namespace ppp::hdlc
