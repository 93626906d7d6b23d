#include "io/peer_routes.hpp"

#include <net/if.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace ppp::io {
namespace {

std::string interface_name(int ifindex) {
    char name[IF_NAMESIZE] = "";
    if (ifindex == 0 || !::if_indextoname(static_cast<unsigned>(ifindex), name)) return "?";
    return name;
}

// The existing default route (not ours) that stops `defaultroute`: any when
// no metric is given (pppd's -1), else one with that metric.
std::optional<KernelRoute> blocking_route(int ifindex, std::optional<std::uint32_t> metric) {
    for (KernelRoute& r : ipv4_default_routes()) {
        if (r.oif == ifindex) continue;
        if (metric && r.metric != *metric) continue;
        return std::move(r);
    }
    return std::nullopt;
}

std::uint32_t prefix_mask(int len) {
    if (len <= 0) return 0;
    if (len >= 32) return 0xffffffffu;
    return ~((1u << (32 - len)) - 1);
}

}  // namespace

DefaultRoute::DefaultRoute(int ifindex, std::optional<std::uint32_t> metric, bool replace, RouteLog log)
    : ifindex_(ifindex), metric_(metric), log_(std::move(log)) {
    std::optional<KernelRoute> existing = blocking_route(ifindex, metric);
    const std::string shown_metric = metric ? std::to_string(*metric) : "-1";
    if (existing && !replace) {
        log_(LogLevel::Warning,
             existing->gateway.is_zero()
                 ? "not replacing existing default route through " + interface_name(existing->oif) + " with metric " +
                       shown_metric
                 : "not replacing existing default route via " + existing->gateway.to_string() + " with metric " +
                       shown_metric);
        return;
    }
    if (existing) {
        log_(LogLevel::Notice, "replacing old default route to " + interface_name(existing->oif) + " [" +
                                   existing->gateway.to_string() + "]");
    }
    // Ours first, then the old one out (as pppd): the system is never
    // without a default route in between.
    try {
        route_add_default_ahead(ifindex, metric);
    } catch (const std::system_error& e) {
        if (e.code().value() != EEXIST) throw;
        // Already there (left by someone else): not ours to remove later.
        log_(LogLevel::Warning, "a default route through " + interface_name(ifindex) + " exists already");
        return;
    }
    added_ = true;
    if (existing) {
        try {
            route_delete(*existing);
            replaced_ = std::move(existing);
        } catch (const std::system_error& e) {
            log_(LogLevel::Error, std::string("cannot remove the old default route: ") + e.what());
        }
    }
}

DefaultRoute::~DefaultRoute() {
    if (added_) {
        try {
            // Ours only: the one through our interface with our metric.
            for (KernelRoute& r : ipv4_default_routes()) {
                if (r.oif == ifindex_ && r.metric == metric_.value_or(0)) {
                    route_delete(r);
                    break;
                }
            }
        } catch (const std::exception&) {
            // The interface going away takes the route with it.
        }
    }
    if (replaced_) {
        log_(LogLevel::Notice, "restoring old default route to " + interface_name(replaced_->oif) + " [" +
                                   replaced_->gateway.to_string() + "]");
        try {
            route_restore(*replaced_);
        } catch (const std::system_error& e) {
            if (e.code().value() != EEXIST) {
                log_(LogLevel::Error, std::string("cannot restore the old default route: ") + e.what());
            }
        }
    }
}

const Ipv4Interface* proxy_arp_interface(std::span<const Ipv4Interface> interfaces, Ipv4 peer) {
    constexpr unsigned kWanted = IFF_UP | IFF_BROADCAST;
    constexpr unsigned kChecked = IFF_UP | IFF_BROADCAST | IFF_POINTOPOINT | IFF_LOOPBACK | IFF_NOARP;
    const Ipv4Interface* best = nullptr;
    for (const Ipv4Interface& i : interfaces) {
        if ((i.flags & kChecked) != kWanted) continue;
        const std::uint32_t mask = prefix_mask(i.prefix_len);
        if (((i.address.value ^ peer.value) & mask) != 0) continue;
        // >=, as pppd: a /0 still matches.
        if (!best || i.prefix_len >= best->prefix_len) best = &i;
    }
    return best;
}

ProxyArp::ProxyArp(Ipv4 peer, RouteLog log) : peer_(peer), log_(std::move(log)) {
    try {
        const auto interfaces = ipv4_interfaces();
        const Ipv4Interface* i = proxy_arp_interface(interfaces, peer);
        if (!i) {
            log_(LogLevel::Error, "Cannot determine ethernet address for proxy ARP");
            return;
        }
        log_(LogLevel::Info, "found interface " + i->name + " for proxy arp");
        neighbour_add_proxy(i->ifindex, peer);
        ifindex_ = i->ifindex;
    } catch (const std::system_error& e) {
        log_(LogLevel::Error, e.what());
    }
}

ProxyArp::~ProxyArp() {
    if (!ifindex_) return;
    try {
        neighbour_del_proxy(ifindex_, peer_);
    } catch (const std::system_error& e) {
        if (e.code().value() != ENOENT) log_(LogLevel::Warning, e.what());
    }
}

}  // namespace ppp::io
