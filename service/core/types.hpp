// Small value types shared by every part of libpppcore.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ppp {

using Bytes = std::span<const std::uint8_t>;

// The core never reads a clock: callers pass the current monotonic time in.
using Time = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

// An IPv4 address in host byte order.
struct Ipv4 {
    std::uint32_t value = 0;
    constexpr bool operator==(const Ipv4&) const = default;
    constexpr bool is_zero() const { return value == 0; }
    std::string to_string() const;
    static std::optional<Ipv4> parse(std::string_view dotted);
};

// pppd's exit status numbers; they are also pppctl's exit codes and the
// ExitStatus D-Bus property.
enum class ExitStatus : int {
    Ok = 0,
    FatalError = 1,
    OptionError = 2,
    NotRoot = 3,
    NoKernelSupport = 4,
    UserRequest = 5,
    LockFailed = 6,
    OpenFailed = 7,
    ConnectFailed = 8,
    PtyCommandFailed = 9,
    NegotiationFailed = 10,
    PeerAuthFailed = 11,
    IdleTimeout = 12,
    ConnectTime = 13,
    Callback = 14,
    PeerDead = 15,
    Hangup = 16,
    Loopback = 17,
    InitFailed = 18,
    AuthTopeerFailed = 19,
    TrafficLimit = 20,     // maxoctets reached
    CnidAuthFailed = 21,   // the calling number is not authorised
};

enum class LogLevel { Debug, Info, Notice, Warning, Error };

}  // namespace ppp
