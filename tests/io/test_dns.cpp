// usepeerdns's resolv.conf: pppd's format, written atomically, removed when
// the link goes down. (systemd-resolved is covered by the dial.dns test.)
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "io/dns.hpp"

namespace ppp::io {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class DnsTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/pppkit-dns-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string dir_;
};

TEST(ResolvConf, OneNameserverLinePerServer) {
    EXPECT_EQ(resolv_conf_text({*Ipv4::parse("10.64.0.53"), *Ipv4::parse("192.0.2.1")}),
              "nameserver 10.64.0.53\nnameserver 192.0.2.1\n");
    EXPECT_EQ(resolv_conf_text({}), "");
}

TEST_F(DnsTest, WrittenWhileUpAndRemovedAfter) {
    const std::string path = dir_ + "/resolv.conf";
    {
        PeerDns dns(PeerDnsConfig{path, 7, "ppp0", true, nullptr}, {*Ipv4::parse("10.64.0.53")});
        EXPECT_EQ(read_text(path), "nameserver 10.64.0.53\n");
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0644u);
        // Only the file itself: no temporary is left next to it.
        EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator{}), 1);
    }
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(DnsTest, ReplacesAStaleFile) {
    const std::string path = dir_ + "/resolv.conf";
    std::ofstream(path) << "nameserver 192.0.2.99\n";
    PeerDns dns(PeerDnsConfig{path, 7, "ppp0", false, nullptr}, {*Ipv4::parse("10.64.0.53"), *Ipv4::parse("10.64.0.54")});
    EXPECT_EQ(read_text(path), "nameserver 10.64.0.53\nnameserver 10.64.0.54\n");
}

TEST_F(DnsTest, AnUnwritableDirectoryIsAnError) {
    EXPECT_THROW(PeerDns(PeerDnsConfig{dir_ + "/missing/resolv.conf", 7, "ppp0", false, nullptr},
                         {*Ipv4::parse("10.64.0.53")}),
                 std::system_error);
}

}  // namespace
}  // namespace ppp::io
