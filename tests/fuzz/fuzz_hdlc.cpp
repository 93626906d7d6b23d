// Line bytes into the HDLC decoder, and every decoded frame into the header
// parser; then the input as a frame through the encoder with an ACCM and
// extra escapes taken from its first bytes, which must decode back to it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/frame.hpp"
#include "core/hdlc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ppp::hdlc::Decoder decoder(1600);
    ppp::Bytes in{data, size};
    while (decoder.next(in)) {
        (void)ppp::parse_frame(decoder.frame());
    }

    if (size < 8 || size > 1600) return 0;
    const std::uint32_t accm = static_cast<std::uint32_t>(data[0]) << 24 | static_cast<std::uint32_t>(data[1]) << 16 |
                               static_cast<std::uint32_t>(data[2]) << 8 | data[3];
    const ppp::hdlc::EscapeMap extra(ppp::Bytes{data + 4, static_cast<std::size_t>(data[4] % 8)});
    const ppp::Bytes frame{data, size};
    std::vector<std::uint8_t> line;
    ppp::hdlc::encode(frame, accm, extra, line);
    ppp::hdlc::Decoder back(1600);
    ppp::Bytes rest{line};
    if (!back.next(rest)) std::abort();
    const ppp::Bytes got = back.frame();
    if (got.size() != size || !std::equal(got.begin(), got.end(), data)) std::abort();
    return 0;
}
