#include "core/session_options.hpp"

#include <chrono>

namespace ppp {

void apply_link_options(const config::PeerOptions& options, SessionConfig& c) {
    if (options.mru) c.mru = *options.mru;
    if (options.mtu) c.mtu = *options.mtu;
    if (options.asyncmap) c.asyncmap = *options.asyncmap;
    // xonxoff: the tty takes ^Q/^S as flow control, so the peer must escape
    // them (pppd adds 0x000A0000 to the asyncmap it asks for).
    if (options.xonxoff) c.asyncmap |= 0x000a0000;
    c.escape = options.escape;
    c.negotiate_mru = !options.default_mru;
    c.acfc = !options.noaccomp;
    c.pfc = !options.nopcomp;
    c.magic = !options.nomagic;
    c.accm = !options.default_asyncmap;
    c.restart = std::chrono::seconds(options.lcp_restart);
    c.max_configure = options.lcp_max_configure;
    c.max_terminate = options.lcp_max_terminate;
    c.max_failure = options.lcp_max_failure;
    c.echo_interval = std::chrono::seconds(options.lcp_echo_interval);
    c.echo_failure = options.lcp_echo_failure;
    c.echo_adaptive = options.lcp_echo_adaptive;
    c.passive = options.passive;
    c.silent = options.silent;

    // Without <local>, the peer assigns our address (noipdefault changes
    // nothing: we never derive an address from the host name).
    c.local_ip = options.local_ip;
    c.remote_ip = options.remote_ip;
    c.accept_local = options.ipcp_accept_local;
    c.accept_remote = options.ipcp_accept_remote;
    c.request_dns = options.usepeerdns;
    // ms-dns: what a peer asking us for DNS addresses is told, in either role.
    if (!options.ms_dns.empty()) c.dns1 = options.ms_dns[0];
    if (options.ms_dns.size() > 1) c.dns2 = options.ms_dns[1];
    c.ipcp_restart = std::chrono::seconds(options.ipcp_restart);
    c.ipcp_max_configure = options.ipcp_max_configure;
    c.ipcp_max_terminate = options.ipcp_max_terminate;
    c.ipcp_max_failure = options.ipcp_max_failure;

    c.ipv4 = !options.noip;
    c.ipv6 = options.ipv6;
    c.ipv6_local = options.ipv6_local;
    c.ipv6_remote = options.ipv6_remote;
    c.ipv6_accept_local = options.ipv6cp_accept_local;
    c.ipv6_use_ipaddr = options.ipv6cp_use_ipaddr;
    c.ipv6cp_restart = std::chrono::seconds(options.ipv6cp_restart);
    c.ipv6cp_max_configure = options.ipv6cp_max_configure;
    c.ipv6cp_max_terminate = options.ipv6cp_max_terminate;
    c.ipv6cp_max_failure = options.ipv6cp_max_failure;
}

}  // namespace ppp
