// rtnetlink: bring an interface up, set a point-to-point IPv4 address, MTU
// and routes. Talks to the kernel over a NETLINK_ROUTE socket (no ip(8)).
#pragma once

#include <cstdint>
#include <string>

#include "core/types.hpp"

namespace ppp::io {

// Each call opens a netlink socket, sends one request, waits for the ACK and
// throws std::system_error with the kernel's error when it fails.
void link_set_up(int ifindex, bool up);
void link_set_mtu(int ifindex, std::uint32_t mtu);
// `local` peer `remote`/32 on the interface (IFA_LOCAL + IFA_ADDRESS, like pppd).
void address_add_peer(int ifindex, Ipv4 local, Ipv4 remote);
// fe80::<local_id> peer fe80::<remote_id>/128 (IPv6CP's interface
// identifiers), without duplicate address detection; and its removal.
void address_add_link_local(int ifindex, std::uint64_t local_id, std::uint64_t remote_id);
void address_del_link_local(int ifindex, std::uint64_t local_id, std::uint64_t remote_id);
// Default route via the interface (no gateway: point-to-point), with a metric.
// Throws std::system_error(EEXIST) if one exists already.
void route_add_default(int ifindex, std::uint32_t metric = 0);
void route_del_default(int ifindex, std::uint32_t metric = 0);
// 0 when no interface has that name.
int interface_index(const std::string& name);

}  // namespace ppp::io
