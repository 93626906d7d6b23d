#include "pppctl/commands.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dbus/errors.hpp"
#include "dbus/names.hpp"
#include "pppctl/cmd_check.hpp"
#include "pppctl/client.hpp"
#include "pppctl/cmd_log.hpp"
#include "pppctl/cmd_monitor.hpp"
#include "pppctl/cmd_reload.hpp"
#include "pppctl/cmd_version.hpp"
#include "pppctl/format.hpp"
#include "pppctl/notify.hpp"
#include "pppctl/polkit_agent.hpp"
#include "pppctl/proxies.hpp"

namespace pppctl {
namespace {

using ppp::dbus::ErrorCode;

// Exit statuses that are not pppd's.
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitConfigError = 2;  // pppd's "error in options"

constexpr const char* kNoPeers = "No peers configured (pppkitd makes one link per file in /etc/ppp/peers).";

std::optional<Value> to_value(const sdbus::Variant& v) {
    if (v.containsValueOfType<std::string>()) return Value{v.get<std::string>()};
    if (v.containsValueOfType<sdbus::ObjectPath>()) return Value{std::string(v.get<sdbus::ObjectPath>())};
    if (v.containsValueOfType<std::vector<std::string>>()) return Value{v.get<std::vector<std::string>>()};
    if (v.containsValueOfType<bool>()) return Value{v.get<bool>()};
    if (v.containsValueOfType<std::uint8_t>()) return Value{std::uint64_t{v.get<std::uint8_t>()}};
    if (v.containsValueOfType<std::uint16_t>()) return Value{std::uint64_t{v.get<std::uint16_t>()}};
    if (v.containsValueOfType<std::uint32_t>()) return Value{std::uint64_t{v.get<std::uint32_t>()}};
    if (v.containsValueOfType<std::uint64_t>()) return Value{v.get<std::uint64_t>()};
    if (v.containsValueOfType<std::int16_t>()) return Value{std::int64_t{v.get<std::int16_t>()}};
    if (v.containsValueOfType<std::int32_t>()) return Value{std::int64_t{v.get<std::int32_t>()}};
    if (v.containsValueOfType<std::int64_t>()) return Value{v.get<std::int64_t>()};
    return std::nullopt;  // a type a later contract adds and this pppctl does not show
}

LinkInfo link_info(const std::map<std::string, sdbus::Variant>& properties) {
    std::vector<std::pair<std::string, Value>> values;
    for (const auto& [name, variant] : properties) {
        if (auto value = to_value(variant)) values.emplace_back(name, std::move(*value));
    }
    return LinkInfo(std::move(values));
}

int list(sdbus::IConnection& connection, const List& command) {
    ManagerProxy manager(connection);
    const auto links = manager.ListLinks();
    if (command.json) {
        std::string out = "[";
        for (std::size_t i = 0; i < links.size(); ++i) {
            out += i ? ",\n  " : "\n  ";
            out += "{\"name\": " + json_string(links[i].get<0>()) +
                   ", \"path\": " + json_string(links[i].get<1>()) +
                   ", \"state\": " + json_string(links[i].get<2>()) + "}";
        }
        out += links.empty() ? "]\n" : "\n]\n";
        std::fputs(out.c_str(), stdout);
        return 0;
    }
    if (links.empty()) std::puts(kNoPeers);
    std::size_t width = 4;
    for (const auto& link : links) width = std::max(width, link.get<0>().size());
    for (const auto& link : links)
        std::printf("%-*s  %s\n", static_cast<int>(width), link.get<0>().c_str(), link.get<2>().c_str());
    return 0;
}

int status(sdbus::IConnection& connection, const Status& command) {
    std::vector<LinkInfo> links;
    if (!command.name.empty()) {
        ManagerProxy manager(connection);
        LinkProxy link(connection, manager.GetLink(command.name));
        links.push_back(link_info(link.GetAll(ppp::dbus::kLinkInterface)));
    } else {
        ObjectManagerProxy objects(connection);
        for (const auto& [path, interfaces] : objects.GetManagedObjects()) {
            const auto it = interfaces.find(ppp::dbus::kLinkInterface);
            if (it != interfaces.end()) links.push_back(link_info(it->second));
        }
        std::sort(links.begin(), links.end(),
                  [](const LinkInfo& a, const LinkInfo& b) { return a.text("Name") < b.text("Name"); });
    }
    if (command.json) {
        std::fputs((command.name.empty() ? to_json(links) : to_json(links.front())).c_str(), stdout);
        return 0;
    }
    if (links.empty()) std::puts(kNoPeers);
    const auto now = realtime_usec();
    for (std::size_t i = 0; i < links.size(); ++i) {
        if (i) std::puts("");
        std::fputs(human_status(links[i], now).c_str(), stdout);
    }
    return 0;
}

// The exit status of a connection attempt that ended in `error`, after it
// is reported: pppd's exit code when the link failed, else 1 (or 2 for
// configuration errors).
int report_attempt_failure(const std::string& name, const sdbus::Error& error, const LinkInfo& link) {
    std::string error_name = error.getName();
    std::string message = error.getMessage();
    const auto last_error = link.text("LastError");
    if (ppp::dbus::error_code(error_name) == ErrorCode::NotConnected && !last_error.empty()) {
        // The attempt failed before Wait() was called; Connect() cleared
        // LastError, so it names this attempt's failure.
        error_name = last_error;
        if (const auto code = ppp::dbus::error_code(last_error)) message = std::string(ppp::dbus::error_advice(*code));
        if (const auto reason = link.text("StateReason"); !reason.empty()) message += " (" + reason + ")";
    }
    print_error(name, message, error_name);
    if (ppp::dbus::error_code(error_name) == ErrorCode::ConfigError) return kExitConfigError;
    const auto exit_status = link.signed_number("ExitStatus");
    if (link.text("State") == "Disconnected" && !last_error.empty() && exit_status > 0 && exit_status < 256)
        return static_cast<int>(exit_status);
    return kExitFailure;
}

int connect(sdbus::IConnection& connection, const Connect& command, bool interactive) {
    if (command.notify) {
        return connect_notify(connection, command,
                              {[](LinkProxy& link) { return link_info(link.GetAll(ppp::dbus::kLinkInterface)); },
                               [&](const sdbus::Error& error, const LinkInfo& info) {
                                   return report_attempt_failure(command.name, error, info);
                               }});
    }
    ManagerProxy manager(connection);
    if (command.wait_seconds == 0) {
        manager.connect(command.name, interactive);
        std::printf("%s: connecting (`pppctl status %s` shows how far it got)\n", command.name.c_str(),
                    command.name.c_str());
        return 0;
    }
    // Subscribe before connecting so no state change is missed.
    const std::string path = manager.GetLink(command.name);
    LinkProxy link(connection, path, [&](const std::string&, const std::string& to, const std::string& reason) {
        // The attempt's last state is reported by the final line instead.
        if (to == "Running" || to == "Disconnected") return;
        std::printf("%s: %s%s%s\n", command.name.c_str(), to.c_str(), reason.empty() ? "" : " — ", reason.c_str());
        std::fflush(stdout);
    });
    manager.connect(command.name, interactive);

    bool done = false;
    std::optional<sdbus::Error> failure;
    link.wait_async(command.wait_seconds, [&](const sdbus::Error* error) {
        if (error) failure = *error;
        done = true;
    });
    run_until(connection, done);

    std::optional<LinkInfo> fetched;
    try {
        fetched = link_info(link.GetAll(ppp::dbus::kLinkInterface));
    } catch (const sdbus::Error&) {
        // The service is gone (it may have crashed): report the Wait() error alone.
        if (!failure) throw;
    }
    const LinkInfo info = fetched ? std::move(*fetched) : LinkInfo({});
    if (!failure) {
        std::printf("%s\n", summary_line(info).c_str());
        return 0;
    }
    return report_attempt_failure(command.name, *failure, info);
}

int disconnect(sdbus::IConnection& connection, const Disconnect& command, bool interactive) {
    ManagerProxy manager(connection);
    manager.disconnect(command.name, interactive);
    std::printf("%s: disconnecting\n", command.name.c_str());
    return 0;
}

const std::string& peer_of(const Command& command) {
    static const std::string none;
    if (const auto* c = std::get_if<Connect>(&command)) return c->name;
    if (const auto* d = std::get_if<Disconnect>(&command)) return d->name;
    if (const auto* s = std::get_if<Status>(&command)) return s->name;
    if (const auto* l = std::get_if<Log>(&command)) return l->name;
    return none;
}

}  // namespace

int run(const Command& command) {
    if (std::holds_alternative<Help>(command)) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (const auto* c = std::get_if<Check>(&command)) return check(*c);  // offline: no bus
    if (const auto* c = std::get_if<Version>(&command)) return version(*c);
    try {
        auto connection = open_system_bus();
        // Calls polkit may want a password for: a person at a terminal can
        // answer through a text agent for this connection.
        const bool mutating = std::holds_alternative<Connect>(command) || std::holds_alternative<Disconnect>(command) ||
                              std::holds_alternative<Reload>(command);
        const bool interactive = mutating && can_ask_password();
        const auto agent = interactive ? TtyAgent::start() : nullptr;
        if (const auto* c = std::get_if<List>(&command)) return list(*connection, *c);
        if (const auto* c = std::get_if<Status>(&command)) return status(*connection, *c);
        if (const auto* c = std::get_if<Connect>(&command)) return connect(*connection, *c, interactive);
        if (const auto* c = std::get_if<Disconnect>(&command)) return disconnect(*connection, *c, interactive);
        if (const auto* c = std::get_if<Monitor>(&command)) return monitor(*connection, *c);
        if (const auto* c = std::get_if<Log>(&command)) return log(*connection, *c);
        if (const auto* c = std::get_if<Reload>(&command)) return reload(*connection, *c, interactive);
        return kExitUsage;
    } catch (const sdbus::Error& e) {
        const auto& name = e.getName();
        if (service_missing(e)) {
            print_error("", "pppkitd is not running (nobody owns org.freedesktop.ppp1 on the system bus)", name);
            return kExitFailure;
        }
        print_error(peer_of(command), e.getMessage(), name);
        return ppp::dbus::error_code(name) == ErrorCode::ConfigError ? kExitConfigError : kExitFailure;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pppctl: %s\n", e.what());
        return kExitFailure;
    }
}

}  // namespace pppctl
