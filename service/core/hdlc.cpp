// RFC 1662 HDLC-like framing.
//
// Speed: the FCS uses eight 256-entry tables so it consumes eight bytes per
// step ("slicing by 8") instead of one; encode and decode look at eight bytes
// at a time to find the (usually absent) bytes that need work, copy clean
// blocks whole, and handle the rest without data-dependent branches.
//
// Receive ACCM: RFC 1662 lets a receiver drop control characters flagged in
// its receive ACCM (they may have been inserted by the DCE, e.g. XON/XOFF).
// This decoder deliberately drops nothing: every byte that is not a flag or
// an escape is frame data. Dropping would need the negotiated receive ACCM
// (it changes when LCP opens) and only ever matters on links with such DCE;
// a stray character then shows up as a bad FCS, which is counted.
#include "core/hdlc.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace ppp::hdlc {
namespace {

using FcsTables = std::array<std::array<std::uint16_t, 256>, 8>;

// tables[0] is the classic bytewise table for the reflected polynomial
// 0x8408; tables[k][b] is the FCS contribution of byte b followed by k zero
// bytes, which lets eight bytes be folded in with independent lookups.
constexpr FcsTables make_fcs_tables() {
    FcsTables t{};
    for (unsigned b = 0; b < 256; ++b) {
        unsigned v = b;
        for (int i = 0; i < 8; ++i) v = (v & 1u) ? (v >> 1) ^ 0x8408u : v >> 1;
        t[0][b] = static_cast<std::uint16_t>(v);
    }
    for (std::size_t k = 1; k < 8; ++k)
        for (unsigned b = 0; b < 256; ++b) {
            const std::uint16_t prev = t[k - 1][b];
            t[k][b] = static_cast<std::uint16_t>((prev >> 8) ^ t[0][prev & 0xffu]);
        }
    return t;
}
constexpr FcsTables kFcs = make_fcs_tables();

inline std::uint16_t fcs_byte(std::uint16_t fcs, std::uint8_t b) {
    return static_cast<std::uint16_t>((fcs >> 8) ^ kFcs[0][(fcs ^ b) & 0xffu]);
}

std::uint16_t fcs_run(std::uint16_t fcs, const std::uint8_t* p, std::size_t n) {
    while (n >= 8) {
        const unsigned b0 = p[0] ^ (fcs & 0xffu);
        const unsigned b1 = p[1] ^ (fcs >> 8);
        fcs = static_cast<std::uint16_t>(kFcs[7][b0] ^ kFcs[6][b1] ^ kFcs[5][p[2]] ^ kFcs[4][p[3]] ^
                                         kFcs[3][p[4]] ^ kFcs[2][p[5]] ^ kFcs[1][p[6]] ^ kFcs[0][p[7]]);
        p += 8;
        n -= 8;
    }
    while (n-- > 0) fcs = fcs_byte(fcs, *p++);
    return fcs;
}

// Eight bytes as one word, in whatever byte order the machine uses: the
// tests below only ask whether some byte of the word has a property.
inline std::uint64_t load8(const std::uint8_t* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kLows = 0x7f7f7f7f7f7f7f7full;

// The high bit of each byte of the result is set exactly where the byte of
// `w` is below `n` (n <= 0x80) / equal to `b`; every other bit is clear.
// Nothing carries between bytes: (w & 0x7f) + 0x7f never exceeds 0xfe.
inline std::uint64_t bytes_below(std::uint64_t w, std::uint8_t n) {
    return ~(((w & kLows) + kOnes * (0x80u - n)) | w | kLows);
}
inline std::uint64_t bytes_equal(std::uint64_t w, std::uint8_t b) { return bytes_below(w ^ (kOnes * b), 1); }

constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// The bytes to escape for one ACCM: flags, escapes, and the control
// characters whose bit is set (1 = escape); with an EscapeMap, also its
// bytes from 0x20 up (`Extra` code paths only look at those).
struct EscapeSet {
    // Up to this many extra bytes are searched for word by word; with more,
    // every byte is a candidate and escape[] decides.
    static constexpr int kMaxSearched = 4;

    std::array<std::uint8_t, 256> escape{};
    bool any_control = false;
    std::array<std::uint8_t, kMaxSearched> extra{};
    int extra_count = 0;
    bool every_byte = false;

    explicit EscapeSet(std::uint32_t accm) : any_control(accm != 0) {
        for (unsigned c = 0; c < 32; ++c) escape[c] = static_cast<std::uint8_t>((accm >> c) & 1u);
        escape[kFlag] = 1;
        escape[kEscape] = 1;
    }
    EscapeSet(std::uint32_t accm, const EscapeMap& map) : EscapeSet(accm | map.controls()) {
        for (unsigned c = 0x20; c < 256; ++c) {
            const auto b = static_cast<std::uint8_t>(c);
            // Flags and escapes are searched for anyway. 0x5e and 0x5d are
            // never escaped: 7d 7e is an abort, and receivers (this decoder,
            // Linux's ppp_async) take 7d 7d as two escapes.
            if (!map.contains(b) || escape[b] != 0 || b == (kFlag ^ 0x20u) || b == (kEscape ^ 0x20u)) continue;
            escape[b] = 1;
            if (extra_count < kMaxSearched) extra[static_cast<std::size_t>(extra_count++)] = b;
            else every_byte = true;
        }
    }
    // The bytes of a block that may need escaping (high bit per byte):
    // exactly the flags and escapes, and every control character when the
    // ACCM has any bit set (escape[] has the final say on those).
    template <bool Extra = false>
    std::uint64_t candidates(std::uint64_t w) const {
        std::uint64_t m = bytes_equal(w, kFlag) | bytes_equal(w, kEscape);
        if (any_control) m |= bytes_below(w, 0x20);
        if constexpr (Extra) {
            if (every_byte) return kHighs;
            for (int i = 0; i < extra_count; ++i) m |= bytes_equal(w, extra[static_cast<std::size_t>(i)]);
        }
        return m;
    }
};

// A block's insertions store 8 bytes from as far as o + 7 + 7 + 1 (byte k,
// s earlier insertions, the escape), i.e. up to o + 23, while the block's
// own worst case ends at o + 16.
constexpr std::size_t kEncodeSlack = 8;

// Writes `b` (escaped if needed) at `o` without branching on the data;
// o[1] is always written, so one byte of slack must follow. Returns the
// new write position.
inline std::uint8_t* put(std::uint8_t* o, std::uint8_t b, const EscapeSet& set) {
    const unsigned esc = set.escape[b];
    o[0] = static_cast<std::uint8_t>(esc ? kEscape : b);
    o[1] = static_cast<std::uint8_t>(b ^ 0x20u);
    return o + 1 + esc;
}

// Appends received byte `b` to the frame in buf[0..len): an escape adds
// nothing but flips the next byte's bit 5. buf[len] is written even for an
// escape, so there must be room for one more byte. Returns the new length.
inline std::size_t unescape(std::uint8_t* buf, std::size_t len, std::uint8_t b, unsigned& esc) {
    const unsigned is_escape = b == kEscape ? 1u : 0u;
    buf[len] = static_cast<std::uint8_t>(b ^ (esc << 5));
    esc = is_escape;
    return len + (is_escape ^ 1u);
}

}  // namespace

std::uint16_t fcs16(std::uint16_t fcs, Bytes data) { return fcs_run(fcs, data.data(), data.size()); }

namespace {

// Escapes p[0..n) into o, eight bytes at a time: clean blocks are copied,
// others get an escape inserted before each byte that needs one. Fast when
// escapes are rare; each block that has one costs a mispredicted branch.
template <bool Extra>
std::uint8_t* escape_blocks(const std::uint8_t* p, std::size_t n, const EscapeSet& set, std::uint8_t* o) {
    const std::uint8_t* const end = p + n;
    while (end - p >= 8) {
        const std::uint64_t w = load8(p);
        std::uint64_t todo = set.candidates<Extra>(w);
        std::memcpy(o, p, 8);
        if (todo == 0) {
            o += 8;
        } else if constexpr (std::endian::native == std::endian::little) {
            // After s insertions, input byte k lands at o[k + s]; each
            // insertion rewrites the rest of the block one further on.
            std::size_t s = 0;
            do {
                const int k = std::countr_zero(todo) >> 3;
                todo &= todo - 1;
                const std::uint8_t b = p[k];
                if (set.escape[b] == 0) continue;
                std::uint8_t* at = o + k + s;
                const std::uint64_t rest = w >> (8 * k);  // p[k..7], p[k] lowest
                std::memcpy(at + 1, &rest, 8);
                at[0] = kEscape;
                at[1] = static_cast<std::uint8_t>(b ^ 0x20u);
                ++s;
            } while (todo != 0);
            o += 8 + s;
        } else {
            for (int i = 0; i < 8; ++i) o = put(o, p[i], set);
        }
        p += 8;
    }
    while (p < end) o = put(o, *p++, set);
    return o;
}

// Whether a sample from the frame's end (its start is often a header full
// of zeros) needs more than one escape in sixteen bytes: then escaping
// every byte without branches beats looking for clean blocks.
template <bool Extra>
bool escapes_are_dense(const std::uint8_t* p, std::size_t n, const EscapeSet& set) {
    const std::size_t sample = (n < 64 ? n : 64) & ~std::size_t{7};
    int count = 0;
    for (const std::uint8_t* q = p + n - sample; q < p + n; q += 8)
        count += std::popcount(set.candidates<Extra>(load8(q)));
    return static_cast<std::size_t>(count) * 16 > sample;
}

template <bool Extra>
void encode_with(Bytes frame, const EscapeSet& set, std::vector<std::uint8_t>& out) {
    const std::uint8_t* p = frame.data();
    const std::size_t n = frame.size();
    const std::uint16_t fcs = static_cast<std::uint16_t>(~fcs_run(kFcsInit, p, n));

    // Worst case: two flags, every byte and both FCS bytes escaped; plus
    // slack for the stores that run past what they keep.
    const std::size_t start = out.size();
    out.resize(start + 2 * n + 6 + kEncodeSlack);
    std::uint8_t* o = out.data() + start;
    *o++ = kFlag;
    if (escapes_are_dense<Extra>(p, n, set)) {
        for (const std::uint8_t* const end = p + n; p < end; ++p) o = put(o, *p, set);
    } else {
        o = escape_blocks<Extra>(p, n, set, o);
    }
    o = put(o, static_cast<std::uint8_t>(fcs & 0xffu), set);
    o = put(o, static_cast<std::uint8_t>(fcs >> 8), set);
    *o++ = kFlag;
    out.resize(static_cast<std::size_t>(o - out.data()));
}

}  // namespace

void encode(Bytes frame, std::uint32_t accm, std::vector<std::uint8_t>& out) {
    encode_with<false>(frame, EscapeSet(accm), out);
}

void encode(Bytes frame, std::uint32_t accm, const EscapeMap& extra, std::vector<std::uint8_t>& out) {
    if (!extra.beyond_controls()) {
        encode_with<false>(frame, EscapeSet(accm | extra.controls()), out);
        return;
    }
    encode_with<true>(frame, EscapeSet(accm, extra), out);
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
    const std::uint8_t* const end = p + in.size();
    const std::size_t cap = max_frame_ + 2;  // frame + FCS
    std::uint8_t* const buf = buf_.data();

    while (p < end) {
        if (discarding_) {
            // An overlong frame: skip everything up to the next flag.
            const void* flag = std::memchr(p, kFlag, static_cast<std::size_t>(end - p));
            if (flag == nullptr) {
                p = end;
                break;
            }
            p = static_cast<const std::uint8_t*>(flag) + 1;
            discarding_ = false;
            escaped_ = false;
            len_ = 0;
            continue;
        }

        // Frame data up to the next flag. Each byte adds at most one byte to
        // the frame, so looking at no more than `room` bytes cannot overflow.
        const std::size_t room = cap - len_;
        const std::size_t avail = static_cast<std::size_t>(end - p);
        const std::uint8_t* const stop = p + (avail < room ? avail : room);
        std::size_t len = len_;
        unsigned esc = escaped_ ? 1u : 0u;
        // Whole blocks of eight without a flag: copied when there is
        // nothing to unescape, else unescaped without branches.
        while (stop - p >= 8) {
            const std::uint64_t w = load8(p);
            if (bytes_equal(w, kFlag) != 0) break;
            if (esc == 0 && bytes_equal(w, kEscape) == 0) {
                std::memcpy(buf + len, p, 8);
                len += 8;
            } else {
                for (int i = 0; i < 8; ++i) len = unescape(buf, len, p[i], esc);
            }
            p += 8;
        }
        // The rest, byte by byte, up to a flag.
        for (; p < stop && *p != kFlag; ++p) len = unescape(buf, len, *p, esc);
        len_ = len;
        escaped_ = esc != 0;
        if (p == end) break;
        if (*p != kFlag && len_ < cap) continue;  // escapes left room for more

        const std::uint8_t b = *p++;
        if (b != kFlag) {
            // The frame is full and more data follows.
            if (b == kEscape && !escaped_) {
                escaped_ = true;  // an escape alone adds nothing yet
                continue;
            }
            ++stats_.too_long;
            discarding_ = true;
            continue;
        }
        if (escaped_) {
            ++stats_.aborts;
            escaped_ = false;
            len_ = 0;
            continue;
        }
        if (len_ == 0) continue;  // back-to-back flags
        if (len_ < 4) {
            ++stats_.runts;
            len_ = 0;
            continue;
        }
        if (fcs_run(kFcsInit, buf, len_) != kFcsGood) {
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
    in = Bytes{end, 0};
    return false;
}

}  // namespace ppp::hdlc
