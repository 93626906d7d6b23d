#include "pppctl/cmd_monitor.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "dbus/names.hpp"
#include "pppctl/client.hpp"
#include "pppctl/cmd_log.hpp"
#include "pppctl/format.hpp"
#include "pppctl/proxies.hpp"

namespace pppctl {
namespace {

using Interfaces = std::map<std::string, std::map<std::string, sdbus::Variant>>;

void print(const std::string& text) {
    std::printf("%s %s\n", local_time(realtime_usec()).c_str(), printable(text).c_str());
    std::fflush(stdout);
}

std::string text_property(const std::map<std::string, sdbus::Variant>& properties, const std::string& name) {
    const auto it = properties.find(name);
    if (it == properties.end() || !it->second.containsValueOfType<std::string>()) return {};
    return it->second.get<std::string>();
}

class LinkMonitor {
public:
    explicit LinkMonitor(sdbus::IConnection& connection) : connection_(connection) {}

    int run() {
        using ppp::dbus::kLinkInterface;
        using ppp::dbus::kManagerPath;
        // Subscribe first, then read the current state: nothing falls in between.
        slots_.push_back(connection_.addMatch(service_signal_rule(kLinkInterface, "StateChanged"),
                                              [this](sdbus::Message& m) { state_changed(m); }));
        slots_.push_back(connection_.addMatch(
            service_signal_rule("org.freedesktop.DBus.ObjectManager", "InterfacesAdded", kManagerPath),
            [this](sdbus::Message& m) { added(m); }));
        slots_.push_back(connection_.addMatch(
            service_signal_rule("org.freedesktop.DBus.ObjectManager", "InterfacesRemoved", kManagerPath),
            [this](sdbus::Message& m) { removed(m); }));
        slots_.push_back(connection_.addMatch(
            "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
            "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='" +
                std::string(ppp::dbus::kBusName) + "'",
            [this](sdbus::Message& m) { owner_changed(m); }));
        std::printf("Monitoring pppkitd's links (Ctrl+C to stop).\n");
        std::fflush(stdout);
        refresh();
        const bool forever = false;
        run_until(connection_, forever);
        return 0;
    }

private:
    // The peer name of a Link object path, also for paths not seen yet.
    std::string name_of(const std::string& path) const {
        if (const auto it = names_.find(path); it != names_.end()) return it->second;
        const std::string prefix = ppp::dbus::kLinkPathPrefix;
        if (path.compare(0, prefix.size(), prefix) == 0) {
            if (auto name = ppp::dbus::unescape_path_label(std::string_view(path).substr(prefix.size()))) return *name;
        }
        return path;
    }

    // Every link and its state now.
    void refresh() {
        names_.clear();
        try {
            ObjectManagerProxy objects(connection_);
            std::vector<std::pair<std::string, std::string>> links;
            for (const auto& [path, interfaces] : objects.GetManagedObjects()) {
                const auto it = interfaces.find(ppp::dbus::kLinkInterface);
                if (it == interfaces.end()) continue;
                names_[path] = text_property(it->second, "Name");
                links.emplace_back(names_[path], text_property(it->second, "State"));
            }
            std::sort(links.begin(), links.end());
            for (const auto& [name, state] : links) print(name + ": " + state);
            if (links.empty()) print("no peers configured");
        } catch (const sdbus::Error& e) {
            if (!service_missing(e)) throw;
            print(std::string(kServiceMissing) + "; waiting for it to start");
        }
    }

    void state_changed(sdbus::Message& message) {
        std::string from, to, reason;
        message >> from >> to >> reason;
        print(name_of(message.getPath()) + ": " + from + " -> " + to + (reason.empty() ? "" : ": " + reason));
    }

    void added(sdbus::Message& message) {
        sdbus::ObjectPath path;
        Interfaces interfaces;
        message >> path >> interfaces;
        const auto it = interfaces.find(ppp::dbus::kLinkInterface);
        if (it == interfaces.end()) return;
        auto name = text_property(it->second, "Name");
        if (name.empty()) name = name_of(path);
        names_[path] = name;
        const auto state = text_property(it->second, "State");
        print(name + ": added" + (state.empty() ? "" : " (" + state + ")"));
    }

    void removed(sdbus::Message& message) {
        sdbus::ObjectPath path;
        std::vector<std::string> interfaces;
        message >> path >> interfaces;
        if (std::find(interfaces.begin(), interfaces.end(), ppp::dbus::kLinkInterface) == interfaces.end()) return;
        print(name_of(path) + ": removed");
        names_.erase(path);
    }

    void owner_changed(sdbus::Message& message) {
        std::string name, old_owner, new_owner;
        message >> name >> old_owner >> new_owner;
        if (new_owner.empty()) {
            print("pppkitd stopped");
        } else {
            print("pppkitd started");
            refresh();
        }
    }

    sdbus::IConnection& connection_;
    std::vector<sdbus::Slot> slots_;
    std::map<std::string, std::string> names_;  // object path -> peer name
};

}  // namespace

int monitor(sdbus::IConnection& connection, const pppctl::Monitor&) { return LinkMonitor(connection).run(); }

}  // namespace pppctl
