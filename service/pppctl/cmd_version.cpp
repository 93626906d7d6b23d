#include "pppctl/cmd_version.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include <cstdio>
#include <exception>
#include <string>

#include "dbus/names.hpp"
#include "pppctl/client.hpp"

namespace pppctl {

int version(const Version&) {
    std::printf("pppctl %s\n", PPPKIT_VERSION);
    std::fflush(stdout);
    try {
        auto connection = open_system_bus();
        auto manager = sdbus::createProxy(*connection, ppp::dbus::kBusName, ppp::dbus::kManagerPath);
        const std::string service = manager->getProperty("Version").onInterface(ppp::dbus::kManagerInterface);
        std::printf("pppkitd %s\n", service.c_str());
        return 0;
    } catch (const sdbus::Error& e) {
        if (service_missing(e)) {
            std::printf("pppkitd: not running (nobody owns %s on the system bus)\n", ppp::dbus::kBusName);
            return 0;
        }
        print_error("", "cannot ask pppkitd for its version: " + e.getMessage(), e.getName());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pppctl: %s\n", e.what());
    }
    return 1;
}

}  // namespace pppctl
