#include "dbus/errors.hpp"

#include <array>
#include <utility>

#include "io/link.hpp"

namespace ppp::dbus {
namespace {

struct ErrorInfo {
    ErrorCode code;
    std::string_view name;
    std::string_view advice;
};

constexpr std::array kErrors{
    ErrorInfo{ErrorCode::NoSuchLink, "NoSuchLink",
              "There is no peer of that name — `pppctl list` shows the configured peers."},
    ErrorInfo{ErrorCode::AlreadyConnected, "AlreadyConnected",
              "The link is already connected or connecting — disconnect it first."},
    ErrorInfo{ErrorCode::NotConnected, "NotConnected", "The link is not connected."},
    ErrorInfo{ErrorCode::Busy, "Busy", "The line is busy — try again later."},
    ErrorInfo{ErrorCode::NoCarrier, "NoCarrier",
              "The modem reported NO CARRIER — the other end did not answer with a modem; check the number and try again."},
    ErrorInfo{ErrorCode::NoDialtone, "NoDialtone",
              "The modem reported NO DIALTONE — check that the phone line is plugged in."},
    ErrorInfo{ErrorCode::NoAnswer, "NoAnswer", "Nobody answered the call — check the number and try again later."},
    ErrorInfo{ErrorCode::ChatFailed, "ChatFailed",
              "The connect script failed — check the chat script and the modem's replies in the log."},
    ErrorInfo{ErrorCode::ChatTimeout, "ChatTimeout",
              "The modem did not answer the connect script in time — check that it is switched on and connected, "
              "and the script's TIMEOUT."},
    ErrorInfo{ErrorCode::AuthFailed, "AuthFailed",
              "Authentication failed — check the user name and the password in pap-secrets/chap-secrets."},
    ErrorInfo{ErrorCode::PeerRejected, "PeerRejected",
              "The peer refused the connection — check the options the ISP requires."},
    ErrorInfo{ErrorCode::DeviceLocked, "DeviceLocked",
              "The serial device is in use by another program — close it or wait until it is done."},
    ErrorInfo{ErrorCode::DeviceError, "DeviceError",
              "The serial device cannot be opened — check the device name in the peer file and that the modem is "
              "plugged in."},
    ErrorInfo{ErrorCode::ConfigError, "ConfigError", "The configuration is invalid — fix the line named here and try again."},
    ErrorInfo{ErrorCode::NotAuthorized, "NotAuthorized",
              "You are not allowed to do this — ask an administrator (members of group dip may connect)."},
    ErrorInfo{ErrorCode::Timeout, "Timeout",
              "The link did not come up in time — it may still be connecting; `pppctl status` shows how far it got."},
    ErrorInfo{ErrorCode::NegotiationFailed, "NegotiationFailed",
              "PPP negotiation with the peer failed — check the options in the peer file; the log has the details."},
    ErrorInfo{ErrorCode::Hangup, "Hangup", "The line hung up — the modem lost the carrier; try again."},
};

const ErrorInfo& info(ErrorCode code) {
    for (const auto& e : kErrors)
        if (e.code == code) return e;
    return kErrors.front();  // unreachable: every code has a row
}

}  // namespace

std::string error_name(ErrorCode code) { return std::string(kErrorPrefix) + std::string(info(code).name); }

std::optional<ErrorCode> error_code(std::string_view name) {
    const std::string_view prefix = kErrorPrefix;
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    name.remove_prefix(prefix.size());
    for (const auto& e : kErrors)
        if (e.name == name) return e.code;
    return std::nullopt;
}

std::string_view error_advice(ErrorCode code) { return info(code).advice; }

sdbus::Error make_error(ErrorCode code, std::string_view detail) {
    std::string message(error_advice(code));
    if (!detail.empty()) {
        message += " (";
        message += detail;
        message += ')';
    }
    return sdbus::Error(error_name(code), message);
}

std::optional<ErrorCode> error_for_failure(io::FailureKind kind) {
    using io::FailureKind;
    switch (kind) {
        case FailureKind::None: return std::nullopt;
        case FailureKind::Busy: return ErrorCode::Busy;
        case FailureKind::NoCarrier: return ErrorCode::NoCarrier;
        case FailureKind::NoDialtone: return ErrorCode::NoDialtone;
        case FailureKind::NoAnswer: return ErrorCode::NoAnswer;
        case FailureKind::ChatFailed: return ErrorCode::ChatFailed;
        case FailureKind::ChatTimeout: return ErrorCode::ChatTimeout;
        case FailureKind::AuthFailed:
        case FailureKind::PeerAuthFailed: return ErrorCode::AuthFailed;
        case FailureKind::PeerRejected: return ErrorCode::PeerRejected;
        case FailureKind::DeviceLocked: return ErrorCode::DeviceLocked;
        case FailureKind::DeviceError: return ErrorCode::DeviceError;
        case FailureKind::ConfigError: return ErrorCode::ConfigError;
        case FailureKind::Timeout: return ErrorCode::Timeout;
        case FailureKind::NegotiationFailed: return ErrorCode::NegotiationFailed;
        case FailureKind::Hangup: return ErrorCode::Hangup;
    }
    return std::nullopt;
}

}  // namespace ppp::dbus
