#include "io/resolved.hpp"

#include <sys/socket.h>
#include <systemd/sd-bus.h>

#include <cstring>
#include <memory>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

constexpr const char* kService = "org.freedesktop.resolve1";
constexpr const char* kPath = "/org/freedesktop/resolve1";
constexpr const char* kManager = "org.freedesktop.resolve1.Manager";

void check(int r, const std::string& what) {
    if (r < 0) throw_errno(-r, what);
}

struct Call {
    Resolved* self;
    std::string what;
};

int on_reply(sd_bus_message* reply, void* userdata, sd_bus_error*) {
    const auto* call = static_cast<Call*>(userdata);
    if (const sd_bus_error* error = sd_bus_message_get_error(reply)) {
        call->self->call_failed(call->what, error->name ? error->name : "", error->message ? error->message : "");
    }
    return 0;
}

}  // namespace

Resolved::Resolved(EventLoop& loop, Log log) : log_(std::move(log)) {
    check(sd_bus_open_system(&bus_), "cannot connect to the system bus");
    const int r = sd_bus_attach_event(bus_, loop.get(), SD_EVENT_PRIORITY_NORMAL);
    if (r < 0) {
        sd_bus_flush_close_unref(bus_);
        throw_errno(-r, "cannot attach the system bus to the event loop");
    }
}

Resolved::~Resolved() {
    sd_bus_detach_event(bus_);
    sd_bus_flush_close_unref(bus_);
}

sd_bus_message* Resolved::new_call(const char* method) {
    sd_bus_message* m = nullptr;
    check(sd_bus_message_new_method_call(bus_, &m, kService, kPath, kManager, method),
          std::string("cannot build ") + method);
    // Only a running resolved: never have the bus start one for us.
    sd_bus_message_set_auto_start(m, 0);
    return m;
}

void Resolved::call_failed(const std::string& what, const std::string& name, const std::string& message) {
    if (name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner") {
        if (!reported_absent_ && log_)
            log_("systemd-resolved is not running: the peer's DNS servers are only in resolv.conf");
        reported_absent_ = true;
        return;
    }
    reported_absent_ = false;
    if (log_) log_("systemd-resolved: " + what + " failed: " + (message.empty() ? name : message));
}

void Resolved::send(sd_bus_message* m, const std::string& what) {
    auto call = std::make_unique<Call>(Call{this, what});
    sd_bus_slot* slot = nullptr;
    const int r = sd_bus_call_async(bus_, &slot, m, &on_reply, call.get(), 0);
    sd_bus_message_unref(m);
    if (r < 0) {
        if (log_) log_("systemd-resolved: cannot send " + what + ": " + std::strerror(-r));
        return;
    }
    // The bus owns the slot until the reply; the slot owns the Call.
    sd_bus_slot_set_destroy_callback(slot, [](void* p) { delete static_cast<Call*>(p); });
    call.release();
    sd_bus_slot_set_floating(slot, 1);
    sd_bus_slot_unref(slot);
}

void Resolved::set_link(int ifindex, const std::string& ifname, const std::vector<Ipv4>& servers,
                        bool default_route) {
    try {
        sd_bus_message* m = new_call("SetLinkDNS");
        int r = sd_bus_message_append(m, "i", ifindex);
        if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(iay)");
        for (const Ipv4& s : servers) {
            const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(s.value >> 24),
                                           static_cast<std::uint8_t>(s.value >> 16),
                                           static_cast<std::uint8_t>(s.value >> 8), static_cast<std::uint8_t>(s.value)};
            if (r >= 0) r = sd_bus_message_open_container(m, 'r', "iay");
            if (r >= 0) r = sd_bus_message_append(m, "i", AF_INET);
            if (r >= 0) r = sd_bus_message_append_array(m, 'y', bytes, sizeof bytes);
            if (r >= 0) r = sd_bus_message_close_container(m);
        }
        if (r >= 0) r = sd_bus_message_close_container(m);
        if (r < 0) sd_bus_message_unref(m);
        check(r, "cannot build SetLinkDNS");
        send(m, "SetLinkDNS " + ifname);

        // With the default route, the link answers every name ("~." is a
        // routing-only domain); without it, only its servers are known.
        m = new_call("SetLinkDomains");
        r = sd_bus_message_append(m, "i", ifindex);
        if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(sb)");
        if (r >= 0 && default_route) r = sd_bus_message_append(m, "(sb)", "~.", 1);
        if (r >= 0) r = sd_bus_message_close_container(m);
        if (r < 0) sd_bus_message_unref(m);
        check(r, "cannot build SetLinkDomains");
        send(m, "SetLinkDomains " + ifname);

        m = new_call("SetLinkDefaultRoute");
        r = sd_bus_message_append(m, "ib", ifindex, default_route ? 1 : 0);
        if (r < 0) sd_bus_message_unref(m);
        check(r, "cannot build SetLinkDefaultRoute");
        send(m, "SetLinkDefaultRoute " + ifname);
    } catch (const std::system_error& e) {
        if (log_) log_(std::string("systemd-resolved: ") + e.what());
    }
}

void Resolved::revert_link(int ifindex, const std::string& ifname) {
    try {
        sd_bus_message* m = new_call("RevertLink");
        const int r = sd_bus_message_append(m, "i", ifindex);
        if (r < 0) sd_bus_message_unref(m);
        check(r, "cannot build RevertLink");
        send(m, "RevertLink " + ifname);
    } catch (const std::system_error& e) {
        if (log_) log_(std::string("systemd-resolved: ") + e.what());
    }
}

}  // namespace ppp::io
