#include "dbus/authorization.hpp"

#include <sdbus-c++/IObject.h>
#include <sdbus-c++/Message.h>

#include <stdexcept>

namespace ppp::dbus {

std::string_view polkit_action_id(Action action) {
    switch (action) {
        case Action::Connect: return "org.freedesktop.ppp1.connect";
        case Action::Disconnect: return "org.freedesktop.ppp1.disconnect";
        case Action::Manage: return "org.freedesktop.ppp1.manage";
    }
    return "org.freedesktop.ppp1.manage";
}

void authorize(const sdbus::MethodCall& call, Action action, const std::string& peer) {
    // Everyone is allowed until the polkit check lands (bus policy lets anyone call).
    (void)call;
    (void)action;
    (void)peer;
}

const sdbus::MethodCall& current_call(const sdbus::IObject& object) {
    const sdbus::Message* message = object.getCurrentlyProcessedMessage();
    if (message == nullptr) throw std::logic_error("current_call() outside a D-Bus method handler");
    // sdbus-c++ dispatches method handlers with a MethodCall; the IObject API
    // only exposes it as its base class.
    return static_cast<const sdbus::MethodCall&>(*message);
}

}  // namespace ppp::dbus
