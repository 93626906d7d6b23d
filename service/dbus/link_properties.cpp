#include "dbus/link_properties.hpp"

#include "core/session.hpp"

namespace ppp::dbus {

LinkProperties link_properties(const io::LinkStatus& status, const std::string& last_error,
                               const std::string& configured_device) {
    LinkProperties p;
    p.name = status.name;
    p.state = std::string(io::to_string(status.state));
    p.state_reason = status.reason;
    // While an attempt runs, the device it opened; otherwise what the peer
    // file names now (the two differ once the file was edited).
    const bool idle = status.state == io::LinkState::Disconnected;
    p.device = (idle && !configured_device.empty()) || status.device.empty() ? configured_device : status.device;
    if (p.device.empty()) p.device = status.device;
    p.interface = status.interface;
    p.data_path = status.data_path;
    p.auth_protocol = status.auth_protocol;
    p.local_address = status.local ? status.local->to_string() : std::string{};
    p.remote_address = status.remote ? status.remote->to_string() : std::string{};
    p.dns.reserve(status.dns.size());
    for (const auto& server : status.dns) p.dns.push_back(server.to_string());
    // fe80::<our interface identifier> while IPv6 is up on the interface.
    p.local_address6 = status.local_id6 ? link_local_address(*status.local_id6) : std::string{};
    p.mtu = status.mtu;
    p.mru = status.mru;
    p.connected_since = status.connected_since_usec;
    p.rx_bytes = status.rx_bytes;
    p.tx_bytes = status.tx_bytes;
    p.rx_packets = status.rx_packets;
    p.tx_packets = status.tx_packets;
    p.exit_status = static_cast<std::int32_t>(status.exit_status);
    p.last_error = last_error;
    p.next_attempt = status.next_attempt_usec;
    return p;
}

PropertyChanges changed_properties(const LinkProperties& a, const LinkProperties& b) {
    PropertyChanges changes;
    bool other = false;
    auto check = [&](bool differs, const char* name, bool counter) {
        if (!differs) return;
        changes.names.emplace_back(name);
        if (!counter) other = true;
    };
    check(a.name != b.name, "Name", false);
    check(a.state != b.state, "State", false);
    check(a.state_reason != b.state_reason, "StateReason", false);
    check(a.device != b.device, "Device", false);
    check(a.interface != b.interface, "Interface", false);
    check(a.data_path != b.data_path, "DataPath", false);
    check(a.auth_protocol != b.auth_protocol, "AuthProtocol", false);
    check(a.local_address != b.local_address, "LocalAddress", false);
    check(a.remote_address != b.remote_address, "RemoteAddress", false);
    check(a.dns != b.dns, "DNS", false);
    check(a.local_address6 != b.local_address6, "LocalAddress6", false);
    check(a.mtu != b.mtu, "MTU", false);
    check(a.mru != b.mru, "MRU", false);
    check(a.connected_since != b.connected_since, "ConnectedSince", false);
    check(a.rx_bytes != b.rx_bytes, "RxBytes", true);
    check(a.tx_bytes != b.tx_bytes, "TxBytes", true);
    check(a.rx_packets != b.rx_packets, "RxPackets", true);
    check(a.tx_packets != b.tx_packets, "TxPackets", true);
    check(a.exit_status != b.exit_status, "ExitStatus", false);
    check(a.last_error != b.last_error, "LastError", false);
    check(a.next_attempt != b.next_attempt, "NextAttempt", false);
    changes.only_counters = !changes.names.empty() && !other;
    return changes;
}

}  // namespace ppp::dbus
