// The authorization seam: every mutating method (Manager.Connect, .Disconnect,
// .Reload, Link.Connect, .Disconnect) calls authorize() before doing anything.
// Today it allows everything; the polkit issue fills it in (actions
// org.freedesktop.ppp1.connect/.disconnect/.manage, detail `peer`, subject =
// the caller's system bus name).
#pragma once

#include <string>
#include <string_view>

namespace sdbus {
class MethodCall;
class IObject;
}

namespace ppp::dbus {

enum class Action { Connect, Disconnect, Manage };

// "org.freedesktop.ppp1.connect", ".disconnect", ".manage"
std::string_view polkit_action_id(Action);

// Returns when the caller of `call` may perform `action` on `peer` ("" for
// actions not about one peer); throws org.freedesktop.ppp1.Error.NotAuthorized
// otherwise.
void authorize(const sdbus::MethodCall& call, Action action, const std::string& peer);

// The method call `object` is handling right now (to pass to authorize()).
const sdbus::MethodCall& current_call(const sdbus::IObject& object);

}  // namespace ppp::dbus
