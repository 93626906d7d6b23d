// Arbitrary text as an options file: either parses or throws config::Error.
#include <cstdint>
#include <string_view>

#include "core/options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    ppp::config::PeerOptions options;
    try {
        ppp::config::parse_options(text, "fuzz", options);
    } catch (const ppp::config::Error&) {
    }
    return 0;
}
