#include "io/datapath_debug.hpp"

#include <chrono>
#include <cstdio>

#include "io/event_loop.hpp"

namespace ppp::io {
namespace {

std::string dotted(const std::uint8_t* p) {
    return std::to_string(p[0]) + "." + std::to_string(p[1]) + "." + std::to_string(p[2]) + "." +
           std::to_string(p[3]);
}

}  // namespace

std::string DataPathDebug::describe(Bytes packet) {
    std::string text;
    if (packet.size() >= 20 && (packet[0] >> 4) == 4) {
        text = "IPv4 " + dotted(packet.data() + 12) + " > " + dotted(packet.data() + 16) + " proto " +
               std::to_string(packet[9]) + ", ";
    }
    text += std::to_string(packet.size()) + " bytes:";
    const std::size_t shown = packet.size() < 16 ? packet.size() : 16;
    for (std::size_t i = 0; i < shown; ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, " %02x", packet[i]);
        text += hex;
    }
    if (shown < packet.size()) text += " ...";
    return text;
}

bool DataPathDebug::admit() {
    const Time now = EventLoop::now();
    if (now - window_ >= std::chrono::seconds(1)) {
        window_ = now;
        in_window_ = 0;
    }
    if (in_window_ >= kLinesPerSecond) {
        ++suppressed_;
        return false;
    }
    ++in_window_;
    return true;
}

void DataPathDebug::emit(const std::string& text) {
    std::string line = "kdebug: " + text;
    if (suppressed_) {
        line += " (" + std::to_string(suppressed_) + " data-path debug lines left out before this one)";
        suppressed_ = 0;
    }
    log_(LogLevel::Debug, line);
}

}  // namespace ppp::io
