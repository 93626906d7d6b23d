#include "dbus/message_flags.hpp"

#include <sdbus-c++/Error.h>
#include <sdbus-c++/Message.h>
#include <systemd/sd-bus.h>

#include <cerrno>

namespace ppp::dbus {
namespace {

// sdbus-c++ keeps a Message's sd_bus_message protected. A pointer to the
// protected member, formed through a derived class, reaches it without
// casting the object to a type it does not have.
struct MessageAccess : sdbus::Message {
    static sd_bus_message* raw(const sdbus::Message& message) {
        return static_cast<sd_bus_message*>(message.*(&MessageAccess::msg_));
    }
};

}  // namespace

bool allows_interactive_authorization(const sdbus::Message& message) {
    auto* raw = MessageAccess::raw(message);
    return raw != nullptr && sd_bus_message_get_allow_interactive_authorization(raw) > 0;
}

void allow_interactive_authorization(sdbus::MethodCall& call) {
    auto* raw = MessageAccess::raw(call);
    const int r = raw == nullptr ? -EINVAL : sd_bus_message_set_allow_interactive_authorization(raw, 1);
    if (r < 0) throw sdbus::createError(-r, "Failed to set ALLOW_INTERACTIVE_AUTHORIZATION");
}

}  // namespace ppp::dbus
