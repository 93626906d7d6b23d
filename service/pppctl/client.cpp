#include "pppctl/client.hpp"

#include <poll.h>
#include <time.h>

#include <cstdio>
#include <stdexcept>

#include "dbus/names.hpp"

namespace pppctl {

std::unique_ptr<sdbus::IConnection> open_system_bus() {
    try {
        return sdbus::createSystemBusConnection();
    } catch (const sdbus::Error& e) {
        throw std::runtime_error("cannot reach the system bus (" + e.getMessage() +
                                 "); check that dbus is running (systemctl status dbus)");
    }
}

void run_until(sdbus::IConnection& connection, const bool& done) {
    while (!done) {
        if (connection.processPendingRequest()) continue;
        const auto data = connection.getEventLoopPollData();
        pollfd fd{data.fd, data.events, 0};
        ::poll(&fd, 1, data.getPollTimeout());
    }
}

void print_error(const std::string& name, const std::string& message, const std::string& error_name) {
    std::fprintf(stderr, "pppctl: %s%s%s [%s]\n", name.c_str(), name.empty() ? "" : ": ", message.c_str(),
                 error_name.c_str());
}

bool service_missing(const sdbus::Error& error) {
    const auto& name = error.getName();
    return name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner";
}

std::uint64_t realtime_usec() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

std::string service_signal_rule(const std::string& interface, const std::string& member, const std::string& path) {
    std::string rule = "type='signal',sender='" + std::string(ppp::dbus::kBusName) + "',interface='" + interface +
                       "',member='" + member + "'";
    if (!path.empty()) rule += ",path='" + path + "'";
    return rule;
}

}  // namespace pppctl
