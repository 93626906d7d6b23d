// RFC 1662 framing: FCS-16, escaping, the chunk-fed decoder, frame headers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/frame.hpp"
#include "core/hdlc.hpp"

namespace ppp {
namespace {

using Buf = std::vector<std::uint8_t>;

// The FCS bit by bit, straight from the polynomial (x^16 + x^12 + x^5 + 1,
// bit-reversed 0x8408): an independent check on the table-driven code.
std::uint16_t bitwise_fcs(std::uint16_t fcs, const Buf& data) {
    for (std::uint8_t b : data) {
        fcs = static_cast<std::uint16_t>(fcs ^ b);
        for (int i = 0; i < 8; ++i)
            fcs = static_cast<std::uint16_t>((fcs & 1u) ? (fcs >> 1) ^ 0x8408u : fcs >> 1);
    }
    return fcs;
}

Buf bytes_of(const std::string& s) { return Buf(s.begin(), s.end()); }

Buf encoded(const Buf& frame, std::uint32_t accm = hdlc::kDefaultAccm) {
    Buf out;
    hdlc::encode(frame, accm, out);
    return out;
}

// Feeds `line` to `decoder` in one call per chunk (sizes from `chunk`) and
// collects every frame.
template <class ChunkSize>
std::vector<Buf> decode_all(hdlc::Decoder& decoder, const Buf& line, ChunkSize chunk) {
    std::vector<Buf> frames;
    std::size_t pos = 0;
    while (pos < line.size()) {
        const std::size_t n = std::min(line.size() - pos, chunk());
        Bytes in{line.data() + pos, n};
        while (decoder.next(in)) {
            const Bytes f = decoder.frame();
            frames.emplace_back(f.begin(), f.end());
        }
        EXPECT_TRUE(in.empty());
        pos += n;
    }
    return frames;
}

std::vector<Buf> decode_whole(hdlc::Decoder& decoder, const Buf& line) {
    return decode_all(decoder, line, [&] { return line.size(); });
}

Buf random_bytes(std::mt19937& rnd, std::size_t n) {
    Buf b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(rnd());
    return b;
}

// ---- FCS

TEST(Fcs, CheckValueOf123456789) {
    // CRC-16/X.25 (the PPP FCS, complemented) of "123456789" is 0x906e.
    const Buf digits = bytes_of("123456789");
    EXPECT_EQ(static_cast<std::uint16_t>(~hdlc::fcs16(hdlc::kFcsInit, digits)), 0x906e);
    EXPECT_EQ(hdlc::fcs16(hdlc::kFcsInit, digits), bitwise_fcs(hdlc::kFcsInit, digits));
}

TEST(Fcs, GoodResidueOverFrameAndItsFcs) {
    // An LCP Configure-Request (MRU 1500, magic 0x01020304) as sent, without flags.
    Buf frame{0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x0e, 0x01, 0x04, 0x05, 0xdc, 0x05, 0x06, 0x01, 0x02, 0x03, 0x04};
    const auto fcs = static_cast<std::uint16_t>(~hdlc::fcs16(hdlc::kFcsInit, frame));
    EXPECT_EQ(fcs, static_cast<std::uint16_t>(~bitwise_fcs(0xffff, frame)));
    frame.push_back(static_cast<std::uint8_t>(fcs & 0xff));  // least significant octet first
    frame.push_back(static_cast<std::uint8_t>(fcs >> 8));
    EXPECT_EQ(hdlc::fcs16(hdlc::kFcsInit, frame), hdlc::kFcsGood);
    EXPECT_EQ(hdlc::kFcsGood, 0xf0b8);
    frame[5] ^= 0x01;
    EXPECT_NE(hdlc::fcs16(hdlc::kFcsInit, frame), hdlc::kFcsGood);
}

TEST(Fcs, EmptyDataLeavesFcsUnchanged) {
    EXPECT_EQ(hdlc::fcs16(0x1234, Bytes{}), 0x1234);
    EXPECT_EQ(hdlc::fcs16(hdlc::kFcsInit, Bytes{}), hdlc::kFcsInit);
}

TEST(Fcs, MatchesBitwiseForEveryLengthAndIsIncremental) {
    std::mt19937 rnd(1);
    for (std::size_t n = 0; n < 80; ++n) {
        const Buf data = random_bytes(rnd, n);
        const auto init = static_cast<std::uint16_t>(rnd());
        const std::uint16_t whole = hdlc::fcs16(init, data);
        ASSERT_EQ(whole, bitwise_fcs(init, data)) << "length " << n;
        const std::size_t cut = n == 0 ? 0 : rnd() % n;
        const std::uint16_t first = hdlc::fcs16(init, Bytes{data.data(), cut});
        EXPECT_EQ(hdlc::fcs16(first, Bytes{data.data() + cut, n - cut}), whole) << "length " << n;
    }
}

// ---- encoding

// The encoding of `body` followed by an FCS of two bytes that need no escaping.
Buf with_plain_fcs(const Buf& frame, Buf body, std::uint32_t accm) {
    const auto fcs = static_cast<std::uint16_t>(~bitwise_fcs(0xffff, frame));
    for (std::uint8_t b : {static_cast<std::uint8_t>(fcs & 0xff), static_cast<std::uint8_t>(fcs >> 8)}) {
        const bool esc = b == 0x7e || b == 0x7d || (b < 0x20 && ((accm >> b) & 1u));
        if (esc) {
            body.push_back(0x7d);
            body.push_back(static_cast<std::uint8_t>(b ^ 0x20));
        } else {
            body.push_back(b);
        }
    }
    body.insert(body.begin(), 0x7e);
    body.push_back(0x7e);
    return body;
}

TEST(Encode, DefaultAccmEscapesEveryControlCharacter) {
    const Buf frame{0x7e, 0x7d, 0x00, 0x1f, 0x20, 0x41, 0x11, 0x13, 0xff, 0x5d};
    const Buf body{0x7d, 0x5e, 0x7d, 0x5d, 0x7d, 0x20, 0x7d, 0x3f, 0x20, 0x41, 0x7d, 0x31, 0x7d, 0x33, 0xff, 0x5d};
    EXPECT_EQ(encoded(frame), with_plain_fcs(frame, body, hdlc::kDefaultAccm));
}

TEST(Encode, AccmZeroEscapesOnlyFlagAndEscape) {
    const Buf frame{0x7e, 0x7d, 0x00, 0x1f, 0x20, 0x41, 0x11, 0x13, 0xff, 0x5d};
    const Buf body{0x7d, 0x5e, 0x7d, 0x5d, 0x00, 0x1f, 0x20, 0x41, 0x11, 0x13, 0xff, 0x5d};
    EXPECT_EQ(encoded(frame, 0), with_plain_fcs(frame, body, 0));
}

TEST(Encode, AccmBitsSelectControlCharacters) {
    // XON/XOFF only: bits 0x11 and 0x13.
    const std::uint32_t accm = (1u << 0x11) | (1u << 0x13);
    const Buf frame{0x00, 0x11, 0x12, 0x13, 0x1f, 0x80, 0x91, 0x93};
    const Buf body{0x00, 0x7d, 0x31, 0x12, 0x7d, 0x33, 0x1f, 0x80, 0x91, 0x93};
    EXPECT_EQ(encoded(frame, accm), with_plain_fcs(frame, body, accm));
}

TEST(Encode, LcpConfigureRequestOnTheWire) {
    // Configure-Request id 1 with ACCM 0 option, under the default ACCM.
    const Buf frame{0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x0a, 0x02, 0x06, 0x00, 0x00, 0x00, 0x00};
    const Buf body{0xff, 0x7d, 0x23, 0xc0, 0x21, 0x7d, 0x21, 0x7d, 0x21, 0x7d, 0x20, 0x7d, 0x2a,
                   0x7d, 0x22, 0x7d, 0x26, 0x7d, 0x20, 0x7d, 0x20, 0x7d, 0x20, 0x7d, 0x20};
    EXPECT_EQ(encoded(frame), with_plain_fcs(frame, body, hdlc::kDefaultAccm));
}

TEST(Encode, AppendsToExistingOutput) {
    Buf out{1, 2, 3};
    hdlc::encode(Buf{0x21, 0x45}, 0, out);
    ASSERT_GE(out.size(), 8u);
    EXPECT_EQ(out[0], 1);
    EXPECT_EQ(out[3], 0x7e);
    EXPECT_EQ(out.back(), 0x7e);
}

TEST(Encode, OutputNeverContainsBytesThatNeedEscaping) {
    std::mt19937 rnd(2);
    for (int round = 0; round < 300; ++round) {
        const std::uint32_t accm = round % 3 == 0 ? 0u : round % 3 == 1 ? hdlc::kDefaultAccm : static_cast<std::uint32_t>(rnd());
        const Buf frame = random_bytes(rnd, rnd() % 300);
        const Buf line = encoded(frame, accm);
        ASSERT_GE(line.size(), frame.size() + 4);
        EXPECT_EQ(line.front(), 0x7e);
        EXPECT_EQ(line.back(), 0x7e);
        for (std::size_t i = 1; i + 1 < line.size(); ++i) {
            const std::uint8_t b = line[i];
            ASSERT_NE(b, 0x7e) << "round " << round;
            if (b < 0x20) {
                ASSERT_EQ((accm >> b) & 1u, 0u) << "raw control " << int(b) << " round " << round;
            }
            if (b == 0x7d) {
                ASSERT_LT(i + 2, line.size());
                const auto orig = static_cast<std::uint8_t>(line[i + 1] ^ 0x20);
                EXPECT_TRUE(orig == 0x7e || orig == 0x7d || (orig < 0x20 && ((accm >> orig) & 1u)));
                ++i;
            }
        }
    }
}

// Escaping one byte at a time, as RFC 1662 describes it.
Buf reference_encode(const Buf& frame, std::uint32_t accm) {
    Buf body = frame;
    const auto fcs = static_cast<std::uint16_t>(~bitwise_fcs(0xffff, frame));
    body.push_back(static_cast<std::uint8_t>(fcs & 0xff));
    body.push_back(static_cast<std::uint8_t>(fcs >> 8));
    Buf out{0x7e};
    for (std::uint8_t b : body) {
        if (b == 0x7e || b == 0x7d || (b < 0x20 && ((accm >> b) & 1u))) {
            out.push_back(0x7d);
            out.push_back(static_cast<std::uint8_t>(b ^ 0x20));
        } else {
            out.push_back(b);
        }
    }
    out.push_back(0x7e);
    return out;
}

TEST(Encode, MatchesBytewiseReferenceForAnyAccmAndLength) {
    std::mt19937 rnd(8);
    const std::uint8_t special[] = {0x7e, 0x7d, 0x00, 0x11, 0x13, 0x1f, 0x20, 0x5e, 0x5d};
    for (int round = 0; round < 3000; ++round) {
        const std::uint32_t accm = round % 4 == 0   ? 0u
                                   : round % 4 == 1 ? hdlc::kDefaultAccm
                                                    : static_cast<std::uint32_t>(rnd() & rnd());
        Buf frame(rnd() % (round % 10 == 0 ? 2000 : 70));
        const unsigned density = rnd() % 4;  // from no special bytes to mostly special ones
        for (auto& b : frame)
            b = rnd() % 4 < density ? special[rnd() % std::size(special)] : static_cast<std::uint8_t>(rnd());
        Buf out{0xaa};  // appends after what is there
        hdlc::encode(frame, accm, out);
        Buf want{0xaa};
        const Buf ref = reference_encode(frame, accm);
        want.insert(want.end(), ref.begin(), ref.end());
        ASSERT_EQ(out, want) << "round " << round << " accm " << accm;
        hdlc::Decoder decoder(2000);
        const auto got = decode_whole(decoder, ref);
        if (frame.size() >= 2) {
            ASSERT_EQ(got.size(), 1u) << "round " << round;
            EXPECT_EQ(got[0], frame);
        } else {
            EXPECT_TRUE(got.empty());
        }
    }
}

// ---- extra escapes (pppd's `escape`)

// reference_encode, also escaping every byte in `extra` except 0x5d and
// 0x5e (escaped, they would read as 7d 7d and 7d 7e).
Buf reference_encode_extra(const Buf& frame, std::uint32_t accm, const std::vector<std::uint8_t>& extra) {
    Buf body = frame;
    const auto fcs = static_cast<std::uint16_t>(~bitwise_fcs(0xffff, frame));
    body.push_back(static_cast<std::uint8_t>(fcs & 0xff));
    body.push_back(static_cast<std::uint8_t>(fcs >> 8));
    Buf out{0x7e};
    for (std::uint8_t b : body) {
        const bool listed = b != 0x5d && b != 0x5e && std::find(extra.begin(), extra.end(), b) != extra.end();
        if (b == 0x7e || b == 0x7d || (b < 0x20 && ((accm >> b) & 1u)) || listed) {
            out.push_back(0x7d);
            out.push_back(static_cast<std::uint8_t>(b ^ 0x20));
        } else {
            out.push_back(b);
        }
    }
    out.push_back(0x7e);
    return out;
}

TEST(EncodeEscape, ListedBytesAreEscapedEverywhereInTheFrame) {
    const Buf frame = {0x41, 0x42, 0xff, 0x11, 0x80, 0x41, 0x00};
    const std::vector<std::uint8_t> chars = {0x41, 0xff, 0x11};
    Buf out;
    hdlc::encode(frame, 0u, hdlc::EscapeMap(chars), out);
    // 0x41 -> 7d 61, 0xff -> 7d df, 0x11 -> 7d 31; 0x42, 0x80 and 0x00 stay raw (ACCM 0).
    const Buf body(out.begin() + 1, out.begin() + 12);
    EXPECT_EQ(body, (Buf{0x7d, 0x61, 0x42, 0x7d, 0xdf, 0x7d, 0x31, 0x80, 0x7d, 0x61, 0x00}));
    EXPECT_EQ(out, reference_encode_extra(frame, 0u, chars));
    Buf plain;
    hdlc::encode(frame, 0u, plain);
    EXPECT_NE(out, plain);
}

TEST(EncodeEscape, AnEmptyMapIsThePlainEncoding) {
    std::mt19937 rnd(11);
    for (int round = 0; round < 50; ++round) {
        const Buf frame = random_bytes(rnd, rnd() % 200);
        const std::uint32_t accm = static_cast<std::uint32_t>(rnd());
        Buf a, b;
        hdlc::encode(frame, accm, hdlc::EscapeMap{}, a);
        hdlc::encode(frame, accm, b);
        ASSERT_EQ(a, b);
    }
}

TEST(EncodeEscape, ZeroX5dAnd5eAreNeverEscaped) {
    const Buf frame = {0x5e, 0x01, 0x5d, 0x5e};
    const std::vector<std::uint8_t> chars = {0x5d, 0x5e};
    Buf out;
    hdlc::encode(frame, 0u, hdlc::EscapeMap(chars), out);
    EXPECT_EQ(Buf(out.begin() + 1, out.begin() + 5), frame) << "7d 7e would abort the frame, 7d 7d reads as two escapes";
    hdlc::Decoder decoder;
    const auto got = decode_whole(decoder, out);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], frame);
}

TEST(EncodeEscape, MatchesReferenceAndDecodesForAnyMap) {
    std::mt19937 rnd(12);
    for (int round = 0; round < 2000; ++round) {
        // From one listed byte to many (more than the encoder searches for
        // word by word), control characters among them.
        std::vector<std::uint8_t> chars;
        const std::size_t count = 1 + rnd() % (round % 5 == 0 ? 40 : 5);
        for (std::size_t i = 0; i < count; ++i) chars.push_back(static_cast<std::uint8_t>(rnd()));
        const std::uint32_t accm = round % 3 == 0 ? 0u : round % 3 == 1 ? hdlc::kDefaultAccm : static_cast<std::uint32_t>(rnd());
        Buf frame(rnd() % (round % 10 == 0 ? 1600 : 80));
        const unsigned density = rnd() % 4;
        for (auto& b : frame)
            b = rnd() % 4 < density ? chars[rnd() % chars.size()] : static_cast<std::uint8_t>(rnd());
        Buf out{0xaa};
        hdlc::encode(frame, accm, hdlc::EscapeMap(chars), out);
        Buf want{0xaa};
        const Buf ref = reference_encode_extra(frame, accm, chars);
        want.insert(want.end(), ref.begin(), ref.end());
        ASSERT_EQ(out, want) << "round " << round;
        hdlc::Decoder decoder(2000);
        const auto got = decode_whole(decoder, Buf(out.begin() + 1, out.end()));
        if (frame.size() >= 2) {
            ASSERT_EQ(got.size(), 1u) << "round " << round;
            EXPECT_EQ(got[0], frame);
        }
    }
}

// ---- decoding

TEST(Decode, RoundTripUnderRandomChunking) {
    std::mt19937 rnd(3);
    for (int round = 0; round < 40; ++round) {
        const std::uint32_t accm = round % 2 ? 0u : hdlc::kDefaultAccm;
        std::vector<Buf> frames;
        Buf line;
        for (int i = 0; i < 30; ++i) {
            frames.push_back(random_bytes(rnd, 2 + rnd() % 1599));  // up to the 1600 limit
            Buf one = encoded(frames.back(), accm);
            // Sometimes share one flag between frames, sometimes add extra flags.
            if (!line.empty() && rnd() % 3 == 0) one.erase(one.begin());
            if (rnd() % 4 == 0) one.insert(one.begin(), 3, 0x7e);
            line.insert(line.end(), one.begin(), one.end());
        }
        const std::size_t max_chunk = 1 + rnd() % (round < 10 ? 4 : round < 20 ? 200 : line.size());
        hdlc::Decoder decoder(1600);
        const auto got = decode_all(decoder, line, [&] { return 1 + rnd() % max_chunk; });
        ASSERT_EQ(got.size(), frames.size()) << "round " << round;
        for (std::size_t i = 0; i < frames.size(); ++i) ASSERT_EQ(got[i], frames[i]) << "round " << round << " frame " << i;
        EXPECT_EQ(decoder.stats().frames, frames.size());
        EXPECT_EQ(decoder.stats().fcs_errors + decoder.stats().too_long + decoder.stats().aborts + decoder.stats().runts, 0u);
    }
}

TEST(Decode, OneByteAtATimeAcrossAnEscape) {
    const Buf frame{0xff, 0x03, 0xc0, 0x21, 0x7d, 0x7e, 0x00};
    const Buf line = encoded(frame);
    hdlc::Decoder decoder;
    const auto got = decode_all(decoder, line, [] { return std::size_t{1}; });
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], frame);
}

TEST(Decode, ControlCharactersReceivedRawAreKept) {
    // Decoding drops nothing but flags and escapes: a peer using ACCM 0 sends
    // control characters raw, and they are frame data.
    const Buf frame{0x00, 0x21, 0x01, 0x11, 0x13, 0x1f};
    hdlc::Decoder decoder;
    const auto got = decode_whole(decoder, encoded(frame, 0));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], frame);
}

TEST(Decode, FrameStaysValidUntilNextCall) {
    const Buf a{0x21, 0x01, 0x02}, b{0x21, 0x03, 0x04};
    Buf line = encoded(a);
    const Buf lb = encoded(b);
    line.insert(line.end(), lb.begin(), lb.end());
    hdlc::Decoder decoder;
    Bytes in{line};
    ASSERT_TRUE(decoder.next(in));
    EXPECT_EQ(Buf(decoder.frame().begin(), decoder.frame().end()), a);
    EXPECT_FALSE(in.empty());  // the rest is left for the next call
    ASSERT_TRUE(decoder.next(in));
    EXPECT_EQ(Buf(decoder.frame().begin(), decoder.frame().end()), b);
    EXPECT_FALSE(decoder.next(in));
    EXPECT_TRUE(in.empty());
}

TEST(Decode, ConsecutiveFlagsAreNotFrames) {
    hdlc::Decoder decoder;
    EXPECT_TRUE(decode_whole(decoder, Buf(50, 0x7e)).empty());
    EXPECT_EQ(decoder.stats().frames + decoder.stats().runts + decoder.stats().fcs_errors, 0u);
}

TEST(Decode, AbortSequenceDropsTheFrame) {
    const Buf good{0x21, 0x45, 0x00};
    Buf line{0x7e, 0xff, 0x03, 0xc0, 0x21, 0x01, 0x7d, 0x7e};  // aborted; its flag opens the next
    const Buf rest = encoded(good);
    line.insert(line.end(), rest.begin() + 1, rest.end());
    hdlc::Decoder decoder;
    const auto got = decode_whole(decoder, line);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], good);
    EXPECT_EQ(decoder.stats().aborts, 1u);
    EXPECT_EQ(decoder.stats().fcs_errors, 0u);
}

TEST(Decode, RuntsAreCounted) {
    hdlc::Decoder decoder;
    // 1, 2 and 3 bytes between flags; a 0- or 1-byte frame plus FCS is also a runt.
    Buf line{0x7e, 0x01, 0x7e, 0x01, 0x02, 0x7e, 0x01, 0x7d, 0x22, 0x03, 0x7e};
    const Buf one = encoded(Buf{0x21});
    line.insert(line.end(), one.begin(), one.end());
    EXPECT_TRUE(decode_whole(decoder, line).empty());
    EXPECT_EQ(decoder.stats().runts, 4u);  // {0x21} + FCS is 3 bytes: a runt too
    EXPECT_EQ(decoder.stats().fcs_errors, 0u);
    // Four bytes (two of frame, two of FCS) is the shortest frame.
    const auto got = decode_whole(decoder, encoded(Buf{0x21, 0x00}));
    EXPECT_EQ(got.size(), 1u);
    EXPECT_EQ(decoder.stats().runts, 4u);
}

TEST(Decode, BadFcsIsCountedAndSkipped) {
    Buf line = encoded(Buf{0xff, 0x03, 0x00, 0x21, 0x45, 0x00, 0x00, 0x14});
    line[5] ^= 0x40;  // a data byte that is not escaped
    const Buf good{0x21, 0x99};
    const Buf next = encoded(good);
    line.insert(line.end(), next.begin(), next.end());
    hdlc::Decoder decoder;
    const auto got = decode_whole(decoder, line);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], good);
    EXPECT_EQ(decoder.stats().fcs_errors, 1u);
    EXPECT_EQ(decoder.stats().frames, 1u);
}

TEST(Decode, OverlongFramesAreBoundedCountedAndSkipped) {
    std::mt19937 rnd(4);
    const Buf at_limit = random_bytes(rnd, 100), over = random_bytes(rnd, 101), huge = random_bytes(rnd, 10000);
    Buf line;
    for (const Buf* f : {&over, &at_limit, &huge, &at_limit}) {
        const Buf e = encoded(*f);
        line.insert(line.end(), e.begin(), e.end());
    }
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, line.size()}) {
        hdlc::Decoder decoder(100);
        const auto got = decode_all(decoder, line, [&] { return chunk; });
        ASSERT_EQ(got.size(), 2u) << "chunk " << chunk;
        EXPECT_EQ(got[0], at_limit);
        EXPECT_EQ(got[1], at_limit);
        EXPECT_EQ(decoder.stats().too_long, 2u);
        EXPECT_EQ(decoder.stats().fcs_errors, 0u);
    }
}

TEST(Decode, ResynchronisesAfterGarbage) {
    std::mt19937 rnd(5);
    for (int round = 0; round < 50; ++round) {
        Buf line = random_bytes(rnd, rnd() % 3000);
        std::replace(line.begin(), line.end(), std::uint8_t{0x7e}, std::uint8_t{0x00});
        const Buf good = random_bytes(rnd, 2 + rnd() % 200);
        const Buf e = encoded(good);
        line.insert(line.end(), e.begin(), e.end());
        hdlc::Decoder decoder(1500);
        const auto got = decode_all(decoder, line, [&] { return 1 + rnd() % 64; });
        ASSERT_EQ(got.size(), 1u) << "round " << round;
        EXPECT_EQ(got[0], good);
    }
}

TEST(Decode, ResetDropsPartialFrame) {
    const Buf frame{0x21, 0x01, 0x02, 0x03};
    const Buf line = encoded(frame);
    hdlc::Decoder decoder;
    Bytes first{line.data(), 4};
    EXPECT_FALSE(decoder.next(first));
    decoder.reset();
    // The tail alone, then a whole frame: only the whole one comes out.
    Buf rest(line.begin() + 4, line.end());
    rest.insert(rest.end(), line.begin(), line.end());
    const auto got = decode_whole(decoder, rest);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], frame);
}

TEST(Decode, RandomBuffersNeverCrashAndStayBounded) {
    std::mt19937 rnd(6);
    const std::uint8_t interesting[] = {0x7e, 0x7d, 0x5e, 0x5d, 0xff, 0x03, 0x20};
    for (int round = 0; round < 10000; ++round) {
        const std::size_t max_frame = 1 + rnd() % 64;
        hdlc::Decoder decoder(max_frame);
        Buf line(rnd() % 512);
        for (auto& b : line) b = rnd() % 3 == 0 ? interesting[rnd() % std::size(interesting)] : static_cast<std::uint8_t>(rnd());
        std::size_t pos = 0;
        std::uint64_t yielded = 0;
        while (pos < line.size()) {
            const std::size_t n = std::min<std::size_t>(line.size() - pos, 1 + rnd() % 100);
            Bytes in{line.data() + pos, n};
            while (decoder.next(in)) {
                ++yielded;
                const Bytes f = decoder.frame();
                ASSERT_LE(f.size(), max_frame);
                ASSERT_GE(f.size(), 2u);
                (void)parse_frame(f);
            }
            pos += n;
        }
        ASSERT_EQ(decoder.stats().frames, yielded);
    }
}

// ---- frame headers

TEST(ParseFrame, UncompressedHeader) {
    const Buf f{0xff, 0x03, 0xc0, 0x21, 0x01, 0x02};
    const auto parsed = parse_frame(f);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->protocol, proto::kLcp);
    EXPECT_EQ(Buf(parsed->info.begin(), parsed->info.end()), (Buf{0x01, 0x02}));
    EXPECT_EQ(parsed->info.data(), f.data() + 4);  // points into the input
}

TEST(ParseFrame, CompressedAddressControlAndProtocol) {
    const auto both = parse_frame(Buf{0x21, 0x45});
    ASSERT_TRUE(both);
    EXPECT_EQ(both->protocol, proto::kIpv4);
    EXPECT_EQ(both->info.size(), 1u);

    const auto acfc_only = parse_frame(Buf{0x80, 0x21, 0x01});
    ASSERT_TRUE(acfc_only);
    EXPECT_EQ(acfc_only->protocol, proto::kIpcp);

    const auto pfc_only = parse_frame(Buf{0xff, 0x03, 0x21});
    ASSERT_TRUE(pfc_only);
    EXPECT_EQ(pfc_only->protocol, proto::kIpv4);
    EXPECT_TRUE(pfc_only->info.empty());

    const auto padded = parse_frame(Buf{0xff, 0x03, 0x00, 0x21});
    ASSERT_TRUE(padded);
    EXPECT_EQ(padded->protocol, proto::kIpv4);
}

TEST(ParseFrame, MalformedHeadersAreRejected) {
    const std::vector<Buf> bad = {
        {},                        // empty
        {0xff},                    // address only
        {0xff, 0x03},              // no protocol
        {0xff, 0x04, 0xc0, 0x21},  // bad control
        {0xff, 0xff, 0x03, 0x21},  // bad control
        {0xff, 0x03, 0xc0},        // truncated protocol
        {0xc0},                    // truncated protocol, compressed address
        {0xc0, 0x20, 0x00},        // protocol ends in an even byte
        {0xff, 0x03, 0x00, 0x00},  // protocol ends in an even byte
    };
    for (const Buf& f : bad) {
        std::string hex;
        for (auto b : f) hex += std::to_string(b) + " ";
        EXPECT_FALSE(parse_frame(f)) << hex;
    }
}

TEST(BuildFrame, LcpIsNeverCompressed) {
    Buf out;
    build_frame(proto::kLcp, Buf{0x09}, true, true, out);
    EXPECT_EQ(out, (Buf{0xff, 0x03, 0xc0, 0x21, 0x09}));
}

TEST(BuildFrame, CompressionAsNegotiated) {
    const Buf info{0x45, 0x00};
    Buf out;
    build_frame(proto::kIpv4, info, false, false, out);
    EXPECT_EQ(out, (Buf{0xff, 0x03, 0x00, 0x21, 0x45, 0x00}));
    out.clear();
    build_frame(proto::kIpv4, info, true, false, out);
    EXPECT_EQ(out, (Buf{0x00, 0x21, 0x45, 0x00}));
    out.clear();
    build_frame(proto::kIpv4, info, false, true, out);
    EXPECT_EQ(out, (Buf{0xff, 0x03, 0x21, 0x45, 0x00}));
    out.clear();
    build_frame(proto::kIpv4, info, true, true, out);
    EXPECT_EQ(out, (Buf{0x21, 0x45, 0x00}));
    out.clear();
    // A protocol above 0xff keeps both bytes even with PFC.
    build_frame(proto::kIpcp, info, true, true, out);
    EXPECT_EQ(out, (Buf{0x80, 0x21, 0x45, 0x00}));
    out.clear();
    // Only LCP is exempt from ACFC.
    build_frame(proto::kPap, {}, true, true, out);
    EXPECT_EQ(out, (Buf{0xc0, 0x23}));
}

TEST(BuildFrame, RoundTripsThroughParseAndTheLine) {
    std::mt19937 rnd(7);
    const std::uint16_t protocols[] = {proto::kIpv4, proto::kIpv6, proto::kLcp, proto::kIpcp, proto::kPap, proto::kCcp};
    for (int round = 0; round < 200; ++round) {
        const std::uint16_t protocol = protocols[rnd() % std::size(protocols)];
        const Buf info = random_bytes(rnd, rnd() % 100);
        Buf frame;
        build_frame(protocol, info, rnd() % 2, rnd() % 2, frame);
        hdlc::Decoder decoder;
        const auto got = decode_whole(decoder, encoded(frame, rnd() % 2 ? 0u : hdlc::kDefaultAccm));
        ASSERT_EQ(got.size(), 1u);
        const auto parsed = parse_frame(got[0]);
        ASSERT_TRUE(parsed);
        EXPECT_EQ(parsed->protocol, protocol);
        EXPECT_EQ(Buf(parsed->info.begin(), parsed->info.end()), info);
    }
}

}  // namespace
}  // namespace ppp
