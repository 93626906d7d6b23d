#include "io/netlink_ipv4.hpp"

#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "io/netlink_request.hpp"

namespace ppp::io {
namespace {

using netlink::Request;

std::uint32_t be(Ipv4 a) { return htonl(a.value); }

template <class T>
T read_attr(const rtattr* a) {
    T v{};
    if (RTA_PAYLOAD(a) >= sizeof v) std::memcpy(&v, RTA_DATA(a), sizeof v);
    return v;
}

std::uint32_t route_table(const rtmsg& rt, const nlmsghdr& h) {
    std::uint32_t table = rt.rtm_table;
    auto len = static_cast<unsigned>(RTM_PAYLOAD(&h));
    for (auto* a = RTM_RTA(&rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == RTA_TABLE) table = read_attr<std::uint32_t>(a);
    }
    return table;
}

void neighbour(std::uint16_t type, std::uint16_t flags, int ifindex, Ipv4 address, const std::string& what) {
    ndmsg nd{};
    nd.ndm_family = AF_INET;
    nd.ndm_ifindex = ifindex;
    nd.ndm_state = NUD_PERMANENT;
    nd.ndm_flags = NTF_PROXY;
    Request req(type, flags, &nd, sizeof nd);
    const std::uint32_t dst = be(address);
    req.add(NDA_DST, &dst, sizeof dst);
    netlink::transact(req, what);
}

}  // namespace

std::vector<KernelRoute> ipv4_default_routes() {
    rtmsg want{};
    want.rtm_family = AF_INET;
    Request req(RTM_GETROUTE, 0, &want, sizeof want);
    std::vector<KernelRoute> routes;
    netlink::dump(req, "cannot list the IPv4 routes", [&](const nlmsghdr& h) {
        if (h.nlmsg_type != RTM_NEWROUTE || h.nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) return;
        const auto& rt = *static_cast<const rtmsg*>(NLMSG_DATA(&h));
        if (rt.rtm_family != AF_INET || rt.rtm_dst_len != 0 || (rt.rtm_flags & RTM_F_CLONED)) return;
        if (rt.rtm_type == RTN_BROADCAST || rt.rtm_type == RTN_MULTICAST || rt.rtm_type == RTN_LOCAL) return;
        if (route_table(rt, h) != RT_TABLE_MAIN) return;
        KernelRoute r;
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(&h);
        r.message.assign(bytes, bytes + h.nlmsg_len);
        auto len = static_cast<unsigned>(RTM_PAYLOAD(&h));
        for (auto* a = RTM_RTA(&rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
            switch (a->rta_type) {
                case RTA_OIF: r.oif = static_cast<int>(read_attr<std::uint32_t>(a)); break;
                case RTA_GATEWAY: r.gateway = Ipv4{ntohl(read_attr<std::uint32_t>(a))}; break;
                case RTA_PRIORITY: r.metric = read_attr<std::uint32_t>(a); break;
                default: break;
            }
        }
        routes.push_back(std::move(r));
    });
    std::stable_sort(routes.begin(), routes.end(),
                     [](const KernelRoute& a, const KernelRoute& b) { return a.metric < b.metric; });
    return routes;
}

void route_delete(const KernelRoute& route) {
    Request req(RTM_DELROUTE, 0, reinterpret_cast<const nlmsghdr*>(route.message.data()));
    netlink::transact(req, "cannot delete the default route via " + route.gateway.to_string());
}

void route_restore(const KernelRoute& route) {
    Request req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, reinterpret_cast<const nlmsghdr*>(route.message.data()));
    netlink::transact(req, "cannot restore the default route via " + route.gateway.to_string());
}

void route_add_default_ahead(int ifindex, std::optional<std::uint32_t> metric) {
    rtmsg rt{};
    rt.rtm_family = AF_INET;
    rt.rtm_table = RT_TABLE_MAIN;
    rt.rtm_protocol = RTPROT_BOOT;
    rt.rtm_scope = RT_SCOPE_LINK;
    rt.rtm_type = RTN_UNICAST;
    Request req(RTM_NEWROUTE, NLM_F_CREATE, &rt, sizeof rt);
    req.add_u32(RTA_OIF, static_cast<std::uint32_t>(ifindex));
    if (metric && *metric) req.add_u32(RTA_PRIORITY, *metric);
    netlink::transact(req, "cannot add default route via interface " + std::to_string(ifindex));
}

std::vector<Ipv4Interface> ipv4_interfaces() {
    struct LinkInfo {
        std::string name;
        unsigned flags = 0;
    };
    std::map<int, LinkInfo> links;
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    Request links_req(RTM_GETLINK, 0, &ifi, sizeof ifi);
    netlink::dump(links_req, "cannot list the interfaces", [&](const nlmsghdr& h) {
        if (h.nlmsg_type != RTM_NEWLINK || h.nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return;
        const auto& info = *static_cast<const ifinfomsg*>(NLMSG_DATA(&h));
        LinkInfo l;
        l.flags = info.ifi_flags;
        auto len = static_cast<unsigned>(IFLA_PAYLOAD(&h));
        for (auto* a = IFLA_RTA(&info); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
            if (a->rta_type == IFLA_IFNAME) {
                const char* p = static_cast<const char*>(RTA_DATA(a));
                l.name.assign(p, strnlen(p, RTA_PAYLOAD(a)));
            }
        }
        links[info.ifi_index] = std::move(l);
    });
    std::vector<Ipv4Interface> out;
    ifaddrmsg ifa{};
    ifa.ifa_family = AF_INET;
    Request addr_req(RTM_GETADDR, 0, &ifa, sizeof ifa);
    netlink::dump(addr_req, "cannot list the IPv4 addresses", [&](const nlmsghdr& h) {
        if (h.nlmsg_type != RTM_NEWADDR || h.nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return;
        const auto& a4 = *static_cast<const ifaddrmsg*>(NLMSG_DATA(&h));
        if (a4.ifa_family != AF_INET) return;
        Ipv4Interface i;
        i.ifindex = static_cast<int>(a4.ifa_index);
        i.prefix_len = a4.ifa_prefixlen;
        bool have_local = false;
        auto len = static_cast<unsigned>(IFA_PAYLOAD(&h));
        for (auto* a = IFA_RTA(&a4); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
            if (a->rta_type == IFA_LOCAL) {
                i.address = Ipv4{ntohl(read_attr<std::uint32_t>(a))};
                have_local = true;
            } else if (a->rta_type == IFA_ADDRESS && !have_local) {
                i.address = Ipv4{ntohl(read_attr<std::uint32_t>(a))};
            }
        }
        const auto link = links.find(i.ifindex);
        if (link == links.end()) return;
        i.name = link->second.name;
        i.flags = link->second.flags;
        out.push_back(std::move(i));
    });
    return out;
}

void neighbour_add_proxy(int ifindex, Ipv4 address) {
    neighbour(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, ifindex, address,
              "cannot add a proxy ARP entry for " + address.to_string());
}

void neighbour_del_proxy(int ifindex, Ipv4 address) {
    neighbour(RTM_DELNEIGH, 0, ifindex, address, "cannot delete the proxy ARP entry for " + address.to_string());
}

}  // namespace ppp::io
