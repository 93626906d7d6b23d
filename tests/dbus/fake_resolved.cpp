// A stand-in for systemd-resolved on a private bus: owns
// org.freedesktop.resolve1, answers the per-link Manager methods pppkitd
// uses, and prints each call as one line on stdout for the test to check:
//   SetLinkDNS IFINDEX A.B.C.D ...
//   SetLinkDomains IFINDEX DOMAIN:ROUTING_ONLY ...
//   SetLinkDefaultRoute IFINDEX true|false
//   RevertLink IFINDEX
// Prints "ready" once it owns the name.
#include <sdbus-c++/sdbus-c++.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr const char* kManager = "org.freedesktop.resolve1.Manager";

void print(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

}  // namespace

int main() {
    auto connection = sdbus::createSystemBusConnection();
    auto manager = sdbus::createObject(*connection, "/org/freedesktop/resolve1");
    manager->registerMethod("SetLinkDNS")
        .onInterface(kManager)
        .implementedAs([](int32_t ifindex, const std::vector<sdbus::Struct<int32_t, std::vector<uint8_t>>>& servers) {
            std::string line = "SetLinkDNS " + std::to_string(ifindex);
            for (const auto& s : servers) {
                const auto& bytes = s.get<1>();
                line += " ";
                if (s.get<0>() != 2 || bytes.size() != 4) {
                    line += "family" + std::to_string(s.get<0>()) + "/" + std::to_string(bytes.size());
                    continue;
                }
                line += std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." + std::to_string(bytes[2]) +
                        "." + std::to_string(bytes[3]);
            }
            print(line);
        });
    manager->registerMethod("SetLinkDomains")
        .onInterface(kManager)
        .implementedAs([](int32_t ifindex, const std::vector<sdbus::Struct<std::string, bool>>& domains) {
            std::string line = "SetLinkDomains " + std::to_string(ifindex);
            for (const auto& d : domains) line += " " + d.get<0>() + (d.get<1>() ? ":true" : ":false");
            print(line);
        });
    manager->registerMethod("SetLinkDefaultRoute")
        .onInterface(kManager)
        .implementedAs([](int32_t ifindex, bool enable) {
            print("SetLinkDefaultRoute " + std::to_string(ifindex) + (enable ? " true" : " false"));
        });
    manager->registerMethod("RevertLink").onInterface(kManager).implementedAs([](int32_t ifindex) {
        print("RevertLink " + std::to_string(ifindex));
    });
    manager->finishRegistration();
    connection->requestName("org.freedesktop.resolve1");
    print("ready");
    connection->enterEventLoop();
    return 0;
}
