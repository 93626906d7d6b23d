// `pppctl connect NAME --wait --notify`: the main process of ppp@NAME.service
// (Type=notify). It connects, reports each phase to systemd as STATUS=, sends
// READY=1 once IP is up and then stays as long as the link does: the unit is
// active exactly while the link is. SIGTERM (systemctl stop) hangs the link up
// and exits 0 once it is Disconnected; a link that goes down by itself ends
// the process with pppd's exit status, so Restart=on-failure applies.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <functional>

#include "pppctl/args.hpp"
#include "pppctl/format.hpp"
#include "pppctl/proxies.hpp"

namespace pppctl {

struct NotifyHooks {
    // The link's properties now (throws sdbus::Error when the service is gone).
    std::function<LinkInfo(LinkProxy&)> fetch;
    // Reports a failed attempt on stderr and returns the exit status for it.
    std::function<int(const sdbus::Error&, const LinkInfo&)> report_failure;
};

int connect_notify(sdbus::IConnection& connection, const Connect& command, const NotifyHooks& hooks);

}  // namespace pppctl
