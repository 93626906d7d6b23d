// LinkStatus -> D-Bus property values, and which ones a PropertiesChanged names.
#include <gtest/gtest.h>

#include "dbus/link_properties.hpp"

using namespace ppp::dbus;

namespace {

ppp::io::LinkStatus running() {
    ppp::io::LinkStatus s;
    s.name = "isp";
    s.state = ppp::io::LinkState::Running;
    s.reason = "IPCP opened";
    s.device = "/dev/ttyS1";
    s.interface = "ppp0";
    s.data_path = "tun";
    s.local = ppp::Ipv4::parse("10.64.0.2");
    s.remote = ppp::Ipv4::parse("10.64.0.1");
    s.dns = {*ppp::Ipv4::parse("10.64.0.53"), *ppp::Ipv4::parse("10.64.0.54")};
    s.mtu = 1500;
    s.mru = 1500;
    s.connected_since_usec = 1700000000000000;
    s.exit_status = ppp::ExitStatus::Ok;
    return s;
}

}  // namespace

TEST(LinkProperties, ValuesFromStatus) {
    const auto p = link_properties(running(), "");
    EXPECT_EQ(p.name, "isp");
    EXPECT_EQ(p.state, "Running");
    EXPECT_EQ(p.local_address, "10.64.0.2");
    EXPECT_EQ(p.remote_address, "10.64.0.1");
    EXPECT_EQ(p.dns, (std::vector<std::string>{"10.64.0.53", "10.64.0.54"}));
    EXPECT_EQ(p.mtu, 1500u);
    EXPECT_EQ(p.connected_since, 1700000000000000u);
    EXPECT_EQ(p.exit_status, 0);
}

TEST(LinkProperties, UnsetAddressesAreEmptyStrings) {
    ppp::io::LinkStatus s;
    s.name = "isp";
    s.exit_status = ppp::ExitStatus::ConnectFailed;
    const auto p = link_properties(s, "org.freedesktop.ppp1.Error.Busy");
    EXPECT_EQ(p.state, "Disconnected");
    EXPECT_EQ(p.local_address, "");
    EXPECT_EQ(p.remote_address, "");
    EXPECT_TRUE(p.dns.empty());
    EXPECT_EQ(p.exit_status, 8);
    EXPECT_EQ(p.last_error, "org.freedesktop.ppp1.Error.Busy");
}

TEST(LinkProperties, NoChangeNamesNothing) {
    const auto a = link_properties(running(), "");
    EXPECT_TRUE(changed_properties(a, a).empty());
}

TEST(LinkProperties, StateChangeNamesEveryDifferentProperty) {
    ppp::io::LinkStatus down;
    down.name = "isp";
    down.device = "/dev/ttyS1";
    down.reason = "hung up";
    down.exit_status = ppp::ExitStatus::UserRequest;
    const auto changes = changed_properties(link_properties(running(), ""), link_properties(down, ""));
    EXPECT_EQ(changes.names, (std::vector<std::string>{"State", "StateReason", "Interface", "DataPath",
                                                       "LocalAddress", "RemoteAddress", "DNS", "MTU", "MRU",
                                                       "ConnectedSince", "ExitStatus"}));
    EXPECT_FALSE(changes.only_counters);
}

TEST(LinkProperties, CounterOnlyChangesAreMarked) {
    auto before = running();
    auto after = before;
    after.rx_bytes = 100;
    after.rx_packets = 1;
    auto changes = changed_properties(link_properties(before, ""), link_properties(after, ""));
    EXPECT_EQ(changes.names, (std::vector<std::string>{"RxBytes", "RxPackets"}));
    EXPECT_TRUE(changes.only_counters);

    after.mtu = 1400;
    changes = changed_properties(link_properties(before, ""), link_properties(after, ""));
    EXPECT_FALSE(changes.only_counters);
    EXPECT_EQ(changes.names.size(), 3u);
}

TEST(LinkProperties, AuthProtocolIsAProperty) {
    auto status = running();
    const auto a = link_properties(status, "");
    status.auth_protocol = "CHAP-MD5";
    const auto b = link_properties(status, "");
    EXPECT_EQ(b.auth_protocol, "CHAP-MD5");
    EXPECT_EQ(changed_properties(a, b).names, std::vector<std::string>{"AuthProtocol"});
}

TEST(LinkProperties, HoldoffShowsTheNextAttempt) {
    ppp::io::LinkStatus s;
    s.name = "isp";
    s.state = ppp::io::LinkState::Holdoff;
    s.next_attempt_usec = 1700000030000000;
    s.exit_status = ppp::ExitStatus::Hangup;
    const auto p = link_properties(s, "org.freedesktop.ppp1.Error.Hangup");
    EXPECT_EQ(p.state, "Holdoff");
    EXPECT_EQ(p.next_attempt, 1700000030000000u);
    auto redialing = s;
    redialing.state = ppp::io::LinkState::Connecting;
    redialing.next_attempt_usec = 0;
    EXPECT_EQ(changed_properties(p, link_properties(redialing, "")).names,
              (std::vector<std::string>{"State", "LastError", "NextAttempt"}));
}

TEST(LinkProperties, LastErrorIsAProperty) {
    const auto a = link_properties(running(), "");
    const auto b = link_properties(running(), "org.freedesktop.ppp1.Error.Hangup");
    EXPECT_EQ(changed_properties(a, b).names, std::vector<std::string>{"LastError"});
}

TEST(LinkProperties, DeviceFromThePeerFileUntilAnAttemptNamesOne) {
    ppp::io::LinkStatus idle;
    idle.name = "isp";
    EXPECT_EQ(link_properties(idle, "", "/dev/ttyUSB0").device, "/dev/ttyUSB0");
    EXPECT_EQ(link_properties(running(), "", "/dev/ttyUSB0").device, "/dev/ttyS1");
    idle.device = "/dev/ttyS1";  // the last attempt's, before the file was edited
    EXPECT_EQ(link_properties(idle, "", "/dev/ttyUSB0").device, "/dev/ttyUSB0");
    EXPECT_EQ(link_properties(idle, "", "").device, "/dev/ttyS1");
    idle.device.clear();
    const auto changes =
        changed_properties(link_properties(idle, "", "/dev/ttyUSB0"), link_properties(idle, "", "/dev/ttyS3"));
    EXPECT_EQ(changes.names, std::vector<std::string>{"Device"});
}

TEST(LinkProperties, NoIpv6AddressWithoutIpv6cp) {
    EXPECT_EQ(link_properties(running(), "").local_address6, "");
}

TEST(LinkProperties, LocalAddress6WhileIpv6IsUp) {
    auto st = running();
    st.local_id6 = 0x0123456789abcdefull;
    st.remote_id6 = 2;
    const auto up = link_properties(st, "");
    EXPECT_EQ(up.local_address6, "fe80::0123:4567:89ab:cdef");
    st.local_id6.reset();
    st.remote_id6.reset();
    const auto changes = changed_properties(up, link_properties(st, ""));
    EXPECT_EQ(changes.names, std::vector<std::string>{"LocalAddress6"});
}
