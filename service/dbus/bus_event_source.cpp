#include "dbus/bus_event_source.hpp"

#include <sdbus-c++/IConnection.h>
#include <systemd/sd-event.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <system_error>

namespace ppp::dbus {
namespace {

void check(int r, const char* what) {
    if (r < 0) throw std::system_error(-r, std::generic_category(), what);
}

}  // namespace

BusEventSource::BusEventSource(io::EventLoop& loop, sdbus::IConnection& connection)
    : loop_(loop), connection_(connection) {
    const auto poll = connection_.getEventLoopPollData();
    sd_event_source* s = nullptr;
    check(sd_event_add_io(loop.get(), &s, poll.fd, static_cast<std::uint32_t>(poll.events), &on_io, this),
          "sd_event_add_io(bus)");
    io_ = io::Source(s);
    check(sd_event_source_set_prepare(s, &on_prepare), "sd_event_source_set_prepare(bus)");
    sd_event_source_set_description(s, "dbus-io");

    s = nullptr;
    check(sd_event_add_time(loop.get(), &s, CLOCK_MONOTONIC, std::numeric_limits<std::uint64_t>::max(), 0,
                            &on_time, this),
          "sd_event_add_time(bus)");
    time_ = io::Source(s);
    sd_event_source_set_description(s, "dbus-timeout");
    check(sd_event_source_set_enabled(s, SD_EVENT_OFF), "sd_event_source_set_enabled(bus timer)");
}

BusEventSource::~BusEventSource() = default;

void BusEventSource::process() {
    try {
        while (connection_.processPendingRequest()) {
        }
    } catch (const std::exception& e) {
        // sd_bus_process() fails only when the connection is unusable (the
        // bus went away); a service without its bus has nothing left to do.
        std::fprintf(stderr, "pppkitd: lost the D-Bus connection: %s\n", e.what());
        loop_.exit(1);
    }
}

int BusEventSource::refresh() {
    const auto poll = connection_.getEventLoopPollData();
    int r = sd_event_source_set_io_fd(io_.get(), poll.fd);
    if (r < 0) return r;
    r = sd_event_source_set_io_events(io_.get(), static_cast<std::uint32_t>(poll.events));
    if (r < 0) return r;
    if (poll.timeout_usec == std::numeric_limits<std::uint64_t>::max()) {
        return sd_event_source_set_enabled(time_.get(), SD_EVENT_OFF);
    }
    r = sd_event_source_set_time(time_.get(), poll.timeout_usec);
    if (r < 0) return r;
    return sd_event_source_set_enabled(time_.get(), SD_EVENT_ONESHOT);
}

int BusEventSource::on_prepare(sd_event_source*, void* self) {
    auto* me = static_cast<BusEventSource*>(self);
    int r = 0;
    try {
        r = me->refresh();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pppkitd: D-Bus poll data: %s\n", e.what());
        r = -EIO;
    }
    if (r < 0) me->loop_.exit(1);
    return r;
}

int BusEventSource::on_io(sd_event_source*, int, std::uint32_t, void* self) {
    static_cast<BusEventSource*>(self)->process();
    return 0;
}

int BusEventSource::on_time(sd_event_source*, std::uint64_t, void* self) {
    static_cast<BusEventSource*>(self)->process();
    return 0;
}

}  // namespace ppp::dbus
