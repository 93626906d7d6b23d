// Runs an sdbus-c++ connection on the daemon's sd-event loop (sdbus-c++ 1.2
// has no sd-event attachment): an io source on the bus fd and a time source
// for sd-bus's own deadline, both refreshed from getEventLoopPollData() just
// before every poll (prepare callback), and processPendingRequest() until it
// has nothing left whenever either fires. No thread, no polling.
#pragma once

#include "io/event_loop.hpp"

namespace sdbus {
class IConnection;
}

namespace ppp::dbus {

class BusEventSource {
public:
    BusEventSource(io::EventLoop& loop, sdbus::IConnection& connection);
    ~BusEventSource();
    BusEventSource(const BusEventSource&) = delete;
    BusEventSource& operator=(const BusEventSource&) = delete;

    // Processes every message sd-bus has queued or can read now; exits the
    // loop with 1 when the connection is broken.
    void process();

private:
    static int on_prepare(sd_event_source* source, void* self);
    static int on_io(sd_event_source* source, int fd, std::uint32_t revents, void* self);
    static int on_time(sd_event_source* source, std::uint64_t usec, void* self);
    int refresh();

    io::EventLoop& loop_;
    sdbus::IConnection& connection_;
    io::Source io_;
    io::Source time_;
};

}  // namespace ppp::dbus
