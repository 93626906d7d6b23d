// The userspace data path of a Link once IPCP is up: a TUN interface named
// like pppd's units, with the negotiated MTU and point-to-point addresses,
// optionally the default route, and pppd's pidfiles. Destroying it undoes
// all of that (the interface disappears with its fd).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "io/datapath_debug.hpp"
#include "io/event_loop.hpp"
#include "io/peer_routes.hpp"
#include "io/pidfile.hpp"
#include "io/tun.hpp"

namespace ppp::io {

struct DataPathConfig {
    std::string link_name;  // `linkname NAME`: RUN_DIR/ppp-NAME.pid; "" writes none (as pppd)
    std::string run_dir;
    bool defaultroute = false;
    bool replace_default_route = false;  // replacedefaultroute (pppd 2.4)
    bool proxyarp = false;
    // Runs once the interface exists with its addresses, before it goes up
    // (ip-pre-up's moment).
    std::function<void(const std::string& ifname)> before_up;
    // The interface name (ifname, or pppN for unit N); empty: the first free pppN.
    std::string ifname;
    std::optional<std::uint32_t> route_metric;  // defaultroute-metric (none: pppd's -1)
    int kdebug = 0;  // kdebug N: data-path debug lines (see io/datapath_debug.hpp)
    // IPv6CP is configured: the interface keeps IPv6 (without an address
    // of the kernel's own) for the link-local addresses IPv6CP brings.
    bool ipv6 = false;
    // false: an IPv6-only link (no IPCP): no IPv4 addresses, default route
    // or proxy ARP entry; only the MTU of the NetworkInfo is used.
    bool ipv4 = true;
};

class DataPath {
public:
    using Log = std::function<void(LogLevel, const std::string&)>;
    using PacketHandler = std::function<void(Bytes)>;

    // Creates and configures everything; throws std::system_error (what()
    // says which step failed) and leaves nothing behind when it does.
    // `on_packet` gets each IP packet the kernel sends into the interface;
    // it must not destroy the DataPath.
    DataPath(EventLoop& loop, const NetworkInfo& info, const DataPathConfig& config, PacketHandler on_packet,
             Log log);
    DataPath(const DataPath&) = delete;
    DataPath& operator=(const DataPath&) = delete;
    ~DataPath();

    const std::string& interface() const { return tun_.name; }
    int ifindex() const { return tun_.ifindex; }
    // The default route through the interface is ours (`defaultroute`, and
    // none existed or `replacedefaultroute` replaced it).
    bool has_default_route() const { return route_ && route_->added(); }
    bool has_proxy_arp() const { return proxy_arp_ && proxy_arp_->active(); }

    // A packet from the peer for the kernel; dropped (and counted) when the
    // interface's queue is full.
    void write_packet(Bytes packet);
    std::uint64_t dropped() const { return dropped_; }

    // IPv6CP is up: fe80::<local> peer fe80::<remote> on the interface. Throws
    // std::system_error. remove_link_local() undoes it (best effort).
    void add_link_local(std::uint64_t local_id, std::uint64_t remote_id);
    void remove_link_local();

    // Back-pressure from the serial line: stop/start taking packets from the kernel.
    void set_reading(bool on);

    static constexpr int kMaxPacketsPerWakeup = 64;

private:
    void read_packets();

    Log log_;
    DataPathDebug debug_;
    PacketHandler on_packet_;
    Tun tun_;
    std::unique_ptr<DefaultRoute> route_;
    std::unique_ptr<ProxyArp> proxy_arp_;
    PidFile unit_pidfile_, link_pidfile_;
    Source source_;
    bool reading_ = true;
    std::vector<std::uint8_t> buf_;
    std::uint64_t dropped_ = 0;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> link_local_;  // the identifiers we added
};

}  // namespace ppp::io
