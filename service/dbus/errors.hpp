// org.freedesktop.ppp1.Error.*: the typed errors of the contract, their human
// messages, and the one mapping from a link's FailureKind to them.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include <sdbus-c++/Error.h>

namespace ppp::io {
enum class FailureKind;
}

namespace ppp::dbus {

enum class ErrorCode {
    NoSuchLink, AlreadyConnected, NotConnected, Busy, NoCarrier, NoDialtone, NoAnswer, ChatFailed,
    ChatTimeout, AuthFailed, PeerRejected, DeviceLocked, DeviceError, ConfigError, NotAuthorized,
    Timeout, NegotiationFailed, Hangup,
};

inline constexpr const char* kErrorPrefix = "org.freedesktop.ppp1.Error.";

// "org.freedesktop.ppp1.Error.Busy"
std::string error_name(ErrorCode);
// The code of a full error name; nullopt for names outside the contract.
std::optional<ErrorCode> error_code(std::string_view name);
// What happened and what to do, e.g. "The line is busy — try again later."
std::string_view error_advice(ErrorCode);

// An sdbus::Error to throw from a method or pass to Result::returnError:
// the advice, then `detail` (e.g. "file:line: ...") when given.
sdbus::Error make_error(ErrorCode code, std::string_view detail = {});

// The error a failed connection attempt reports; nullopt for FailureKind::None.
std::optional<ErrorCode> error_for_failure(io::FailureKind);

}  // namespace ppp::dbus

namespace ppp::dbus {

// Runs a D-Bus method body: sdbus::Error passes through (sdbus-c++ turns it
// into the error reply); any other exception becomes
// org.freedesktop.DBus.Error.Failed instead of escaping into sd-bus.
template <class F>
decltype(auto) translate_exceptions(F&& body) {
    try {
        return body();
    } catch (const sdbus::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw sdbus::Error("org.freedesktop.DBus.Error.Failed", e.what());
    }
}

}  // namespace ppp::dbus
