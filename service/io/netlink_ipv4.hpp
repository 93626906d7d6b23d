// The IPv4 state around a link that pppd touches besides the link's own
// address: the system's default routes (defaultroute, replacedefaultroute)
// and proxy ARP entries (proxyarp). rtnetlink, no ip(8); each call throws
// std::system_error with the kernel's error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace ppp::io {

// A route as the kernel reported it, kept whole so it can be given back.
struct KernelRoute {
    std::vector<std::uint8_t> message;  // the kernel's RTM_NEWROUTE message
    int oif = 0;                        // 0: none (a blackhole, a multipath route)
    Ipv4 gateway;                       // 0.0.0.0: none
    std::uint32_t metric = 0;
};

// Every IPv4 default route (0.0.0.0/0) of the main table, as /proc/net/route
// lists them, lowest metric first.
std::vector<KernelRoute> ipv4_default_routes();
void route_delete(const KernelRoute& route);
// Adds it again as it was (NLM_F_EXCL: fails with EEXIST if it is there).
void route_restore(const KernelRoute& route);
// The default route through the interface, placed ahead of an existing
// default route of the same metric instead of failing (what pppd's
// SIOCADDRT does); no metric: the kernel's default (0).
void route_add_default_ahead(int ifindex, std::optional<std::uint32_t> metric);

// One IPv4 address of an interface, with that interface's flags (IFF_*).
struct Ipv4Interface {
    int ifindex = 0;
    std::string name;
    unsigned flags = 0;
    Ipv4 address;
    int prefix_len = 32;
};
std::vector<Ipv4Interface> ipv4_interfaces();

// A published ("proxy") ARP entry for `address` on the interface, like
// `ip neigh add proxy ADDRESS dev IF`.
void neighbour_add_proxy(int ifindex, Ipv4 address);
void neighbour_del_proxy(int ifindex, Ipv4 address);

}  // namespace ppp::io
