// Serial devices: open a tty, put it in raw mode at a speed, hang up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "io/fd.hpp"

namespace ppp::io {

struct SerialSettings {
    std::optional<std::uint32_t> speed;  // e.g. 115200; nullopt keeps the current speed
    bool crtscts = false;                // hardware flow control
    bool local = false;                  // ignore modem control lines (CLOCAL)
    bool xonxoff = false;                // software flow control: IXON|IXOFF with ^Q/^S (pppd's xonxoff)
};

// Opens `path` non-blocking, O_NOCTTY, with TIOCEXCL, raw 8N1 with the settings.
// Throws std::system_error naming the path. An unsupported speed is an error.
Fd open_serial(const std::string& path, const SerialSettings& settings);

// CLOCAL on or off: with it off (pppd's `modem`), the kernel hangs the
// line up when the modem drops DCD, and reads then fail as on a pty hang-up.
// Throws std::system_error.
void set_local_mode(int fd, bool local);

// Drops DTR for a moment (speed 0) as pppd does on hang-up; errors are ignored.
void hangup_serial(int fd);

// Sends a break condition (a quarter to half a second of zero bits, as
// tcsendbreak(3) with duration 0, which chat uses). Blocks for that long.
// Returns false when the device refuses.
bool send_break(int fd);

// Current line speed in bits/s (0 when unknown).
std::uint32_t serial_speed(int fd);

}  // namespace ppp::io
