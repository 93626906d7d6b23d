// Object path escaping and peer-name rules of the org.freedesktop.ppp1 contract.
#include <gtest/gtest.h>

#include "dbus/names.hpp"

using namespace ppp::dbus;

TEST(PathLabel, EscapesLikeSdBusPathEncode) {
    EXPECT_EQ(escape_path_label("isp"), "isp");
    EXPECT_EQ(escape_path_label("my-isp"), "my_2disp");
    EXPECT_EQ(escape_path_label("isp2"), "isp2");
    EXPECT_EQ(escape_path_label("2nd"), "_32nd");  // a leading digit is escaped
    EXPECT_EQ(escape_path_label("a_b"), "a_5fb");
    EXPECT_EQ(escape_path_label("a.b c"), "a_2eb_20c");
    EXPECT_EQ(escape_path_label(""), "_");
    EXPECT_EQ(escape_path_label("\xc3\xa9"), "_c3_a9");
}

TEST(PathLabel, UnescapeInvertsEscape) {
    for (const char* name : {"isp", "my-isp", "2nd", "a_b", "", "x y\tz", "\xff\x01", "T-Mobile.de"}) {
        const auto label = escape_path_label(name);
        ASSERT_TRUE(unescape_path_label(label).has_value()) << label;
        EXPECT_EQ(*unescape_path_label(label), name);
    }
}

TEST(PathLabel, UnescapeRejectsMalformedLabels) {
    EXPECT_FALSE(unescape_path_label("").has_value());
    EXPECT_FALSE(unescape_path_label("a_").has_value());
    EXPECT_FALSE(unescape_path_label("a_2").has_value());
    EXPECT_FALSE(unescape_path_label("a_zz").has_value());
    EXPECT_FALSE(unescape_path_label("a-b").has_value());
    EXPECT_FALSE(unescape_path_label("2nd").has_value());
}

TEST(PathLabel, LinkObjectPath) {
    EXPECT_EQ(link_object_path("isp"), "/org/freedesktop/ppp1/link/isp");
    EXPECT_EQ(link_object_path("my-isp"), "/org/freedesktop/ppp1/link/my_2disp");
}

TEST(PeerName, AcceptsOrdinaryNames) {
    for (const char* name : {"isp", "my-isp", "T-Mobile.de", "provider_2", "a"}) EXPECT_TRUE(is_peer_name(name)) << name;
}

TEST(PeerName, RejectsDotfilesBackupsAndOddBytes) {
    for (const char* name : {"", ".hidden", ".", "..", "isp~", "#isp#", "isp.bak", "isp.orig", "isp.swp",
                             "isp.dpkg-old", "isp.dpkg-dist", "isp.ucf-new", "isp.rpmnew", "isp.rpmsave", "a b",
                             "a/b", "tab\there", "\xc3\xa9"})
        EXPECT_FALSE(is_peer_name(name)) << name;
    EXPECT_TRUE(is_peer_name(std::string(255, 'a')));
    EXPECT_FALSE(is_peer_name(std::string(256, 'a')));
}
