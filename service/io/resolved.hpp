// A client of systemd-resolved (org.freedesktop.resolve1 on the system bus):
// per-link DNS servers, routing domain and default-route flag, as
// NetworkManager and systemd-networkd set them. Calls are asynchronous on
// the daemon's event loop and never start resolved (no auto-start): when it
// is not on the bus, they fail quietly and /etc/ppp/resolv.conf is all there is.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "io/event_loop.hpp"

struct sd_bus;
struct sd_bus_message;

namespace ppp::io {

class Resolved {
public:
    using Log = std::function<void(const std::string& line)>;

    // Opens a connection to the system bus ($DBUS_SYSTEM_BUS_ADDRESS, else
    // the standard socket) on `loop`. Throws std::system_error. `log` gets a
    // line for every call that failed.
    Resolved(EventLoop& loop, Log log);
    // Sends what is queued (a RevertLink at shutdown), then closes.
    ~Resolved();
    Resolved(const Resolved&) = delete;
    Resolved& operator=(const Resolved&) = delete;

    // SetLinkDNS(servers), SetLinkDomains(["~." routing-only] when the link
    // has the default route, else none) and SetLinkDefaultRoute.
    void set_link(int ifindex, const std::string& ifname, const std::vector<Ipv4>& servers, bool default_route);
    // RevertLink: resolved forgets what was set for the link.
    void revert_link(int ifindex, const std::string& ifname);

    // A call failed with the D-Bus error `name` (from the reply callbacks).
    void call_failed(const std::string& what, const std::string& name, const std::string& message);

private:
    sd_bus_message* new_call(const char* method);
    void send(sd_bus_message* m, const std::string& what);

    sd_bus* bus_ = nullptr;
    Log log_;
    bool reported_absent_ = false;
};

}  // namespace ppp::io
