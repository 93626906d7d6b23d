#include "io/netlink.hpp"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cstring>

#include "io/fd.hpp"
#include "io/netlink_request.hpp"

namespace ppp::io {
namespace {

using netlink::Request;
using netlink::transact;

std::uint32_t be(Ipv4 a) { return htonl(a.value); }

void route(std::uint16_t type, std::uint16_t flags, int ifindex, std::uint32_t metric, const std::string& what) {
    rtmsg rt{};
    rt.rtm_family = AF_INET;
    rt.rtm_dst_len = 0;
    rt.rtm_table = RT_TABLE_MAIN;
    rt.rtm_protocol = RTPROT_BOOT;
    rt.rtm_scope = RT_SCOPE_LINK;
    rt.rtm_type = RTN_UNICAST;
    Request req(type, flags, &rt, sizeof rt);
    req.add_u32(RTA_OIF, static_cast<std::uint32_t>(ifindex));
    if (metric) req.add_u32(RTA_PRIORITY, metric);
    transact(req, what);
}

}  // namespace

void link_set_up(int ifindex, bool up) {
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = ifindex;
    ifi.ifi_flags = up ? IFF_UP : 0;
    ifi.ifi_change = IFF_UP;
    Request req(RTM_NEWLINK, 0, &ifi, sizeof ifi);
    transact(req, "cannot set interface " + std::to_string(ifindex) + (up ? " up" : " down"));
}

void link_set_mtu(int ifindex, std::uint32_t mtu) {
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = ifindex;
    Request req(RTM_NEWLINK, 0, &ifi, sizeof ifi);
    req.add_u32(IFLA_MTU, mtu);
    transact(req, "cannot set MTU " + std::to_string(mtu) + " on interface " + std::to_string(ifindex));
}

void address_add_peer(int ifindex, Ipv4 local, Ipv4 remote) {
    ifaddrmsg ifa{};
    ifa.ifa_family = AF_INET;
    ifa.ifa_prefixlen = 32;
    ifa.ifa_scope = RT_SCOPE_UNIVERSE;
    ifa.ifa_index = static_cast<std::uint32_t>(ifindex);
    Request req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, &ifa, sizeof ifa);
    const std::uint32_t l = be(local), r = be(remote);
    req.add(IFA_LOCAL, &l, sizeof l);
    req.add(IFA_ADDRESS, &r, sizeof r);
    transact(req, "cannot set address " + local.to_string() + " peer " + remote.to_string() + " on interface " +
                     std::to_string(ifindex));
}

namespace {
// fe80::<id> in network byte order.
void link_local_bytes(std::uint64_t id, std::uint8_t out[16]) {
    std::memset(out, 0, 16);
    out[0] = 0xfe;
    out[1] = 0x80;
    for (int i = 0; i < 8; ++i) out[8 + i] = static_cast<std::uint8_t>(id >> (8 * (7 - i)));
}

void link_local_pair(std::uint16_t type, std::uint16_t flags, int ifindex, std::uint64_t local_id,
                     std::uint64_t remote_id, const std::string& what) {
    ifaddrmsg ifa{};
    ifa.ifa_family = AF_INET6;
    ifa.ifa_prefixlen = 128;
    ifa.ifa_flags = IFA_F_NODAD;
    ifa.ifa_scope = RT_SCOPE_LINK;
    ifa.ifa_index = static_cast<std::uint32_t>(ifindex);
    Request req(type, flags, &ifa, sizeof ifa);
    std::uint8_t l[16], r[16];
    link_local_bytes(local_id, l);
    link_local_bytes(remote_id, r);
    req.add(IFA_LOCAL, l, sizeof l);
    req.add(IFA_ADDRESS, r, sizeof r);
    transact(req, what + " on interface " + std::to_string(ifindex));
}
}  // namespace

void address_add_link_local(int ifindex, std::uint64_t local_id, std::uint64_t remote_id) {
    link_local_pair(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, ifindex, local_id, remote_id,
                    "cannot set IPv6 link-local address");
}

void address_del_link_local(int ifindex, std::uint64_t local_id, std::uint64_t remote_id) {
    link_local_pair(RTM_DELADDR, 0, ifindex, local_id, remote_id, "cannot remove IPv6 link-local address");
}

void route_add_default(int ifindex, std::uint32_t metric) {
    route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, ifindex, metric,
          "cannot add default route via interface " + std::to_string(ifindex));
}

void route_del_default(int ifindex, std::uint32_t metric) {
    route(RTM_DELROUTE, 0, ifindex, metric,
          "cannot delete default route via interface " + std::to_string(ifindex));
}

int interface_index(const std::string& name) { return static_cast<int>(::if_nametoindex(name.c_str())); }

}  // namespace ppp::io
