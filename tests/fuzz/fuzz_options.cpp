// Arbitrary text as an options file: either parses or throws config::Error.
// The same text is also loaded as a peer file (with `file`/`call` reaching
// it again, so include loops are exercised) collecting errors, which must
// never throw, and its effective options are printed.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ppp::config::PeerOptions options;
    try {
        ppp::config::parse_options(text, "fuzz", options);
    } catch (const ppp::config::Error&) {
    }
    const ppp::config::FileLoader load = [&](const std::string& path) -> std::optional<std::string> {
        if (path == "/etc/ppp/options.ttyS0") return std::nullopt;
        return text;  // every file, /etc/ppp/options and peers/* included, is the input
    };
    std::vector<ppp::config::Diagnostic> errors;
    const auto loaded = ppp::config::load_peer("/etc/ppp", "fuzz", load, errors);
    static volatile std::size_t sink = 0;
    for (const auto& e : ppp::config::effective_options(loaded)) sink = sink + e.value.size() + e.origin.size();
    return 0;
}
