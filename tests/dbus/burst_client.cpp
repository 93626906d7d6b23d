// Sends COUNT Manager.Connect(PEER) calls at once on one bus connection and
// prints the error name (or "ok") of each reply as it arrives, until it is
// killed. For the test that one caller cannot make pppkitd hold an unbounded
// number of authorization checks.
//
//   burst_client COUNT PEER
#include <poll.h>

#include <sdbus-c++/sdbus-c++.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: burst_client COUNT PEER\n");
        return 2;
    }
    const int count = std::atoi(argv[1]);
    const std::string peer = argv[2];
    try {
        auto connection = sdbus::createSystemBusConnection();
        auto manager = sdbus::createProxy(*connection, "org.freedesktop.ppp1", "/org/freedesktop/ppp1");
        for (int i = 0; i < count; ++i) {
            manager->callMethodAsync("Connect")
                .onInterface("org.freedesktop.ppp1.Manager")
                .withArguments(peer)
                .uponReplyInvoke([&](const sdbus::Error* error, const sdbus::ObjectPath&) {
                    std::printf("%s\n", error ? error->getName().c_str() : "ok");
                    std::fflush(stdout);
                });
        }
        for (;;) {
            if (connection->processPendingRequest()) continue;
            const auto data = connection->getEventLoopPollData();
            pollfd fd{data.fd, data.events, 0};
            ::poll(&fd, 1, data.getPollTimeout());
        }
    } catch (const sdbus::Error& e) {
        std::fprintf(stderr, "burst_client: %s: %s\n", e.getName().c_str(), e.getMessage().c_str());
        return 1;
    }
}
