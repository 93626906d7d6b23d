#include "dbus/peer_directory.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "dbus/names.hpp"

namespace ppp::dbus {

std::vector<std::string> scan_peers(const std::string& config_dir) {
    namespace fs = std::filesystem;
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(fs::path(config_dir) / "peers", ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code type_ec;
        if (is_peer_name(name) && it->is_regular_file(type_ec)) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace ppp::dbus
