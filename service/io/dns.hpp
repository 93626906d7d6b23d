// `usepeerdns` while a link is up: the DNS servers the peer gave (RFC 1877)
// go to CONFIG_DIR/resolv.conf as pppd writes it ("nameserver A" lines, for
// /etc/ppp/ip-up.d/0000usepeerdns and resolvconf), and to systemd-resolved
// for the ppp interface when it runs. Undone when the object goes away (the
// link went down): the file is removed and resolved reverts the link.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "io/pidfile.hpp"
#include "io/resolved.hpp"

namespace ppp::io {

// "nameserver 10.64.0.53\nnameserver 10.64.0.54\n"
std::string resolv_conf_text(const std::vector<Ipv4>& servers);

struct PeerDnsConfig {
    std::string resolv_conf;           // CONFIG_DIR/resolv.conf
    int ifindex = 0;
    std::string ifname;                // ppp0
    bool default_route = false;        // the link has the default route
    std::shared_ptr<Resolved> resolved;  // nullptr: the file only
};

class PeerDns {
public:
    // Writes the file (atomically, mode 0644) and tells resolved. Throws
    // std::system_error when the file cannot be written; resolved's
    // failures are only logged (by Resolved).
    PeerDns(PeerDnsConfig config, const std::vector<Ipv4>& servers);
    ~PeerDns();
    PeerDns(const PeerDns&) = delete;
    PeerDns& operator=(const PeerDns&) = delete;

private:
    PeerDnsConfig config_;
    PidFile file_;  // an atomically written file removed on destruction
};

}  // namespace ppp::io
