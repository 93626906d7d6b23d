// What pppd sets up around a link once IPCP is up, beyond the interface
// itself: the default route through it (defaultroute, defaultroute-metric,
// replacedefaultroute) and a proxy ARP entry for the peer (proxyarp). Each
// is undone by its destructor, the way pppd undoes them when IPCP goes down.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "core/types.hpp"
#include "io/netlink_ipv4.hpp"

namespace ppp::io {

using RouteLog = std::function<void(LogLevel, const std::string&)>;

class DefaultRoute {
public:
    // As pppd: when a default route of another interface exists (any, or
    // with `metric` when one is given), it is kept ("not replacing existing
    // default route ...") and none is added, unless `replace` (pppd 2.4's
    // replacedefaultroute): then ours goes in and that route comes out, and
    // it is put back by the destructor. Throws std::system_error when the
    // kernel refuses; logs the rest.
    DefaultRoute(int ifindex, std::optional<std::uint32_t> metric, bool replace, RouteLog log);
    DefaultRoute(const DefaultRoute&) = delete;
    DefaultRoute& operator=(const DefaultRoute&) = delete;
    ~DefaultRoute();

    bool added() const { return added_; }

private:
    int ifindex_;
    std::optional<std::uint32_t> metric_;
    RouteLog log_;
    bool added_ = false;
    std::optional<KernelRoute> replaced_;
};

// pppd's get_ether_addr: the interface, among those that are up, broadcast,
// and neither point-to-point, loopback nor NOARP, whose IPv4 subnet holds
// `peer` (the longest prefix wins); nullptr when none does.
const Ipv4Interface* proxy_arp_interface(std::span<const Ipv4Interface> interfaces, Ipv4 peer);

class ProxyArp {
public:
    // Publishes `peer` on the matching interface ("found interface eth0 for
    // proxy arp"); without one, logs pppd's "Cannot determine ethernet
    // address for proxy ARP" and does nothing. Kernel errors are logged too:
    // as in pppd, a missing proxy ARP entry does not stop the link.
    ProxyArp(Ipv4 peer, RouteLog log);
    ProxyArp(const ProxyArp&) = delete;
    ProxyArp& operator=(const ProxyArp&) = delete;
    ~ProxyArp();

    bool active() const { return ifindex_ != 0; }

private:
    Ipv4 peer_;
    RouteLog log_;
    int ifindex_ = 0;
};

}  // namespace ppp::io
