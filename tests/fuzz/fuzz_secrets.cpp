// Arbitrary text as a secrets file: parse must return entries and errors
// (never throw), and lookup and the address checks must be safe on whatever
// it produced.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/secrets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // @/path files: "@/a" holds the input's first line, "@/missing" does not exist.
    const ppp::config::FileLoader load = [text](const std::string& path) -> std::optional<std::string> {
        if (path == "/a") return std::string(text.substr(0, text.find('\n')));
        return std::nullopt;
    };
    const auto result = ppp::secrets::parse(text, "fuzz", load);
    for (const auto& e : result.entries) {
        if (e.line < 1 || e.file != "fuzz") std::abort();
        ppp::secrets::lookup(result.entries, e.client, e.server);
        ppp::secrets::lookup_partial(result.entries, e.client, std::nullopt);
        ppp::secrets::address_allowed(e, ppp::Ipv4{0x0a000001}, 3);
        ppp::secrets::suggested_address(e, 3);
    }
    ppp::secrets::lookup(result.entries, "", "*");
    return 0;
}
