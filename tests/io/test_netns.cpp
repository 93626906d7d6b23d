// TUN devices and rtnetlink, each test in a fresh private network namespace.
// Needs root (CAP_NET_ADMIN for unshare, TUN and netlink changes).
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "io/event_loop.hpp"
#include "io/netlink.hpp"
#include "io/tun.hpp"
#include "loop_helpers.hpp"

namespace ppp::io {
namespace {

using testing::run_loop;

class NetNs : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root: a private network namespace, TUN devices and rtnetlink";
        // This process (one test per process under ctest) moves into a new,
        // empty network namespace: nothing here touches the host's network.
        ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
    }
};


Ipv4 ip(const char* dotted) { return *Ipv4::parse(dotted); }

unsigned interface_flags(const std::string& name) {
    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    const int r = ::ioctl(s, SIOCGIFFLAGS, &ifr);
    ::close(s);
    return r == 0 ? static_cast<unsigned short>(ifr.ifr_flags) : 0u;
}

int interface_mtu(const std::string& name) {
    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    const int r = ::ioctl(s, SIOCGIFMTU, &ifr);
    ::close(s);
    return r == 0 ? ifr.ifr_mtu : -1;
}

template <class F>
void expect_system_error(F&& f, int code, const std::string& text) {
    try {
        f();
        ADD_FAILURE() << "no error, expected " << std::strerror(code);
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), code) << e.what();
        EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
}

// A TUN named ppp0 that is up with 10.0.0.1 peer 10.0.0.2.
Tun point_to_point() {
    Tun tun = open_tun();
    link_set_mtu(tun.ifindex, 1400);
    address_add_peer(tun.ifindex, ip("10.0.0.1"), ip("10.0.0.2"));
    link_set_up(tun.ifindex, true);
    return tun;
}

std::uint16_t ip_checksum(const std::uint8_t* p, std::size_t n) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
    if (n % 2) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

TEST_F(NetNs, TunTakesTheFirstFreePppName) {
    Tun first = open_tun();
    EXPECT_EQ(first.name, "ppp0");
    EXPECT_GT(first.ifindex, 0);
    EXPECT_EQ(first.ifindex, interface_index("ppp0"));
    EXPECT_TRUE(::fcntl(first.fd.get(), F_GETFL) & O_NONBLOCK);
    Tun second = open_tun();
    EXPECT_EQ(second.name, "ppp1");
    EXPECT_EQ(second.ifindex, interface_index("ppp1"));
    EXPECT_NE(first.ifindex, second.ifindex);
    // Closing a (non-persistent) TUN removes the interface; its name is free again.
    first.fd.reset();
    EXPECT_EQ(interface_index("ppp0"), 0);
    Tun third = open_tun();
    EXPECT_EQ(third.name, "ppp0");
}

TEST_F(NetNs, TunSkipsNamesOfOtherInterfaces) {
    ASSERT_EQ(std::system("ip link add ppp0 type veth peer name pppkit-peer"), 0);
    Tun tun = open_tun();
    EXPECT_EQ(tun.name, "ppp1");
}

TEST_F(NetNs, TunWithAGivenName) {
    Tun tun = open_tun("pppkit-test0");
    EXPECT_EQ(tun.name, "pppkit-test0");
    EXPECT_EQ(tun.ifindex, interface_index("pppkit-test0"));
    EXPECT_NE(shell("ip -o link show dev pppkit-test0").find("POINTOPOINT"), std::string::npos);
    expect_system_error([] { open_tun("a-name-much-too-long-for-linux"); }, EINVAL, "a-name-much-too-long");
}

TEST_F(NetNs, InterfaceIndexOfUnknownNameIsZero) {
    EXPECT_EQ(interface_index("nonexistent0"), 0);
    EXPECT_EQ(interface_index("lo"), 1);
}

TEST_F(NetNs, LinkUpDownAndMtu) {
    Tun tun = open_tun();
    EXPECT_FALSE(interface_flags(tun.name) & IFF_UP);
    link_set_up(tun.ifindex, true);
    EXPECT_TRUE(interface_flags(tun.name) & IFF_UP);
    link_set_mtu(tun.ifindex, 1492);
    EXPECT_EQ(interface_mtu(tun.name), 1492);
    link_set_mtu(tun.ifindex, 576);
    EXPECT_EQ(interface_mtu(tun.name), 576);
    link_set_up(tun.ifindex, false);
    EXPECT_FALSE(interface_flags(tun.name) & IFF_UP);
}

TEST_F(NetNs, PeerAddress) {
    Tun tun = open_tun();
    address_add_peer(tun.ifindex, ip("10.64.1.2"), ip("10.64.0.1"));
    const std::string out = shell("ip -o -4 addr show dev ppp0");
    EXPECT_NE(out.find("inet 10.64.1.2 peer 10.64.0.1/32"), std::string::npos) << out;
    // Setting it again (a renegotiation) replaces, not fails.
    address_add_peer(tun.ifindex, ip("10.64.1.2"), ip("10.64.0.1"));
}

TEST_F(NetNs, DefaultRouteAddAndDelete) {
    Tun tun = point_to_point();
    route_add_default(tun.ifindex);
    std::string routes = shell("ip -4 route show default");
    EXPECT_NE(routes.find("default dev ppp0 scope link"), std::string::npos) << routes;
    // A second default route with the same metric is refused, with EEXIST.
    expect_system_error([&] { route_add_default(tun.ifindex); }, EEXIST, "default route");
    // Another metric is another route.
    route_add_default(tun.ifindex, 100);
    routes = shell("ip -4 route show default");
    EXPECT_NE(routes.find("default dev ppp0 scope link metric 100"), std::string::npos) << routes;
    route_del_default(tun.ifindex, 100);
    route_del_default(tun.ifindex);
    EXPECT_EQ(shell("ip -4 route show default"), "");
    expect_system_error([&] { route_del_default(tun.ifindex); }, ESRCH, "delete default route");
}

TEST_F(NetNs, KernelErrorsNameTheOperation) {
    constexpr int kNoSuchIndex = 4242;
    expect_system_error([] { link_set_up(kNoSuchIndex, true); }, ENODEV, "up");
    expect_system_error([] { link_set_mtu(kNoSuchIndex, 1500); }, ENODEV, "MTU 1500");
    expect_system_error([] { address_add_peer(kNoSuchIndex, ip("10.0.0.1"), ip("10.0.0.2")); }, ENODEV,
                        "address 10.0.0.1 peer 10.0.0.2");
    expect_system_error([] { route_add_default(kNoSuchIndex); }, ENODEV, "add default route");
    Tun tun = open_tun();
    expect_system_error([&] { link_set_mtu(tun.ifindex, 10); }, EINVAL, "MTU 10");
}

TEST_F(NetNs, KernelPacketArrivesOnTheTun) {
    EventLoop loop;
    Tun tun = point_to_point();
    const int udp = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(udp, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr.s_addr = htonl(ip("10.0.0.2").value);
    const std::string payload = "pppkit tun test";
    std::vector<std::uint8_t> packet;
    Source io = loop.add_io(tun.fd.get(), EPOLLIN, [&](std::uint32_t) {
        std::array<std::uint8_t, 2048> buf{};
        const ssize_t n = ::read(tun.fd.get(), buf.data(), buf.size());
        // Skip anything else the kernel sends (e.g. IPv6 router solicitations).
        if (n >= 20 && (buf[0] >> 4) == 4 && buf[9] == IPPROTO_UDP) {
            packet.assign(buf.begin(), buf.begin() + n);
            loop.exit(0);
        }
    });
    ASSERT_EQ(::sendto(udp, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(payload.size()));
    ASSERT_TRUE(run_loop(loop));
    ::close(udp);
    // Exactly one IPv4 packet per read, no packet-information header.
    ASSERT_EQ(packet.size(), 20 + 8 + payload.size());
    EXPECT_EQ(packet[0], 0x45);
    std::uint32_t src, dst;
    std::memcpy(&src, &packet[12], 4);
    std::memcpy(&dst, &packet[16], 4);
    EXPECT_EQ(ntohl(src), ip("10.0.0.1").value);
    EXPECT_EQ(ntohl(dst), ip("10.0.0.2").value);
    EXPECT_EQ(std::string(packet.begin() + 28, packet.end()), payload);
}

TEST_F(NetNs, PacketWrittenToTheTunReachesASocket) {
    EventLoop loop;
    Tun tun = point_to_point();
    const int udp = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    ASSERT_GE(udp, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(5555);
    local.sin_addr.s_addr = htonl(ip("10.0.0.1").value);
    ASSERT_EQ(::bind(udp, reinterpret_cast<sockaddr*>(&local), sizeof local), 0) << std::strerror(errno);

    // 10.0.0.2:4000 -> 10.0.0.1:5555, as the peer would send it over PPP.
    const std::string payload = "from the peer";
    std::vector<std::uint8_t> pkt(28 + payload.size());
    const auto total = static_cast<std::uint16_t>(pkt.size());
    pkt[0] = 0x45;
    pkt[2] = static_cast<std::uint8_t>(total >> 8);
    pkt[3] = static_cast<std::uint8_t>(total);
    pkt[8] = 64;
    pkt[9] = IPPROTO_UDP;
    const std::uint32_t s = htonl(ip("10.0.0.2").value), d = htonl(ip("10.0.0.1").value);
    std::memcpy(&pkt[12], &s, 4);
    std::memcpy(&pkt[16], &d, 4);
    const std::uint16_t sum = ip_checksum(pkt.data(), 20);
    pkt[10] = static_cast<std::uint8_t>(sum >> 8);
    pkt[11] = static_cast<std::uint8_t>(sum);
    pkt[20] = 4000 >> 8;
    pkt[21] = 4000 & 0xff;
    pkt[22] = 5555 >> 8;
    pkt[23] = 5555 & 0xff;
    const auto udp_len = static_cast<std::uint16_t>(8 + payload.size());
    pkt[24] = static_cast<std::uint8_t>(udp_len >> 8);
    pkt[25] = static_cast<std::uint8_t>(udp_len);
    // UDP checksum 0: none.
    std::memcpy(&pkt[28], payload.data(), payload.size());

    std::string got;
    Source io = loop.add_io(udp, EPOLLIN, [&](std::uint32_t) {
        char buf[256];
        const ssize_t n = ::recv(udp, buf, sizeof buf, 0);
        if (n > 0) {
            got.assign(buf, static_cast<std::size_t>(n));
            loop.exit(0);
        }
    });
    ASSERT_EQ(::write(tun.fd.get(), pkt.data(), pkt.size()), static_cast<ssize_t>(pkt.size()));
    ASSERT_TRUE(run_loop(loop));
    ::close(udp);
    EXPECT_EQ(got, payload);
}

}  // namespace
}  // namespace ppp::io
