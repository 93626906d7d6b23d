// pppkitd: the PPP link service. Owns org.freedesktop.ppp1 on the system bus
// (DBUS_SYSTEM_BUS_ADDRESS is honoured) and runs everything on one sd-event
// loop. SIGTERM/SIGINT hang every link up cleanly, then exit 0.
#include <signal.h>

#include <sdbus-c++/sdbus-c++.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "dbus/bus_event_source.hpp"
#include "dbus/manager_object.hpp"
#include "dbus/names.hpp"
#include "idle_exit.hpp"
#include "io/event_loop.hpp"
#include "io/resolved.hpp"

namespace {

// How long a stop waits for the links to hang up before leaving anyway.
constexpr auto kHangupGrace = std::chrono::seconds(5);

constexpr const char* kUsage =
    "Usage: pppkitd [--config-dir DIR] [--run-dir DIR] [--lock-dir DIR]\n"
    "               [--idle-timeout SECONDS]\n"
    "\n"
    "The PPP link service: owns org.freedesktop.ppp1 on the system bus and\n"
    "connects the peers configured in DIR/peers (pppd's layout).\n"
    "\n"
    "  --config-dir DIR   configuration directory (default /etc/ppp)\n"
    "  --run-dir DIR      where pidfiles go (default /run)\n"
    "  --lock-dir DIR     where UUCP lock files go (default /var/lock)\n"
    "  --idle-timeout SECONDS\n"
    "                     exit after SECONDS with no link up and no client on the\n"
    "                     bus that called the service (bus activation starts it\n"
    "                     again); 0, the default, never exits by itself\n"
    "  --help             show this help\n";

// Longest accepted --idle-timeout: a week.
constexpr unsigned kMaxIdleSeconds = 7 * 24 * 3600;

struct Options {
    ppp::io::LinkPaths paths;
    std::chrono::seconds idle_timeout{0};
};

bool parse_seconds(std::string_view text, std::chrono::seconds& out) {
    unsigned value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value > kMaxIdleSeconds) return false;
    out = std::chrono::seconds(value);
    return true;
}

// Parses the command line; returns the exit code to leave with, or -1 to run.
int parse_args(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        std::string* target = nullptr;
        std::string_view option;
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--idle-timeout" || arg.substr(0, 15) == "--idle-timeout=") {
            std::string_view value;
            if (arg.size() > 14)
                value = arg.substr(15);
            else if (i + 1 < argc)
                value = argv[++i];
            if (!parse_seconds(value, options.idle_timeout)) {
                std::fprintf(stderr, "pppkitd: --idle-timeout needs whole seconds from 0 to %u\n", kMaxIdleSeconds);
                return 2;
            }
            continue;
        }
        for (auto [name, dest] : {std::pair{std::string_view("--config-dir"), &options.paths.config_dir},
                                  std::pair{std::string_view("--run-dir"), &options.paths.run_dir},
                                  std::pair{std::string_view("--lock-dir"), &options.paths.lock_dir}}) {
            if (arg == name || (arg.substr(0, name.size()) == name && arg.size() > name.size() &&
                                arg[name.size()] == '=')) {
                target = dest;
                option = name;
            }
        }
        if (target == nullptr) {
            std::fprintf(stderr, "pppkitd: unknown argument '%s'\n%s", argv[i], kUsage);
            return 2;
        }
        if (arg.size() > option.size()) {
            *target = std::string(arg.substr(option.size() + 1));
        } else if (i + 1 < argc) {
            *target = argv[++i];
        } else {
            std::fprintf(stderr, "pppkitd: %s needs a directory\n", std::string(option).c_str());
            return 2;
        }
        if (target->empty()) {
            std::fprintf(stderr, "pppkitd: %s needs a directory\n", std::string(option).c_str());
            return 2;
        }
    }
    return -1;
}

int run(const Options& options) {
    ppp::io::EventLoop loop;
    auto connection = sdbus::createSystemBusConnection();
    // systemd-resolved is told the peers' DNS servers (usepeerdns) when it runs.
    ppp::io::LinkPaths paths = options.paths;
    try {
        paths.resolved = std::make_shared<ppp::io::Resolved>(
            loop, [](const std::string& line) { std::fprintf(stderr, "pppkitd: %s\n", line.c_str()); });
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "pppkitd: %s: peers' DNS servers go to resolv.conf only\n", e.what());
    }
    ppp::dbus::ManagerObject manager(*connection, loop, paths);
    ppp::dbus::BusEventSource bus(loop, *connection);
    ppp::IdleExit idle(loop, *connection, options.idle_timeout,
                       [&] { return manager.all_disconnected(); },
                       [&] {
                           // Give the name up first: a call from now on
                           // activates a new instance instead of being lost.
                           connection->releaseName(ppp::dbus::kBusName);
                           loop.exit(0);
                       });

    // Objects first, then the name: a caller activated by the name finds them.
    connection->requestName(ppp::dbus::kBusName);
    std::fprintf(stderr, "pppkitd: serving %s with %zu peer(s) from %s/peers\n", ppp::dbus::kBusName,
                 manager.link_count(), options.paths.config_dir.c_str());

    ppp::io::Source grace;
    bool stopping = false;
    auto stop = [&](const char* signal_name) {
        if (stopping) {
            std::fprintf(stderr, "pppkitd: %s again, exiting now\n", signal_name);
            loop.exit(0);
            return;
        }
        stopping = true;
        std::fprintf(stderr, "pppkitd: %s, hanging up every link\n", signal_name);
        grace = loop.add_timer(ppp::io::EventLoop::now() + kHangupGrace, [&] {
            std::fprintf(stderr, "pppkitd: links did not hang up within %lld s, exiting anyway\n",
                         static_cast<long long>(kHangupGrace.count()));
            loop.exit(0);
        });
        manager.shutdown([&] { loop.exit(0); });
    };
    auto on_term = loop.add_signal(SIGTERM, [&] { stop("SIGTERM"); });
    auto on_int = loop.add_signal(SIGINT, [&] { stop("SIGINT"); });

    const int code = loop.run();
    std::fprintf(stderr, "pppkitd: exiting (%d)\n", code);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (const int code = parse_args(argc, argv, options); code >= 0) return code;
    try {
        return run(options);
    } catch (const sdbus::Error& e) {
        std::fprintf(stderr, "pppkitd: D-Bus: %s: %s\n", e.getName().c_str(), e.getMessage().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pppkitd: %s\n", e.what());
    }
    return 1;
}
