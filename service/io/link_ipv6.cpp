// Link: IPv6 over the data path once IPv6CP is up: the link-local
// addresses on the interface, the IPv6 packets, ipv6-up and ipv6-down.
//
// The interface exists once IPCP is up (the data path is created then), so
// IPv6 is applied when both have come up, in whichever order they did. A
// link without IPv4 (noip, or the peer rejected IPCP) creates the interface
// itself once IPv6CP is up: no IPv4 addresses, no ip-up or ip-down.
#include <system_error>

#include "io/link_impl.hpp"

namespace ppp::io {

void Link::Impl::deliver_ipv6(Bytes packet) {
    note_data();
    if (data_path && status.local_id6) data_path->write_packet(packet);
}

void Link::Impl::ipv6_up(const Ipv6Info& info) {
    if (status.state == LinkState::Disconnecting || teardown_pending) return;
    ipv6_info = info;
    if (ipv6_only) {
        start_ipv6_only();
        return;
    }
    apply_ipv6();
}

void Link::Impl::ipv4_unavailable() {
    ipv6_only = true;
    if (status.state == LinkState::Disconnecting || teardown_pending) return;
    if (ipv6_info && !data_path) start_ipv6_only();
}

void Link::Impl::start_ipv6_only() {
    NetworkInfo info;
    info.mtu = ipv6_info->mtu;
    info.mru = ipv6_info->mru;
    if (!create_data_path(info, false)) return;
    ipv6_only_up = true;
    status.interface = data_path->interface();
    if (auth_up_info) auth_up_info->ifname = status.interface;
    status.data_path = "tun";
    status.mtu = info.mtu;
    status.mru = info.mru;
    status.connected_since_usec = realtime_usec();
    if (first_up_usec == 0) first_up_usec = status.connected_since_usec;
    log_line("Connect: " + status.interface + " <--> " + options.device);
    lifecycle_network_up();
    apply_ipv6();
    if (!muted) observer.status_changed();
    stats_timer.arm(EventLoop::now() + kStatsInterval);
    set_state(LinkState::Running, "Connected (IPv6 only): local " + link_local_address(ipv6_info->local_id) +
                                      ", remote " + link_local_address(ipv6_info->remote_id));
}

void Link::Impl::ipv6_down() {
    ipv6_info.reset();
    if (!ipv6_only_up) {
        remove_ipv6();
        return;
    }
    // The IPv6-only interface goes with IPv6CP, as the IPv4 one with IPCP.
    ipv6_only_up = false;
    stats_timer.arm(std::nullopt);
    lifecycle_network_down();
    update_stats();
    remove_ipv6();
    if (!sending_data) data_path.reset();
    clear_network_status();
    if (!muted) observer.status_changed();
}

void Link::Impl::apply_ipv6() {
    if (!ipv6_info || !data_path || status.local_id6) return;
    try {
        data_path->add_link_local(ipv6_info->local_id, ipv6_info->remote_id);
    } catch (const std::system_error& e) {
        // IPv4 keeps working; IPv6 just has no address here.
        log_line(std::string("Cannot set the IPv6 link-local address: ") + e.what(), LogLevel::Warning);
        return;
    }
    status.local_id6 = ipv6_info->local_id;
    status.remote_id6 = ipv6_info->remote_id;
    ScriptInfo i = script_info(NetworkInfo{}, status.interface);
    i.local = link_local_address(ipv6_info->local_id);
    i.remote = link_local_address(ipv6_info->remote_id);
    i.dns1.reset();
    i.dns2.reset();
    ipv6_up_info = i;
    scripts.start(HookScript::Ipv6Up, i);
    if (!muted) observer.status_changed();
}

void Link::Impl::remove_ipv6() {
    if (!status.local_id6) return;
    status.local_id6.reset();
    status.remote_id6.reset();
    if (data_path) data_path->remove_link_local();
    if (ipv6_up_info) {
        scripts.start(HookScript::Ipv6Down, *ipv6_up_info);
        ipv6_up_info.reset();
    }
    if (!muted) observer.status_changed();
}

}  // namespace ppp::io
