// org.freedesktop.ppp1.Error.*: names, messages, and the FailureKind mapping.
#include <gtest/gtest.h>

#include <set>

#include "dbus/errors.hpp"
#include "io/link.hpp"

using namespace ppp::dbus;
using ppp::io::FailureKind;

TEST(Errors, NamesRoundTrip) {
    std::set<std::string> names;
    for (int i = 0; i <= static_cast<int>(ErrorCode::Hangup); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const auto name = error_name(code);
        EXPECT_EQ(name.rfind("org.freedesktop.ppp1.Error.", 0), 0u) << name;
        EXPECT_EQ(error_code(name), code) << name;
        EXPECT_FALSE(error_advice(code).empty()) << name;
        names.insert(name);
    }
    EXPECT_EQ(names.size(), static_cast<std::size_t>(ErrorCode::Hangup) + 1);  // no duplicates
    EXPECT_EQ(error_name(ErrorCode::Busy), "org.freedesktop.ppp1.Error.Busy");
    EXPECT_EQ(error_name(ErrorCode::ChatTimeout), "org.freedesktop.ppp1.Error.ChatTimeout");
}

TEST(Errors, UnknownNamesAreNotContractErrors) {
    EXPECT_FALSE(error_code("org.freedesktop.DBus.Error.Failed").has_value());
    EXPECT_FALSE(error_code("org.freedesktop.ppp1.Error.").has_value());
    EXPECT_FALSE(error_code("org.freedesktop.ppp1.Error.busy").has_value());
    EXPECT_FALSE(error_code("").has_value());
}

TEST(Errors, MessagesSayWhatToDo) {
    const auto busy = make_error(ErrorCode::Busy);
    EXPECT_EQ(busy.getName(), "org.freedesktop.ppp1.Error.Busy");
    EXPECT_EQ(busy.getMessage(), "The line is busy — try again later.");
    const auto config = make_error(ErrorCode::ConfigError, "/etc/ppp/peers/isp:3: unknown option 'x'");
    EXPECT_NE(config.getMessage().find("/etc/ppp/peers/isp:3: unknown option 'x'"), std::string::npos);
}

TEST(Errors, EveryFailureKindMapsToItsError) {
    EXPECT_FALSE(error_for_failure(FailureKind::None).has_value());
    const std::pair<FailureKind, ErrorCode> expected[] = {
        {FailureKind::Busy, ErrorCode::Busy},
        {FailureKind::NoCarrier, ErrorCode::NoCarrier},
        {FailureKind::NoDialtone, ErrorCode::NoDialtone},
        {FailureKind::NoAnswer, ErrorCode::NoAnswer},
        {FailureKind::ChatFailed, ErrorCode::ChatFailed},
        {FailureKind::ChatTimeout, ErrorCode::ChatTimeout},
        {FailureKind::AuthFailed, ErrorCode::AuthFailed},
        {FailureKind::PeerRejected, ErrorCode::PeerRejected},
        {FailureKind::DeviceLocked, ErrorCode::DeviceLocked},
        {FailureKind::DeviceError, ErrorCode::DeviceError},
        {FailureKind::ConfigError, ErrorCode::ConfigError},
        {FailureKind::Timeout, ErrorCode::Timeout},
        {FailureKind::NegotiationFailed, ErrorCode::NegotiationFailed},
        {FailureKind::Hangup, ErrorCode::Hangup},
        {FailureKind::PeerAuthFailed, ErrorCode::AuthFailed},
    };
    for (const auto& [kind, code] : expected) EXPECT_EQ(error_for_failure(kind), code) << error_name(code);
}

TEST(Errors, TranslateExceptionsKeepsContractErrors) {
    EXPECT_THROW(translate_exceptions([]() -> int { throw make_error(ErrorCode::Busy); }), sdbus::Error);
    try {
        translate_exceptions([] { throw std::runtime_error("boom"); });
        FAIL() << "no exception";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.freedesktop.DBus.Error.Failed");
        EXPECT_EQ(e.getMessage(), "boom");
    }
    EXPECT_EQ(translate_exceptions([] { return 42; }), 42);
}
