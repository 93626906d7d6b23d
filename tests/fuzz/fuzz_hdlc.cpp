// Line bytes into the HDLC decoder, and every decoded frame into the header parser.
#include <cstdint>

#include "core/frame.hpp"
#include "core/hdlc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ppp::hdlc::Decoder decoder(1600);
    ppp::Bytes in{data, size};
    while (decoder.next(in)) {
        (void)ppp::parse_frame(decoder.frame());
    }
    return 0;
}
