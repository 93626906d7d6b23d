// The "+++" escape sequence with its guard times, without a real clock.
#include <gtest/gtest.h>

#include <string>

#include "escape.hpp"

namespace ppp::sim {
namespace {

using namespace std::chrono_literals;

Bytes bytes_of(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

const Time t0 = Time{} + 100s;

TEST(EscapeDetector, GuardPlusesGuard) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("ppp frames"));
    EXPECT_FALSE(d.deadline());
    d.input(t0 + 1s, bytes_of("+++"));
    ASSERT_TRUE(d.deadline());
    EXPECT_EQ(*d.deadline(), t0 + 2s);
    EXPECT_FALSE(d.tick(t0 + 1500ms));
    EXPECT_TRUE(d.tick(t0 + 2s));
    EXPECT_FALSE(d.tick(t0 + 3s)) << "an escape is reported once";
    EXPECT_FALSE(d.deadline());
}

TEST(EscapeDetector, FirstBytesOfTheCallCount) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("+++"));
    EXPECT_TRUE(d.deadline());
}

TEST(EscapeDetector, TooSoonAfterDataIsData) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("x"));
    d.input(t0 + 500ms, bytes_of("+++"));
    EXPECT_FALSE(d.deadline());
    EXPECT_FALSE(d.tick(t0 + 10s));
}

TEST(EscapeDetector, PlusesInsideDataAreData) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("a+++"));
    EXPECT_FALSE(d.deadline());
}

TEST(EscapeDetector, BytesDuringTheTrailingGuardCancel) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("+++"));
    d.input(t0 + 200ms, bytes_of("~"));
    EXPECT_FALSE(d.deadline());
    EXPECT_FALSE(d.tick(t0 + 5s));
}

TEST(EscapeDetector, FourPlusesAreNotAnEscape) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("++++"));
    EXPECT_FALSE(d.deadline());
}

TEST(EscapeDetector, PlusesMaySpanChunks) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("+"));
    d.input(t0 + 100ms, bytes_of("++"));
    ASSERT_TRUE(d.deadline());
    EXPECT_EQ(*d.deadline(), t0 + 1100ms);
}

TEST(EscapeDetector, ZeroGuardEscapesAtOnce) {
    EscapeDetector d(0s);
    d.input(t0, bytes_of("data+++"));
    ASSERT_TRUE(d.deadline());
    EXPECT_TRUE(d.tick(t0));
}

TEST(EscapeDetector, ResetForgets) {
    EscapeDetector d(1s);
    d.input(t0, bytes_of("+++"));
    d.reset();
    EXPECT_FALSE(d.deadline());
    d.input(t0 + 1ms, bytes_of("+++"));  // no data before: a new call
    EXPECT_TRUE(d.deadline());
}

}  // namespace
}  // namespace ppp::sim
