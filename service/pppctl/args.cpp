#include "pppctl/args.hpp"

#include <charconv>
#include <optional>
#include <utility>
#include <string_view>
#include <vector>

namespace pppctl {

const char* const kUsage =
    "Usage: pppctl COMMAND [ARGS]\n"
    "\n"
    "Control the PPP links of pppkitd (org.freedesktop.ppp1 on the system bus).\n"
    "\n"
    "Commands:\n"
    "  list [--json]                    the configured peers and their states\n"
    "  status [NAME] [--json]           details of one link, or of every link\n"
    "  connect NAME [--wait[=SECONDS]]  start connecting NAME; with --wait, follow the\n"
    "                                   attempt until the link is up or fails (default\n"
    "                                   60 s); exits with pppd's exit code on failure\n"
    "          [--notify]               with --wait, for a systemd Type=notify unit\n"
    "                                   (ppp@.service): report the phase as STATUS=,\n"
    "                                   READY=1 when IP is up, then stay until the link\n"
    "                                   goes down; SIGTERM hangs it up\n"
    "  disconnect NAME                  hang NAME up\n"
    "  monitor                          print every link's state changes as they happen\n"
    "  log NAME [-f|--follow]           NAME's recent transcript (chat, negotiation;\n"
    "                                   secrets masked); -f keeps printing new lines\n"
    "  reload                           rescan /etc/ppp/peers for added, removed and\n"
    "                                   changed peers\n"
    "  version                          the versions of pppctl and pppkitd\n"
    "  probe DEVICE [--speed N]         without the daemon, as you: open DEVICE at N bit/s\n"
    "                                   (default 115200), send AT, ATZ and ATI and show the\n"
    "                                   replies and the DCD/CTS lines, or say why not\n"
    "                                   (exit 7 cannot open, 6 locked, 8 no answer)\n"
    "  check [--config-dir DIR] [--json] NAME\n"
    "                                   read everything NAME would load, without the\n"
    "                                   service: effective options and where each was\n"
    "                                   set, warnings, errors (exit 1 on errors); with\n"
    "                                   --config-dir, /etc/ppp/... paths are read under DIR\n"
    "\n"
    "Exit status: 0 on success, pppd's exit code when a connection attempt fails\n"
    "(e.g. 7 the device cannot be opened, 8 the connect script failed), 1 for other\n"
    "errors (no such peer, service not running), 2 for usage errors.\n";

namespace {

using Result = std::variant<Command, UsageError>;

UsageError usage(std::string message) { return UsageError{std::move(message)}; }

bool parse_seconds(std::string_view text, std::uint32_t& out) {
    std::uint32_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value == 0 || value > kMaxWaitSeconds) return false;
    out = value;
    return true;
}

}  // namespace

std::variant<Command, UsageError> parse_args(int argc, const char* const* argv) {
    std::vector<std::string_view> words;
    std::vector<std::string_view> flags;
    std::optional<std::string> config_dir;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") return Command{Help{}};
        if (arg == "--config-dir" || arg.substr(0, 13) == "--config-dir=") {
            if (arg.size() == 12 && i + 1 >= argc) return usage("--config-dir needs a directory");
            config_dir = std::string(arg.size() > 12 ? arg.substr(13) : std::string_view(argv[++i]));
            if (config_dir->empty()) return usage("--config-dir needs a directory");
            continue;
        }
        if (arg.size() > 1 && arg.front() == '-')
            flags.push_back(arg);
        else
            words.push_back(arg);
    }
    if (words.empty()) return usage("missing command");
    const std::string_view command = words.front();
    words.erase(words.begin());

    bool json = false;
    bool wait = false;
    bool follow = false;
    bool notify = false;
    std::uint32_t wait_seconds = kDefaultWaitSeconds;
    for (auto flag : flags) {
        if (flag == "--json" && (command == "status" || command == "list" || command == "check")) {
            json = true;
        } else if ((flag == "-f" || flag == "--follow") && command == "log") {
            follow = true;
        } else if ((flag == "--wait" || flag.substr(0, 7) == "--wait=") && command == "connect") {
            wait = true;
            if (flag.size() > 6 && !parse_seconds(flag.substr(7), wait_seconds))
                return usage("--wait=SECONDS needs a whole number of seconds from 1 to " +
                             std::to_string(kMaxWaitSeconds));
        } else if (flag == "--notify" && command == "connect") {
            notify = true;
        } else {
            return usage("unknown option '" + std::string(flag) + "' for " + std::string(command));
        }
    }

    if (config_dir && command != "check")
        return usage("unknown option '--config-dir' for " + std::string(command));

    auto one_name = [&](const char* what) -> std::variant<std::string, UsageError> {
        if (words.empty()) return usage(std::string(what) + " needs a peer NAME");
        if (words.size() > 1) return usage("too many arguments for " + std::string(what));
        return std::string(words.front());
    };

    if (command == "list") {
        if (!words.empty()) return usage("list takes no arguments");
        return Command{List{json}};
    }
    if (command == "status") {
        if (words.size() > 1) return usage("too many arguments for status");
        return Command{Status{words.empty() ? std::string{} : std::string(words.front()), json}};
    }
    if (command == "connect" || command == "disconnect") {
        auto name = one_name(command == "connect" ? "connect" : "disconnect");
        if (auto* error = std::get_if<UsageError>(&name)) return *error;
        auto& peer = std::get<std::string>(name);
        if (command == "connect") {
            if (notify && !wait) return usage("--notify needs --wait (it reports the attempt it waits for)");
            return Command{Connect{peer, wait ? wait_seconds : 0, notify}};
        }
        return Command{Disconnect{peer}};
    }
    if (command == "log") {
        auto name = one_name("log");
        if (auto* error = std::get_if<UsageError>(&name)) return *error;
        return Command{Log{std::get<std::string>(name), follow}};
    }
    for (const auto& [word, plain] : {std::pair{"monitor", Command{Monitor{}}}, std::pair{"reload", Command{Reload{}}},
                                      std::pair{"version", Command{Version{}}}}) {
        if (command != word) continue;
        if (!words.empty()) return usage(std::string(word) + " takes no arguments");
        return plain;
    }
    if (command == "check") {
        auto name = one_name("check");
        if (auto* error = std::get_if<UsageError>(&name)) return *error;
        return Command{Check{std::get<std::string>(name), config_dir.value_or(""), json}};
    }
    return usage("unknown command '" + std::string(command) + "'");
}

}  // namespace pppctl
