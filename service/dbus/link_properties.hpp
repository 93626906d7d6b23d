// The values of the org.freedesktop.ppp1.Link properties, computed from an
// io::LinkStatus, and which of them differ between two snapshots (what a
// PropertiesChanged signal must name).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/link.hpp"

namespace ppp::dbus {

struct LinkProperties {
    std::string name;
    std::string state;
    std::string state_reason;
    std::string device;
    std::string interface;
    std::string data_path;
    std::string auth_protocol;
    std::string local_address;
    std::string remote_address;
    std::vector<std::string> dns;
    std::string local_address6;
    std::uint32_t mtu = 0;
    std::uint32_t mru = 0;
    std::uint64_t connected_since = 0;
    std::uint64_t rx_bytes = 0, tx_bytes = 0, rx_packets = 0, tx_packets = 0;
    std::int32_t exit_status = 0;
    std::string last_error;
    std::uint64_t next_attempt = 0;

    bool operator==(const LinkProperties&) const = default;
};

// `configured_device` is what the peer file names: Device shows it while the
// link is Disconnected (or no attempt has named one).
LinkProperties link_properties(const io::LinkStatus& status, const std::string& last_error,
                               const std::string& configured_device = {});

struct PropertyChanges {
    std::vector<std::string> names;  // D-Bus property names, in XML order
    bool only_counters = false;      // every changed one is a traffic counter
    bool empty() const { return names.empty(); }
};

// The D-Bus names of the properties whose values differ.
PropertyChanges changed_properties(const LinkProperties& before, const LinkProperties& after);

}  // namespace ppp::dbus
