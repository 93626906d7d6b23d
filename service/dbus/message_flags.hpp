// The ALLOW_INTERACTIVE_AUTHORIZATION header flag of a method call, which
// sdbus-c++ 1.2 does not expose: the service reads it (to let polkit ask for
// a password), pppctl sets it (when a person at a terminal can answer).
#pragma once

namespace sdbus {
class Message;
class MethodCall;
}

namespace ppp::dbus {

bool allows_interactive_authorization(const sdbus::Message& message);
void allow_interactive_authorization(sdbus::MethodCall& call);

}  // namespace ppp::dbus
