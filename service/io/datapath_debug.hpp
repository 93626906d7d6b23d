// `kdebug N` for the userspace data path. pppd hands N to the kernel's PPP
// driver; here the TUN data path does that driver's work, so it logs what
// the driver would, at debug level, by pppd(8)'s bits:
//   1  general data-path events (interface up, back-pressure, drops)
//   2  each packet received from the peer
//   4  each packet sent to the peer
// At most kLinesPerSecond lines a second: a busy link cannot flood the
// journal; what was left out is counted in the next line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/types.hpp"

namespace ppp::io {

class DataPathDebug {
public:
    using Log = std::function<void(LogLevel, const std::string&)>;

    DataPathDebug(int flags, Log log) : flags_(flags), log_(std::move(log)) {}
    DataPathDebug(const DataPathDebug&) = delete;
    DataPathDebug& operator=(const DataPathDebug&) = delete;

    void event(const std::string& text) {
        if ((flags_ & 1) && admit()) emit(text);
    }
    void received(Bytes packet) {
        if ((flags_ & 2) && admit()) emit("rcvd " + describe(packet));
    }
    void sent(Bytes packet) {
        if ((flags_ & 4) && admit()) emit("sent " + describe(packet));
    }

    static constexpr int kLinesPerSecond = 20;
    // "IPv4 10.0.0.1 > 10.0.0.2 proto 17, 48 bytes: 45 00 00 30 ..." (the first 16 bytes).
    static std::string describe(Bytes packet);

private:
    bool admit();  // within this second's allowance (else counted as left out)
    void emit(const std::string& text);

    int flags_;
    Log log_;
    Time window_{};
    int in_window_ = 0;
    std::uint64_t suppressed_ = 0;
};

}  // namespace ppp::io
