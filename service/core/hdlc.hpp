// RFC 1662 HDLC-like framing: FCS-16, byte stuffing with an ACCM, and a
// decoder that takes arbitrary chunks of line bytes and yields whole frames.
// Works on buffers (no per-byte callbacks) so faster implementations can slot
// in behind the same functions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/types.hpp"

namespace ppp::hdlc {

constexpr std::uint8_t kFlag = 0x7e;
constexpr std::uint8_t kEscape = 0x7d;
constexpr std::uint16_t kFcsInit = 0xffff;
constexpr std::uint16_t kFcsGood = 0xf0b8;
// The ACCM every link starts with (RFC 1662: all control characters escaped).
constexpr std::uint32_t kDefaultAccm = 0xffffffff;

// Running FCS-16 over `data` starting from `fcs`.
std::uint16_t fcs16(std::uint16_t fcs, Bytes data);

// Appends the on-the-wire form of one frame to `out`: opening flag, the frame
// bytes and its FCS, each escaped when it is a flag, an escape, or a control
// character whose bit is set in `accm`, then a closing flag. `frame` is
// everything between the flags except the FCS (address/control if not
// compressed, protocol, information).
void encode(Bytes frame, std::uint32_t accm, std::vector<std::uint8_t>& out);

// Characters escaped on transmit on top of the ACCM (pppd's `escape`, its
// extended transmit ACCM): one bit per byte value, 1 = escape.
class EscapeMap {
public:
    EscapeMap() = default;
    explicit EscapeMap(Bytes chars) {
        for (auto c : chars) add(c);
    }
    void add(std::uint8_t c) { bits_[c >> 5] |= 1u << (c & 31u); }
    bool contains(std::uint8_t c) const { return ((bits_[c >> 5] >> (c & 31u)) & 1u) != 0; }
    // The control characters 0x00-0x1f, as ACCM bits.
    std::uint32_t controls() const { return bits_[0]; }
    // Whether any byte from 0x20 up is in the map.
    bool beyond_controls() const {
        for (std::size_t i = 1; i < bits_.size(); ++i)
            if (bits_[i] != 0) return true;
        return false;
    }
    bool empty() const { return bits_[0] == 0 && !beyond_controls(); }

private:
    std::array<std::uint32_t, 8> bits_{};
};

// encode() that also escapes every byte in `extra`. Escaping a byte only
// ever adds work for the sender: any receiver decodes it (RFC 1662 §4.2).
// A map without bytes from 0x20 up costs nothing over the plain encode().
// 0x5e and 0x5d are never escaped: escaped, they would read as an abort
// (7d 7e) and as two escapes (7d 7d).
void encode(Bytes frame, std::uint32_t accm, const EscapeMap& extra, std::vector<std::uint8_t>& out);

// Counters of what the decoder threw away.
struct DecoderStats {
    std::uint64_t frames = 0;       // good frames yielded
    std::uint64_t fcs_errors = 0;   // bad FCS
    std::uint64_t too_long = 0;     // longer than the maximum
    std::uint64_t aborts = 0;       // 0x7d 0x7e abort sequences
    std::uint64_t runts = 0;        // shorter than 4 bytes between flags
};

class Decoder {
public:
    // `max_frame` bounds a frame (without FCS); longer frames are dropped
    // and counted, never buffered without bound.
    explicit Decoder(std::size_t max_frame = 1500 + 4 + 64);

    // Consumes bytes from the front of `in` until a whole good frame has been
    // decoded (returns true; `in` is advanced past it and `frame()` holds it,
    // FCS removed) or `in` is empty (returns false; partial state is kept for
    // the next call). Bad frames are counted and skipped.
    bool next(Bytes& in);

    // The frame yielded by the last successful next(); valid until the next call.
    Bytes frame() const { return {buf_.data(), len_}; }

    const DecoderStats& stats() const { return stats_; }
    void reset();

private:
    std::vector<std::uint8_t> buf_;
    std::size_t len_ = 0;
    std::size_t max_frame_;
    bool escaped_ = false;
    bool discarding_ = false;
    bool ready_ = false;
    DecoderStats stats_;
};

}  // namespace ppp::hdlc
