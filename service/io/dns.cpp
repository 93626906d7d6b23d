#include "io/dns.hpp"

#include <utility>

namespace ppp::io {

std::string resolv_conf_text(const std::vector<Ipv4>& servers) {
    std::string text;
    for (const Ipv4& s : servers) text += "nameserver " + s.to_string() + "\n";
    return text;
}

PeerDns::PeerDns(PeerDnsConfig config, const std::vector<Ipv4>& servers)
    : config_(std::move(config)), file_(config_.resolv_conf, resolv_conf_text(servers)) {
    if (config_.resolved) config_.resolved->set_link(config_.ifindex, config_.ifname, servers, config_.default_route);
}

PeerDns::~PeerDns() {
    if (config_.resolved) config_.resolved->revert_link(config_.ifindex, config_.ifname);
}

}  // namespace ppp::io
