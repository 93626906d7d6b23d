// Arbitrary text as a chat script and as a connect command; a parsed script is
// then run against the rest of the input as modem output.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/chat.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::size_t split = size / 2;
    std::string_view script_text(reinterpret_cast<const char*>(data), split);
    (void)ppp::chat::parse_invocation(script_text);
    try {
        auto script = ppp::chat::parse_script(script_text, "fuzz");
        (void)ppp::chat::abort_strings(script, ppp::chat::Invocation{});
        ppp::chat::Engine engine(std::move(script), ppp::chat::Invocation{});
        ppp::Time now{};
        engine.start(now);
        for (std::size_t i = split; i < size; i += 16) {
            const std::size_t n = size - i < 16 ? size - i : 16;
            engine.input(now, ppp::Bytes{data + i, n});
            now += std::chrono::milliseconds(500);
            engine.tick(now);
            (void)engine.take_output();
            (void)engine.take_log();
            (void)engine.take_breaks();
            (void)engine.take_reports();
            if (engine.status() != ppp::chat::Status::Running) break;
        }
    } catch (const ppp::config::Error&) {
    }
    return 0;
}
