// The userspace data path of a Link once IPCP is up: a TUN interface named
// like pppd's units, with the negotiated MTU and point-to-point addresses,
// optionally the default route, and pppd's pidfiles. Destroying it undoes
// all of that (the interface disappears with its fd).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "io/event_loop.hpp"
#include "io/pidfile.hpp"
#include "io/tun.hpp"

namespace ppp::io {

struct DataPathConfig {
    std::string link_name;  // `linkname NAME`: RUN_DIR/ppp-NAME.pid; "" writes none (as pppd)
    std::string run_dir;
    bool defaultroute = false;
    // Runs once the interface exists with its addresses, before it goes up
    // (ip-pre-up's moment).
    std::function<void(const std::string& ifname)> before_up;
    // The interface name (ifname, or pppN for unit N); empty: the first free pppN.
    std::string ifname;
    std::uint32_t route_metric = 0;  // defaultroute-metric (0: the kernel's default)
};

class DataPath {
public:
    using Log = std::function<void(LogLevel, const std::string&)>;
    using PacketHandler = std::function<void(Bytes)>;

    // Creates and configures everything; throws std::system_error (what()
    // says which step failed) and leaves nothing behind when it does.
    // `on_packet` gets each IPv4 packet the kernel sends into the interface;
    // it must not destroy the DataPath.
    DataPath(EventLoop& loop, const NetworkInfo& info, const DataPathConfig& config, PacketHandler on_packet,
             Log log);
    DataPath(const DataPath&) = delete;
    DataPath& operator=(const DataPath&) = delete;
    ~DataPath();

    const std::string& interface() const { return tun_.name; }
    int ifindex() const { return tun_.ifindex; }
    // The default route through the interface is ours (`defaultroute`, and none existed).
    bool has_default_route() const { return route_added_; }

    // A packet from the peer for the kernel; dropped (and counted) when the
    // interface's queue is full.
    void write_packet(Bytes packet);
    std::uint64_t dropped() const { return dropped_; }

    // Back-pressure from the serial line: stop/start taking packets from the kernel.
    void set_reading(bool on);

    static constexpr int kMaxPacketsPerWakeup = 64;

private:
    void read_packets();

    Log log_;
    PacketHandler on_packet_;
    Tun tun_;
    bool route_added_ = false;
    std::uint32_t route_metric_ = 0;  // of the route we added
    PidFile unit_pidfile_, link_pidfile_;
    Source source_;
    bool reading_ = true;
    std::vector<std::uint8_t> buf_;
    std::uint64_t dropped_ = 0;
};

}  // namespace ppp::io
