// What pppctl's commands share on the bus side: driving the connection
// without a thread, reporting errors, the clock.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <cstdint>
#include <memory>
#include <string>

namespace pppctl {

// The system bus ($DBUS_SYSTEM_BUS_ADDRESS if set); when it cannot be reached,
// throws std::runtime_error with one sentence saying so and what to check.
std::unique_ptr<sdbus::IConnection> open_system_bus();

// Dispatches the connection's messages (signals, async replies) until `done`.
void run_until(sdbus::IConnection& connection, const bool& done);

// "pppctl: NAME: MESSAGE [ERROR-NAME]" on stderr (no "NAME: " when name is "").
void print_error(const std::string& name, const std::string& message, const std::string& error_name);

// Nobody owns org.freedesktop.ppp1 (and the bus could not activate it).
bool service_missing(const sdbus::Error& error);
inline constexpr const char* kServiceMissing =
    "pppkitd is not running (nobody owns org.freedesktop.ppp1 on the system bus)";

// CLOCK_REALTIME in microseconds.
std::uint64_t realtime_usec();

// A match rule for signals pppkitd sends (sender is the well-known name, so
// sd-bus resolves it to the current owner).
std::string service_signal_rule(const std::string& interface, const std::string& member,
                                const std::string& path = {});

}  // namespace pppctl
