// pppctl's command line, parsed without touching the bus.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace pppctl {

inline constexpr std::uint32_t kDefaultWaitSeconds = 60;
inline constexpr std::uint32_t kMaxWaitSeconds = 7 * 24 * 3600;

struct Help {};
struct List { bool json = false; };
struct Status { std::string name; bool json = false; };  // name "" = every link
struct Connect {
    std::string name;
    std::uint32_t wait_seconds = 0;  // 0 = do not wait
    // --notify: tell systemd (sd_notify) how far the attempt got, READY=1 once
    // the link is up, then stay until it goes down; SIGTERM hangs it up.
    bool notify = false;
};
struct Disconnect { std::string name; };
struct Monitor {};
struct Log { std::string name; bool follow = false; };
struct Reload {};
struct Version {};

struct Check { std::string name; std::string config_dir; bool json = false; };  // offline; config_dir "" = /etc/ppp

using Command = std::variant<Help, List, Status, Connect, Disconnect, Monitor, Log, Reload, Version, Check>;

struct UsageError {
    std::string message;
};

// argv[1..] -> a command, or a UsageError saying what is wrong.
std::variant<Command, UsageError> parse_args(int argc, const char* const* argv);

extern const char* const kUsage;

}  // namespace pppctl
