#include "pppctl/cmd_log.hpp"

#include <cstdio>
#include <optional>
#include <vector>

#include "dbus/names.hpp"
#include "pppctl/client.hpp"
#include "pppctl/format.hpp"
#include "pppctl/proxies.hpp"

namespace pppctl {
namespace {

using LogLines = std::vector<sdbus::Struct<std::uint64_t, std::string>>;

void print_line(std::uint64_t usec, const std::string& text) {
    std::printf("%s %s\n", local_time(usec).c_str(), printable(text).c_str());
}

}  // namespace

std::string printable(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f) c = '?';
    }
    return out;
}

int log(sdbus::IConnection& connection, const Log& command) {
    ManagerProxy manager(connection);
    const std::string path = manager.GetLink(command.name);

    bool have_log = false;
    bool done = false;
    int status = 0;
    std::optional<sdbus::Error> failure;
    std::vector<sdbus::Slot> slots;
    auto stop = [&](const std::string& why) {
        std::fprintf(stderr, "pppctl: %s: %s\n", command.name.c_str(), why.c_str());
        status = 1;
        done = true;
    };
    if (command.follow) {
        // Subscribed before GetLog is sent: a LogLine that arrives before
        // its reply was sent before it, so the reply has it already; one
        // after it is new. (A bus keeps one sender's messages in order.)
        slots.push_back(connection.addMatch(service_signal_rule(ppp::dbus::kLinkInterface, "LogLine", path),
                                            [&](sdbus::Message& message) {
                                                if (!have_log) return;
                                                std::string text;
                                                message >> text;
                                                print_line(realtime_usec(), text);
                                                std::fflush(stdout);
                                            }));
        slots.push_back(connection.addMatch(
            service_signal_rule("org.freedesktop.DBus.ObjectManager", "InterfacesRemoved", ppp::dbus::kManagerPath),
            [&](sdbus::Message& message) {
                sdbus::ObjectPath removed;
                message >> removed;
                if (removed == path) stop("the peer was removed (its file in /etc/ppp/peers is gone)");
            }));
        slots.push_back(connection.addMatch(
            "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
            "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='" +
                std::string(ppp::dbus::kBusName) + "'",
            [&](sdbus::Message& message) {
                std::string name, old_owner, new_owner;
                message >> name >> old_owner >> new_owner;
                if (new_owner.empty())
                    stop("pppkitd stopped; run `pppctl log " + command.name + " -f` again once it is back");
            }));
    }
    auto link = sdbus::createProxy(connection, ppp::dbus::kBusName, path);
    link->callMethodAsync("GetLog")
        .onInterface(ppp::dbus::kLinkInterface)
        .uponReplyInvoke([&](const sdbus::Error* error, const LogLines& lines) {
            if (error != nullptr) {
                failure = *error;
                done = true;
                return;
            }
            for (const auto& line : lines) print_line(line.get<0>(), line.get<1>());
            if (lines.empty() && !command.follow)
                std::printf("%s has logged nothing yet (`pppctl connect %s` starts an attempt).\n",
                            command.name.c_str(), command.name.c_str());
            std::fflush(stdout);
            have_log = true;
            if (!command.follow) done = true;
        });
    run_until(connection, done);
    if (failure) throw *failure;
    return status;
}

}  // namespace pppctl
