// A bus client for the idle-exit test: calls org.freedesktop.ppp1's
// Manager.ListLinks once, says so on stdout, then stays connected to the bus
// until its stdin closes (as a tray applet would stay and watch).
#include <unistd.h>

#include <sdbus-c++/sdbus-c++.h>

#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

int main() {
    try {
        auto connection = sdbus::createSystemBusConnection();
        auto proxy = sdbus::createProxy(*connection, "org.freedesktop.ppp1", "/org/freedesktop/ppp1");
        std::vector<sdbus::Struct<std::string, sdbus::ObjectPath, std::string>> links;
        proxy->callMethod("ListLinks").onInterface("org.freedesktop.ppp1.Manager").storeResultsTo(links);
        std::printf("called: %zu link(s)\n", links.size());
        std::fflush(stdout);
        char c;
        while (::read(0, &c, 1) > 0) {
        }
        return 0;
    } catch (const sdbus::Error& e) {
        std::fprintf(stderr, "hold_client: %s: %s\n", e.getName().c_str(), e.getMessage().c_str());
        return 1;
    }
}
