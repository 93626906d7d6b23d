#include "pppctl/cmd_reload.hpp"

#include <cstdio>
#include <set>
#include <string>

#include "pppctl/proxies.hpp"

namespace pppctl {
namespace {

std::set<std::string> peer_names(ManagerProxy& manager) {
    std::set<std::string> names;
    for (const auto& link : manager.ListLinks()) names.insert(link.get<0>());
    return names;
}

}  // namespace

int reload(sdbus::IConnection& connection, const Reload&, bool interactive) {
    ManagerProxy manager(connection);
    const auto before = peer_names(manager);
    manager.reload(interactive);
    const auto after = peer_names(manager);
    bool changed = false;
    for (const auto& name : after) {
        if (before.count(name)) continue;
        std::printf("added: %s\n", name.c_str());
        changed = true;
    }
    for (const auto& name : before) {
        if (after.count(name)) continue;
        std::printf("removed: %s\n", name.c_str());
        changed = true;
    }
    if (!changed) std::printf("Reloaded: no peers added or removed (%zu configured).\n", after.size());
    return 0;
}

}  // namespace pppctl
