// `pppctl probe DEVICE [--speed N]`: is there a modem on this port? Opens the
// port as the invoking user (no daemon involved), sends AT, ATZ and ATI, and
// reports the replies and the modem control lines — or says in one sentence
// why it could not: no such device, permission, locked, no answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pppctl::probe {

// Exit statuses, pppd's where one fits.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitLocked = 6;      // pppd: the serial port was locked
inline constexpr int kExitOpenFailed = 7;  // pppd: the serial port could not be opened
inline constexpr int kExitNoAnswer = 8;    // pppd: the connect script failed

struct Options {
    std::string device;               // "/dev/ttyS0" ("ttyS0" is expanded)
    std::uint32_t speed = 115200;
    std::string lock_dir = "/var/lock";
};

// argv after "probe": DEVICE [--speed N] [--lock-dir DIR]. A string is the usage error.
std::variant<Options, std::string> parse_args(const std::vector<std::string_view>& args);

// What a modem said to one command: the lines after the echo of the
// command, up to and including the final result ("OK", "ERROR").
struct Reply {
    std::vector<std::string> lines;  // without the echo and empty lines
    bool final = false;              // ended with a result code
    bool ok = false;                 // that result was OK (or "0" in numeric mode)
};
// Parses what was read after sending `command` (CR/LF in any mix).
Reply parse_reply(std::string_view command, std::string_view received);

// Runs the probe; prints the report (stdout) or the diagnosis (stderr).
int run(const Options& options);

// `pppctl probe ARGS...` (argv[1] is "probe"): parses, runs, reports.
int main(int argc, const char* const* argv);

}  // namespace pppctl::probe
