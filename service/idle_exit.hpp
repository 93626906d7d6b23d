// Exit-on-idle for a bus-activated pppkitd: after `timeout` with every link
// Disconnected and no client connected to the bus that has called us, the
// service gives its name up and leaves; the next call to org.freedesktop.ppp1
// activates it again (D-Bus activation file -> pppkitd.service).
//
// A "client" is any bus connection that sent us a method call and is still on
// the bus (a tray applet, `pppctl connect --wait`, `pppctl monitor`): it may be
// watching our signals, which would stop without a service. Clients are seen
// through a match on incoming method calls and forgotten on NameOwnerChanged.
#pragma once

#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <functional>
#include <set>
#include <string>

#include "io/event_loop.hpp"

namespace ppp {

class IdleExit {
public:
    // `links_idle` says whether every link is Disconnected; `exit` is called
    // once when the service should leave. A zero timeout disables all of it.
    IdleExit(io::EventLoop& loop, sdbus::IConnection& connection, std::chrono::seconds timeout,
             std::function<bool()> links_idle, std::function<void()> exit);
    IdleExit(const IdleExit&) = delete;
    IdleExit& operator=(const IdleExit&) = delete;

    std::size_t client_count() const { return clients_.size(); }

private:
    void restart();  // the idle period starts again now
    void expired();

    std::chrono::seconds timeout_;
    std::function<bool()> links_idle_;
    std::function<void()> exit_;
    std::string own_name_;
    std::set<std::string> clients_;
    std::string last_reason_;  // why the last expiry did not exit (logged once per change)
    sdbus::Slot calls_;
    sdbus::Slot owners_;
    io::Deadline timer_;
};

}  // namespace ppp
