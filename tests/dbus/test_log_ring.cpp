#include <gtest/gtest.h>

#include <string>

#include "dbus/log_ring.hpp"

namespace {

using ppp::dbus::LogRing;

TEST(LogRing, KeepsTheNewestLinesInOrder) {
    LogRing ring(3);
    for (int i = 1; i <= 5; ++i) ring.add(static_cast<std::uint64_t>(i), "line " + std::to_string(i));
    ASSERT_EQ(ring.lines().size(), 3u);
    EXPECT_EQ(ring.lines()[0].text, "line 3");
    EXPECT_EQ(ring.lines()[0].usec, 3u);
    EXPECT_EQ(ring.lines()[2].text, "line 5");
}

TEST(LogRing, DefaultBound) {
    LogRing ring;
    for (std::size_t i = 0; i < LogRing::kMaxLines + 10; ++i) ring.add(i, "x");
    EXPECT_EQ(ring.lines().size(), LogRing::kMaxLines);
    EXPECT_EQ(ring.lines().front().usec, 10u);
}

TEST(LogRing, CutsLongLinesOnACharacterBoundary) {
    LogRing ring;
    // Two-byte characters, so the cut point falls inside one unless it moves.
    std::string text;
    while (text.size() < 3 * LogRing::kMaxLineBytes) text += "\xc3\xa9";
    ring.add(1, text);
    const auto& line = ring.lines().back().text;
    EXPECT_LE(line.size(), LogRing::kMaxLineBytes);
    ASSERT_GE(line.size(), 3u);
    EXPECT_EQ(line.substr(line.size() - 3), "...");
    const auto body = line.substr(0, line.size() - 3);
    EXPECT_EQ(body.size() % 2, 0u) << "a character was cut in half";
}

TEST(LogRing, ShortLinesAreKeptAsTheyAre) {
    LogRing ring;
    ring.add(7, "chat:  expect (CONNECT)");
    EXPECT_EQ(ring.lines().back().text, "chat:  expect (CONNECT)");
}

}  // namespace

namespace {

TEST(LogRing, InvalidUtf8BecomesQuestionMarks) {
    ppp::dbus::LogRing ring;
    ring.add(1, std::string("AT\xff\xfeOK\xc3(", 8) + std::string(1, '\0') + "\xe2\x82\xac");
    EXPECT_EQ(ring.lines().back().text, "AT??OK?(?\xe2\x82\xac");
    EXPECT_EQ(ppp::dbus::LogRing::sanitize("\xed\xa0\x80x"), "???x");  // a UTF-16 surrogate is not UTF-8
}

}  // namespace
